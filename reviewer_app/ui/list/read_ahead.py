"""What a search will show, read on the worker while the reviewer pauses in typing.

The list shows a search's result once typing pauses (SEARCH_DEBOUNCE_MS). At each
keystroke :class:`ReadAhead` searches on the worker already, and reads the rows the
table will paint first (the top, and around the selected applicant), so that the table
does not read them on the GUI thread as it paints (a block of 200 rows: 8 to 20 ms at
100,000 applications).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reviewer_app.applicants.filters import ApplicantFilter, SortKey
from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.applicants.records import ApplicantRow
from reviewer_app.applicants.search import ApplicantSearch, searched_in_memory
from reviewer_app.ui.tasks import TaskRunner

# Rows either side of the selected one that the table's viewport may show around it.
_AROUND = 40


def rows_ahead(
    query: ApplicantQuery, ids: Sequence[str], near: str | None, block_size: int
) -> dict[str, ApplicantRow]:
    """Reads the rows of the first block of ``ids`` and of the blocks around ``near``."""
    blocks = {0}
    row = ids.index(near) if near is not None and near in ids else -1
    if row >= 0:
        blocks.update(r // block_size for r in (row - _AROUND, row, row + _AROUND) if r >= 0)
    wanted = [id_ for block in sorted(blocks) for id_ in ids[block * block_size :][:block_size]]
    return query.rows(wanted) if wanted else {}


class ReadAhead:
    """Warms the search on the worker and keeps the rows it read ahead while current.

    A change to the cache makes them stale (:meth:`forget`); a read queued before the
    change is then not kept.

    Args:
        runner: The window's database worker; None reads nothing ahead (a search then
            reads what it needs itself, blocking).
        search: The list's in-memory search.
        query: Reads the rows.
        block_size: The model's block of rows.
        on_error: Called with an error of the read (on the GUI thread).
    """

    def __init__(
        self,
        runner: TaskRunner | None,
        search: ApplicantSearch,
        query: ApplicantQuery,
        block_size: int,
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._runner = runner
        self._search = search
        self._query = query
        self._block_size = block_size
        self._on_error = on_error
        self._queued = 0  # only the newest queued warm runs
        self._generation = 0  # of the cache's contents, as far as the rows go
        self._rows: dict[str, ApplicantRow] = {}

    def warm(
        self, applicant_filter: ApplicantFilter, sort: SortKey, descending: bool, near: str | None
    ) -> None:
        """Reads what a search needs and searches it; with a search, reads its first rows."""
        if self._runner is None:
            return
        self._queued += 1
        queued, generation = self._queued, self._generation
        search, query, block_size = self._search, self._query, self._block_size

        def work() -> dict[str, ApplicantRow] | None:
            if queued != self._queued:
                return None  # a newer keystroke's warm is queued
            search.warm(applicant_filter, sort, descending)
            if not searched_in_memory(applicant_filter.search):
                return None
            ids = search.ids(applicant_filter, sort, descending)
            return rows_ahead(query, ids, near, block_size)

        self._runner.run(
            work, on_done=lambda rows: self._keep(generation, rows), on_error=self._on_error
        )

    def forget(self) -> None:
        """The cache changed (or may have): rows read ahead may be stale."""
        self._generation += 1
        self._rows = {}

    def take(self, ids: Sequence[str]) -> dict[str, ApplicantRow] | None:
        """The rows of ``ids`` if every one was read ahead, else None (read them now)."""
        rows = self._rows
        found = {id_: rows[id_] for id_ in ids if id_ in rows}
        return found if ids and len(found) == len(ids) else None

    def _keep(self, generation: int, rows: dict[str, ApplicantRow] | None) -> None:
        if rows is not None and generation == self._generation:
            self._rows = rows
