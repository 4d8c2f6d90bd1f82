"""Tests of reviewer_app/ui/review/decision_widget.py:

Stages chosen by their keys, the history behind a disclosure, times as the window says them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.review.state import DecisionView
from reviewer_app.ui.review.decision_widget import KEY_ROLE, DecisionWidget, decision_line
from reviewer_app.ui.times import full_time, short_time

WHEN = datetime(2026, 11, 3, 14, 2, tzinfo=UTC)
SCREENING = DecisionView(Stage.SCREENING, None, "Ana", WHEN)
INTERVIEW = DecisionView(Stage.INTERVIEW, "good call", "Bo", WHEN + timedelta(days=1))


def _widget(qtbot: QtBot) -> DecisionWidget:
    widget = DecisionWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()  # the focus moves only in an active window
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def test_choose_stage_sets_the_stage_and_focuses_the_reason_where_enter_saves(
    qtbot: QtBot,
) -> None:
    widget = _widget(qtbot)
    widget.choose_stage(Stage.ACCEPTED)
    assert widget.stage() is Stage.ACCEPTED
    assert widget.reason.hasFocus()
    with qtbot.wait_signal(widget.save_requested) as saved:
        qtbot.keyClick(widget.reason, Qt.Key.Key_Return)
    assert saved.args == [Stage.ACCEPTED, None]


def test_a_decline_chosen_by_key_waits_for_its_reason(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.choose_stage(Stage.DECLINED)
    assert widget.reason.hasFocus() and not widget.save_button.isEnabled()
    qtbot.keyClicks(widget.reason, "too few hours")
    with qtbot.wait_signal(widget.save_requested) as saved:
        qtbot.keyClick(widget.reason, Qt.Key.Key_Return)
    assert saved.args == [Stage.DECLINED, "too few hours"]


def test_the_stage_box_shows_each_stages_key(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    combo = widget.stage_combo
    keys = [combo.itemData(index, KEY_ROLE) for index in range(combo.count())]
    assert keys == [f"Alt+{number}" for number in range(1, 8)]
    accepted = combo.findData(Stage.ACCEPTED.value)
    assert combo.itemData(accepted, Qt.ItemDataRole.ToolTipRole) == "Accepted (Alt+4)"
    assert "Alt+4 Accepted" in combo.toolTip()
    # The list leaves room for the key beside the stage.
    wide = combo.fontMetrics().horizontalAdvance("Withdrawn    Alt+6")
    assert combo.view().minimumWidth() > wide
    option = QStyleOptionViewItem()
    option.initFrom(combo.view())
    delegate, index = combo.itemDelegate(), combo.model().index(accepted, 0)
    assert delegate.sizeHint(option, index).width() > combo.fontMetrics().horizontalAdvance(
        "Accepted    Alt+4"
    )


def test_the_history_is_folded_and_stays_open_for_the_session(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.show_decision(INTERVIEW, [INTERVIEW, SCREENING])
    toggle = widget.history_toggle
    assert toggle.isVisible() and toggle.text() == "History (2) ▸"
    assert widget.history_labels == []
    assert toggle.focusPolicy() & Qt.FocusPolicy.TabFocus
    toggle.setFocus()
    qtbot.keyClick(toggle, Qt.Key.Key_Space)
    assert toggle.text() == "History (2) ▾" and widget.history_shown
    assert [label.text() for label in widget.history_labels] == [
        decision_line(INTERVIEW),
        decision_line(SCREENING),
    ]
    assert all(label.isVisible() for label in widget.history_labels)
    # Another applicant: still open.
    widget.show_decision(SCREENING, [SCREENING])
    assert toggle.text() == "History (1) ▾"
    assert [label.text() for label in widget.history_labels] == [decision_line(SCREENING)]
    widget.show_decision(None, [])
    assert not toggle.isVisible() and widget.history_shown
    widget.show_decision(INTERVIEW, [INTERVIEW])
    toggle.click()
    assert toggle.text() == "History (1) ▸" and widget.history_labels == []


def test_decisions_say_their_time_briefly_and_in_full_on_hover(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    assert (
        decision_line(INTERVIEW)
        == f"Interview — good call · Bo · {short_time(INTERVIEW.decided_at)}"
    )
    widget.show_decision(INTERVIEW, [INTERVIEW])
    assert widget.current.toolTip() == f"Decided {full_time(INTERVIEW.decided_at)}"
    widget.history_toggle.click()
    assert widget.history_labels[0].toolTip() == f"Decided {full_time(INTERVIEW.decided_at)}"
    recent = DecisionView(Stage.ACCEPTED, None, "Ana", datetime.now(UTC) - timedelta(minutes=3))
    assert decision_line(recent) == "Accepted · Ana · 3 min ago"
