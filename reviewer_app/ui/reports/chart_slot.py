"""Where a chart of the Reports window goes before the charting library is loaded."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ChartSlot(QWidget):
    """Where a chart goes: a short text until the charting library is loaded."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.placeholder: QLabel | None = QLabel(f"{title}: drawing the chart…", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.placeholder)

    def put(self, chart: QWidget) -> None:
        """Shows ``chart`` in place of the text."""
        if self.placeholder is not None:
            self._layout.removeWidget(self.placeholder)
            self.placeholder.deleteLater()
            self.placeholder = None
        self._layout.addWidget(chart)


__all__ = ["ChartSlot"]
