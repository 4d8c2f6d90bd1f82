"""The Reports window's tables as item models: the pipeline, and plain rows of figures.

The pipeline's cells say what a click on them shows in the main list: a position
(None: every position), a stage (None: every stage) and whether it is the unmatched row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.reports.figures import PIPELINE_STAGES, STAGE_TITLES, Report

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


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
            return str(self.count(row, column))
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
            return "—" if value is None else str(value)
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


def table_view(model: RowsModel | PipelineModel, parent: QWidget, name: str) -> QTableView:
    """A read-only table of ``model``, its rows compact, named ``name`` for screen readers."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setAccessibleName(name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    pipeline = isinstance(model, PipelineModel)
    view.verticalHeader().setVisible(pipeline)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if pipeline:
        header.setStretchLastSection(True)
    else:  # the names take the room, the numbers keep theirs
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    # Compact rows: a laptop's 768 pixels hold the whole pipeline and the figures below.
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    return view


__all__ = ["PipelineCell", "PipelineModel", "RowsModel", "table_view"]
