"""The Reports window's charts: the pipeline's bars and applications per week.

pyqtgraph draws the bars and lines: it is small beside matplotlib, uses the Qt binding
already loaded (PySide6), and draws with Qt itself, so a chart follows the palette. It
is imported only by this module, which the Reports window imports once its first report
is shown (the tables first, then the charts): the main window starts without it.
Colours of stages and positions are the HTML file's (:mod:`reviewer_app.reports.svg`),
so the window and the file look alike.
"""

from __future__ import annotations

import pyqtgraph as pg  # type: ignore[import-untyped]
from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QColor, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from reviewer_app.reports.figures import PIPELINE_STAGES, STAGE_TITLES, Report, week_labels
from reviewer_app.reports.svg import SERIES_COLOURS, STAGE_COLOURS

pg.setConfigOptions(antialias=True)
# Pixels kept free on either side of a bar's name.
TICK_GAP = 6
# Pixels between the weekly chart's legend and the plot's top right corner.
LEGEND_OFFSET = 10


class _Chart(pg.PlotWidget):  # type: ignore[misc]
    """A static chart (no panning or zooming) in the palette's colours."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        self._ready = False  # pyqtgraph changes the palette while it builds the view
        super().__init__(parent=parent)
        self.setAccessibleName(title)
        self.setMinimumSize(QSize(280, 200))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        item = self.getPlotItem()
        item.setMouseEnabled(x=False, y=False)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.getViewBox().setMouseEnabled(x=False, y=False)
        self._title = title
        self.follow_palette()
        self._ready = True

    def follow_palette(self) -> None:
        """Takes the background, text and axes from the widget's palette."""
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        self.setBackground(palette.color(QPalette.ColorRole.Base))
        item = self.getPlotItem()
        item.setTitle(self._title, color=text.name())
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(palette.color(QPalette.ColorRole.PlaceholderText)))
            axis.setTextPen(pg.mkPen(text))
        self.text_colour = text

    def changeEvent(self, event: QEvent) -> None:
        """Recolours the chart when the palette changes (light to dark)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._ready:
            self.follow_palette()
            self.redraw()

    def redraw(self) -> None:
        """Draws the current figures again (after a palette change)."""


class PipelineChart(_Chart):
    """Applications per stage, one bar each in the stage's colour, the count above."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Applications per stage", parent)
        self._values: list[int] = []
        self.staggered: bool | None = None
        self._lay_out_ticks()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Staggers the stages' names when they no longer fit side by side."""
        super().resizeEvent(event)
        if hasattr(self, "staggered"):  # else pyqtgraph is still building the chart
            self._lay_out_ticks()

    def _lay_out_ticks(self) -> None:
        """Names each bar; every other name a line lower if a name is wider than a bar.

        "Screening Interview" ran into one another at a laptop's width (the window's
        right half, seven bars).
        """
        titles = [STAGE_TITLES[stage] for stage in PIPELINE_STAGES]
        axis = self.getPlotItem().getAxis("bottom")
        metrics = QFontMetrics(axis.font())
        widest = max(metrics.horizontalAdvance(title) for title in titles)
        room = self.getPlotItem().getViewBox().width() / len(titles)
        staggered = widest + 2 * TICK_GAP > room
        if staggered != self.staggered:
            self.staggered = staggered
            lower = "\n" if staggered else ""
            axis.setTicks([[(n, lower * (n % 2) + title) for n, title in enumerate(titles)]])
            # Two lines of names: the axis only makes room for one by itself.
            axis.setHeight(2 * metrics.lineSpacing() + 3 * TICK_GAP if staggered else None)

    def show_report(self, report: Report | None) -> None:
        """Shows the report's totals per stage."""
        self._values = [] if report is None else [report.stage_totals[s] for s in PIPELINE_STAGES]
        self.redraw()

    def redraw(self) -> None:
        """Draws the bars and their counts."""
        item = self.getPlotItem()
        item.clear()
        if not self._values:
            return
        bars = pg.BarGraphItem(
            x=list(range(len(self._values))),
            height=self._values,
            width=0.7,
            brushes=[QColor(STAGE_COLOURS[s]) for s in PIPELINE_STAGES],
            pen=pg.mkPen(None),
        )
        item.addItem(bars)
        top = max(max(self._values), 1)
        for number, value in enumerate(self._values):
            label = pg.TextItem(f"{value:,}", color=self.text_colour, anchor=(0.5, 1.0))
            label.setPos(number, value + top * 0.02)
            item.addItem(label)
        item.setXRange(-0.6, len(self._values) - 0.4, padding=0)
        item.setYRange(0, top * 1.15, padding=0)


class WeeklyChart(_Chart):
    """Applications submitted per week: one line per position with any, and a legend."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Applications per week", parent)
        self._report: Report | None = None
        self._peak: int | None = None
        self._legend = self.getPlotItem().addLegend(offset=(-LEGEND_OFFSET, LEGEND_OFFSET))
        self.getPlotItem().showGrid(y=True, alpha=0.2)  # as the HTML report's chart

    def show_report(self, report: Report | None) -> None:
        """Shows the report's weekly intake."""
        self._report = report
        self.redraw()

    def redraw(self) -> None:
        """Draws the lines, the week labels and the legend."""
        item = self.getPlotItem()
        item.clear()
        self._legend.clear()
        self._legend.setLabelTextColor(self.text_colour)
        base = QColor(self.palette().color(QPalette.ColorRole.Base))
        base.setAlpha(220)
        self._legend.setBrush(pg.mkBrush(base))
        report = self._report
        if report is None or not report.weekly.weeks:
            self._peak = None
            return
        weeks = report.weekly.weeks
        every = max(1, (len(weeks) + 7) // 8)  # at most 8 labels under the axis
        labels = week_labels(weeks)
        ticks = [(n, label) for n, label in enumerate(labels) if n % every == 0]
        item.getAxis("bottom").setTicks([ticks])
        xs = list(range(len(weeks)))
        single = "o" if len(xs) == 1 else None
        lines = report.weekly.lines()
        for name, counts, total, series in lines:
            if total:  # the line the eye should follow first
                colour, width = QColor(self.text_colour), 3.0
            else:  # thin beside the total
                colour, width = QColor(SERIES_COLOURS[series]), 2.5 if len(lines) == 1 else 1.5
            item.plot(
                xs, list(counts), pen=pg.mkPen(colour, width=width), symbol=single,
                symbolBrush=colour, name=name,
            )  # fmt: skip
        self._peak = max(max(report.weekly.totals, default=0), 1)
        self._fit_height()
        item.setXRange(-0.3, max(len(xs) - 1, 1) + 0.3, padding=0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keeps the lines below the legend at any height."""
        super().resizeEvent(event)
        if hasattr(self, "_peak"):  # else pyqtgraph is still building the chart
            self._fit_height()

    def _fit_height(self) -> None:
        """Leaves room above the highest week for the legend (it covered the total line)."""
        if self._peak is None:
            return
        view = self.getPlotItem().getViewBox().height()
        legend = self._legend.boundingRect().height() + 2 * LEGEND_OFFSET
        covered = min(legend / view, 0.6) if view > 0 else 0.0  # not laid out yet
        self.getPlotItem().setYRange(0, self._peak * 1.05 / (1 - covered), padding=0)


__all__ = ["PipelineChart", "WeeklyChart"]
