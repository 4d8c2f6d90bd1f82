"""Tests of reviewer_app/ui/applicant_list.py: filters and counts queried off the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reviewer_app.applicants import ApplicantFilter, ApplicantQuery, SearchMatches
from reviewer_app.cache import LocalCache
from reviewer_app.ui.applicant_list import ApplicantList
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.tasks import TaskRunner

REVIEWER = "Test Reviewer"  # as in conftest.py


class ThreadRecordingQuery(ApplicantQuery):
    """The real query, remembering whether ids() and counts() ran on the GUI thread."""

    def __init__(self, cache: LocalCache) -> None:
        super().__init__(cache, REVIEWER)
        self.on_gui_thread: list[bool] = []
        self.gate = threading.Event()
        self.gate.set()

    def ids(self, *args: Any, **kwargs: Any) -> list[str]:
        self.gate.wait(5)
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return super().ids(*args, **kwargs)

    def counts(self, *args: Any, **kwargs: Any) -> dict[str, int]:
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return super().counts(*args, **kwargs)

    def search_matches(self, text: str) -> SearchMatches:
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return super().search_matches(text)


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """A list runner, shut down after the test."""
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def recording(demo_cache: LocalCache) -> ThreadRecordingQuery:
    """A query that records which thread it runs on."""
    return ThreadRecordingQuery(demo_cache)


@pytest.fixture
def applicant_list(
    qtbot: QtBot, recording: ThreadRecordingQuery, runner: TaskRunner
) -> ApplicantList:
    """A list over the demo cache, its first list and counts arrived."""
    widget = ApplicantList(recording, False, runner)
    qtbot.addWidget(widget)
    widget.refresh()
    qtbot.waitUntil(lambda: widget.idle)
    return widget


def test_ids_and_counts_are_never_queried_on_the_gui_thread(
    qtbot: QtBot, applicant_list: ApplicantList, recording: ThreadRecordingQuery
) -> None:
    applicant_list.toggles["unmatched"].setChecked(True)
    applicant_list.stage_combo.setCurrentIndex(1)
    applicant_list.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert recording.on_gui_thread and not any(recording.on_gui_thread)


def test_the_gui_keeps_the_old_list_until_the_new_one_arrives(
    qtbot: QtBot, applicant_list: ApplicantList, recording: ThreadRecordingQuery
) -> None:
    before = list(applicant_list.model.ids)
    recording.gate.clear()  # the worker now waits inside ids()
    applicant_list.toggles["unmatched"].setChecked(True)
    qtbot.wait(20)
    assert list(applicant_list.model.ids) == before
    assert applicant_list.summary.text() == "Updating…"
    recording.gate.set()
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert len(applicant_list.model.ids) < len(before)
    assert applicant_list.summary.text() == f"{len(applicant_list.model.ids)} shown"


def test_only_the_newest_request_is_applied(
    qtbot: QtBot, applicant_list: ApplicantList, recording: ThreadRecordingQuery
) -> None:
    recording.gate.clear()
    applied: list[int] = []
    applicant_list.model.loaded.connect(lambda: applied.append(applicant_list.model.rowCount()))
    applicant_list.toggles["unmatched"].setChecked(True)
    applicant_list.toggles["duplicates"].setChecked(True)
    applicant_list.toggles["unmatched"].setChecked(False)
    recording.gate.set()
    qtbot.waitUntil(lambda: applicant_list.idle)
    expected = recording.ids(ApplicantFilter(duplicates=True))
    assert list(applicant_list.model.ids) == expected
    assert applied == [len(expected)]


def test_the_selection_survives_a_refresh_and_a_sort(
    qtbot: QtBot, applicant_list: ApplicantList
) -> None:
    chosen = applicant_list.model.application_id(7)
    assert applicant_list.select(chosen)
    with qtbot.assert_not_emitted(applicant_list.current_changed):
        applicant_list.refresh(recount=True)
        qtbot.waitUntil(lambda: applicant_list.idle)
        applicant_list.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        qtbot.waitUntil(lambda: applicant_list.idle)
    assert applicant_list.current_id() == chosen
    assert applicant_list.model.row_of(chosen) != 7  # by name now, so it moved
    assert applicant_list.table.currentIndex().row() == applicant_list.model.row_of(chosen)


def test_a_filter_that_hides_the_selection_selects_the_first_shown(
    qtbot: QtBot, applicant_list: ApplicantList, recording: ThreadRecordingQuery
) -> None:
    unmatched = set(recording.ids(ApplicantFilter(unmatched=True)))
    matched = next(i for i in applicant_list.model.ids if i not in unmatched)
    applicant_list.select(matched)
    with qtbot.wait_signal(applicant_list.current_changed):
        applicant_list.toggles["unmatched"].setChecked(True)
    assert applicant_list.current_id() == applicant_list.model.application_id(0)


def test_toggles_reuse_the_counts_and_a_search_counts_again(
    qtbot: QtBot, applicant_list: ApplicantList, recording: ThreadRecordingQuery
) -> None:
    recording.on_gui_thread.clear()
    applicant_list.toggles["conflicts"].setChecked(True)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert len(recording.on_gui_thread) == 1  # ids only: a toggle changes no count
    applicant_list.search.setText("a")
    qtbot.waitUntil(lambda: len(recording.on_gui_thread) == 3 and applicant_list.idle)


def test_window_shows_a_query_error_in_the_status_bar(window: MainWindow) -> None:
    window.applicant_list.model.failed.emit("The local cache is busy.")
    assert window.statusBar().currentMessage() == "The local cache is busy."
