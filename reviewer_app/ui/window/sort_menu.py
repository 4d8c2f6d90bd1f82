"""View → Sort by: the list's order from the keyboard, in step with the column titles.

A click on a column title sorts the list (:meth:`ApplicantTableModel.sort`); the menu does
the same through the table, so that the title's arrow follows, and its checks are read
from the model whenever the order changes or the menu opens: they never disagree.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from reviewer_app.applicants.filters import SortKey
from reviewer_app.ui.list.applicant_labels import NAME, STAGE, SUBMITTED
from reviewer_app.ui.list.applicant_model import ApplicantTableModel
from reviewer_app.ui.list.applicant_table import ApplicantTable

SORT_MENU = "&Sort by"
SORT_HELP = (
    "Alt+V, S",
    "Sort by submission time, name or stage, ascending or descending (View → Sort by); "
    "or click a column title",
)

# (column, text with its mnemonic, the order a key chosen anew takes, what it does)
SORT_ENTRIES = (
    (SUBMITTED, "&Submitted", Qt.SortOrder.DescendingOrder, "Newest first"),
    (NAME, "&Name", Qt.SortOrder.AscendingOrder, "A to Z (not in blind review)"),
    (STAGE, "S&tage", Qt.SortOrder.AscendingOrder, "In the pipeline's order, New first"),
)


class SortMenu(QMenu):
    """The Sort by submenu: one checkable action a key, then Ascending and Descending.

    Args:
        table: The applicant list's table (its header shows the order too).
        parent: The View menu.
    """

    def __init__(self, table: ApplicantTable, parent: QMenu) -> None:
        super().__init__(SORT_MENU.replace("&", ""), parent)
        self.setObjectName("sortMenu")
        self.menuAction().setText(SORT_MENU)
        self._table = table
        model = table.model()
        assert isinstance(model, ApplicantTableModel)
        self._model = model
        self.keys: dict[SortKey, QAction] = {}
        keys = QActionGroup(self)
        for column, text, order, tip in SORT_ENTRIES:
            action = self._checkable(text, tip, keys)
            action.triggered.connect(lambda _=False, c=column, o=order: self._sort(c, o))
            self.keys[ApplicantTableModel.SORT_KEYS[column]] = action
        self.addSeparator()
        orders = QActionGroup(self)
        self.ascending = self._checkable("&Ascending", "A to Z, oldest first, New first", orders)
        self.descending = self._checkable("&Descending", "Z to A, newest first", orders)
        self.ascending.triggered.connect(lambda: self._reorder(Qt.SortOrder.AscendingOrder))
        self.descending.triggered.connect(lambda: self._reorder(Qt.SortOrder.DescendingOrder))
        self.setToolTipsVisible(True)
        self.aboutToShow.connect(self.mirror)
        table.horizontalHeader().sortIndicatorChanged.connect(self.mirror)
        model.blind_changed.connect(self.mirror)
        self.mirror()

    def _checkable(self, text: str, tip: str, group: QActionGroup) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setCheckable(True)
        group.addAction(action)
        self.addAction(action)
        return action

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        key, descending = self._model.sort_key
        if ApplicantTableModel.SORT_KEYS[column] == key:  # the key it has: the order stays
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self._table.sortByColumn(column, order)
        self.mirror()

    def _reorder(self, order: Qt.SortOrder) -> None:
        key, _descending = self._model.sort_key
        column = next(c for c, k in ApplicantTableModel.SORT_KEYS.items() if k == key)
        self._table.sortByColumn(column, order)
        self.mirror()

    def mirror(self, *_ignored: object) -> None:
        """Checks the key and the direction the list is ordered by now."""
        key, descending = self._model.sort_key
        for sort_key, action in self.keys.items():
            action.setChecked(sort_key == key)
        self.keys[SortKey.NAME].setEnabled(self._model.sortable(NAME))
        (self.descending if descending else self.ascending).setChecked(True)


def add_sort_menu(view_menu: QMenu, table: ApplicantTable) -> SortMenu:
    """Adds View → Sort by for ``table`` and returns it."""
    menu = SortMenu(table, view_menu)
    view_menu.addMenu(menu)
    return menu


__all__ = ["SORT_HELP", "SORT_MENU", "SortMenu", "add_sort_menu"]
