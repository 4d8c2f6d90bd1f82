"""The Reports window's funnel, drawn with QPainter (no charting library), so that it is
shown with the first report, before the charts' library is loaded."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QWidget

from reviewer_app.reports.figures import FUNNEL_TITLES, FunnelStep, Report
from reviewer_app.reports.html import funnel_lines, percent
from reviewer_app.reports.svg import SERIES_COLOURS


class FunnelView(QWidget):
    """The funnel: a centred bar per step, narrower as fewer applications reach it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Funnel")
        self.setMinimumHeight(4 * 30 + 8)
        self._steps: Sequence[FunnelStep] = ()

    def show_report(self, report: Report | None) -> None:
        """Shows the report's funnel."""
        self._steps = () if report is None else report.funnel
        self.setToolTip(
            "\n".join(
                f"{FUNNEL_TITLES[s.step]}: {s.count:,} ({percent(s.of_submitted)} of submitted)"
                for s in self._steps
            )
        )
        self.update()

    def lines(self) -> list[str]:
        """Each step as drawn: "Interview: 2 (33% of first review)"."""
        return funnel_lines(self._steps)

    def paintEvent(self, _event: object) -> None:
        """Draws each step's bar with its text on the left."""
        if not self._steps:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(line) for line in self.lines())
        label_w = min(widest + 8, self.width() * 3 // 5)
        bar_space = self.width() - label_w - 12
        row_h = max(24, (self.height() - 8) // len(self._steps))
        first = max(self._steps[0].count, 1)
        for number, (step, text) in enumerate(zip(self._steps, self.lines(), strict=True)):
            top = 4 + number * row_h
            width = bar_space * step.count / first
            colour = QColor(SERIES_COLOURS[0])
            colour.setAlphaF(1.0 - number * 0.18)
            painter.fillRect(
                QRectF(label_w + 8 + (bar_space - width) / 2, top, width, row_h - 6), colour
            )
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(
                QRectF(0, top, label_w, row_h - 6),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
        painter.end()


__all__ = ["FunnelView"]
