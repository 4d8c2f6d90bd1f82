"""Tests of reviewer_app/ui/review/check_row.py:

One check, which asks for changes and shows them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.positions.checks import Check
from reviewer_app.review.state import CheckVerdict
from reviewer_app.ui.review.check_row import CheckRow


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
