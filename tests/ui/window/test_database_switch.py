"""Tests of reviewer_app/ui/window/database_switch.py: joining a team and switching databases.

Against the real PostgreSQL: a reviewer login made on the server, its invitation opened
in the window, and the window switched between the demo and the team without a restart.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.engine import make_url

from reviewer_app.config.credentials import KEYRING_SERVICE
from reviewer_app.config.invitation import Invitation, write_invitation
from reviewer_app.config.paths import positions_dir
from reviewer_app.config.settings import (
    SETTINGS_FILE,
    SHARED_URL_ENV,
    Settings,
    embedded_shared_url,
)
from reviewer_app.domain.vocabulary import NoteKind
from reviewer_app.intake.importer import import_responses
from reviewer_app.intake.reader import FormResponse
from reviewer_app.positions.parsing import load_positions
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.publish import publish_positions
from reviewer_app.server.team import add_reviewer, remove_reviewer
from reviewer_app.ui.window.database_switch import WindowSession
from reviewer_app.ui.window.dialogs import SettingsDialog
from reviewer_app.ui.window.join_dialog import JoinDialog
from reviewer_app.ui.window.joining import apply_join
from reviewer_app.ui.window.main_window import MainWindow
from tests.team_support import dropped_roles, unique_login
from tests.ui.conftest import REVIEWER, wait_settled

TEAM_APPLICATIONS = 4


@dataclass(frozen=True)
class Team:
    url: str  # as the owner
    invitation: Path
    login: str
    password: str
    label: str


@pytest.fixture(autouse=True)
def _no_environment_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SHARED_URL_ENV, raising=False)


@pytest.fixture
def team(pg_migrated_url: str, tmp_path: Path) -> Iterator[Team]:
    """A team's database with positions and applications, and a reviewer's invitation."""
    db = SharedDatabase(pg_migrated_url)
    with dropped_roles(pg_migrated_url) as roles:
        try:
            publish_positions(db, load_positions(positions_dir()))
            import_responses(
                db,
                [
                    FormResponse(
                        row_number=number + 2,
                        response_id=f"team-{number}",
                        submitted_at=datetime(2026, 10, number + 1, 12, tzinfo=UTC),
                        name=f"Team Applicant {number}",
                        email=f"applicant{number}@example.org",
                        position_typed="Backend Developer",
                        answers=(("Why?", "To help"),),
                    )
                    for number in range(TEAM_APPLICATIONS)
                ],
            )
            login = unique_login("joan")
            roles.append(login)
            added = add_reviewer(db, "Joan Joiner", "joan@example.org", login=login)
        finally:
            db.dispose()
        url = make_url(pg_migrated_url)
        invitation = Invitation(
            "Volunteers", url.host or "127.0.0.1", url.port or 5432, str(url.database), login,
            added.password,
        )  # fmt: skip
        path = tmp_path / "joan.reviewer-invite"
        write_invitation(path, invitation)
        yield Team(pg_migrated_url, path, login, added.password, invitation.label())


def _notes_on(url: str) -> list[str]:
    db = SharedDatabase(url)
    try:
        with db.session() as session:
            return list(session.scalars(select(models.Note.body)))
    finally:
        db.dispose()


def _wait_synced(qtbot: QtBot, window: MainWindow) -> None:
    assert window.sync is not None
    sync = window.sync
    qtbot.waitUntil(lambda: sync.online is not None and not sync.running, timeout=60_000)
    assert sync.online, sync.last_error
    wait_settled(qtbot, window)


def _switched(qtbot: QtBot, session: WindowSession, old: MainWindow) -> MainWindow:
    qtbot.waitUntil(lambda: session.window not in (None, old), timeout=30_000)
    assert session.window is not None
    return session.window


def test_an_invitation_joins_from_a_clean_data_dir_and_the_first_sync_pulls_the_team(
    qtbot: QtBot, team: Team, tmp_path: Path, memory_keyring: KeyringBackend
) -> None:
    data_dir = tmp_path / "clean"
    session = WindowSession(data_dir, remember_layout=False)
    dialog = JoinDialog(Settings.load(data_dir), first_run=True)
    qtbot.addWidget(dialog)
    dialog.open_invitation(team.invitation)
    qtbot.waitUntil(lambda: dialog.joined is not None, timeout=20_000)
    assert dialog.joined is not None
    _, note = apply_join(data_dir, Settings.load(data_dir), dialog.joined, session.passwords)
    assert note is None  # in the keyring
    bare = dialog.joined.url
    assert memory_keyring.get_password(KEYRING_SERVICE, bare) == team.password
    saved = json.loads((data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert saved["shared_url"] == bare and team.password not in json.dumps(saved)
    try:
        window = session.open(note)
        _wait_synced(qtbot, window)
        assert len(window.applicant_list.model.ids) == TEAM_APPLICATIONS
        said = f"Team: {team.label} as {team.login}"
        assert window.windowTitle() == f"{said} — reviewer_app"
        assert window.status.source_label.text() == said
        assert session.services is not None and session.services.cache_dir == data_dir
        assert session.services.reviewer_name == "Joan Joiner"
    finally:
        session.close()


def test_switching_demo_team_demo_keeps_each_caches_pending_changes_apart(
    qtbot: QtBot, team: Team, demo_dir: Path
) -> None:
    Settings(reviewer_name=REVIEWER).save(demo_dir)
    session = WindowSession(demo_dir, remember_layout=False)
    try:
        demo = session.open()
        _wait_synced(qtbot, demo)
        assert demo.windowTitle() == "Demo data — reviewer_app"
        assert session.services is not None
        session.services.review.save_note(demo.applicant_list.model.ids[0], NoteKind.TRIAGE, "demo")

        dialog = demo.join_flow.start()  # File → Join a team…
        dialog.choose_file = lambda _parent: str(team.invitation)
        dialog.invitation_button.click()
        team_window = _switched(qtbot, session, demo)
        _wait_synced(qtbot, team_window)
        assert team_window.windowTitle().startswith(f"Team: {team.label} as {team.login}")
        assert len(team_window.applicant_list.model.ids) == TEAM_APPLICATIONS
        qtbot.waitUntil(lambda: team_window.status.elsewhere_label.isVisible(), timeout=10_000)
        assert team_window.status.elsewhere_label.text() == "1 change waiting for Demo data"
        assert "demo" not in _notes_on(team.url)  # never sent to another database
        assert session.services is not None and session.services.cache_dir != demo_dir
        team_cache = session.services.cache
        session.services.review.save_note(
            team_window.applicant_list.model.ids[0], NoteKind.TRIAGE, "team"
        )
        assert team_cache.pending_operations() == 1

        demo_dialog = team_window.join_flow.start()
        demo_dialog.demo_button.click()
        demo_dialog.start_demo_button.click()  # the name is the settings' one
        demo_again = _switched(qtbot, session, team_window)
        _wait_synced(qtbot, demo_again)
        assert demo_again.windowTitle() == "Demo data — reviewer_app"
        assert session.services is not None and session.services.cache_dir == demo_dir
        assert session.services.reviewer_name == REVIEWER
        # The demo's note went to the demo; the team's waits in the team's cache.
        assert "demo" in _notes_on(embedded_shared_url(demo_dir))
        assert _notes_on(team.url) == []
        qtbot.waitUntil(lambda: demo_again.status.elsewhere_label.isVisible(), timeout=10_000)
        assert demo_again.status.elsewhere_label.text() == f"1 change waiting for {team.label}"
    finally:
        session.close()


def test_the_environment_chooses_the_database_and_settings_say_so_read_only(
    qtbot: QtBot, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "env"
    Settings(reviewer_name=REVIEWER).save(data_dir)
    monkeypatch.setenv(SHARED_URL_ENV, team.url)
    session = WindowSession(data_dir, remember_layout=False)
    try:
        window = session.open()
        assert window.windowTitle().startswith("Team: ")
        window.menus.actions_by_name["settings"].trigger()
        dialog = window.dialogs[-1]
        assert isinstance(dialog, SettingsDialog)
        assert dialog.url_edit.isReadOnly()
        assert SHARED_URL_ENV in dialog.override_label.text()
        assert not dialog.join_button.isEnabled()
        dialog.close()
    finally:
        session.close()


def test_a_login_removed_by_the_coordinator_is_said_and_the_work_stays_pending(
    qtbot: QtBot, team: Team, tmp_path: Path
) -> None:
    data_dir = tmp_path / "removed"
    session = WindowSession(data_dir, remember_layout=False)
    dialog = JoinDialog(Settings.load(data_dir), first_run=True)
    qtbot.addWidget(dialog)
    dialog.open_invitation(team.invitation)
    qtbot.waitUntil(lambda: dialog.joined is not None, timeout=20_000)
    assert dialog.joined is not None
    apply_join(data_dir, Settings.load(data_dir), dialog.joined, session.passwords)
    try:
        window = session.open()
        _wait_synced(qtbot, window)
        assert session.services is not None
        cache = session.services.cache
        session.services.review.save_note(window.applicant_list.model.ids[0], NoteKind.TRIAGE, "x")
        owner = SharedDatabase(team.url)
        try:
            remove_reviewer(owner, "Joan Joiner")
        finally:
            owner.dispose()
        assert window.sync is not None
        with qtbot.wait_signal(window.sync.login_refused, timeout=30_000):
            window.menus.actions_by_name["sync"].trigger()
        notice = window.notices
        assert notice.isVisible()
        assert "your login was disabled by the coordinator" in notice.label.text().lower()
        assert notice.action_button.text() == "Open an invitation…"
        assert QApplication.activeModalWidget() is None  # non-modal: the window works on
        assert cache.pending_operations() == 1
        assert "Offline" in window.status.online_label.text()
    finally:
        session.close()
