"""Tests of reviewer_app/ui/window/leaving.py: closing the window with work in flight."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import Draft
from reviewer_app.config.settings import Settings, embedded_shared_url
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.errors import UserError
from reviewer_app.review.actions import ReviewService
from reviewer_app.sync import SyncResult
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window import sync_controller
from reviewer_app.ui.window.leaving import SAFE_TEXT, waiting_text
from reviewer_app.ui.window.main_window import MainWindow
from reviewer_app.ui.window.sync_controller import SyncController
from tests.ui.conftest import wait_settled

REVIEWER = "Test Reviewer"  # as in conftest.py
# Nothing listens on the discard port: the connection is refused at once.
UNREACHABLE = "postgresql+psycopg://reviewer@127.0.0.1:9/reviewers"

MakeWindow = Callable[[SharedConnection], tuple[MainWindow, SyncController]]


def _syncing_window(
    cache: LocalCache, data_dir: Path, runner: TaskRunner, connection: SharedConnection
) -> tuple[MainWindow, SyncController]:
    sync = SyncController(runner, cache, connection, data_dir, REVIEWER)
    window = MainWindow(
        cache,
        ReviewService(cache, REVIEWER),
        ApplicantQuery(cache, REVIEWER),
        runner,
        Settings(reviewer_name=REVIEWER),
        data_dir,
        sync=sync,
    )
    return window, sync


@pytest.fixture
def make_syncing_window(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache
) -> Iterator[MakeWindow]:
    """Builds a window that syncs with the shared database of a connection."""
    runners: list[TaskRunner] = []

    def make(connection: SharedConnection) -> tuple[MainWindow, SyncController]:
        runner = TaskRunner()
        runners.append(runner)
        window, sync = _syncing_window(demo_cache, demo_dir, runner, connection)
        qtbot.addWidget(window)
        window.show()
        wait_settled(qtbot, window)
        return window, sync

    yield make
    for runner in runners:
        runner.shutdown()


def _record_two_checks(cache: LocalCache, window: MainWindow) -> str:
    current = window.current_id()
    assert current is not None
    review = ReviewService(cache, REVIEWER)
    rows = window.review_panel.checks.rows[:2]
    for row, result in zip(rows, (CheckResult.MET, CheckResult.NOT_MET), strict=True):
        review.set_check(current, row.check.key, result)
    return current


def test_quitting_offline_says_how_many_changes_wait_and_loses_nothing(
    qtbot: QtBot, make_syncing_window: MakeWindow, demo_cache: LocalCache
) -> None:
    window, sync = make_syncing_window(SharedConnection.from_url(UNREACHABLE))
    current = _record_two_checks(demo_cache, window)
    pending = demo_cache.pending_operations()
    assert pending >= 2
    # A note half written: quitting must keep it.
    window.review_panel.start_new_note()
    qtbot.keyClicks(window.review_panel.notes.editor, "Half a thought")
    attempts: list[bool] = []
    sync.started.connect(lambda: attempts.append(True))

    window.close()
    assert window.isVisible()  # it first tries to send them
    flow = window.leave_flow
    qtbot.waitUntil(lambda: flow.message is not None and flow.message.isVisible(), timeout=30_000)
    assert attempts == [True]  # one sync was tried
    box = flow.message
    assert box is not None
    assert box.text() == waiting_text(pending)
    assert f"{pending} changes wait" in box.text()
    assert SAFE_TEXT in box.informativeText()
    assert "could not be reached" in box.informativeText()
    assert "127.0.0.1" in box.detailedText()  # the sync's own words, when asked for
    assert window.isVisible()  # until the reviewer has read it
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not window.isVisible())

    assert demo_cache.pending_operations() == pending
    with demo_cache.read_session() as session:
        drafts = {d.slot: d.value for d in session.scalars(select(Draft))}
    assert any(
        isinstance(value, dict) and "Half a thought" in str(value.get("body"))
        for value in drafts.values()
    ), drafts
    assert current in ApplicantQuery(demo_cache, REVIEWER).ids()


def test_quitting_with_nothing_pending_tries_no_sync(
    qtbot: QtBot, make_syncing_window: MakeWindow
) -> None:
    window, sync = make_syncing_window(SharedConnection.from_url(UNREACHABLE))
    attempts: list[bool] = []
    sync.started.connect(lambda: attempts.append(True))
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert attempts == []
    assert window.leave_flow.message is None and window.leave_flow.progress is None


def test_quitting_sends_what_waits_when_the_database_answers(
    qtbot: QtBot, make_syncing_window: MakeWindow, demo_dir: Path, demo_cache: LocalCache
) -> None:
    connection = SharedConnection(embedded_shared_url(demo_dir), embedded=True)
    window, sync = make_syncing_window(connection)
    _record_two_checks(demo_cache, window)
    assert demo_cache.pending_operations() >= 2
    with qtbot.wait_signal(sync.succeeded, timeout=30_000):
        window.close()
    assert window.leave_flow.progress is not None  # it said so while it sent them
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert window.leave_flow.message is None  # nothing waits: nothing to say
    assert demo_cache.pending_operations() == 0


def test_a_switch_closes_at_once_and_keeps_the_outbox(
    qtbot: QtBot, make_syncing_window: MakeWindow, demo_cache: LocalCache
) -> None:
    window, sync = make_syncing_window(SharedConnection.from_url(UNREACHABLE))
    _record_two_checks(demo_cache, window)
    pending = demo_cache.pending_operations()
    attempts: list[bool] = []
    sync.started.connect(lambda: attempts.append(True))
    window.close_at_once()
    assert not window.isVisible()
    assert attempts == []
    assert demo_cache.pending_operations() == pending


def test_a_draft_being_typed_is_written_when_the_window_closes(
    qtbot: QtBot, make_window: Callable[..., MainWindow], demo_cache: LocalCache
) -> None:
    window = make_window()  # never syncs: it closes at once
    window.review_panel.start_new_note()
    qtbot.keyClicks(window.review_panel.notes.editor, "Typed just before quitting")
    window.close()
    assert not window.isVisible()
    with demo_cache.read_session() as session:
        bodies = [str(d.value.get("body")) for d in session.scalars(select(Draft))]
    assert bodies == ["Typed just before quitting"]


def test_a_sync_that_hangs_is_broken_off_and_what_waits_is_said(
    qtbot: QtBot,
    make_syncing_window: MakeWindow,
    demo_cache: LocalCache,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    released = threading.Event()

    def hanging(*args: object) -> SyncResult:
        on_start = args[-1]
        stopped = threading.Event()

        class Syncer:
            def cancel(self) -> None:
                stopped.set()

        assert callable(on_start)
        on_start(Syncer())
        stopped.wait(30)
        released.set()
        raise UserError("the sync was stopped")

    monkeypatch.setattr(sync_controller, "sync_once", hanging)
    window, _sync = make_syncing_window(SharedConnection.from_url(UNREACHABLE))
    _record_two_checks(demo_cache, window)
    pending = demo_cache.pending_operations()
    window.leave_flow.timeout_ms = 300
    started = time.monotonic()
    window.close()
    flow = window.leave_flow
    qtbot.waitUntil(lambda: flow.message is not None and flow.message.isVisible(), timeout=10_000)
    assert released.is_set() and time.monotonic() - started < 5
    assert flow.message is not None and flow.message.text() == waiting_text(pending)
    flow.message.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert demo_cache.pending_operations() == pending


def test_a_sync_running_when_closing_is_awaited_then_one_more_is_tried(
    qtbot: QtBot, make_syncing_window: MakeWindow, demo_dir: Path, demo_cache: LocalCache
) -> None:
    connection = SharedConnection(embedded_shared_url(demo_dir), embedded=True)
    window, sync = make_syncing_window(connection)
    _record_two_checks(demo_cache, window)
    attempts: list[bool] = []
    sync.started.connect(lambda: attempts.append(True))
    assert sync.sync_now()  # the periodic sync, say, began before the last changes
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)
    assert len(attempts) == 2  # the one running, then the window's own
    assert window.leave_flow.message is None
    assert demo_cache.pending_operations() == 0


def test_a_window_deleted_while_its_changes_are_counted_is_left_alone(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = TaskRunner()
    connection = SharedConnection.from_url(UNREACHABLE)
    # Not given to qtbot: the test deletes it.
    window, _sync = _syncing_window(demo_cache, demo_dir, runner, connection)
    window.show()
    wait_settled(qtbot, window)
    counting, release = threading.Event(), threading.Event()
    count = demo_cache.pending_operations

    def slow_count() -> int:
        counting.set()
        release.wait(10)
        return count()

    monkeypatch.setattr(demo_cache, "pending_operations", slow_count)
    flow = window.leave_flow
    try:
        window.close()  # counts what waits, on the worker
        assert counting.wait(10)
        shiboken6.delete(window)  # the app quits meanwhile
        release.set()
        qtbot.waitUntil(lambda: flow.left, timeout=10_000)  # no RuntimeError in the loop
    finally:
        release.set()
        runner.shutdown()
