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
from reviewer_app.ui.review.decision_widget import DecisionWidget, already_text, decision_line
from reviewer_app.ui.review.stage_box import KEY_ROLE
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


DECLINED = DecisionView(Stage.DECLINED, "Not enough experience", "Dana Cohen", WHEN)


def test_another_stage_by_key_starts_with_an_empty_reason_not_the_decisions(
    qtbot: QtBot,
) -> None:
    widget = _widget(qtbot)
    widget.show_decision(DECLINED, [DECLINED])
    widget.choose_stage(Stage.SCREENING)
    assert widget.reason.hasFocus() and widget.reason.text() == ""
    with qtbot.wait_signal(widget.save_requested) as saved:
        qtbot.keyClick(widget.reason, Qt.Key.Key_Return)
    assert saved.args == [Stage.SCREENING, None]


def test_a_decline_by_key_over_a_reasoned_decision_waits_for_its_own_reason(
    qtbot: QtBot,
) -> None:
    widget = _widget(qtbot)
    widget.show_decision(INTERVIEW, [INTERVIEW])
    widget.choose_stage(Stage.DECLINED)
    assert widget.reason.text() == ""
    assert widget.message.isVisible() and not widget.save_button.isEnabled()
    with qtbot.assert_not_emitted(widget.save_requested):
        qtbot.keyClick(widget.reason, Qt.Key.Key_Return)


def test_the_decisions_own_stage_by_key_shows_its_reason_selected(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.show_decision(DECLINED, [DECLINED])
    widget.choose_stage(Stage.SCREENING)
    widget.choose_stage(Stage.DECLINED)
    assert widget.reason.text() == "Not enough experience"
    assert widget.reason.selectedText() == "Not enough experience"
    assert not widget.has_draft()


def test_a_reason_typed_is_kept_for_its_own_stage_only(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.show_decision(DECLINED, [DECLINED])
    widget.restore_draft(Stage.SCREENING, "Strong portfolio")  # a draft of mine, back
    widget.choose_stage(Stage.SCREENING)
    assert widget.reason.text() == "Strong portfolio"
    assert widget.reason.selectedText() == ""  # a stray key does not replace it
    with qtbot.wait_signal(widget.save_requested) as saved:
        qtbot.keyClick(widget.reason, Qt.Key.Key_Return)
    assert saved.args == [Stage.SCREENING, "Strong portfolio"]
    widget.save_finished()
    widget.choose_stage(Stage.INTERVIEW)  # another stage: its own reason, none yet
    assert widget.reason.text() == ""


def test_another_stage_in_the_box_leaves_the_decisions_reason_behind(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.show_decision(DECLINED, [DECLINED])
    combo = widget.stage_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Withdrawn
    assert widget.stage() is Stage.WITHDRAWN and widget.reason.text() == ""
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # back: the decision as it is
    assert widget.reason.text() == "Not enough experience" and not widget.has_draft()
    widget.reason.setText("typed first")
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert widget.reason.text() == "typed first"  # the reviewer's own words go along


def test_enter_on_the_decision_as_it_is_confirms_it(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.show_decision(SCREENING, [SCREENING])
    widget.choose_stage(Stage.SCREENING)
    with (
        qtbot.wait_signal(widget.confirmed) as confirmed,
        qtbot.assert_not_emitted(widget.save_requested),
    ):
        qtbot.keyClick(widget.reason, Qt.Key.Key_Return)
    assert confirmed.args == [Stage.SCREENING]
    assert already_text(Stage.SCREENING) == "Already at Screening"
    widget.choose_stage(Stage.DECLINED)  # a reason is needed: nothing to confirm
    with qtbot.assert_not_emitted(widget.confirmed):
        qtbot.keyClick(widget.reason, Qt.Key.Key_Return)
