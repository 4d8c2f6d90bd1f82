"""Five applicants triaged with the keyboard alone (issue 5), checked in cache and outbox.

One of them is declined with a reason typed; triage goes on with J after it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    CachedDecision,
    CachedNote,
    CachedRequirementCheck,
    OutboxOperation,
)
from reviewer_app.domain.vocabulary import CheckResult, Stage
from reviewer_app.review.actions import SAVE_NOTE, SET_CHECK, SET_DECISION
from reviewer_app.ui.list.applicant_labels import DRAFT_MARK, NAME
from reviewer_app.ui.review.check_row import CheckRow
from reviewer_app.ui.window.main_window import MainWindow

REVIEWER = "Test Reviewer"  # as in conftest.py
CTRL = Qt.KeyboardModifier.ControlModifier
# Met, Not met, Unsure, Met, ... for the checks of each applicant in turn.
KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3)
RESULTS = (CheckResult.MET, CheckResult.NOT_MET, CheckResult.UNSURE)
DECLINE_REASON = "Too few hours"


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def _key(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Presses a key in the focused widget, then waits as a reviewer would between keys.

    Until what the key asked for (a read, a write on the database worker) has arrived.
    """
    qtbot.keyClick(_focused(), key, modifier)
    QApplication.processEvents()
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    qtbot.waitUntil(lambda: all(window.idle for window in windows), timeout=10_000)


def test_five_applicants_triaged_with_the_keyboard_alone(
    qtbot: QtBot, window: MainWindow, demo_cache: LocalCache
) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    table = window.applicant_list.table
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)  # Go → Applicant list
    assert table.hasFocus()
    triaged: dict[str, list[CheckResult]] = {}
    stages: dict[str, Stage] = {}
    while len(triaged) < 5:
        # J passes over unmatched applications: there is nothing to check in them.
        if triaged:
            _key(qtbot, Qt.Key.Key_J)
        else:
            _key(qtbot, Qt.Key.Key_Return)  # Enter on the first row: to its checks
        while window.review_panel.checks.rows == []:
            _key(qtbot, Qt.Key.Key_J)
        current = window.current_id()
        assert current is not None and current not in triaged
        # No Ctrl+R: J (or Enter) put the focus on the first check not recorded.
        rows = window.review_panel.checks.rows
        assert isinstance(_focused(), CheckRow) and _focused() is rows[0]
        results = []
        for number, _row in enumerate(rows):
            _key(qtbot, KEYS[number % 3])  # records it, and moves to the next check
            results.append(RESULTS[number % 3])
        triaged[current] = results
        if len(triaged) == 2:
            _key(qtbot, Qt.Key.Key_L, CTRL)  # N works from the list too
        before = _focused()
        _key(qtbot, Qt.Key.Key_N)  # a new note, from wherever the focus is
        assert _focused() is window.review_panel.notes.editor
        qtbot.keyClicks(_focused(), f"Keyboard note {len(triaged)}")
        _key(qtbot, Qt.Key.Key_Return, CTRL)
        assert not window.review_panel.notes.is_editing
        assert _focused() is before  # back where the note was started
        decision = window.review_panel.decision
        # Absolute stage keys: Alt+2 Screening, Alt+3 Interview (for one already in
        # screening: an unchanged one is no change), Alt+5 Declined for the fourth,
        # which needs a reason typed. The focus is in the reason; Enter saves.
        stage = Stage.INTERVIEW if decision.stage() == Stage.SCREENING else Stage.SCREENING
        if len(triaged) == 4:
            stage = Stage.DECLINED
        number = list(Stage).index(stage) + 1
        _key(qtbot, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.AltModifier)
        assert decision.stage() == stage
        assert _focused() is decision.reason
        if stage == Stage.DECLINED:
            qtbot.keyClicks(_focused(), DECLINE_REASON)
        _key(qtbot, Qt.Key.Key_Return)
        stages[current] = stage
        assert window.current_id() == current
        # Saved: back where the reviewer was, so that J goes on to the next applicant.
        assert _focused() is before
        assert decision.reason.text() == (DECLINE_REASON if stage == Stage.DECLINED else "")

    with demo_cache.read_session() as session:
        for application_id, results in triaged.items():
            checks = session.scalars(
                select(CachedRequirementCheck)
                .where(CachedRequirementCheck.application_id == application_id)
                .where(CachedRequirementCheck.reviewer_name == REVIEWER)
            ).all()
            assert sorted(c.result for c in checks) == sorted(results)
            notes = session.scalars(
                select(CachedNote.body).where(CachedNote.application_id == application_id)
            ).all()
            assert any(body.startswith("Keyboard note") for body in notes)
            decision = session.get(CachedDecision, application_id)
            assert decision is not None and decision.stage == stages[application_id]
            declined = decision.stage == Stage.DECLINED
            assert decision.reason == (DECLINE_REASON if declined else None)
        outbox = session.execute(select(OutboxOperation.application_id, OutboxOperation.kind)).all()
    for application_id, results in triaged.items():
        kinds = [kind for app_id, kind in outbox if app_id == application_id]
        assert kinds.count(SET_CHECK) == len(results)
        assert kinds.count(SAVE_NOTE) == 1
        assert kinds.count(SET_DECISION) == 1


def test_a_half_written_note_survives_j_k_a_filter_and_closing_the_window(
    qtbot: QtBot, make_window: Callable[..., MainWindow], demo_cache: LocalCache
) -> None:
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    table = window.applicant_list.table
    _key(qtbot, Qt.Key.Key_L, CTRL)
    first = window.current_id()
    assert first is not None
    _key(qtbot, Qt.Key.Key_N)
    qtbot.keyClicks(_focused(), "Half a note")
    _key(qtbot, Qt.Key.Key_L, CTRL)  # back to the list: J and K move again
    _key(qtbot, Qt.Key.Key_J)
    notes = window.review_panel.notes
    assert window.current_id() != first
    assert not notes.is_editing  # the next applicant has no draft
    _key(qtbot, Qt.Key.Key_K)
    assert window.current_id() == first
    assert notes.is_editing and notes.editor.toPlainText() == "Half a note"
    # The draft came back without taking the keys: they are on the first open check.
    assert not notes.editor.hasFocus()
    assert isinstance(_focused(), CheckRow) or table.hasFocus()
    first_row = window.applicant_list.model.row_of(first)
    assert window.applicant_list.model.data(
        window.applicant_list.model.index(first_row, NAME)
    ).startswith(DRAFT_MARK)

    # A filter that leaves the applicant out, then the one that finds drafts.
    window.applicant_list.toggles["unmatched"].setChecked(True)
    qtbot.waitUntil(lambda: window.idle, timeout=10_000)
    assert window.current_id() != first
    window.applicant_list.toggles["unmatched"].setChecked(False)
    window.applicant_list.toggles["drafts"].setChecked(True)
    qtbot.waitUntil(lambda: window.idle, timeout=10_000)
    assert list(window.applicant_list.model.ids) == [first]
    assert window.current_id() == first
    assert notes.editor.toPlainText() == "Half a note"

    qtbot.keyClicks(notes.editor, ", and more")  # typed just before closing
    window.close()
    again = make_window()
    again.applicant_list.select(first)
    qtbot.waitUntil(lambda: again.idle, timeout=10_000)
    assert again.review_panel.notes.editor.toPlainText() == "Half a note, and more"
