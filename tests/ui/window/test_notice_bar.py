"""Tests of reviewer_app/ui/window/notice_bar.py: a refused login, a database lost, work
recorded as someone."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from reviewer_app.cache import LocalCache
from reviewer_app.config.settings import embedded_shared_url
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.server.connections import BAD_PASSWORD, LOGIN_DISABLED
from reviewer_app.sync import SyncResult
from reviewer_app.sync.errors import LoginRefused
from reviewer_app.sync.holdings import Holdings, SharedFileMissing
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.notice_bar import NoticeBar, watch_sync
from reviewer_app.ui.window.sync_controller import SyncController
from tests.ui.conftest import REVIEWER

_windows: list[QMainWindow] = []


def _watched(
    qtbot: QtBot, demo_dir: Path, cache: LocalCache
) -> tuple[NoticeBar, SyncController, list[str], TaskRunner]:
    window = QMainWindow()
    _windows.append(window)  # Python must keep it: the notice bar and sync are its children
    qtbot.addWidget(window)
    notices = NoticeBar(window)
    runner = TaskRunner()
    connection = SharedConnection(embedded_shared_url(demo_dir), embedded=True)
    sync = SyncController(runner, cache, connection, demo_dir, REVIEWER, parent=window)
    opened: list[str] = []
    watch_sync(notices, sync, lambda: opened.append("invitation"))
    window.show()
    return notices, sync, opened, runner


def test_a_refused_password_offers_a_new_invitation_and_a_later_sync_clears_it(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache
) -> None:
    notices, sync, opened, runner = _watched(qtbot, demo_dir, demo_cache)
    try:
        sync.login_refused.emit(LoginRefused("refused", BAD_PASSWORD))
        assert notices.isVisible()
        assert notices.label.text().startswith("The password was refused: open a new invitation.")
        assert "working offline" in notices.label.text()
        notices.action_button.click()
        assert opened == ["invitation"]
        sync.succeeded.emit(SyncResult(0, 0, 0, 0, 1))
        assert not notices.isVisible()
    finally:
        runner.shutdown()


def test_a_disabled_login_and_work_recorded_as_the_login_are_said(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache
) -> None:
    notices, sync, _opened, runner = _watched(qtbot, demo_dir, demo_cache)
    try:
        sync.login_refused.emit(LoginRefused("disabled", LOGIN_DISABLED))
        assert "Your login was disabled by the coordinator" in notices.label.text()
        sync.succeeded.emit(SyncResult(1, 0, 0, 0, 2, recorded_as="bob"))
        assert notices.isVisible()
        assert notices.label.text() == "Your work is recorded as bob (your login)."
        notices.close_button.click()
        assert not notices.isVisible()
    finally:
        runner.shutdown()


def test_a_database_missing_is_said_until_a_sync_gets_through_again(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache
) -> None:
    notices, sync, _opened, runner = _watched(qtbot, demo_dir, demo_cache)
    try:
        lost = SharedFileMissing("The shared database file x is missing.", "x", Holdings(9, 3, 1))
        sync.database_lost.emit(lost)
        assert notices.isVisible()
        assert notices.label.text() == "The shared database file x is missing."
        assert not notices.action_button.isVisible()
        sync.succeeded.emit(SyncResult(0, 0, 0, 0, 9))  # the file was put back
        assert not notices.isVisible()
    finally:
        runner.shutdown()


def test_a_database_missing_does_not_count_the_changes_that_keep_coming(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache
) -> None:
    notices, sync, _opened, runner = _watched(qtbot, demo_dir, demo_cache)
    try:
        held = Holdings(9, 3, 0)
        lost = SharedFileMissing("The cache still holds {held}; go on.", "x", held)
        assert str(lost).endswith("3 applications and 0 changes not yet sent; go on.")
        sync.database_lost.emit(lost)
        # Said once, "0 changes" stayed while the reviewer recorded more under it.
        text = notices.label.text()
        assert text == "The cache still holds 3 applications and any changes not yet sent; go on."
    finally:
        runner.shutdown()
