"""Tests of reviewer_app/ui/window/join_dialog.py: the three ways to start, and Test connection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from reviewer_app.config.invitation import Invitation, write_invitation
from reviewer_app.config.settings import Settings
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.team import add_reviewer
from reviewer_app.ui.window.join_dialog import JoinDialog
from tests.team_support import dropped_roles, unique_login

SECRET = "s3cret-Pa55-w0rd"


def _dialog(qtbot: QtBot, *, override: str | None = None) -> JoinDialog:
    dialog = JoinDialog(Settings(), override=override, first_run=True)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _shown_texts(dialog: JoinDialog) -> list[str]:
    """Every text the dialog shows or would show on hover (masked fields as drawn)."""
    texts = [dialog.windowTitle()]
    for widget in dialog.findChildren(QLabel):
        texts += [widget.text(), widget.toolTip()]
    for edit in dialog.findChildren(QLineEdit):
        texts += [edit.displayText(), edit.toolTip(), edit.placeholderText()]
    for button in dialog.findChildren(QAbstractButton):
        texts += [button.text(), button.toolTip()]
    return texts


def test_try_the_demo_asks_for_a_name_and_joins_the_embedded_database(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.demo_button.click()
    assert dialog.pages.currentIndex() == 2
    dialog.start_demo_button.click()
    assert dialog.isVisible() and "Enter your name" in dialog.demo_error.text()
    dialog.name_edit.setText("Ana Reviewer")
    with qtbot.wait_signal(dialog.accepted, timeout=1000):
        dialog.start_demo_button.click()
    assert dialog.joined is not None
    assert (dialog.joined.url, dialog.joined.reviewer_name) == ("", "Ana Reviewer")
    assert dialog.joined.source.describe() == "Demo data"


def test_test_connection_says_why_a_closed_port_fails_without_blocking_the_window(
    qtbot: QtBot,
) -> None:
    dialog = _dialog(qtbot)
    dialog.connect_button.click()
    assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password
    dialog.host_edit.setText("127.0.0.1")
    dialog.port_spin.setValue(1)
    dialog.database_edit.setText("team")
    dialog.login_edit.setText("alice")
    dialog.password_edit.setText(SECRET)
    dialog.test_button.click()
    # The click returned at once: the check runs on a worker, the buttons wait for it.
    assert dialog.checking and not dialog.test_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=20_000)
    assert "cannot reach 127.0.0.1:1" in dialog.connect_status.text()
    assert dialog.isVisible() and dialog.joined is None
    assert dialog.test_button.isEnabled()
    # The password is typed into a masked field, and shown nowhere.
    assert not any(SECRET in text for text in _shown_texts(dialog))
    assert dialog.typed_url() == "postgresql+psycopg://alice@127.0.0.1:1/team"


def test_missing_fields_are_named_before_connecting(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.connect_button.click()
    dialog.host_edit.setText("db.example.org")
    dialog.test_button.click()
    assert not dialog.checking
    assert dialog.connect_status.text() == "Enter the database and the login."


def test_a_damaged_invitation_is_named_and_nothing_joined(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "alice.reviewer-invite"
    path.write_text("{not json", encoding="utf-8")
    dialog = _dialog(qtbot)
    dialog.choose_file = lambda _parent: str(path)
    dialog.invitation_button.click()
    assert str(path) in dialog.invitation_status.text()
    assert dialog.invitation_status.isVisible() and dialog.joined is None


def test_an_overriding_environment_is_said_and_no_database_can_be_chosen(qtbot: QtBot) -> None:
    reason = "REVIEWER_SHARED_DB is set, so it chooses the database."
    dialog = _dialog(qtbot, override=reason)
    assert dialog.override_label.text() == reason and dialog.override_label.isVisible()
    for button in (dialog.invitation_button, dialog.connect_button, dialog.demo_button):
        assert not button.isEnabled()


def test_the_dialog_fits_a_laptop_screen(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    for page in range(dialog.pages.count()):
        dialog.pages.setCurrentIndex(page)
        hint = dialog.sizeHint()
        assert hint.width() <= 1366 * 3 // 4 and hint.height() <= 768 * 3 // 4


@pytest.fixture
def reviewer_invitation(pg_migrated_url: str, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """An invitation for a reviewer login made on the real server; dropped after."""
    db = SharedDatabase(pg_migrated_url)
    with dropped_roles(pg_migrated_url) as roles:
        login = unique_login("joiner")
        roles.append(login)
        added = add_reviewer(db, "Joan Joiner", "joan@example.org", login=login)
        db.dispose()
        url = make_url(pg_migrated_url)
        invitation = Invitation(
            "Volunteers",
            url.host or "127.0.0.1",
            url.port or 5432,
            str(url.database),
            login,
            added.password,
        )
        path = tmp_path / "joan.reviewer-invite"
        write_invitation(path, invitation)
        yield path, login


def test_an_invitation_joins_in_one_click_with_the_servers_name_for_the_login(
    qtbot: QtBot, reviewer_invitation: tuple[Path, str]
) -> None:
    path, login = reviewer_invitation
    dialog = _dialog(qtbot)
    dialog.choose_file = lambda _parent: str(path)
    with qtbot.wait_signal(dialog.accepted, timeout=20_000):
        dialog.invitation_button.click()
    joined = dialog.joined
    assert joined is not None and joined.instance_id
    assert (joined.login, joined.reviewer_name) == (login, "Joan Joiner")
    assert joined.source.describe().startswith("Team: Volunteers (127.0.0.1/reviewer_test")
    assert joined.source.describe().endswith(f" as {login}")
    assert joined.password is not None and joined.password not in joined.url


def test_test_connection_reports_success_for_a_reviewer_login(
    qtbot: QtBot, reviewer_invitation: tuple[Path, str], pg_migrated_url: str
) -> None:
    _path, login = reviewer_invitation
    url = make_url(pg_migrated_url)
    dialog = _dialog(qtbot)
    dialog.connect_button.click()
    dialog.host_edit.setText(url.host or "127.0.0.1")
    dialog.port_spin.setValue(url.port or 5432)
    dialog.database_edit.setText(str(url.database))
    dialog.login_edit.setText(login)
    dialog.password_edit.setText(SECRET)  # the test server trusts 127.0.0.1
    dialog.test_button.click()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=20_000)
    assert dialog.joined is None  # tested, not joined
    assert "Joan Joiner" in dialog.connect_status.text() or login in dialog.connect_status.text()
    with qtbot.wait_signal(dialog.accepted, timeout=20_000):
        dialog.join_button.click()
    assert dialog.joined is not None and dialog.joined.password == SECRET
    assert dialog.joined.reviewer_name == "Joan Joiner"


def test_enter_on_the_first_page_opens_a_choice_never_cancel(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=1000)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.invitation_button, timeout=1000)
    chosen: list[QWidget] = []
    dialog.choose_file = lambda parent: chosen.append(parent) or ""
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert chosen and dialog.isVisible() and dialog.result() == 0
    dialog.connect_button.setFocus()
    qtbot.keyClick(dialog.connect_button, Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == 1 and dialog.isVisible()
    back = [
        b for b in dialog.findChildren(QAbstractButton) if b.isVisible() and b.text() == "&Back"
    ]
    assert len(back) == 1  # Alt+B, one on each page
    back[0].click()
    assert dialog.pages.currentIndex() == 0
    assert dialog.focusWidget() is dialog.invitation_button


def test_an_invitations_ca_certificate_is_kept_and_checked_against(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    certificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    path = tmp_path / "alice.reviewer-invite"
    write_invitation(
        path,
        Invitation(
            team="Volunteers", host="db.example.org", port=5432, database="reviews",
            login="alice", password=SECRET, sslmode="verify-full", sslrootcert=certificate,
        ),
    )  # fmt: skip
    dialog = JoinDialog(Settings(), first_run=True, certificates=tmp_path / "certificates")
    qtbot.addWidget(dialog)
    checked: list[str] = []
    monkeypatch.setattr(dialog, "_check", lambda url, *_args, **_kwargs: checked.append(url))
    dialog.open_invitation(path)
    [url] = checked
    kept = make_url(url).query["sslrootcert"]
    assert isinstance(kept, str) and Path(kept).read_text(encoding="utf-8") == certificate
    assert make_url(url).query["sslmode"] == "verify-full"
