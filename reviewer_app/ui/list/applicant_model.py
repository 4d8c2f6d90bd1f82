"""The applicant list as a table model that holds ids and fetches rows a block at a time.

With a :class:`TaskRunner`, the id list (300 to 600 ms at 100,000 applications) is queried
on a worker and applied on the GUI thread; a result that a newer request has overtaken is
dropped (a generation counter), so the last filter or order asked for always wins. A search
is done in memory (:class:`ApplicantSearch`, a few milliseconds a keystroke). Row blocks (8
to 20 ms for 200 rows) are fetched on the GUI thread when painted, except those a search
will show first, read ahead on the worker (:mod:`read_ahead`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection, Iterable, Sequence
from functools import partial
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QApplication, QStyle

from reviewer_app.applicants.list_ids import LoadedIds, load_ids
from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery, SortKey
from reviewer_app.applicants.records import ApplicantRow
from reviewer_app.applicants.search import ApplicantSearch
from reviewer_app.errors import UserError
from reviewer_app.ui.list.applicant_labels import (
    HEADERS,
    MY_CHECKS,
    NAME,
    STAGE,
    SUBMITTED,
    cell_accessible_text,
    cell_text,
    cell_tooltip,
)
from reviewer_app.ui.list.blind_search import KeptSelection
from reviewer_app.ui.list.read_ahead import ReadAhead
from reviewer_app.ui.list.row_refresh import RowRefresh
from reviewer_app.ui.tasks import TaskRunner

_Index = QModelIndex | QPersistentModelIndex

# The roles data() answers (and IdRole); a painted cell asks for seven (font, colours …).
_ROLE = Qt.ItemDataRole
_ROLES = frozenset(
    (_ROLE.DisplayRole, _ROLE.ToolTipRole, _ROLE.DecorationRole, _ROLE.AccessibleTextRole)
) | {_ROLE.UserRole + 1}

BLOCK_SIZE = 200
# 20 blocks of 200 rows: a few screens either side of anything recently looked at.
MAX_BLOCKS = 20


class ApplicantTableModel(QAbstractTableModel):
    """Applications in list order; display rows are fetched lazily in blocks.

    Args:
        query: The list queries over the local cache.
        blind: Hide names and emails.
        parent: The Qt parent.
        runner: Queries id lists in the background; None queries them at once (blocking).
        search: Searches in memory (one is made if not given; the counts may share it).

    Signals:
        loading_changed: Whether an id list is being queried.
        loaded: A new id list is shown (after a filter, order or refresh).
        failed: The message of an error the user can fix (e.g. the cache is busy).
        rows_updated: Changed rows were read again (see :meth:`invalidate_rows`).
    """

    loading_changed = Signal(bool)
    loaded = Signal()
    failed = Signal(str)
    blind_changed = Signal(bool)
    rows_updated = Signal()

    # The columns the list can be sorted by, and what each sorts on.
    SORT_KEYS: ClassVar[dict[int, SortKey]] = {
        NAME: SortKey.NAME,
        STAGE: SortKey.STAGE,
        SUBMITTED: SortKey.SUBMITTED,
    }
    IdRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 1

    def __init__(
        self,
        query: ApplicantQuery,
        blind: bool = False,
        parent: QObject | None = None,
        runner: TaskRunner | None = None,
        search: ApplicantSearch | None = None,
    ) -> None:
        super().__init__(parent)
        self._query = query
        self._search = search if search is not None else ApplicantSearch(query)
        self._blind = blind
        self._runner = runner
        self._filter = ApplicantFilter()
        self._sort = SortKey.SUBMITTED
        self._descending = True
        self._ids: list[str] = []
        self._counts: dict[str, int] | None = None
        self._generation = 0
        self._loading = False
        self._blocks: OrderedDict[int, dict[str, ApplicantRow]] = OrderedDict()
        self._rows_stale = False  # the fetched rows may be out of date (a refresh is due)
        self._ahead = ReadAhead(runner, self._search, query, BLOCK_SIZE, self._on_warm_failed)
        self._refresh = RowRefresh(
            query, runner, (self._blocks, BLOCK_SIZE), self._rows_of, self._reread
        )
        self.fetched_blocks: list[int] = []
        self.kept = KeptSelection()  # in the list whatever the filter (see blind_search)
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
        """The ids in list order (the list shown, even while a new one is queried)."""
        return self._ids

    @property
    def counts(self) -> dict[str, int] | None:
        """The toggles' counts that came with the list shown (see set_filter), else None."""
        return self._counts

    @property
    def loading(self) -> bool:
        """Whether an id list is being queried in the background."""
        return self._loading

    def set_filter(self, applicant_filter: ApplicantFilter, *, count: bool = False) -> None:
        """Shows the applications ``applicant_filter`` keeps (once queried).

        The cache is taken as unchanged since the last query: what the search read for
        it is used again. After a change, call :meth:`refresh`.

        Args:
            applicant_filter: What to show.
            count: Count the toggles within the filter in the same background task, to
                show them with the list (:attr:`counts`): worth it for a search only.
        """
        self._filter = applicant_filter
        self._query_ids(count=count)

    @property
    def blind(self) -> bool:
        """Whether names and emails are hidden (blind review)."""
        return self._blind

    def set_blind(self, blind: bool) -> None:
        """Hides (or shows again) names and emails.

        A list sorted by name goes back to the newest first: its order would tell names apart.
        """
        if blind == self._blind:
            return
        self._blind = blind
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, 0))
        if blind and self._sort == SortKey.NAME:
            self._sort, self._descending = SortKey.SUBMITTED, True
            self._query_ids()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self.blind_changed.emit(blind)

    def sortable(self, column: int) -> bool:
        """Whether the list can be ordered by ``column`` (not by name in blind review)."""
        return column in self.SORT_KEYS and not (self._blind and column == NAME)

    def refresh(
        self,
        applicant_filter: ApplicantFilter | None = None,
        *,
        count: bool = False,
        texts: bool = True,
    ) -> None:
        """Queries the ids again, with a new filter if given: the cache may have changed.

        Once they arrive, every fetched row is forgotten. ``count`` as for set_filter;
        ``texts``: names, emails or answers may have changed (the search reads them again).
        """
        self._search.forget(texts=texts)
        self._ahead.forget()
        self._rows_stale = True
        if applicant_filter is not None:
            self._filter = applicant_filter
        self._query_ids(count=count)

    def warm_search(
        self, applicant_filter: ApplicantFilter | None = None, near: str | None = None
    ) -> None:
        """Prepares a search in the background, to show it at once when it is asked for.

        Reads what a search of the list needs (a few hundred ms, once), and searches the
        text of ``applicant_filter`` if it has one (a few ms), with the rows it will show
        first (around ``near``, the selected application, too): called when the search
        box gets the focus and at each keystroke, while the list waits for a pause in
        typing (see :mod:`read_ahead`).
        """
        self._ahead.warm(applicant_filter or self._filter, self._sort, self._descending, near)

    def _query_ids(self, *, count: bool = False) -> None:
        generation = self._generation = self._generation + 1
        asked = (self._search, self._filter, self._sort, self._descending, self._ids)
        load = partial(load_ids, *asked, count=count, keep=self.kept.id)
        if self._runner is None:
            self._apply(load())
            return

        def work() -> LoadedIds | None:
            if generation != self._generation:
                return None  # overtaken while queued: the newer request does the work
            return load()

        self._set_loading(True)
        self._runner.run(
            work,
            on_done=lambda loaded: self._on_loaded(generation, loaded),
            on_error=lambda exc: self._on_failed(generation, exc),
        )

    def invalidate_rows(
        self, application_ids: Iterable[str], *, alone: bool = False, order: bool = True
    ) -> None:
        """Reads the rows of ``application_ids`` again, in the background; they keep their places.

        ``alone``: no other application's toggles changed (only theirs are read again);
        ``order``: Changes.reorders. A review never changes the search texts."""
        if (ids := set(application_ids)) or not alone:
            self._search.forget(texts=False, changed=ids if alone else None, scope=order)
            self._ahead.forget()
        if ids:
            self._refresh.refresh(ids)

    @property
    def rows_pending(self) -> bool:
        """Whether changed rows are being read again (see :meth:`invalidate_rows`)."""
        return self._refresh.pending

    def _reread(self, rows: list[int]) -> None:
        if rows:
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], len(HEADERS) - 1))
        self.rows_updated.emit()

    def _rows_of(self, application_ids: Collection[str]) -> dict[str, int]:
        if len(application_ids) <= 3:  # a look along the list each
            return {id_: row for id_ in application_ids if (row := self.row_of(id_)) >= 0}
        wanted = set(application_ids)
        return {id_: row for row, id_ in enumerate(self._ids) if id_ in wanted}

    def row_of(self, application_id: str) -> int:
        """Returns the row of an application, -1 if the list does not show it."""
        # A look along the list (~1 ms at 100,000) instead of an index built per list.
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
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Returns the text, icon, tooltip or id of a cell."""
        if role not in _ROLES:  # first: most calls, at every paint of every cell
            return None
        number = index.row()
        if not index.isValid() or not 0 <= number < len(self._ids):
            return None
        if role == self.IdRole:
            return self._ids[number]
        column = index.column()
        if role == Qt.ItemDataRole.DecorationRole and column != NAME:
            return None  # only a name has an icon (a conflict)
        row = self.applicant_row(number)
        if row is None:  # erased since the ids were read; the next refresh drops it
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column, blind=self._blind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell_tooltip(row, column, blind=self._blind)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return cell_accessible_text(row, column, blind=self._blind)
        if column == NAME and row.has_conflict:
            return self._conflict_icon
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Returns the column titles."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == MY_CHECKS:
                return "Checks you have recorded, of the position's checks"
            return "Click to sort" if self.sortable(section) else None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Orders the list by name, stage or submission time (other columns keep the order)."""
        key = self.SORT_KEYS.get(column)
        if key is None or not self.sortable(column):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort, self._descending):
            return
        self._sort, self._descending = key, descending
        self._query_ids()

    # --- helpers -------------------------------------------------------------------------

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    def _on_loaded(self, generation: int, loaded: LoadedIds | None) -> None:
        if generation != self._generation or loaded is None:
            return  # a newer request's result is on its way
        self._set_loading(False)
        self._apply(loaded)

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        if generation == self._generation:
            self._set_loading(False)
            self.failed.emit(str(exc))

    def _on_warm_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        # E.g. the cache is busy: the search itself reads again, and says so if it fails.

    def _apply(self, loaded: LoadedIds) -> None:
        """Shows a queried id list; a mere reordering keeps selection and scroll position."""
        self._counts = loaded.counts
        if loaded.same_set and self._ids:
            self.layoutAboutToBeChanged.emit()
            rows = loaded.rows
            if rows is None:  # the same ids in the same rows: the fetched rows still fit
                self._ids = loaded.ids
            else:
                persistent = self.persistentIndexList()
                kept = [(index, self.application_id(index.row())) for index in persistent]
                self._ids = loaded.ids
                for index, application_id in kept:
                    row = rows.get(application_id or "", -1)
                    new = self.index(row, index.column()) if row >= 0 else QModelIndex()
                    self.changePersistentIndex(index, new)
            if rows is not None or self._rows_stale:
                self._forget_rows()
            self.layoutChanged.emit()
        else:
            self.beginResetModel()
            self._ids = loaded.ids
            self._forget_rows()
            self.endResetModel()
        self.loaded.emit()

    def _forget_rows(self) -> None:
        self._blocks.clear()
        self._refresh.reset()
        self._rows_stale = False

    def _fetch(self, block: int) -> dict[str, ApplicantRow]:
        ids = self._ids[block * BLOCK_SIZE :][:BLOCK_SIZE]
        rows = self._ahead.take(ids)
        if rows is None:
            rows = self._query.rows(ids)
        self.fetched_blocks.append(block)
        self._blocks[block] = rows
        while len(self._blocks) > MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return rows
