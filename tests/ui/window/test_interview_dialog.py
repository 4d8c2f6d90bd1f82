"""Interview time…: a date, a time and an IANA zone; a zone that is none is refused."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime
from pytestqt.qtbot import QtBot

from reviewer_app.review.coordination_state import InterviewView
from reviewer_app.ui.window.interview_dialog import InterviewDialog


def test_the_time_is_kept_in_the_zone_chosen(qtbot: QtBot) -> None:
    dialog = InterviewDialog(None)
    qtbot.addWidget(dialog)
    dialog.when.setDateTime(QDateTime(QDate(2026, 12, 9), QTime(17, 30)))
    dialog.zone.setCurrentText("Asia/Jakarta")
    starts_at, zone = dialog.chosen()
    assert zone == "Asia/Jakarta"
    assert starts_at == datetime(2026, 12, 9, 17, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert not dialog.clear_button.isEnabled()  # nothing to clear yet


def test_a_zone_that_is_none_is_refused_with_a_reason(qtbot: QtBot) -> None:
    dialog = InterviewDialog(None)
    qtbot.addWidget(dialog)
    dialog.zone.setCurrentText("Mars/Olympus")
    dialog.buttons.accepted.emit()
    assert dialog.result() == 0 and "Mars/Olympus" in dialog.problem.text()


def test_an_interview_set_is_shown_and_can_be_cleared(qtbot: QtBot) -> None:
    at = datetime(2026, 12, 9, 9, 0, tzinfo=ZoneInfo("Europe/Lisbon"))
    dialog = InterviewDialog(InterviewView(at, "Europe/Lisbon", "Ana"))
    qtbot.addWidget(dialog)
    assert dialog.zone.currentText() == "Europe/Lisbon"
    assert dialog.when.dateTime().time() == QTime(9, 0)
    dialog.clear_button.click()
    assert dialog.chosen() == (None, None)
