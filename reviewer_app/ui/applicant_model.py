"""The applicant list as a table model that holds ids and fetches rows a block at a time."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from reviewer_app.applicants import ApplicantFilter, ApplicantQuery, ApplicantRow, SortKey

_Index = QModelIndex | QPersistentModelIndex

BLOCK_SIZE = 200
# 20 blocks of 200 rows: a few screens either side of anything recently looked at.
MAX_BLOCKS = 20


def blind_name(application_id: str) -> str:
    """The name shown under blind review: "Applicant #1a2b3c4d"."""
    return f"Applicant #{application_id[:8]}"


def stage_label(value: str) -> str:
    """A stage as shown to people: "on_hold" gives "On hold"."""
    return value.replace("_", " ").capitalize()


def time_label(value: datetime | None) -> str:
    """A timestamp in the laptop's time zone, to the minute ("" for None)."""
    return "" if value is None else value.astimezone().strftime("%Y-%m-%d %H:%M")


class ApplicantTableModel(QAbstractTableModel):
    """Applications in list order; display rows are fetched lazily in blocks.

    Args:
        query: The list queries over the local cache.
        blind: Hide names and emails.
        parent: The Qt parent.
    """

    HEADERS: ClassVar[tuple[str, ...]] = ("Name", "Position", "Stage", "Submitted", "My checks")
    NAME, POSITION, STAGE, SUBMITTED, MY_CHECKS = range(5)
    # The columns the list can be sorted by, and what each sorts on.
    SORT_KEYS: ClassVar[dict[int, SortKey]] = {
        0: SortKey.NAME,
        2: SortKey.STAGE,
        3: SortKey.SUBMITTED,
    }
    IdRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 1

    def __init__(
        self, query: ApplicantQuery, blind: bool = False, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._query = query
        self._blind = blind
        self._filter = ApplicantFilter()
        self._sort = SortKey.SUBMITTED
        self._descending = True
        self._ids: list[str] = []
        self._blocks: OrderedDict[int, dict[str, ApplicantRow]] = OrderedDict()
        self.fetched_blocks: list[int] = []
        style = QApplication.style()
        self._conflict_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    # --- what the list shows -------------------------------------------------------------

    @property
    def filter(self) -> ApplicantFilter:
        """The current filter."""
        return self._filter

    @property
    def sort_key(self) -> tuple[SortKey, bool]:
        """The current order: key and whether descending."""
        return self._sort, self._descending

    @property
    def ids(self) -> Sequence[str]:
        """The ids in list order."""
        return self._ids

    def set_filter(self, applicant_filter: ApplicantFilter) -> None:
        """Shows the applications ``applicant_filter`` keeps."""
        self._filter = applicant_filter
        self.refresh()

    def set_blind(self, blind: bool) -> None:
        """Hides (or shows again) names and emails."""
        if blind != self._blind:
            self._blind = blind
            if self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, 0))

    def refresh(self) -> None:
        """Queries the ids again and forgets every fetched row."""
        self.beginResetModel()
        self._ids = self._query.ids(self._filter, self._sort, self._descending)
        self._blocks.clear()
        self.endResetModel()

    def invalidate(self, application_id: str) -> None:
        """Fetches one application's row again (after a local change); it keeps its place."""
        row = self.row_of(application_id)
        if row < 0:
            return
        self._blocks.pop(row // BLOCK_SIZE, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def row_of(self, application_id: str) -> int:
        """Returns the row of an application, -1 if the list does not show it."""
        try:
            return self._ids.index(application_id)
        except ValueError:
            return -1

    def application_id(self, row: int) -> str | None:
        """Returns the id in ``row``, None outside the list."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def applicant_row(self, row: int) -> ApplicantRow | None:
        """Returns the display row of ``row`` (fetching its block if needed)."""
        application_id = self.application_id(row)
        if application_id is None:
            return None
        block = row // BLOCK_SIZE
        rows = self._blocks.get(block)
        if rows is None:
            rows = self._fetch(block)
        else:
            self._blocks.move_to_end(block)
        return rows.get(application_id)

    # --- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Returns the number of applications shown."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Returns the number of columns."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Returns the text, icon, tooltip or id of a cell."""
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == self.IdRole:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.DecorationRole,
        ):
            return None
        row = self.applicant_row(index.row())
        if row is None:  # erased since the ids were read; the next refresh drops it
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if column == self.NAME and row.has_conflict:
            return self._conflict_icon
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Returns the column titles."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Click to sort" if section in self.SORT_KEYS else None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Orders the list by name, stage or submission time (other columns keep the order)."""
        key = self.SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort, self._descending) and self._ids:
            return
        self._sort, self._descending = key, descending
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(index, self.application_id(index.row())) for index in persistent]
        self._ids = self._query.ids(self._filter, self._sort, self._descending)
        self._blocks.clear()
        rows = {application_id: number for number, application_id in enumerate(self._ids)}
        for index, application_id in kept:
            row = rows.get(application_id or "", -1)
            new = self.index(row, index.column()) if row >= 0 else QModelIndex()
            self.changePersistentIndex(index, new)
        self.layoutChanged.emit()

    # --- helpers -------------------------------------------------------------------------

    def _fetch(self, block: int) -> dict[str, ApplicantRow]:
        start = block * BLOCK_SIZE
        rows = self._query.rows(self._ids[start : start + BLOCK_SIZE])
        self.fetched_blocks.append(block)
        self._blocks[block] = rows
        while len(self._blocks) > MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return rows

    def _text(self, row: ApplicantRow, column: int) -> str:
        if column == self.NAME:
            return blind_name(row.id) if self._blind else (row.name or "(no name)")
        if column == self.POSITION:
            return row.position_title or "Unmatched"
        if column == self.STAGE:
            return stage_label(row.stage.value)
        if column == self.SUBMITTED:
            return time_label(row.submitted_at)[:10]  # the date; the time is in the tooltip
        return row.progress

    def _tooltip(self, row: ApplicantRow, column: int) -> str | None:
        notes = []
        if column == self.NAME:
            if not self._blind and row.email:
                notes.append(row.email)
            if row.has_conflict:
                notes.append("A change of yours conflicts with another reviewer's")
            if row.is_duplicate:
                notes.append("Possible duplicate")
        elif column == self.POSITION and row.position_title is None:
            notes.append("Not matched to a position; typed: " + (row.position_typed or "nothing"))
        elif column == self.SUBMITTED and row.submitted_at is not None:
            notes.append(f"Submitted {time_label(row.submitted_at)}")
        elif column == self.MY_CHECKS and row.checks_total:
            notes.append(f"You judged {row.checks_done} of {row.checks_total} checks")
        return "\n".join(notes) or None
