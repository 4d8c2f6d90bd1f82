"""Several selected applicants stay selected when the list is read again.

The list is read again after a sync, a review that moves an applicant out of a filter,
or a change of sort, and the current applicant alone is selected again then (see
ApplicantList; a reset clears Qt's selection anyway). The others were not: three
applicants selected for a bulk action fell back to one about 20 s after a change (the
sync it started), and the next action reached only that one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject

from reviewer_app.ui.list.applicant_model import ApplicantTableModel

if TYPE_CHECKING:
    from reviewer_app.ui.list.applicant_table import ApplicantTable


class SelectionKeeper(QObject):
    """Remembers a selection of several rows before the model resets; selects them after.

    Args:
        table: The list's table; its model is ``model``.
        model: Emits ``loaded`` once a reset list has arrived and its current row has
            been selected again (connected after the list's own slot, so it runs later).
    """

    def __init__(self, table: ApplicantTable, model: ApplicantTableModel) -> None:
        super().__init__(table)
        self._table = table
        self._model = model
        self._ids: set[str] = set()
        # A reset, or a reordering (a sort): the list selects the current row alone after it.
        model.modelAboutToBeReset.connect(self._remember)
        model.layoutAboutToBeChanged.connect(self._remember)
        model.loaded.connect(self._restore)

    def _remember(self) -> None:
        ids = self._model.ids
        rows = self._table.selected_rows()
        # One row selected is the current one: the list selects it again itself.
        self._ids = {ids[row] for row in rows if 0 <= row < len(ids)} if len(rows) > 1 else set()

    def _restore(self) -> None:
        kept, self._ids = self._ids, set()
        if not kept:
            return
        current = self._table.currentIndex()
        rows = [row for row, id_ in enumerate(self._model.ids) if id_ in kept]
        if not current.isValid() or current.row() not in rows:
            return  # the applicant shown left the selection: a new start
        selection = QItemSelection()
        last_column = self._model.columnCount() - 1
        start = previous = rows[0]
        for row in [*rows[1:], None]:  # contiguous runs: one range each
            if row is not None and row == previous + 1:
                previous = row
                continue
            top, bottom = self._model.index(start, 0), self._model.index(previous, last_column)
            selection.select(top, bottom)
            if row is not None:
                start = previous = row
        # The ranges span every column already: with the Rows flag, Qt expands each range
        # against all the others (1.9 s for 25,000 ranges, 0.1 s without).
        self._table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.Select)
