"""Tests of reviewer_app/ui/list/refilter.py: the list re-filtered once the reviewer moves on."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from reviewer_app.applicants.filters import ApplicantFilter
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.ui.list.refilter import MAX_ROWS, AfterMoving
from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.conftest import wait_settled

REVIEWED = Changes.of(["app-1"], checks=True, counts=True)


def test_only_a_review_of_the_selected_applicant_under_a_filter_is_due_once() -> None:
    after = AfterMoving()
    after.note(REVIEWED, "app-1", ApplicantFilter(), 10)  # no filter: it never leaves
    assert not after.due("app-2")
    after.note(REVIEWED, None, ApplicantFilter(needs_my_review=True), 10)  # not my own write
    assert not after.due("app-2")
    after.note(Changes.of(["app-1"], notes=True), "app-1", ApplicantFilter(stage="new"), 10)
    assert not after.due("app-2")  # a note leaves every filter as it was
    after.note(REVIEWED, "app-1", ApplicantFilter(needs_my_review=True), MAX_ROWS + 1)
    assert not after.due("app-2")  # too long to query again at each move
    after.note(REVIEWED, "app-1", ApplicantFilter(needs_my_review=True), MAX_ROWS)
    assert not after.due("app-1")  # still on it: the row stays where it is
    assert after.due("app-2")
    assert not after.due("app-3")  # once


def test_an_applicant_finished_under_needs_my_review_leaves_the_list_once_left(
    qtbot: QtBot, window: MainWindow
) -> None:
    wait_settled(qtbot, window)
    listing = window.applicant_list
    listing.toggles["needs_my_review"].setChecked(True)
    wait_settled(qtbot, window)
    finished = listing.current_id()
    state = window.review_panel.state
    assert finished is not None and state is not None and state.position is not None
    for check in state.position.checks:
        changes = window._review.set_check(finished, check.key, CheckResult.MET)
        window.apply_changes(changes, local=True)
        wait_settled(qtbot, window)
    shown = listing.model.rowCount()
    assert finished in listing.model.ids  # never re-filtered under the reviewer
    listing.step_selection(1)
    wait_settled(qtbot, window)
    moved_to = listing.current_id()
    assert moved_to is not None and moved_to != finished
    assert finished not in listing.model.ids
    assert listing.model.rowCount() == shown - 1
    assert listing.current_id() == moved_to  # the selection stays where the reviewer went
    assert window.review_panel.application_id == moved_to
