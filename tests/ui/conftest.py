"""Fixtures of the window tests: a data folder with the demo database synced into its cache."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.config.settings import Settings, embedded_shared_url
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.app import window_settings
from reviewer_app.ui.window.main_window import MainWindow
from reviewer_app.ui.window.sync_controller import sync_once

REVIEWER = "Test Reviewer"


def wait_settled(qtbot: QtBot, window: MainWindow) -> None:
    """Waits until the window's background work (list, counts, selection, writes) is done."""
    qtbot.waitUntil(lambda: window.idle, timeout=10_000)


@pytest.fixture(autouse=True)
def restored_application_look(qapp: QApplication) -> Iterator[None]:
    """Puts the application's style sheet and palette back after each test.

    A test that starts the app as main.py does leaves its style sheet on the one
    QApplication: under a style sheet each widget keeps a copy of the palette, and a
    later test that set a window's palette saw no change (the order of tests decided).
    """
    sheet, palette = qapp.styleSheet(), QPalette(qapp.palette())
    yield
    if qapp.styleSheet() != sheet:
        qapp.setStyleSheet(sheet)
    if qapp.palette() != palette:
        qapp.setPalette(palette)


@pytest.fixture
def settle(qtbot: QtBot) -> Callable[[MainWindow], None]:
    """``settle(window)`` waits for the window's background list and count queries."""
    return lambda window: wait_settled(qtbot, window)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the embedded demo database, synced once per test session."""
    folder = tmp_path_factory.mktemp("demo-template")
    with LocalCache.open(folder) as cache:
        connection = SharedConnection(embedded_shared_url(folder), embedded=True)
        sync_once(cache, connection, folder, REVIEWER)
    return folder


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the demo data folder for one test."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    return target


@pytest.fixture
def demo_cache(demo_dir: Path) -> Iterator[LocalCache]:
    """The demo folder's local cache."""
    cache = LocalCache.open(demo_dir)
    yield cache
    cache.close()


@pytest.fixture
def make_window(qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache) -> Iterator[object]:
    """Builds main windows over the demo cache; ``make_window(blind=True)``."""
    runners: list[TaskRunner] = []
    windows: list[MainWindow] = []

    def make(*, blind: bool = False, settings: QSettings | None = None) -> MainWindow:
        runner = TaskRunner()
        runners.append(runner)
        window = MainWindow(
            demo_cache,
            ReviewService(demo_cache, REVIEWER),
            ApplicantQuery(demo_cache, REVIEWER),
            runner,
            Settings(reviewer_name=REVIEWER, blind_review=blind),
            demo_dir,
            window_settings=settings,
        )
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        wait_settled(qtbot, window)
        return window

    yield make
    for window in windows:
        # Its worker is stopped before the window goes: no read delivered to a widget
        # already deleted, in this test's teardown or the next test's setup.
        if shiboken6.isValid(window):
            window.worker.shutdown()
    for runner in runners:
        runner.shutdown()


@pytest.fixture
def window(make_window: object) -> MainWindow:
    """A main window over the demo data, never syncing."""
    return make_window()  # type: ignore[operator, no-any-return]


@pytest.fixture
def layout_settings(tmp_path: Path) -> QSettings:
    """Window layout settings in a temporary file."""
    return window_settings(tmp_path)
