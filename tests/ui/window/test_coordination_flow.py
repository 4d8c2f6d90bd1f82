"""Review → the team's actions over the list's selection, through the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from reviewer_app.applicants.coordination_rows import count_assigned_to
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedDecision, OutboxOperation
from reviewer_app.domain.vocabulary import NoteKind, Stage
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.window import coordination_flow
from reviewer_app.ui.window.bulk_dialogs import StageDialog, applications
from reviewer_app.ui.window.contact_dialog import ContactDialog
from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.conftest import REVIEWER, wait_settled

CTRL = Qt.KeyboardModifier.ControlModifier


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _press(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(_focused(), key, modifier)
    QApplication.processEvents()
    wait_settled(qtbot, window)


def _unmatched_selected(qtbot: QtBot, window: MainWindow) -> list[str]:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    listing = window.applicant_list
    listing.toggles["unmatched"].setChecked(True)
    wait_settled(qtbot, window)
    listing.table.setFocus()
    _press(qtbot, window, Qt.Key.Key_A, CTRL)
    ids = listing.table.selected_ids()
    assert len(ids) == listing.model.rowCount() > 1
    return ids


def test_one_decline_for_the_whole_selection_undoes_in_one_step(
    qtbot: QtBot, window: MainWindow, demo_cache: LocalCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _unmatched_selected(qtbot, window)

    def answer(dialog: StageDialog) -> int:
        dialog.choose(Stage.DECLINED)
        dialog.reason.setText("Not a position we have")
        return 1

    monkeypatch.setattr(StageDialog, "exec", answer)
    window.menus.actions_by_name["bulk_stage"].trigger()
    wait_settled(qtbot, window)
    with demo_cache.read_session() as session:
        stages = session.scalars(
            select(CachedDecision.stage).where(CachedDecision.application_id.in_(ids))
        ).all()
        operations = session.scalar(
            select(func.count())
            .select_from(OutboxOperation)
            .where(OutboxOperation.application_id.in_(ids))
        )
    assert stages == [Stage.DECLINED] * len(ids)
    assert operations == len(ids)
    assert window.edit.undo_action.text().startswith("&Undo: Decision Declined")
    window.edit.undo()
    wait_settled(qtbot, window)
    with demo_cache.read_session() as session:
        left = session.scalars(
            select(CachedDecision.stage).where(CachedDecision.application_id.in_(ids))
        ).all()
    assert Stage.DECLINED not in left


def test_a_assigns_the_selection_to_me_and_the_filter_finds_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    ids = _unmatched_selected(qtbot, window)
    _press(qtbot, window, Qt.Key.Key_A)
    listing = window.applicant_list
    listing.toggles["unmatched"].setChecked(False)
    listing.toggles["assigned_to_me"].setChecked(True)
    wait_settled(qtbot, window)
    assert sorted(listing.model.ids) == sorted(ids)
    assert "Assigned: you" in window.review_panel.subtitle.text()


def test_a_after_moving_with_ctrl_assigns_the_applicant_shown_and_names_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    # Ctrl+Down moved the panels on and left the row before selected: A assigned it.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    listing = window.applicant_list
    listing.table.setFocus()
    wait_settled(qtbot, window)
    _press(qtbot, window, Qt.Key.Key_Down, CTRL)
    shown = window.current_id()
    row = listing.model.row_of(shown or "")
    name = listing.model.data(listing.model.index(row, 0))
    _press(qtbot, window, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: f"Assigned to you: {name}." in window.statusBar().currentMessage())
    listing.toggles["assigned_to_me"].setChecked(True)
    wait_settled(qtbot, window)
    assert listing.model.ids == [shown]


def test_a_on_applicants_partly_mine_says_how_many_were_already(
    qtbot: QtBot, window: MainWindow, demo_cache: LocalCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _unmatched_selected(qtbot, window)
    ReviewService(demo_cache, REVIEWER).assign(ids[:1], [REVIEWER])
    _press(qtbot, window, Qt.Key.Key_A)
    said = f"Assigned to you: {applications(len(ids) - 1)} (1 already yours)."
    qtbot.waitUntil(lambda: said in window.statusBar().currentMessage())
    # Every one yours now: A again takes you off them, as for one applicant, but asks
    # first whatever their number (A pressed twice to be sure undid the first press).
    asked: list[tuple[int, str]] = []
    answer = [False]

    def confirm(_parent: object, count: int, what: str, over: int = 20) -> bool:
        assert over == 1
        asked.append((count, what))
        return answer[0]

    monkeypatch.setattr(coordination_flow, "confirmed", confirm)
    _press(qtbot, window, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: bool(asked))
    assert asked == [(len(ids), "Unassign yourself")]
    with demo_cache.read_session() as session:
        assert count_assigned_to(session, ids, REVIEWER) == len(ids)  # cancelled
    answer[0] = True
    _press(qtbot, window, Qt.Key.Key_A)
    unassigned = f"No longer assigned to you: {applications(len(ids))}."
    qtbot.waitUntil(lambda: unassigned in window.statusBar().currentMessage())
    with demo_cache.read_session() as session:
        assert count_assigned_to(session, ids, REVIEWER) == 0


def test_e_opens_the_message_for_the_applicant_and_records_the_contact(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.applicant_list.table.setFocus()
    opened: list[ContactDialog] = []
    monkeypatch.setattr(ContactDialog, "open", lambda self: opened.append(self))
    _press(qtbot, window, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: bool(opened))
    dialog = opened[0]
    assert dialog.composed is not None and dialog.composed.template == "acknowledgement"
    name = window.review_panel.title.text().split()[0]
    assert f"Hi {name}," in dialog.body.toPlainText()
    dialog.copy_button.click()  # as the reviewer would: then the contact is recorded
    wait_settled(qtbot, window)
    qtbot.waitUntil(
        lambda: window.review_panel.state is not None and bool(window.review_panel.state.contacts)
    )
    contact = window.review_panel.state.contacts[0]  # type: ignore[union-attr]
    assert (contact.template_slug, contact.reviewer_name) == ("acknowledgement", REVIEWER)


def test_i_opens_an_interview_note_with_the_questions(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.applicant_list.table.setFocus()
    _press(qtbot, window, Qt.Key.Key_I)
    notes = window.review_panel.notes
    assert notes.is_editing
    assert notes.kind_combo.currentData() in (NoteKind.INTERVIEW, NoteKind.INTERVIEW.value)
    assert "?" in notes.editor.toPlainText()  # the questions, as headings to answer under
    # The cursor waits below the first question (it was after the last, the first out
    # of view on a small screen).
    text = notes.editor.toPlainText()
    before = text[: notes.editor.textCursor().position()]
    assert before.count("\n## ") == 1 and before.endswith("?\n")


def test_export_the_selection_names_it_as_its_scope(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _unmatched_selected(qtbot, window)
    started: list[tuple[list[str], str]] = []
    monkeypatch.setattr(
        window.export_flow,
        "start",
        lambda chosen, *, include_identity, as_of, scope: started.append((list(chosen), scope)),
    )
    window.menus.actions_by_name["export_selection"].trigger()
    assert started == [(ids, "the &selection")]


def test_the_list_shows_assignees_and_the_interview_when_there_is_room(
    qtbot: QtBot, window: MainWindow, demo_cache: LocalCache
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from reviewer_app.ui.list.applicant_labels import ASSIGNED, INTERVIEW

    first = window.applicant_list.model.ids[0]
    review = ReviewService(demo_cache, REVIEWER)
    review.assign([first], [REVIEWER])
    at = datetime(2026, 12, 9, 17, 0, tzinfo=ZoneInfo("Europe/Lisbon"))
    review.set_interview(first, at, "Europe/Lisbon")
    window.resize(1900, 900)
    window.reload()
    wait_settled(qtbot, window)
    table = window.applicant_list.table
    model = window.applicant_list.model
    assert not table.isColumnHidden(ASSIGNED) and not table.isColumnHidden(INTERVIEW)
    assert model.index(0, ASSIGNED).data() == REVIEWER
    assert model.index(0, INTERVIEW).data()
    assert "Europe/Lisbon" in model.index(0, INTERVIEW).data(Qt.ItemDataRole.ToolTipRole)
    assert "Interview:" in window.review_panel.subtitle.text()
