"""Tests of reviewer_app/ui/window/sync_controller.py: the sync worker, its signals, the window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import SYNC_STATE_ID, SyncStateRow
from reviewer_app.config.settings import Settings
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.domain.vocabulary import NoteKind, utcnow
from reviewer_app.intake.demo_import import embedded_database_path
from reviewer_app.review.actions import ReviewService
from reviewer_app.server.database import SharedDatabase
from reviewer_app.sync import SyncResult
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.database_switch import WindowSession
from reviewer_app.ui.window.main_window import MainWindow
from reviewer_app.ui.window.status import FAILED_MESSAGE
from reviewer_app.ui.window.sync_controller import SyncController
from tests.sync_support import add_applications
from tests.ui.conftest import wait_settled

REVIEWER = "Test Reviewer"
# Nothing listens on the discard port: the connection is refused at once.
UNREACHABLE = "postgresql+psycopg://reviewer@127.0.0.1:9/reviewers"


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """The sync's runner, shut down after the test."""
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def cache(data_dir: Path) -> Iterator[LocalCache]:
    """An empty local cache."""
    opened = LocalCache.open(data_dir)
    yield opened
    opened.close()


def _controller(runner: TaskRunner, cache: LocalCache, data_dir: Path, url: str) -> SyncController:
    return SyncController(runner, cache, SharedConnection.from_url(url), data_dir, REVIEWER)


def test_a_sync_runs_in_the_background_and_signals_success(
    qtbot: QtBot, runner: TaskRunner, cache: LocalCache, data_dir: Path, sqlite_url: str
) -> None:
    shared = SharedDatabase(sqlite_url)
    shared.migrate()
    ids = add_applications(shared, 3)
    shared.dispose()
    sync = _controller(runner, cache, data_dir, sqlite_url)
    with qtbot.wait_signal(sync.succeeded, timeout=30_000) as blocker:
        assert sync.sync_now()
        assert sync.running and not sync.sync_now()  # one at a time
    result = blocker.args[0]
    assert isinstance(result, SyncResult) and result.pulled >= 3
    assert (sync.running, sync.online, sync.last_error) == (False, True, None)
    assert set(ApplicantQuery(cache, REVIEWER).ids()) == set(ids)


def test_an_unreachable_database_signals_failure_with_the_reason(
    qtbot: QtBot, runner: TaskRunner, cache: LocalCache, data_dir: Path
) -> None:
    sync = _controller(runner, cache, data_dir, UNREACHABLE)
    with qtbot.wait_signal(sync.failed, timeout=30_000) as blocker:
        sync.sync_now()
    reason = blocker.args[0]
    assert isinstance(reason, str) and "127.0.0.1" in reason
    assert (sync.running, sync.online, sync.last_error) == (False, False, reason)


def test_the_window_stays_usable_when_a_sync_fails(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache
) -> None:
    runner = TaskRunner()
    sync = SyncController(
        runner, demo_cache, SharedConnection.from_url(UNREACHABLE), demo_dir, REVIEWER
    )
    window = MainWindow(
        demo_cache,
        ReviewService(demo_cache, REVIEWER),
        ApplicantQuery(demo_cache, REVIEWER),
        runner,
        Settings(reviewer_name=REVIEWER),
        demo_dir,
        sync=sync,
    )
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.applicant_list.idle, timeout=10_000)
    with qtbot.wait_signal(sync.failed, timeout=30_000) as blocker:
        window.menus.actions_by_name["sync"].trigger()
    reason = blocker.args[0]
    # Non-modal: the status bar says so (the reason in its tooltip and Details…), no
    # dialog blocks the window.
    assert QApplication.activeModalWidget() is None
    bar = window.statusBar()
    # One short line, whole at 1366 px beside the permanent widgets (no path, no flag).
    assert bar.currentMessage() == FAILED_MESSAGE
    room = bar.width() - window.status.sizeHint().width()
    assert bar.fontMetrics().horizontalAdvance(FAILED_MESSAGE) < room
    assert reason in window.status.online_label.toolTip()
    assert "Offline" in window.status.online_label.text()
    first = window.current_id()
    window.menus.actions_by_name["next"].trigger()
    assert window.current_id() not in (None, first)
    window.status.details_requested.emit()  # the details, when asked for
    box = window.dialogs[-1]
    assert reason in box.detailedText()  # type: ignore[attr-defined]
    assert box.informativeText() == reason  # type: ignore[attr-defined]
    box.close()
    window.close()
    runner.shutdown()


def test_a_stalled_sync_neither_freezes_the_window_nor_holds_up_its_close(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache, pg_url: str
) -> None:
    import threading
    import time

    from sqlalchemy.engine import make_url

    from tests.conftest import PG_URL
    from tests.sync.stall_proxy import StallingProxy

    shared = SharedDatabase(pg_url)
    shared.migrate()
    add_applications(shared, 300)
    shared.dispose()
    # The demo cache made to mirror the PostgreSQL database instead, from scratch.
    with demo_cache.session() as session:
        connection = session.connection()
        columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(sync_state)")}
        forget = ["shared_instance", "witness_table", "witness_key", "witness_application"]
        assignments = ", ".join(f"{name} = NULL" for name in forget if name in columns)
        connection.exec_driver_sql(f"UPDATE sync_state SET last_revision = 0, {assignments}")
    target = make_url(PG_URL)
    # Stalls by itself mid-pull; the stall timeout is the default, 60 s.
    proxy = StallingProxy((target.host or "127.0.0.1", target.port or 5432), 40_000)
    safety = threading.Timer(30, proxy.close)  # ends the test even if close hangs
    safety.start()
    runner = TaskRunner()
    sync = SyncController(
        runner, demo_cache, SharedConnection.from_url(proxy.url(pg_url)), demo_dir, REVIEWER
    )
    window = MainWindow(
        demo_cache,
        ReviewService(demo_cache, REVIEWER),
        ApplicantQuery(demo_cache, REVIEWER),
        runner,
        Settings(reviewer_name=REVIEWER),
        demo_dir,
        sync=sync,
    )
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.applicant_list.idle, timeout=10_000)
        assert sync.sync_now()
        qtbot.waitUntil(proxy.stalled.is_set, timeout=20_000)
        # The window goes on working while the sync waits on the silent connection.
        first = window.current_id()
        window.menus.actions_by_name["next"].trigger()
        qtbot.waitUntil(lambda: window.current_id() not in (None, first), timeout=5_000)
        assert sync.running
        started = time.monotonic()
        window.close()  # nothing waits to be sent: it closes once the outbox is counted
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
        closed_in = time.monotonic() - started
        assert closed_in < 5, f"closing took {closed_in:.1f} s"
        # The attempt is recorded, as stopped; nothing else changed.
        last_error = demo_cache.sync_state().last_error
        assert last_error is not None and "stopped" in last_error
    finally:
        safety.cancel()
        proxy.close()
        runner.shutdown()


def test_a_window_whose_shared_file_is_missing_keeps_its_cache_and_says_so(
    qtbot: QtBot, demo_dir: Path
) -> None:
    # The data folder moved or copied without its embedded database: the demo must not
    # be made again and synced over the cache (100,000 applications became 200).
    Settings(reviewer_name=REVIEWER).save(demo_dir)
    shared = embedded_database_path(demo_dir)
    shared.unlink()
    synced = utcnow() - timedelta(minutes=10)
    with LocalCache.open(demo_dir) as cache:
        first = ApplicantQuery(cache, REVIEWER).ids()[0]
        ReviewService(cache, REVIEWER).save_note(first, NoteKind.TRIAGE, "not sent yet")
        applications = len(ApplicantQuery(cache, REVIEWER).ids())
        with cache.session() as state:
            state.get_one(SyncStateRow, SYNC_STATE_ID).last_sync_at = synced
    session = WindowSession(demo_dir, remember_layout=False)
    try:
        window = session.open()
        sync = window.sync
        assert sync is not None
        qtbot.waitUntil(lambda: sync.online is False, timeout=60_000)
        wait_settled(qtbot, window)
        assert not shared.exists()  # nothing made, nothing synced
        assert session.services is not None
        cache = session.services.cache
        assert cache.pending_operations() == 1
        assert len(window.applicant_list.model.ids) == applications
        assert QApplication.activeModalWidget() is None  # a notice, not a dialog
        assert window.notices.isVisible()
        notice = window.notices.label.text()
        assert f"The shared database file {shared} is missing" in notice
        # Uncounted: the reviewer goes on recording changes under the notice.
        assert f"{applications} applications and any changes not yet sent" in notice
        assert "1 change" not in notice
        assert "Settings" in notice
        assert window.status.online_label.text() == "○ Offline"
        # The last sync that worked, not the failed attempt or the window's start.
        assert window.status.synced_label.text() == "· last synced 10 min ago"
    finally:
        session.close()


def test_a_sync_that_fails_on_a_bug_says_so_and_still_raises(
    qtbot: QtBot, runner: TaskRunner, cache: LocalCache, data_dir: Path, sqlite_url: str
) -> None:
    # Not a UserError: the status bar must not say "Connecting…" for ever, and the bug
    # still reaches the error report (here pytest-qt's capture) rather than "offline".
    sync = _controller(runner, cache, data_dir, sqlite_url)
    sync._cache = None  # type: ignore[assignment]  # the sync's first use of it fails
    with qtbot.capture_exceptions() as raised, qtbot.wait_signal(sync.failed, timeout=30_000):
        sync.sync_now()
    assert (sync.running, sync.online) == (False, False)
    assert sync.last_error is not None and "unexpected error (AttributeError)" in sync.last_error
    assert str(data_dir / "errors.log") in sync.last_error
    qtbot.wait_until(lambda: len(raised) == 1)
    assert raised[0][0] is AttributeError


def test_a_change_waiting_is_pushed_soon_when_online(
    qtbot: QtBot, runner: TaskRunner, cache: LocalCache, data_dir: Path, sqlite_url: str
) -> None:
    shared = SharedDatabase(sqlite_url)
    shared.migrate()
    shared.dispose()
    sync = _controller(runner, cache, data_dir, sqlite_url)
    sync.soon()  # not known to be online yet: nothing is started
    assert not sync._soon.isActive()
    with qtbot.wait_signal(sync.succeeded, timeout=30_000):
        sync.start()
    sync._soon.setInterval(50)
    sync.soon()
    with qtbot.wait_signal(sync.started, timeout=5_000):
        pass  # within the short wait, not at the interval's five minutes
    qtbot.waitUntil(lambda: not sync.running, timeout=30_000)
    sync.stop()
    assert not sync._soon.isActive()
