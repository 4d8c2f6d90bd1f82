"""Tests of the review panel (offscreen): checks by keyboard, notes, decision, conflicts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    CachedApplication,
    CachedDecision,
    CachedNote,
    CachedRequirementCheck,
    Conflict,
    OutboxOperation,
)
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.errors import UserError
from reviewer_app.review.actions import (
    DELETE_NOTE,
    SAVE_NOTE,
    SET_CHECK,
    SET_DECISION,
    ReviewService,
)
from reviewer_app.review.drafts import NEW_NOTE
from reviewer_app.ui.review.check_row import CheckRow
from reviewer_app.ui.review.checks_widget import UNMATCHED_TEXT
from reviewer_app.ui.review.decision_widget import NEEDS_REASON_TEXT
from reviewer_app.ui.review.review_panel import EMPTY_TEXT, ReviewPanel
from tests.ui.conflict_support import add_decision_conflict
from tests.ui.review.panel_support import APP_ID, CHECK_KEYS, ME, stored_drafts


def _my_checks(cache: LocalCache) -> dict[str, CheckResult]:
    with cache.read_session() as session:
        rows = session.scalars(
            select(CachedRequirementCheck).where(CachedRequirementCheck.reviewer_name == ME)
        )
        return {row.check_key: row.result for row in rows}


def _outbox_kinds(cache: LocalCache) -> list[str]:
    with cache.read_session() as session:
        return list(session.scalars(select(OutboxOperation.kind).order_by(OutboxOperation.seq)))


def _focus(qtbot: QtBot, row: CheckRow) -> None:
    row.setFocus()
    qtbot.waitUntil(row.hasFocus)


def test_empty_state_until_an_application_is_shown(qtbot: QtBot, panel: ReviewPanel) -> None:
    panel.show_application(None)
    assert panel.empty.isVisible()
    assert panel.empty.text() == EMPTY_TEXT
    assert not panel.scroll_area.isVisible()


def test_checks_are_listed_in_the_descriptions_order(panel: ReviewPanel) -> None:
    labels = [row.label.text() for row in panel.checks.rows]
    assert labels == ["Python", "Git & GitHub", "≥ 5 h/week", "≥ 3 months"]
    assert panel.checks.rows[0].label.toolTip().startswith("Experience with writing tested")


def test_applicant_text_is_never_rendered_as_html(panel: ReviewPanel) -> None:
    assert panel.title.text() == "Lena <i>Fischer</i>"
    assert panel.title.textFormat() == Qt.TextFormat.PlainText
    links = [label.text() for label in panel.checks.shown_links]
    assert links == ["· GitHub: https://github.com/lena"]
    for label in panel.checks.shown_links:
        assert label.textFormat() == Qt.TextFormat.PlainText


@pytest.mark.parametrize(
    ("key", "result"),
    [
        (Qt.Key.Key_1, CheckResult.MET),
        (Qt.Key.Key_2, CheckResult.NOT_MET),
        (Qt.Key.Key_3, CheckResult.UNSURE),
    ],
)
def test_number_key_records_the_focused_check_and_moves_on(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, key: Qt.Key, result: CheckResult
) -> None:
    first, second = panel.checks.rows[:2]
    _focus(qtbot, first)
    with qtbot.wait_signal(panel.changed) as changed:
        qtbot.keyClick(first, key)
    assert changed.args == [Changes.of([APP_ID], checks=True, counts=True)]
    assert _my_checks(cache) == {"skill-python": result}
    assert _outbox_kinds(cache) == [SET_CHECK]
    assert second.hasFocus()
    assert first.result == result


def test_arrow_keys_move_between_checks(qtbot: QtBot, panel: ReviewPanel) -> None:
    rows = panel.checks.rows
    _focus(qtbot, rows[0])
    qtbot.keyClick(rows[0], Qt.Key.Key_Down)
    assert rows[1].hasFocus()
    qtbot.keyClick(rows[1], Qt.Key.Key_Up)
    assert rows[0].hasFocus()


def test_comment_is_saved_when_finished(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache
) -> None:
    row = panel.checks.rows[0]
    assert not row.comment.isEnabled()  # no result yet: nothing to attach it to
    _focus(qtbot, row)
    qtbot.keyClick(row, Qt.Key.Key_1)
    _focus(qtbot, row)
    qtbot.keyClick(row, Qt.Key.Key_C)
    assert row.comment.hasFocus()
    qtbot.keyClicks(row.comment, "Tested code on GitHub")
    with qtbot.wait_signal(panel.changed):
        qtbot.keyClick(row.comment, Qt.Key.Key_Return)
    with cache.read_session() as session:
        saved = session.scalars(select(CachedRequirementCheck)).one()
    assert (saved.result, saved.comment) == (CheckResult.MET, "Tested code on GitHub")
    assert row.hasFocus()


def test_hours_hint_says_below_the_minimum(panel: ReviewPanel) -> None:
    hours = panel.checks.rows[2]
    texts = [label.text() for label in hours.shown_hints]
    assert texts == ["⚠ States 3 h/week — below the 5 h/week minimum"]
    python = panel.checks.rows[0]
    assert [label.text() for label in python.shown_hints] == ["· Mentions Python"]


def test_other_reviewers_are_one_line_until_all_mine_are_recorded(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    for name, result in (("Ana", CheckResult.MET), ("Bo", CheckResult.NOT_MET)):
        ReviewService(cache, name).set_check(APP_ID, "skill-python", result, "seen")
    ReviewService(cache, "Cy").save_note(APP_ID, NoteKind.TRIAGE, "Strong candidate")
    panel.show_application(APP_ID)
    banner = panel.hidden_reviews
    assert banner.isVisible()
    assert banner.text.text() == (
        "3 reviewers have reviewed; their views appear once you record yours"
    )
    others = panel.checks.rows[0].others
    assert not others.isVisible()
    assert panel.notes.cards == []  # Cy's note is hidden too
    for key in CHECK_KEYS[:-1]:
        review.set_check(APP_ID, key, CheckResult.UNSURE)
    panel.show_application(APP_ID)
    assert banner.isVisible()  # one check of mine is still missing
    review.set_check(APP_ID, CHECK_KEYS[-1], CheckResult.MET)
    panel.show_application(APP_ID)
    assert not banner.isVisible()
    assert others.text() == "Others: Ana ✓, Bo ✗"
    assert "Ana: Met — seen" in others.toolTip()
    assert not panel.checks.rows[1].others.isVisible()
    assert [card.note.author_name for card in panel.notes.cards] == ["Cy"]


def test_show_anyway_reveals_the_others_and_is_remembered(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    ReviewService(cache, "Ana").set_check(APP_ID, "skill-python", CheckResult.MET, "seen")
    ReviewService(cache, "Ana").set_decision(APP_ID, Stage.DECLINED, "Too few hours")
    panel.show_application(APP_ID)
    outbox = _outbox_kinds(cache)
    banner = panel.hidden_reviews
    assert banner.text.text() == (
        "1 reviewer has reviewed; their view appears once you record yours"
    )
    assert panel.decision.current.text().startswith("Now: Declined")  # the stage stays
    assert "Too few hours" not in panel.decision.current.text()
    assert not panel.decision.message.isVisible()  # the hidden reason is not "missing"
    assert banner.show_button.accessibleName().startswith("Show anyway: 1 reviewer")
    with qtbot.wait_signal(panel.changed) as changed:
        qtbot.mouseClick(banner.show_button, Qt.MouseButton.LeftButton)
    assert changed.args is not None and changed.args[0].touches(APP_ID)
    assert not banner.isVisible()
    assert panel.checks.rows[0].others.text() == "Others: Ana ✓"
    assert "Too few hours" in panel.decision.current.text()
    assert _outbox_kinds(cache) == outbox  # a reviewer's own view: nothing to sync
    panel.show_application("app-2")
    panel.show_application(APP_ID)
    assert not banner.isVisible()


def test_n_opens_the_editor_and_ctrl_enter_saves_a_note(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache
) -> None:
    row = panel.checks.rows[0]
    _focus(qtbot, row)
    qtbot.keyClick(row, Qt.Key.Key_N)
    assert panel.notes.is_editing
    assert panel.notes.editor.hasFocus()
    panel.notes.kind_combo.setCurrentIndex(panel.notes.kind_combo.findData("interview"))
    qtbot.keyClicks(panel.notes.editor, "Good *call*")
    with qtbot.wait_signal(panel.changed):
        qtbot.keyClick(panel.notes.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not panel.notes.is_editing
    with cache.read_session() as session:
        note = session.scalars(select(CachedNote)).one()
    assert (note.author_name, note.kind, note.body) == (ME, NoteKind.INTERVIEW, "Good *call*")
    assert _outbox_kinds(cache) == [SAVE_NOTE]
    (card,) = panel.notes.cards
    assert card.body.text() == "<p>Good <em>call</em></p>"
    assert not card.edit_button.isHidden()


def test_esc_discards_the_note_and_undo_brings_it_back(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    panel.start_new_note()
    qtbot.keyClicks(panel.notes.editor, "draft")
    with qtbot.wait_signal(panel.changed) as changed:
        qtbot.keyClick(panel.notes.editor, Qt.Key.Key_Escape)
    assert changed.args is not None and changed.args[0].drafts  # the list's mark goes
    assert not panel.notes.is_editing
    assert stored_drafts(cache) == {}
    assert _outbox_kinds(cache) == []  # a draft never syncs
    assert (review.history.undo_text() or "").startswith("Undo: Discard")
    review.undo()
    panel.show_application(APP_ID)  # the window reads the applicant again after an undo
    assert panel.notes.is_editing
    assert panel.notes.editor.toPlainText() == "draft"
    assert stored_drafts(cache) == {NEW_NOTE: {"kind": "triage", "body": "draft"}}


def test_cancel_with_nothing_typed_discards_nothing(
    qtbot: QtBot, panel: ReviewPanel, review: ReviewService
) -> None:
    panel.start_new_note()
    with qtbot.assert_not_emitted(panel.changed):
        panel.notes.cancel_button.click()
    assert not panel.notes.is_editing
    assert review.history.undo_text() is None


def test_note_bodies_are_sanitised_and_only_my_notes_are_editable(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    now = datetime.now(UTC)
    with cache.session() as session:
        session.add(
            CachedNote(
                id="n-ana",
                application_id=APP_ID,
                author_name="Ana",
                kind=NoteKind.TRIAGE,
                body='Hi <script>alert(1)</script><img src="https://t.example/p.png"> **ok**',
                created_at=now - timedelta(hours=1),
                revision=3,
            )
        )
    review.save_note(APP_ID, NoteKind.TRIAGE, "mine")
    review.reveal(APP_ID)  # Ana's note is hidden until all my checks are recorded
    panel.show_application(APP_ID)
    theirs, mine = panel.notes.cards
    assert "<script" not in theirs.body.text()
    assert "<img" not in theirs.body.text()
    assert "<strong>ok</strong>" in theirs.body.text()
    assert theirs.edit_button.isHidden()  # only the author may edit or delete
    assert theirs.delete_button.isHidden()
    assert theirs.heading.textFormat() == Qt.TextFormat.PlainText
    assert not mine.edit_button.isHidden()
    assert not mine.delete_button.isHidden()
    mine.edit_button.click()
    assert panel.notes.editor.toPlainText() == "mine"
    panel.notes.editor.setPlainText("mine, edited")
    with qtbot.wait_signal(panel.changed):
        panel.notes.save_button.click()
    _, mine = panel.notes.cards
    assert "edited" in mine.heading.text()


def test_declined_without_a_reason_cannot_be_saved(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache
) -> None:
    decision = panel.decision
    decision.stage_combo.setCurrentIndex(decision.stage_combo.findData(Stage.DECLINED.value))
    assert not decision.save_button.isEnabled()
    assert decision.message.isVisible()
    assert decision.message.text() == NEEDS_REASON_TEXT
    qtbot.keyClicks(decision.reason, "Too few hours")
    assert decision.save_button.isEnabled()
    assert not decision.message.isVisible()
    with qtbot.wait_signal(panel.changed):
        decision.save_button.click()
    with cache.read_session() as session:
        row = session.get_one(CachedDecision, APP_ID)
    assert (row.stage, row.reason, row.decided_by_name) == (Stage.DECLINED, "Too few hours", ME)
    assert _outbox_kinds(cache) == [SET_DECISION]
    assert decision.current.text().startswith("Now: Declined — Too few hours · Me")
    assert not decision.save_button.isEnabled()  # nothing changed since


def test_conflict_banner_and_keep_theirs(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache
) -> None:
    assert not panel.conflict.isVisible()
    conflict_id = add_decision_conflict(cache, APP_ID)
    panel.show_application(APP_ID)
    assert panel.conflict.isVisible()
    text = panel.conflict.text.text()
    assert text.startswith("Your decision conflicts with Ana's (Interview, 3 Nov")
    assert text.endswith("Yours: Declined: Too few hours")
    with qtbot.wait_signal(panel.changed):
        panel.conflict.keep_button.click()
    with cache.read_session() as session:
        assert session.get_one(Conflict, conflict_id).resolved_at is not None
    assert not panel.conflict.isVisible()
    assert _outbox_kinds(cache) == []


def test_apply_mine_decides_again(qtbot: QtBot, panel: ReviewPanel, cache: LocalCache) -> None:
    add_decision_conflict(cache, APP_ID)
    panel.show_application(APP_ID)
    with qtbot.wait_signal(panel.changed):
        panel.conflict.apply_button.click()
    assert not panel.conflict.isVisible()
    assert _outbox_kinds(cache) == [SET_DECISION]
    assert panel.decision.stage() == Stage.DECLINED


def test_a_result_shows_at_once_and_a_failed_write_shows_what_is_recorded(
    qtbot: QtBot, panel: ReviewPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The write may wait for a sync's part: the row shows the key's result meanwhile.
    first = panel.checks.rows[0]
    shown_while_writing: list[CheckResult | None] = []

    def failing(*_args: object, **_kwargs: object) -> Changes:
        shown_while_writing.append(first.result)
        raise UserError("The local cache is busy: try again.")

    monkeypatch.setattr(panel._review, "set_check", failing)
    _focus(qtbot, first)
    qtbot.keyClick(first, Qt.Key.Key_1)
    assert shown_while_writing == [CheckResult.MET]
    qtbot.waitUntil(lambda: first.result is None)  # nothing was recorded: shown so
    assert "busy" in panel.error.text()


def test_a_write_failing_after_the_reviewer_moved_on_is_said(
    qtbot: QtBot, panel: ReviewPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The result showed at the press; gone from the panel, the failure must be told.
    first = panel.checks.rows[0]

    def failing(*_args: object, **_kwargs: object) -> Changes:
        panel.show_application(None)  # the reviewer moved on meanwhile
        raise UserError("The local cache is busy: try again.")

    monkeypatch.setattr(panel._review, "set_check", failing)
    _focus(qtbot, first)
    with qtbot.wait_signal(panel.failed_elsewhere) as said:
        qtbot.keyClick(first, Qt.Key.Key_1)
    assert said.args == [
        "Not recorded, for the applicant before: The local cache is busy: try again."
    ]


def test_errors_are_shown_inline(qtbot: QtBot, panel: ReviewPanel, cache: LocalCache) -> None:
    with cache.session() as session:
        session.delete(session.get_one(CachedApplication, APP_ID))
    with qtbot.assert_not_emitted(panel.changed):
        panel.checks.check_requested.emit("skill-python", CheckResult.MET, "")
    # The application is gone: the panel says so instead of a dialog.
    assert panel.empty.isVisible()
    assert "no longer in the local cache" in panel.empty.text()
    assert not any(isinstance(w, QDialog) for w in QApplication.topLevelWidgets())


def test_user_error_message_stays_in_the_panel(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache
) -> None:
    conflict_id = add_decision_conflict(cache, APP_ID)
    panel.show_application(APP_ID)
    ReviewService(cache, ME).keep_theirs(conflict_id)  # resolved behind the panel's back
    with qtbot.assert_not_emitted(panel.changed):
        panel.conflict.keep_button.click()
    assert panel.error.isVisible()
    assert "no open conflict" in panel.error.text()


def test_unmatched_application_asks_for_a_position(panel: ReviewPanel) -> None:
    panel.show_application("app-2")
    assert panel.checks.rows == []
    assert panel.checks.message.isVisible()
    assert panel.checks.message.text() == UNMATCHED_TEXT


def test_showing_the_same_application_again_keeps_focus_and_draft(
    qtbot: QtBot, panel: ReviewPanel
) -> None:
    row = panel.checks.rows[1]
    _focus(qtbot, row)
    panel.show_application(APP_ID)
    assert row is panel.checks.rows[1]
    assert row.hasFocus()
    panel.start_new_note()
    qtbot.keyClicks(panel.notes.editor, "half written")
    panel.show_application(APP_ID)
    assert panel.notes.editor.toPlainText() == "half written"


def test_shortcuts_are_listed_for_the_help_dialog() -> None:
    keys = [key for key, _ in ReviewPanel.SHORTCUTS]
    # N (new note) and D (decision) are window actions, listed with the window's.
    for expected in ("1", "2", "3", "0", "Ctrl+Enter", "Esc", "Delete"):
        assert expected in keys


def _all_checks(cache: LocalCache) -> dict[str, CheckResult | None]:
    with cache.read_session() as session:
        rows = session.scalars(
            select(CachedRequirementCheck).where(CachedRequirementCheck.reviewer_name == ME)
        )
        return {row.check_key: row.result for row in rows}


def test_zero_clears_my_result_on_the_focused_check(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache
) -> None:
    row = panel.checks.rows[1]
    _focus(qtbot, row)
    qtbot.keyClick(row, Qt.Key.Key_2)
    assert not row.clear_button.isHidden()
    _focus(qtbot, row)
    with qtbot.wait_signal(panel.changed) as changed:
        qtbot.keyClick(row, Qt.Key.Key_0)
    assert changed.args is not None and changed.args[0].counts  # "needs my review" again
    assert _all_checks(cache) == {"skill-git-github": None}  # the row stays, to sync
    assert row.result is None
    assert row.clear_button.isHidden()
    assert not any(button.isChecked() for button in row.buttons.buttons())
    assert row.hasFocus()  # 0 does not move on
    with qtbot.assert_not_emitted(panel.changed):
        qtbot.keyClick(row, Qt.Key.Key_0)  # nothing left to clear


def test_the_clear_button_clears_my_result(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    review.set_check(APP_ID, "months", CheckResult.MET, "a year")
    panel.show_application(APP_ID)
    row = panel.checks.rows[3]
    assert [r.clear_button.isHidden() for r in panel.checks.rows] == [True, True, True, False]
    with qtbot.wait_signal(panel.changed):
        qtbot.mouseClick(row.clear_button, Qt.MouseButton.LeftButton)
    assert _all_checks(cache) == {"months": None}
    assert row.comment.text() == ""  # cleared with the result


def test_delete_removes_my_note_from_a_button_or_the_delete_key(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    review.save_note(APP_ID, NoteKind.TRIAGE, "first")
    review.save_note(APP_ID, NoteKind.TRIAGE, "second")
    panel.show_application(APP_ID)
    first, _ = panel.notes.cards
    assert first.delete_button.accessibleName().startswith("Delete your note: Me")
    with qtbot.wait_signal(panel.changed) as changed:
        first.delete_button.click()
    assert changed.args is not None and changed.args[0].notes
    assert [card.note.body for card in panel.notes.cards] == ["second"]
    (card,) = panel.notes.cards
    card.edit_button.setFocus()  # Tab reaches it
    qtbot.waitUntil(card.edit_button.hasFocus)
    with qtbot.wait_signal(panel.changed):
        qtbot.keyClick(card.edit_button, Qt.Key.Key_Delete)
    assert panel.notes.cards == []
    assert panel.notes.empty.isVisible()
    with cache.read_session() as session:
        notes = session.scalars(select(CachedNote)).all()
    assert all(note.deleted_at is not None for note in notes)  # tombstones, to sync
    assert _outbox_kinds(cache)[-2:] == [DELETE_NOTE, DELETE_NOTE]


def test_deleting_the_note_being_edited_closes_the_editor_and_its_draft(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    saved = review.save_note(APP_ID, NoteKind.TRIAGE, "mine")
    panel.show_application(APP_ID)
    (card,) = panel.notes.cards
    card.edit_button.click()
    qtbot.keyClicks(panel.notes.editor, " and more")
    panel.flush_drafts()
    assert set(stored_drafts(cache)) == {f"note:{saved.note_id}"}
    with qtbot.wait_signal(panel.changed):
        card.delete_button.click()
    assert not panel.notes.is_editing
    assert stored_drafts(cache) == {}


def test_note_cards_are_reused_from_one_application_to_the_next(
    panel: ReviewPanel, review: ReviewService
) -> None:
    review.save_note(APP_ID, NoteKind.TRIAGE, "first")
    review.save_note(APP_ID, NoteKind.INTERVIEW, "second")
    panel.show_application(APP_ID)
    made = list(panel.notes.cards)
    panel.show_application("app-2")  # no notes
    assert panel.notes.cards == []
    assert all(card.isHidden() for card in made)
    review.save_note("app-2", NoteKind.TRIAGE, "**third**")
    panel.show_application("app-2")
    (card,) = panel.notes.cards
    assert card is made[0]  # relabelled, not made anew
    assert "<strong>third</strong>" in card.body.text()
    assert not card.isHidden() and not card.edit_button.isHidden()


def test_a_reason_being_typed_survives_recording_a_check(qtbot: QtBot, panel: ReviewPanel) -> None:
    decision = panel.decision
    decision.stage_combo.setCurrentIndex(decision.stage_combo.findData(Stage.SCREENING.value))
    decision.reason.setFocus()
    qtbot.keyClicks(decision.reason, "Draft reason")
    row = panel.checks.rows[0]
    _focus(qtbot, row)
    with qtbot.wait_signal(panel.changed):
        qtbot.keyClick(row, Qt.Key.Key_1)  # the panel shows the application again
    assert decision.reason.text() == "Draft reason"
    assert decision.stage() == Stage.SCREENING
    assert decision.save_button.isEnabled()
    panel.show_application("app-2")  # another application: its own decision
    assert decision.reason.text() == ""
    assert decision.stage() == Stage.NEW


def test_saving_the_decision_gives_the_focus_back(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache
) -> None:
    row = panel.checks.rows[1]
    _focus(qtbot, row)
    panel.focus_decision()  # D
    decision = panel.decision
    assert decision.stage_combo.hasFocus()
    qtbot.keyClick(decision.stage_combo, Qt.Key.Key_Down)
    decision.reason.setFocus()  # Tab
    qtbot.keyClicks(decision.reason, "ok")
    with qtbot.wait_signal(panel.changed):
        qtbot.keyClick(decision.reason, Qt.Key.Key_Return)
    assert row.hasFocus()  # where the reviewer was before D
    assert decision.reason.text() == "ok"
    with cache.read_session() as session:
        assert session.get_one(CachedDecision, APP_ID).reason == "ok"


def test_esc_leaves_the_reason_then_the_decision(qtbot: QtBot, panel: ReviewPanel) -> None:
    row = panel.checks.rows[0]
    _focus(qtbot, row)
    panel.focus_decision()
    decision = panel.decision
    decision.reason.setFocus()
    qtbot.keyClicks(decision.reason, "half a reason")
    qtbot.keyClick(decision.reason, Qt.Key.Key_Escape)
    assert decision.stage_combo.hasFocus()
    assert decision.reason.text() == "half a reason"  # kept
    qtbot.keyClick(decision.stage_combo, Qt.Key.Key_Escape)
    assert row.hasFocus()


def test_another_stage_by_key_never_saves_another_reviewers_reason(
    qtbot: QtBot, panel: ReviewPanel, cache: LocalCache, review: ReviewService
) -> None:
    for key in CHECK_KEYS:  # my view recorded: Dana's reason is shown
        review.set_check(APP_ID, key, CheckResult.MET)
    ReviewService(cache, "Dana Cohen").set_decision(APP_ID, Stage.DECLINED, "Not enough experience")
    panel.show_application(APP_ID)
    decision = panel.decision
    assert "Not enough experience" in decision.current.text()
    panel.focus_decision()
    decision.choose_stage(Stage.SCREENING)  # Alt+2
    with qtbot.wait_signal(panel.changed):
        qtbot.keyClick(decision.reason, Qt.Key.Key_Return)
    with cache.read_session() as session:
        saved = session.get_one(CachedDecision, APP_ID)
        assert (saved.stage, saved.reason, saved.decided_by_name) == ("screening", None, ME)
