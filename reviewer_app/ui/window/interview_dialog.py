"""Interview time…: a date, a time and a time zone, and whether to save a calendar file.

The zone is an IANA name ("Europe/Lisbon"), the reviewer's own by default: an interview
between Lisbon and Jakarta is set once, in one zone, and each calendar shows it in its
own. Clear takes the time off.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from tzlocal import get_localzone_name

from reviewer_app.review.coordination_state import InterviewView
from reviewer_app.ui.times import full_time
from reviewer_app.ui.window.dialogs import DIALOG_CHARACTERS, wrapped_label


def local_zone_name() -> str:
    """The computer's IANA zone name ("Europe/Lisbon"), or "UTC" when it cannot be told."""
    try:
        name = get_localzone_name()
    except (OSError, ValueError, LookupError):  # an odd /etc/localtime, an unknown TZ
        return "UTC"
    return name or "UTC"


class InterviewDialog(QDialog):
    """Sets, changes or clears an applicant's interview time.

    Args:
        current: The interview set now, or None.
        parent: The window.
    """

    def __init__(self, current: InterviewView | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Interview time")
        self._cleared = False
        zone = current.timezone if current is not None else local_zone_name()
        self.when = QDateTimeEdit(self)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        if current is not None:
            local = current.starts_at.astimezone(_zone(zone))
            self.when.setDateTime(
                QDateTime(
                    QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)
                )
            )
        else:
            day = datetime.now() + timedelta(days=1)
            while day.weekday() >= 5:  # the next working day, not a Saturday or Sunday
                day += timedelta(days=1)
            self.when.setDateTime(QDateTime(QDate(day.year, day.month, day.day), QTime(17, 0)))
        self.zone = QComboBox(self)
        self.zone.setEditable(True)
        self.zone.addItems(sorted(available_timezones() | {"UTC"}))
        self.zone.setCurrentText(zone)
        self.calendar = QCheckBox("Save a &calendar file (.ics) for it", self)
        self.calendar.setChecked(True)
        self.problem = wrapped_label(self)
        self.problem.hide()
        intro = "No interview time set yet."
        if current is not None:
            intro = f"Now: {full_time(current.starts_at)} ({current.timezone})."
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.clear_button = QPushButton("C&lear the time", self)
        self.clear_button.setEnabled(current is not None)
        self.buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        self.clear_button.clicked.connect(self._clear)
        form = QFormLayout()
        form.addRow("&When:", self.when)
        form.addRow("Time &zone:", self.zone)
        form.addRow(
            "",
            wrapped_label(
                self,
                "The time is in this zone (yours by default); each calendar shows it in its own.",
            ),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped_label(self, intro))
        layout.addLayout(form)
        layout.addWidget(self.calendar)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * DIALOG_CHARACTERS)

    def chosen(self) -> tuple[datetime | None, str | None]:
        """The aware start and its zone name; (None, None) when cleared."""
        if self._cleared:
            return None, None
        zone_name = self.zone.currentText().strip()
        picked = self.when.dateTime()
        date, time = picked.date(), picked.time()
        naive = datetime(date.year(), date.month(), date.day(), time.hour(), time.minute())
        return naive.replace(tzinfo=_zone(zone_name)), zone_name

    def wants_calendar(self) -> bool:
        """Whether to save a calendar file once the time is set."""
        return self.calendar.isChecked()

    def _accept_if_valid(self) -> None:
        name = self.zone.currentText().strip()
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            self.problem.setText(f'"{name}" is not a time zone; choose one like Europe/Lisbon.')
            self.problem.show()
            return
        self.accept()

    def _clear(self) -> None:
        self._cleared = True
        self.accept()


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
