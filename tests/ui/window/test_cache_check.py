"""Tests of reviewer_app/ui/window/cache_check.py: the cache checked first, on the worker."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.applicants.records import ApplicantRow, PositionVersion
from reviewer_app.cache import LocalCache
from reviewer_app.cache.errors import CacheCorrupt
from reviewer_app.config.settings import Settings
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window import cache_check
from reviewer_app.ui.window.main_window import MainWindow

REVIEWER = "Test Reviewer"  # as in conftest.py


class RecordingQuery(ApplicantQuery):
    """The real query, remembering each read of the list (any thread)."""

    def __init__(self, cache: LocalCache) -> None:
        super().__init__(cache, REVIEWER)
        self.reads: list[str] = []

    def positions(self) -> list[PositionVersion]:
        self.reads.append("positions")
        return super().positions()

    def rows(self, ids: Sequence[str]) -> dict[str, ApplicantRow]:
        self.reads.append("rows")
        return super().rows(ids)


def _window(
    qtbot: QtBot, cache: LocalCache, data_dir: Path, runner: TaskRunner, query: ApplicantQuery
) -> MainWindow:
    window = MainWindow(
        cache,
        ReviewService(cache, REVIEWER),
        query,
        runner,
        Settings(reviewer_name=REVIEWER),
        data_dir,
        check_cache=True,
    )
    qtbot.addWidget(window)
    return window


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def test_the_window_is_painted_before_the_check_and_reads_only_after_it(
    qtbot: QtBot,
    demo_dir: Path,
    demo_cache: LocalCache,
    runner: TaskRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checking = threading.Event()
    release = threading.Event()

    def slow_check() -> None:
        checking.set()
        assert release.wait(10)

    monkeypatch.setattr(demo_cache, "check_once", slow_check)
    query = RecordingQuery(demo_cache)
    window = _window(qtbot, demo_cache, demo_dir, runner, query)
    try:
        window.show()
        qtbot.waitExposed(window)
        assert checking.wait(10)
        qtbot.wait(20)
        assert window.applicant_list.model.rowCount() == 0
        assert query.reads == []  # not even the positions, on the GUI thread
        assert window.cache_check is not None
        with qtbot.waitSignal(window.cache_check.passed, timeout=10_000):
            release.set()
        qtbot.waitUntil(lambda: window.idle and window.applicant_list.model.rowCount() > 0)
        assert window.applicant_list.position_combo.count() > 1  # read on the worker too
    finally:
        release.set()
        if shiboken6.isValid(window):
            window.worker.shutdown()


def test_a_damaged_cache_is_said_and_the_app_quits(
    qtbot: QtBot,
    demo_dir: Path,
    demo_cache: LocalCache,
    runner: TaskRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    said: list[str] = []
    exits: list[int] = []

    def damaged() -> None:
        raise CacheCorrupt(demo_dir / "cache.sqlite3", "database disk image is malformed")

    monkeypatch.setattr(demo_cache, "check_once", damaged)
    monkeypatch.setattr(
        cache_check.QMessageBox, "critical", lambda _parent, _title, text: said.append(text)
    )
    monkeypatch.setattr(cache_check.QCoreApplication, "exit", exits.append)
    window = _window(qtbot, demo_cache, demo_dir, runner, ApplicantQuery(demo_cache, REVIEWER))
    try:
        qtbot.waitUntil(lambda: bool(exits))
        assert exits == [1]
        assert "salvage" in said[0]
        assert window.cache_check is not None and not window.cache_check.done
        assert window.applicant_list.model.rowCount() == 0  # never read
    finally:
        if shiboken6.isValid(window):
            window.worker.shutdown()
