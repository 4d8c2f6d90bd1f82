"""Tests of reviewer_app/ui/review/draft_keeper.py: what is typed survives, through the panel."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewer_app.cache import LocalCache
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.drafts import DECISION, NEW_NOTE, DraftValue, save_draft
from reviewer_app.ui.review import draft_keeper
from reviewer_app.ui.review.draft_keeper import DRAFT_DELAY_MS
from reviewer_app.ui.review.review_panel import ReviewPanel
from reviewer_app.ui.tasks import TaskRunner
from tests.ui.review.panel_support import (
    APP_ID,
    ME,
    embedded_panel,
    open_review_cache,
    stored_drafts,
)

OTHER = "app-2"


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    """A database worker, as the window's."""
    worker = TaskRunner()
    yield worker
    worker.shutdown()


def _choose(panel: ReviewPanel, stage: Stage, reason: str) -> None:
    decision = panel.decision
    decision.stage_combo.setCurrentIndex(decision.stage_combo.findData(stage.value))
    decision.reason.setText(reason)


def test_a_note_being_typed_is_stored_within_a_second_on_the_worker(
    qtbot: QtBot,
    cache: LocalCache,
    review: ReviewService,
    runner: TaskRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[threading.Thread] = []
    save = draft_keeper.save_drafts

    def recording(cache: LocalCache, application_id: str, values: dict[str, DraftValue]) -> Changes:
        threads.append(threading.current_thread())
        return save(cache, application_id, values)

    monkeypatch.setattr(draft_keeper, "save_drafts", recording)
    panel, _host = embedded_panel(qtbot, review, cache, runner)
    panel.show_application(APP_ID)
    panel.start_new_note()
    with qtbot.wait_signal(panel.changed, timeout=1_000) as changed:  # "within a second"
        qtbot.keyClicks(panel.notes.editor, "Half a thought")
    assert changed.args == [Changes.of([APP_ID], drafts=True, counts=True)]  # the list's mark
    qtbot.waitUntil(lambda: not runner.busy)
    assert stored_drafts(cache) == {NEW_NOTE: {"kind": "triage", "body": "Half a thought"}}
    assert threads and threading.main_thread() not in threads  # never on the GUI thread


def test_typing_on_does_not_put_the_write_off(qtbot: QtBot, panel: ReviewPanel) -> None:
    panel.start_new_note()
    cache_written: list[Changes] = []
    panel.changed.connect(cache_written.append)
    for letter in "typing without a pause":  # a key every 100 ms, for 2.2 s
        qtbot.keyClicks(panel.notes.editor, letter)
        qtbot.wait(100)
        if cache_written:
            break
    assert cache_written, f"nothing written {DRAFT_DELAY_MS} ms after the first key"
    assert len(panel.notes.editor.toPlainText()) < len("typing without a pause")


def test_a_note_comes_back_after_another_applicant_without_taking_the_focus(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache
) -> None:
    panel.start_new_note()
    panel.notes.kind_combo.setCurrentIndex(panel.notes.kind_combo.findData("interview"))
    qtbot.keyClicks(panel.notes.editor, "Half written")
    panel.show_application(OTHER)  # J: nothing waited for, the draft is stored on the way
    assert stored_drafts(cache) == {NEW_NOTE: {"kind": "interview", "body": "Half written"}}
    assert not panel.notes.is_editing  # the other applicant has no draft
    panel.show_application(APP_ID)  # K
    assert panel.notes.is_editing
    assert panel.notes.editor.toPlainText() == "Half written"
    assert panel.notes.kind_combo.currentData() == "interview"
    assert not panel.notes.editor.hasFocus()  # J/K go on from where they were
    assert panel.notes.editing_note_id is None


def test_a_decision_chosen_but_not_saved_comes_back(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache
) -> None:
    _choose(panel, Stage.DECLINED, "Too few hours")
    panel.show_application(OTHER)
    assert stored_drafts(cache) == {DECISION: {"stage": "declined", "reason": "Too few hours"}}
    assert panel.decision.stage() == Stage.NEW  # the other applicant's own
    panel.show_application(APP_ID)
    assert panel.decision.stage() == Stage.DECLINED
    assert panel.decision.reason.text() == "Too few hours"
    assert panel.decision.save_button.isEnabled()
    _choose(panel, Stage.NEW, "")  # back to what is saved: no draft left
    panel.flush_drafts()
    assert stored_drafts(cache) == {}


def test_saving_ends_the_drafts(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    panel.start_new_note()
    qtbot.keyClicks(panel.notes.editor, "To keep")
    _choose(panel, Stage.SCREENING, "Promising")
    panel.flush_drafts()
    assert set(stored_drafts(cache)) == {NEW_NOTE, DECISION}
    with qtbot.wait_signal(panel.changed) as changed:
        qtbot.keyClick(panel.notes.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert changed.args is not None and changed.args[0].drafts
    assert set(stored_drafts(cache)) == {DECISION}
    with qtbot.wait_signal(panel.changed):
        panel.decision.save_button.click()
    assert stored_drafts(cache) == {}
    qtbot.wait(DRAFT_DELAY_MS + 100)  # nothing typed since: nothing written back
    assert stored_drafts(cache) == {}


def test_a_comment_being_typed_is_kept_until_the_check_is_saved(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    review.set_check(APP_ID, "months", CheckResult.MET, "a year")
    panel.show_application(APP_ID)
    row = panel.checks.rows[3]
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_C)
    qtbot.keyClicks(row.comment, "two years, in fact")
    panel.flush_drafts()
    assert stored_drafts(cache) == {"comment:months": {"comment": "two years, in fact"}}
    # The window is gone (a crash): another panel over the same cache finds it.
    other, _host = embedded_panel(qtbot, review, cache)
    other.show_application(APP_ID)
    assert other.checks.rows[3].comment.text() == "two years, in fact"
    with qtbot.wait_signal(panel.changed):
        qtbot.keyClick(row.comment, Qt.Key.Key_Return)  # saved: the draft ends
    assert stored_drafts(cache) == {}


def test_a_draft_survives_closing_and_reopening_the_cache(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner
) -> None:
    data_dir = tmp_path / "reopened"
    cache = open_review_cache(data_dir)
    panel, host = embedded_panel(qtbot, ReviewService(cache, ME), cache, runner)
    panel.show_application(APP_ID)
    panel.start_new_note()
    qtbot.keyClicks(panel.notes.editor, "Before closing")
    _choose(panel, Stage.INTERVIEW, "")
    panel.flush_drafts()  # as the window does when it closes, before the worker stops
    runner.shutdown()  # waits for the write
    host.close()
    cache.close()
    with open_review_cache(data_dir) as reopened:
        again, _host = embedded_panel(qtbot, ReviewService(reopened, ME), reopened)
        again.show_application(APP_ID)
        assert again.notes.editor.toPlainText() == "Before closing"
        assert again.decision.stage() == Stage.INTERVIEW


def test_the_draft_of_an_edit_opens_with_edit(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    first = review.save_note(APP_ID, NoteKind.TRIAGE, "first").note_id
    review.save_note(APP_ID, NoteKind.TRIAGE, "second")
    panel.show_application(APP_ID)
    panel.notes.cards[0].edit_button.click()
    qtbot.keyClicks(panel.notes.editor, ", edited")
    panel.start_new_note()  # the editor moves to a new note: the edit is kept first
    assert stored_drafts(cache) == {f"note:{first}": {"kind": "triage", "body": "first, edited"}}
    assert panel.notes.editor.toPlainText() == ""
    panel.notes.cards[0].edit_button.click()
    assert panel.notes.editor.toPlainText() == "first, edited"  # not the saved "first"
    panel.notes.cards[1].edit_button.click()
    assert panel.notes.editor.toPlainText() == "second"


def test_an_edit_of_a_note_that_is_gone_comes_back_as_a_new_note(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache
) -> None:
    save_draft(cache, APP_ID, "note:erased", {"kind": "triage", "body": "not lost"})
    panel.show_application(OTHER)
    panel.show_application(APP_ID)
    assert panel.notes.is_editing and panel.notes.editing_note_id is None
    assert panel.notes.editor.toPlainText() == "not lost"
    panel.flush_drafts()
    assert stored_drafts(cache) == {NEW_NOTE: {"kind": "triage", "body": "not lost"}}


def test_esc_in_the_decision_discards_it_and_undo_and_redo_follow(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    panel.focus_decision()
    decision = panel.decision
    _choose(panel, Stage.DECLINED, "Not now")
    decision.focus_stage()
    qtbot.waitUntil(decision.stage_combo.hasFocus)
    with qtbot.wait_signal(panel.changed):
        qtbot.keyClick(decision.stage_combo, Qt.Key.Key_Escape)
    assert decision.stage() == Stage.NEW and decision.reason.text() == ""
    assert stored_drafts(cache) == {}
    review.undo()
    panel.show_application(APP_ID)  # the window reads the applicant again after an undo
    assert (decision.stage(), decision.reason.text()) == (Stage.DECLINED, "Not now")
    review.redo()
    panel.show_application(APP_ID)
    assert (decision.stage(), decision.reason.text()) == (Stage.NEW, "")


def test_undoing_a_decision_brings_back_its_reason_as_typed_not_as_stored_before(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    decision = panel.decision
    _choose(panel, Stage.DECLINED, "Not")
    panel.flush_drafts()  # the draft's delay passed once, mid-sentence
    decision.reason.setText("Not available before March")
    with qtbot.wait_signal(panel.changed):
        decision.save_button.click()  # at once: within the draft's delay
    assert stored_drafts(cache) == {}
    review.undo()
    panel.show_application(APP_ID)  # the window reads the applicant again after an undo
    assert (decision.stage(), decision.reason.text()) == (
        Stage.DECLINED,
        "Not available before March",
    )


def test_a_draft_that_comes_back_leaves_a_section_in_use_alone(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache
) -> None:
    panel.start_new_note()
    qtbot.keyClicks(panel.notes.editor, "typing now")
    value: DraftValue = {"kind": "triage", "body": "an older draft"}
    save_draft(cache, APP_ID, NEW_NOTE, value)  # e.g. an undo, read while typing
    panel.show_application(APP_ID)
    assert panel.notes.editor.toPlainText() == "typing now"
    panel.flush_drafts()
    assert stored_drafts(cache)[NEW_NOTE]["body"] == "typing now"


def test_no_draft_is_written_for_what_was_only_looked_at(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    review.save_note(APP_ID, NoteKind.TRIAGE, "mine")
    review.set_decision(APP_ID, Stage.SCREENING, "ok")
    panel.show_application(APP_ID)
    panel.notes.cards[0].edit_button.click()  # opened, nothing changed
    panel.show_application(OTHER)
    panel.show_application(APP_ID)
    assert stored_drafts(cache) == {}
    assert QApplication.focusWidget() is not panel.notes.editor
