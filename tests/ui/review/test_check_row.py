"""Tests of reviewer_app/ui/review/check_row.py:

One check, which asks for changes and shows them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewer_app.config.paths import resources_dir
from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.positions.checks import Check
from reviewer_app.review.state import CheckVerdict
from reviewer_app.ui.review.check_row import CheckRow
from reviewer_app.ui.window.appearance import style_sheet


def _row(qtbot: QtBot) -> CheckRow:
    row = CheckRow(Check(key="python", label="Python", kind="skill", text="Python, please"))
    qtbot.addWidget(row)
    row.show()
    row.activateWindow()  # the focus moves only in an active window
    qtbot.waitUntil(row.isActiveWindow)
    row.setFocus()
    qtbot.waitUntil(row.hasFocus)
    return row


def _verdict(result: CheckResult, comment: str) -> CheckVerdict:
    return CheckVerdict("Test Reviewer", result, comment, datetime(2026, 1, 1, tzinfo=UTC))


def test_a_key_asks_to_move_on_and_a_click_does_not(qtbot: QtBot) -> None:
    row = _row(qtbot)
    asked: list[tuple[str, CheckResult, bool]] = []
    row.result_requested.connect(lambda key, result, by_key: asked.append((key, result, by_key)))
    qtbot.keyClick(row, Qt.Key.Key_2)
    qtbot.mouseClick(row.buttons.buttons()[2], Qt.MouseButton.LeftButton)
    assert asked == [("python", CheckResult.NOT_MET, True), ("python", CheckResult.UNSURE, False)]
    assert row.result is None  # only asked for: the row shows what it is handed back


def test_esc_in_the_comment_puts_back_the_recorded_one(qtbot: QtBot) -> None:
    row = _row(qtbot)
    assert not row.comment.isEnabled()  # no result yet: nothing to attach it to
    row.set_verdict(_verdict(CheckResult.MET, "Tested code"))
    asked: list[tuple[str, str]] = []
    row.comment_requested.connect(lambda key, comment: asked.append((key, comment)))
    qtbot.keyClick(row, Qt.Key.Key_C)
    assert row.comment.hasFocus()
    qtbot.keyClicks(row.comment, " and more")
    qtbot.keyClick(row.comment, Qt.Key.Key_Escape)
    assert row.comment.text() == "Tested code"
    assert row.hasFocus()
    assert asked == []


def test_zero_and_the_clear_button_ask_to_clear_my_result(qtbot: QtBot) -> None:
    row = _row(qtbot)
    asked: list[str] = []
    row.clear_requested.connect(asked.append)
    assert row.clear_button.isHidden()  # nothing of mine to clear
    qtbot.keyClick(row, Qt.Key.Key_0)
    assert asked == []
    row.set_verdict(_verdict(CheckResult.NOT_MET, ""))
    assert not row.clear_button.isHidden()
    assert row.clear_button.accessibleName() == "Clear my result on Python"
    qtbot.keyClick(row, Qt.Key.Key_0)
    qtbot.mouseClick(row.clear_button, Qt.MouseButton.LeftButton)
    assert asked == ["python", "python"]
    assert row.hasFocus()  # the keys go on working on the row
    row.set_verdict(None)  # cleared: the row shows "not checked"
    assert row.clear_button.isHidden()
    assert not any(button.isChecked() for button in row.buttons.buttons())


def test_esc_in_a_changed_comment_says_what_it_discarded(qtbot: QtBot) -> None:
    row = _row(qtbot)
    row.set_verdict(_verdict(CheckResult.MET, "Tested code"))
    discarded: list[tuple[str, str]] = []
    row.comment_discarded.connect(lambda key, typed: discarded.append((key, typed)))
    qtbot.keyClick(row, Qt.Key.Key_C)
    qtbot.keyClick(row.comment, Qt.Key.Key_Escape)  # nothing typed: nothing discarded
    qtbot.keyClick(row, Qt.Key.Key_C)
    qtbot.keyClicks(row.comment, "Ran it")  # C selects the comment: typing replaces it
    qtbot.keyClick(row.comment, Qt.Key.Key_Escape)
    assert discarded == [("python", "Ran it")]
    assert row.comment.text() == "Tested code"


def test_others_results_are_shown_as_the_state_gives_them(qtbot: QtBot) -> None:
    row = _row(qtbot)
    others = (
        CheckVerdict("Ana", CheckResult.MET, "seen", datetime(2026, 1, 1, tzinfo=UTC)),
        CheckVerdict("Bo", CheckResult.NOT_MET, "", datetime(2026, 1, 1, tzinfo=UTC)),
    )
    row.set_others(others)  # independent review hides them in the state, not here
    assert not row.others.isHidden()
    assert row.others.text() == "Others: Ana ✓, Bo ✗"
    assert "Ana: Met — seen" in row.others.toolTip()
    row.set_others(())
    assert row.others.isHidden()


def test_each_result_has_its_icon_word_and_own_chosen_colour(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    previous = app.styleSheet()
    app.setStyleSheet(style_sheet(resources_dir()))
    try:
        row = _row(qtbot)
        buttons = row.buttons.buttons()
        assert [b.text() for b in buttons] == ["✓ Met", "✗ Not met", "? Unsure"]
        widths = {b.width() for b in buttons}
        unchosen = buttons[0].grab().toImage().pixelColor(4, buttons[0].height() // 2)
        fills = []
        for result, button in zip(CheckResult, buttons, strict=True):
            row.set_verdict(_verdict(result, ""))
            qtbot.wait(1)
            assert button.isChecked() and button.width() in widths  # no jump in width
            fills.append(button.grab().toImage().pixelColor(4, button.height() // 2).name())
        assert len(set(fills)) == 3  # a colour of its own each
        assert unchosen.name() not in fills  # and none of them the unchosen look
        assert {b.width() for b in buttons} == widths and len(widths) == 1
        bold = QFont(buttons[0].font())
        bold.setBold(True)
        widest = max(QFontMetrics(bold).horizontalAdvance(b.text()) for b in buttons)
        assert widest + 2 * (2 + 2) <= widths.pop()  # bold text, padding, border: it fits
    finally:
        app.setStyleSheet(previous)
