"""The Reports window's pickers: which days (a preset or two dates) and which position."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from reviewer_app.reports.figures import PositionTitle, ReportOptions

CUSTOM = "Custom"


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def range_presets(today: date) -> list[tuple[str, date | None, date | None]]:
    """The ranges offered by name, each (name, first day, last day); None: unbounded."""
    quarter = _quarter_start(today)
    last_quarter = _quarter_start(quarter - timedelta(days=1))
    return [
        ("All time", None, None),
        ("Last 30 days", today - timedelta(days=29), today),
        ("Last 90 days", today - timedelta(days=89), today),
        ("This quarter", quarter, today),
        ("Last quarter", last_quarter, quarter - timedelta(days=1)),
        ("This year", date(today.year, 1, 1), today),
        (CUSTOM, None, None),
    ]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ReportPickers(QWidget):
    """A range preset (or Custom with two dates) and a position ("All positions" first).

    Args:
        today: The day the presets count from (UTC).

    Signals:
        changed: The options the pickers describe changed.
    """

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presets = range_presets(today)
        self.range_combo = QComboBox(self)
        self.range_combo.setObjectName("reportRange")
        self.range_combo.setAccessibleName("Range")
        self.range_combo.setToolTip("Which applications: by the day they were submitted")
        for name, _start, _end in self._presets:
            self.range_combo.addItem(name)
        self._today = today
        self._default_start = today - timedelta(days=29)
        self.start_edit = QDateEdit(_qdate(self._default_start), self)
        self.end_edit = QDateEdit(_qdate(today), self)
        for edit, name in ((self.start_edit, "From"), (self.end_edit, "To")):
            edit.setSpecialValueText("—")  # shown at the minimum date: no bound
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self._on_dates)
        self.position_combo = QComboBox(self)
        self.position_combo.setObjectName("reportPosition")
        self.position_combo.setAccessibleName("Position")
        self.position_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.position_combo.addItem("All positions", None)
        self.range_combo.currentIndexChanged.connect(self._on_range)
        self.position_combo.currentIndexChanged.connect(self.changed)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for text, widget in (
            ("Submitted:", self.range_combo),
            ("from", self.start_edit),
            ("to", self.end_edit),
            ("Position:", self.position_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)
        self._on_range()

    def options(self, waiting_days: int) -> ReportOptions:
        """The report the pickers ask for."""
        name, start, end = self._presets[self.range_combo.currentIndex()]
        if name == CUSTOM:
            start, end = _date(self.start_edit.date()), _date(self.end_edit.date())
        return ReportOptions(
            start=start,
            end=end,
            position=self.position_combo.currentData(),
            waiting_days=waiting_days,
        )

    def set_positions(self, positions: Sequence[PositionTitle]) -> None:
        """Offers ``positions`` (the unmatched row is no position), keeping the chosen one."""
        items = [("All positions", None)] + [(p.title, p.slug) for p in positions if p.slug]
        shown = [
            (self.position_combo.itemText(i), self.position_combo.itemData(i))
            for i in range(self.position_combo.count())
        ]
        if items == shown:
            return
        chosen = self.position_combo.currentData()
        self.position_combo.blockSignals(True)
        self.position_combo.clear()
        for title, slug in items:
            self.position_combo.addItem(title, slug)
        self.position_combo.setCurrentIndex(max(self.position_combo.findData(chosen), 0))
        self.position_combo.blockSignals(False)

    def choose_position(self, slug: str | None) -> None:
        """Chooses a position by slug (None: all)."""
        self.position_combo.setCurrentIndex(max(self.position_combo.findData(slug), 0))

    def _on_range(self) -> None:
        """The dates show the range chosen (greyed, "—" for no bound); Custom starts there."""
        name, start, end = self._presets[self.range_combo.currentIndex()]
        custom = name == CUSTOM
        # The dates first, while the boxes are greyed: a box's change is said only when
        # enabled, and the options are said once, below.
        self.start_edit.setEnabled(False)
        self.end_edit.setEnabled(False)
        if custom:
            for edit, fallback in ((self.start_edit, self._default_start), (self.end_edit, None)):
                if edit.date() == edit.minimumDate():  # showing "—": no day to start from
                    edit.setDate(_qdate(fallback or self._today))
        else:
            self.start_edit.setDate(_qdate(start) if start else self.start_edit.minimumDate())
            self.end_edit.setDate(_qdate(end) if end else self.end_edit.minimumDate())
        self.start_edit.setEnabled(custom)
        self.end_edit.setEnabled(custom)
        self.changed.emit()

    def _on_dates(self) -> None:
        if self.start_edit.isEnabled():
            self.changed.emit()


__all__ = ["CUSTOM", "ReportPickers", "range_presets"]
