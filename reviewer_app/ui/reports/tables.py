"""The Reports window's tables as item models: the pipeline, and plain rows of figures.

The pipeline's cells say what a click on them shows in the main list: a position
(None: every position), a stage (None: every stage) and whether it is the unmatched row.
A figure is never cut: its column is as wide as its widest figure, and when room is
short the titles (positions, names) are elided instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QWidget

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.reports.figures import PIPELINE_STAGES, STAGE_TITLES, Report

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_FIGURE_CHARACTERS = frozenset("0123456789,.-%—")

TITLE_CHARACTERS = 12
"""Average characters a position's title keeps when the figures need the room."""


def figure_text(value: object) -> str:
    """A value as a table shows it: counts with thousands separators, None as a dash."""
    if value is None:
        return "—"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def is_figure(text: str) -> bool:
    """Whether ``text`` is a figure (a count, days, a percentage, a date): never cut."""
    return bool(text) and set(text) <= _FIGURE_CHARACTERS


@dataclass(frozen=True)
class PipelineCell:
    """What a pipeline cell counts: a position slug and a stage, None for all of either.

    Attributes:
        unmatched: The cell is on the row of applications linked to no position.
    """

    slug: str | None
    stage: Stage | None
    unmatched: bool = False


class PipelineModel(QAbstractTableModel):
    """Positions (rows, then a Total row) by stage (columns, then a Total column)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._report: Report | None = None

    def show_report(self, report: Report | None) -> None:
        """Shows ``report``'s pipeline (None: empty)."""
        self.beginResetModel()
        self._report = report
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Positions and the Total row."""
        if parent.isValid() or self._report is None:
            return 0
        return len(self._report.pipeline) + 1

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """The stages and the Total column."""
        return 0 if parent.isValid() else len(PIPELINE_STAGES) + 1

    def cell(self, index: _Index) -> PipelineCell | None:
        """What the cell at ``index`` counts (None: no such cell)."""
        report = self._report
        if report is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        stage = PIPELINE_STAGES[column] if column < len(PIPELINE_STAGES) else None
        if row >= len(report.pipeline):
            return PipelineCell(None, stage)
        position = report.pipeline[row].position
        return PipelineCell(position.slug, stage, unmatched=position.slug is None)

    def count(self, row: int, column: int) -> int:
        """The number in a cell."""
        assert self._report is not None
        report = self._report
        if row < len(report.pipeline):
            counts, total = report.pipeline[row].counts, report.pipeline[row].total
        else:
            counts, total = report.stage_totals, report.total
        return counts[PIPELINE_STAGES[column]] if column < len(PIPELINE_STAGES) else total

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The count; totals in bold; a tooltip saying what a click shows."""
        if self._report is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        total = row >= len(self._report.pipeline) or column >= len(PIPELINE_STAGES)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return figure_text(self.count(row, column))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Click to show these applications in the main list"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Stage titles across, position titles down."""
        if role != Qt.ItemDataRole.DisplayRole or self._report is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return (
                STAGE_TITLES[PIPELINE_STAGES[section]]
                if section < len(PIPELINE_STAGES)
                else "Total"
            )
        pipeline = self._report.pipeline
        return pipeline[section].position.title if section < len(pipeline) else "Total"


class RowsModel(QAbstractTableModel):
    """Rows of text and numbers under fixed headers (numbers right-aligned).

    Args:
        headers: The column titles.
        tips: A tooltip per column saying what it counts ("" for none).
    """

    def __init__(
        self, headers: Sequence[str], tips: Sequence[str] = (), parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._tips = list(tips) or [""] * len(headers)
        self._rows: list[Sequence[object]] = []

    def set_rows(self, rows: Sequence[Sequence[object]]) -> None:
        """Shows ``rows`` instead of the current ones."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> Sequence[object]:
        """The values of one row."""
        return self._rows[number]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """How many rows."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """How many columns."""
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The value as text; numbers right-aligned."""
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return figure_text(value)
        numeric = isinstance(value, int | float) or (isinstance(value, str) and value[-1:] == "%")
        if role == Qt.ItemDataRole.TextAlignmentRole and (numeric or value is None):
            return _RIGHT
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The column titles, with their tooltips."""
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[section] or None
        return None


def cell_padding(view: QTableView) -> int:
    """The room a cell leaves beside its text: the delegate's two margins and the grid line."""
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return 2 * margin + int(view.showGrid())


def text_width(font: QFont, text: str) -> int:
    """``text``'s width in ``font``, rounded up (the delegate elides a fraction over)."""
    return math.ceil(QFontMetricsF(font).horizontalAdvance(text))


class FiguresView(QTableView):
    """A table whose figures' columns fit their widest figure; the titles take the rest."""

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """Shows ``model`` and fits the columns again whenever its rows change."""
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.layoutChanged, model.dataChanged):
                signal.connect(self.fit_columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fits the columns to the new width."""
        super().resizeEvent(event)
        self.fit_columns()

    def figure_columns(self) -> list[int]:
        """The columns whose every cell is a figure (the pipeline's are all figures)."""
        model = self.model()
        if isinstance(model, PipelineModel):
            return list(range(model.columnCount()))
        columns = []
        for column in range(model.columnCount()):
            texts = {model.index(row, column).data() for row in range(model.rowCount())}
            if texts and all(is_figure(text) for text in texts):
                columns.append(column)
        return columns

    def figure_width(self, column: int) -> int:
        """The width ``column`` needs for its title and its widest figure, in its font."""
        model, header = self.model(), self.horizontalHeader()
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        # A title of two lines ("Median days\nto review") is as wide as its wider line.
        widest = max(text_width(header.font(), line) for line in title.split("\n")) + 2 * margin
        measured: set[tuple[str, bool]] = set()
        for row in range(model.rowCount()):
            index = model.index(row, column)
            font = index.data(Qt.ItemDataRole.FontRole)
            key = (str(index.data()), isinstance(font, QFont) and font.bold())
            if key in measured:  # a long waiting list repeats its days
                continue
            measured.add(key)
            font = font.resolve(self.font()) if isinstance(font, QFont) else self.font()
            widest = max(widest, text_width(font, key[0]) + cell_padding(self))
        return widest

    def fit_columns(self) -> None:
        """Gives each figure its column's width and elides the titles to the room left."""
        model, header = self.model(), self.horizontalHeader()
        figures = self.figure_columns()
        used = 0
        for column in range(model.columnCount()):
            fixed = column in figures
            mode = QHeaderView.ResizeMode.Fixed if fixed else QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(column, mode)
            if fixed:
                header.resizeSection(column, self.figure_width(column))
                used += header.sectionSize(column)
        if isinstance(model, PipelineModel):
            titles = self.verticalHeader()
            natural = titles.sizeHint().width()
            least = min(natural, self.fontMetrics().averageCharWidth() * TITLE_CHARACTERS)
            bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
            # Every stage in sight: the window's least width makes room for the figures.
            self.setMinimumWidth(used + least + 2 * self.frameWidth() + bar)
            room = self.width() - 2 * self.frameWidth() - used
            if self.verticalScrollBar().isVisible():
                room -= self.verticalScrollBar().width()
            titles.setMaximumWidth(max(least, min(natural, room)))


def table_view(model: RowsModel | PipelineModel, parent: QWidget, name: str) -> QTableView:
    """A read-only table of ``model``, its rows compact, named ``name`` for screen readers."""
    view = FiguresView(parent)
    view.setObjectName(name)
    view.setAccessibleName(name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)  # titles, never figures
    view.verticalHeader().setVisible(isinstance(model, PipelineModel))
    view.verticalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
    # Compact rows: a laptop's 768 pixels hold the whole pipeline and the figures below.
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    return view


__all__ = [
    "FiguresView",
    "PipelineCell",
    "PipelineModel",
    "RowsModel",
    "cell_padding",
    "figure_text",
    "is_figure",
    "table_view",
    "text_width",
]
