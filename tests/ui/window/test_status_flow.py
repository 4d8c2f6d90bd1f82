"""Tests of reviewer_app/ui/window/status_flow.py: the status bar kept current by the sync."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from reviewer_app.cache import LocalCache
from reviewer_app.config.settings import embedded_shared_url
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.domain.changes import Changes
from reviewer_app.sync import SyncResult
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.status import FAILED_MESSAGE, MessageBar, SyncStatus
from reviewer_app.ui.window.status_flow import StatusFlow
from reviewer_app.ui.window.sync_controller import SyncController
from tests.ui.conftest import REVIEWER

_windows: list[QMainWindow] = []


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
