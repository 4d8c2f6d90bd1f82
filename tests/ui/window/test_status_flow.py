"""Tests of reviewer_app/ui/window/status_flow.py: the status bar kept current by the sync."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from reviewer_app.cache import LocalCache
from reviewer_app.config.settings import embedded_shared_url
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.domain.changes import Changes
from reviewer_app.sync import SyncResult
from reviewer_app.ui.list.filter_keys import (
    NO_MATCH_TEXT,
    NOTHING_TEXT,
    SYNCING_TEXT,
    UNREACHED_TEXT,
    EmptyListNotice,
)
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.main_window import MainWindow
from reviewer_app.ui.window.status import FAILED_MESSAGE, MessageBar, SyncStatus
from reviewer_app.ui.window.status_flow import StatusFlow
from reviewer_app.ui.window.sync_controller import SyncController
from tests.ui.conftest import REVIEWER

_windows: list[QMainWindow] = []
# Nothing listens on the discard port: the connection is refused at once.
UNREACHABLE = "postgresql+psycopg://reviewer@127.0.0.1:9/reviewers"


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    """The worker of the status's reads, shut down after the test."""
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


def _flow(
    qtbot: QtBot, demo_dir: Path, cache: LocalCache, runner: TaskRunner
) -> tuple[MessageBar, SyncStatus, SyncController]:
    window = QMainWindow()
    _windows.append(window)  # Python must keep it: the flow and the sync are its children
    qtbot.addWidget(window)
    status = SyncStatus(window)
    bar = MessageBar([status], window)
    window.setStatusBar(bar)
    connection = SharedConnection(embedded_shared_url(demo_dir), embedded=True)
    sync = SyncController(runner, cache, connection, demo_dir, REVIEWER, parent=window)
    applied: list[Changes] = []
    dialogs: list[QWidget] = []
    StatusFlow(status, cache, runner, sync, applied.append, bar, dialogs, window)
    window.show()
    return bar, status, sync


def test_a_sync_that_gets_through_takes_back_the_failure_it_said(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache, runner: TaskRunner
) -> None:
    bar, status, sync = _flow(qtbot, demo_dir, demo_cache, runner)
    sync.failed.emit("The shared database did not answer.")
    assert bar.currentMessage() == FAILED_MESSAGE
    assert status.details_button.isVisible()
    sync.succeeded.emit(SyncResult(0, 0, 0, 0, 9))
    assert bar.currentMessage() == ""
    assert bar.message_label.message() == ""
    assert not status.details_button.isVisible()
    assert status.online_label.text() == "● Online"


def test_a_sync_that_gets_through_leaves_a_newer_message(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache, runner: TaskRunner
) -> None:
    bar, _status, sync = _flow(qtbot, demo_dir, demo_cache, runner)
    sync.failed.emit("The shared database did not answer.")
    bar.showMessage("Exported 12 decisions to decisions.csv", 15_000)
    sync.succeeded.emit(SyncResult(0, 0, 0, 0, 9))
    assert bar.currentMessage() == "Exported 12 decisions to decisions.csv"


def _said(status: SyncStatus) -> str:
    """The sync state as the reviewer reads it: the visible labels, left to right."""
    labels = (status.online_label, status.synced_label)
    return " ".join(label.text() for label in labels if label.isVisibleTo(status))


def test_a_window_that_never_synced_shows_the_last_sync_without_claiming_online(
    qtbot: QtBot, window: MainWindow
) -> None:
    # The screenshot's window (and a window before its sync): the cache synced in an
    # earlier session says nothing of the network now.
    status = window.status
    qtbot.waitUntil(lambda: status.pending_label.text() != "", timeout=10_000)
    # "just now", or minutes ago when the test's cache was synced earlier in the run.
    assert _said(status).startswith("Last synced ")
    assert "Online" not in _said(status) and "Offline" not in _said(status)


def test_online_is_said_only_once_this_windows_sync_got_through(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache, runner: TaskRunner
) -> None:
    _bar, status, sync = _flow(qtbot, demo_dir, demo_cache, runner)
    flow = status.window().findChild(StatusFlow)
    assert isinstance(flow, StatusFlow)
    flow.update()  # the cache read at the window's start: synced in an earlier session
    qtbot.waitUntil(lambda: status.pending_label.text() != "", timeout=10_000)
    # The test's cache was synced earlier in the run: "just now" or minutes ago.
    assert _said(status).startswith("Last synced ")
    with qtbot.wait_signal(sync.succeeded, timeout=60_000):
        assert sync.sync_now()
        assert _said(status).startswith("Connecting… · last synced ")
    # The time is the cache's, read again after the sync: the one before it, meanwhile.
    assert _said(status).startswith("● Online · synced ")
    # A later failure is said as offline; the next attempt does not take it back.
    sync.failed.emit("The shared database did not answer.")
    assert _said(status).startswith("○ Offline · last synced ")
    sync.started.emit()
    assert _said(status).startswith("○ Offline · last synced ")


def test_a_first_sync_that_fails_goes_from_connecting_to_offline(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache, runner: TaskRunner
) -> None:
    status = SyncStatus()
    qtbot.addWidget(status)
    bar = MessageBar([status])
    qtbot.addWidget(bar)
    unreachable = SharedConnection.from_url(UNREACHABLE)
    sync = SyncController(runner, demo_cache, unreachable, demo_dir, REVIEWER, parent=bar)
    StatusFlow(status, demo_cache, runner, sync, lambda _changes: None, bar, [], bar)
    bar.show()
    with qtbot.wait_signal(sync.failed, timeout=30_000):
        assert sync.sync_now()
        assert _said(status) == "Connecting…"
    assert _said(status) == "○ Offline"
    assert status.details_button.isVisible()


def test_an_empty_list_says_what_the_sync_is_doing(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache, runner: TaskRunner
) -> None:
    # "No applications yet" was shown while 300 were downloading, and when the shared
    # database was never reached.
    window = QMainWindow()
    _windows.append(window)
    qtbot.addWidget(window)
    status = SyncStatus(window)
    bar = MessageBar([status], window)
    window.setStatusBar(bar)
    table = QWidget(window)
    window.setCentralWidget(table)
    notice = EmptyListNotice(table, lambda: None)
    connection = SharedConnection(embedded_shared_url(demo_dir), embedded=True)
    sync = SyncController(runner, demo_cache, connection, demo_dir, REVIEWER, parent=window)
    StatusFlow(status, demo_cache, runner, sync, lambda _c: None, bar, [], window, notice)
    window.show()
    notice.update_for(empty=True, filtered=False)
    assert notice.label.text() == NOTHING_TEXT
    sync.started.emit()
    assert notice.label.text() == SYNCING_TEXT
    sync.failed.emit("The shared database did not answer.")
    assert notice.label.text() == UNREACHED_TEXT
    notice.update_for(empty=True, filtered=True)  # filters on: their own message
    assert notice.label.text() == NO_MATCH_TEXT
    notice.update_for(empty=True, filtered=False)
    assert notice.label.text() == UNREACHED_TEXT
    sync.succeeded.emit(SyncResult(0, 0, 0, 0, 0))
    assert notice.label.text() == NOTHING_TEXT


class _Sync(QObject):
    """A sync that counts the calls for one soon."""

    started = Signal()
    progressed = Signal(str, int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.soon_calls = 0
        self.last_error = None

    def soon(self) -> None:
        self.soon_calls += 1


def test_only_changes_made_since_the_last_sync_ask_for_one_soon(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache, runner: TaskRunner
) -> None:
    # A change the server refused to take stays waiting: each sync then asked for the
    # next one 20 s later, for ever.
    window = QMainWindow()
    qtbot.addWidget(window)
    status = SyncStatus(window)
    bar = MessageBar([status], window)
    sync = _Sync()
    flow = StatusFlow(status, demo_cache, runner, sync, lambda _c: None, bar, [], window)  # type: ignore[arg-type]
    state = demo_cache.sync_state()
    flow._show((state, 3))  # at the start: what waits from before
    assert sync.soon_calls == 0
    flow._show((state, 4))  # a change made now
    assert sync.soon_calls == 1
    # With changes: handed to the panes, and no read of the cache left running.
    sync.succeeded.emit(SyncResult(0, 0, 0, 0, 9, changes=Changes.all()))
    flow._show((state, 1))  # what the sync could not push stays
    flow._show((state, 1))
    assert sync.soon_calls == 1
    flow._show((state, 2))
    assert sync.soon_calls == 2
