"""The table of the applicant list: whole rows, fixed row heights, an honest sort arrow.

Rows have a fixed height so that the view never measures them, and so never fetches
them all from the lazy model; the sort arrow stays on the column the model is ordered
by, since only some columns sort. Which application is selected is the list's business.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPaintEvent, QRegion, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSlider,
    QHeaderView,
    QScrollBar,
    QStyle,
    QStyleOptionSlider,
    QTableView,
    QWidget,
)

from reviewer_app.ui.list.applicant_labels import (
    ASSIGNED,
    HEADERS,
    INTERVIEW,
    MY_CHECKS,
    NAME,
    POSITION,
    STAGE,
    SUBMITTED,
)
from reviewer_app.ui.list.applicant_model import ApplicantTableModel
from reviewer_app.ui.list.kept_selection import SelectionKeeper
from reviewer_app.ui.list.sort_header import SortHeader
from reviewer_app.ui.review.review_style import STAGE_LABELS

# The room a name needs to be told apart, in average characters: "Applicant 12345" or
# "Olusegun Le Goff" whole (twelve left "Applicant …" on every row of a search).
NAME_CHARACTERS = 18


# Keys that move the current row; with Ctrl, Qt's would leave the selection behind.
_NAVIGATION_KEYS = frozenset(
    {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
     Qt.Key.Key_Home, Qt.Key.Key_End}
)  # fmt: skip


class QuietScrollBar(QScrollBar):
    """A scroll bar that is not repainted when a new value leaves its handle where it was.

    Over 100,000 rows, a row down moves the handle a two-hundredth of a pixel, and J
    scrolls a row at the bottom of the list: the (Fusion) scroll bar took ~1 ms to paint
    the same picture again at every press.
    """

    def __init__(self, orientation: Qt.Orientation, parent: QWidget) -> None:
        super().__init__(orientation, parent)
        self._painted = QRect()  # where the handle was last painted

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:
        """Repaints for a value change only if the handle moves (anything else: always)."""
        if (
            change != QAbstractSlider.SliderChange.SliderValueChange
            or self._handle_rect() != self._painted
        ):
            super().sliderChange(change)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paints, remembering where the handle is."""
        self._painted = self._handle_rect()
        super().paintEvent(event)

    def _handle_rect(self) -> QRect:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        return self.style().subControlRect(
            QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, self
        )


# The keys that record a check's result in the review panel (see review/check_row.py).
RESULT_KEYS = frozenset({"1", "2", "3"})


class ApplicantTable(QTableView):
    """Shows an :class:`ApplicantTableModel`, a whole row selected at a time.

    Args:
        model: The applicants to show.
        parent: The list; rows and columns are sized for its font.

    Signals:
        hint: What a key pressed here does elsewhere (1, 2 and 3 record checks).
    """

    hint = Signal(str)

    def __init__(self, model: ApplicantTableModel, parent: QWidget) -> None:
        super().__init__(parent)
        self._model = model
        self.setObjectName("applicantTable")
        self.setHorizontalHeader(SortHeader(self))  # ▲ for ascending, in every style
        self.setToolTip("J / K: next / previous applicant, to its checks · Enter: to the checks")
        self.setModel(model)
        self._selection_keeper = SelectionKeeper(self, model)  # several rows over a reset
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows for bulk actions (Shift/Ctrl-click, Shift+J/K, Ctrl+A); J/K and
        # a plain click select one row again.
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Whole rows are selected: Tab leaves the list instead of walking its cells.
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        metrics = parent.fontMetrics()
        vertical = self.verticalHeader()
        vertical.hide()
        # Fixed heights: the view never measures rows, so it never fetches them all.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(metrics.height() + 10)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBar(QuietScrollBar(Qt.Orientation.Vertical, self))
        self._widths: dict[int, int] = {}
        self._position_wanted = 0  # the longest title's width (set_position_titles)
        arrow = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize) + 6
        for column, sample, sorts in (
            # Narrow enough to leave the name most of a 1366-pixel laptop's list, with
            # Mine: the widest text each column holds, or its title (and a sort arrow).
            (POSITION, "Backend", False),  # elastic from there: set_position_titles
            (STAGE, max(STAGE_LABELS.values(), key=metrics.horizontalAdvance), False),
            (SUBMITTED, "30 Nov 2026", True),
            (MY_CHECKS, "10/10", False),
            (ASSIGNED, "Ana, Bo", False),
            (INTERVIEW, "tomorrow 14:00", False),
        ):
            title = metrics.horizontalAdvance(HEADERS[column]) + (arrow if sorts else 0)
            self._widths[column] = max(metrics.horizontalAdvance(sample), title) + 14
            header.resizeSection(column, self._widths[column])
        # The indicator first: enabling sorting sorts by it, which is the model's order.
        header.setSortIndicator(SUBMITTED, Qt.SortOrder.DescendingOrder)
        self.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self.keep_sort_indicator)
        header.sortIndicatorChanged.connect(lambda *_: self.fit_columns())

    def fit_columns(self) -> None:
        """Sizes the columns by what they hold; hides the last ones first if need be.

        Dates, stages and progress have fixed widths; the name and the position share
        the rest (the position at most what the longest title needs). While the names
        would get less than :data:`NAME_CHARACTERS`, Interview, Assigned, Mine and Stage
        are hidden in that order, whatever the filter (the applicant pane shows the
        stage, the review panel the rest), while a name cut to a few letters is no use;
        but never the column the list is sorted by (its order would not show).
        """
        header = self.horizontalHeader()
        room = self.viewport().width() - (
            0 if self.isColumnHidden(SUBMITTED) else header.sectionSize(SUBMITTED)
        )
        wanted = self.fontMetrics().averageCharWidth() * NAME_CHARACTERS
        position = 0 if self.isColumnHidden(POSITION) else self._widths[POSITION]
        fits = True
        sorted_by = header.sortIndicatorSection()  # shown whatever the room: the order's key
        for column in (STAGE, MY_CHECKS, ASSIGNED, INTERVIEW):  # the one kept longest first
            fits = fits and room - position - self._widths[column] >= wanted
            shown = fits or column == sorted_by
            if shown:
                room -= self._widths[column]
            if self.isColumnHidden(column) == shown:
                self.setColumnHidden(column, not shown)
                if shown:
                    header.resizeSection(column, self._widths[column])
        if position:
            # Elastic between its narrowest and its longest title, as room allows.
            share = max(position, min(self._position_wanted, (room - wanted) * 2 // 5))
            if header.sectionSize(POSITION) != share:
                header.resizeSection(POSITION, share)

    def set_position_titles(self, titles: Sequence[str]) -> None:
        """The titles the Position column may show: it grows up to the longest one."""
        metrics = self.fontMetrics()
        longest = max((metrics.horizontalAdvance(title) for title in titles), default=0)
        self._position_wanted = max(self._widths[POSITION], longest + 22)
        self.fit_columns()

    def event(self, event: QEvent) -> bool:
        """Keeps the viewport filling its own background, whatever the style sheet.

        The style sheet's border on item views makes Qt paint the viewport's background
        through the style sheet instead (nothing but the base colour here), so that the
        viewport is no longer opaque, and scrolling a row repaints all of it instead of
        moving the picture and painting the one new row (~2 ms a J press at the bottom).
        """
        handled = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange):
            self.viewport().setAutoFillBackground(True)
        return handled

    def keyboardSearch(self, search: str) -> None:
        """Jumps to a row by its first letters; a check's key says where it works."""
        if search in RESULT_KEYS:
            # A reviewer's 1, 2 or 3 on the list: Qt jumped to a name starting with it.
            self.hint.emit(
                f"{search} records a check in the review panel: press Enter to go to "
                "the applicant's checks, then 1 (met), 2 (not met) or 3 (unsure)."
            )
            return
        super().keyboardSearch(search)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home and End go to the first and last applicant, as Ctrl+Home and Ctrl+End do.

        A table's Home and End move along the row, to its first or last cell: with whole
        rows selected, that is where the cursor is already, so they did nothing.
        """
        if cursorAction in (
            QAbstractItemView.CursorAction.MoveHome,
            QAbstractItemView.CursorAction.MoveEnd,
        ):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(cursorAction, modifiers)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """As Qt's, repainting only the rows whose look depends on the focus.

        Qt repaints every row (~4 ms), and the focus comes and goes at many J presses
        (to the first open check, back to the list when none is open); only the selected
        rows' colour and the current row's frame change.
        """
        if not self.currentIndex().isValid():
            super().focusInEvent(event)  # Qt's makes the first row current
            return
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)  # never edited
        self._repaint_focus_rows()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """As Qt's, repainting only the rows whose look depends on the focus."""
        self._repaint_focus_rows()

    def _repaint_focus_rows(self) -> None:
        # QWidget's own focus handlers repaint the whole view, its title and scroll bar
        # too: only the frame around them may show the focus.
        self.update(QRegion(self.rect()).subtracted(QRegion(self.contentsRect())))
        viewport = self.viewport()
        first, last = self.rowAt(0), self.rowAt(viewport.height() - 1)
        if first < 0:
            viewport.update()
            return
        if last < 0:  # the rows end above the bottom
            last = self._model.rowCount() - 1
        # From the selection's ranges: isRowSelected took ~60 us a row (2 ms a focus
        # change), a range or two is all a selection holds.
        rows = {self.currentIndex().row()}
        selection = self.selectionModel().selection()
        for number in range(selection.count()):
            selected = selection.at(number)
            rows.update(range(max(selected.top(), first), min(selected.bottom(), last) + 1))
        for row in sorted(rows):
            if first <= row <= last:
                top = self.rowViewportPosition(row)
                viewport.update(QRect(0, top, viewport.width(), self.rowHeight(row)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fits the columns to the new width."""
        super().resizeEvent(event)
        self.fit_columns()

    def make_current(self, row: int, *, scroll: bool = True) -> None:
        """Selects ``row`` alone and makes it current, scrolling it into view if ``scroll``."""
        index = self._model.index(row, 0)
        self.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        if scroll:
            self.scrollTo(index)

    def extend_to(self, row: int) -> None:
        """Adds ``row`` to the selection and makes it current (Shift+J/K)."""
        index = self._model.index(row, 0)
        self.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.scrollTo(index)

    def selectionCommand(
        self, index: QModelIndex | QPersistentModelIndex, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        """Moving with Ctrl held selects the row moved to, as moving without it does.

        Qt's Ctrl+Down moves the current row (the applicant shown) and leaves the
        selection where it was: A, E or a stage for the selection then reached another
        applicant than the one on screen.
        """
        if (
            isinstance(event, QKeyEvent)
            and event.key() in _NAVIGATION_KEYS
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            return (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
        return super().selectionCommand(index, event)

    def selected_ids(self) -> list[str]:
        """The selected applications in list order, or the current one alone.

        Several rows selected are the selection; else the current row, the applicant
        shown, is: one other row left selected (a click with Ctrl on the current one)
        is never acted on in place of the applicant on screen.
        Read from the selection's ranges, not row by row: Ctrl+A over 100,000 rows is
        one range.
        """
        ids = self._model.ids
        rows = self.selected_rows()
        current = self.currentIndex()
        if len(rows) <= 1 and current.isValid():
            rows = {current.row()}
        return [ids[row] for row in sorted(rows) if 0 <= row < len(ids)]

    def selected_count(self) -> int:
        """How many rows are selected (no id list made for it)."""
        return len(self.selected_rows())

    def selected_rows(self) -> set[int]:
        """The selected rows, read from the selection's ranges."""
        rows: set[int] = set()
        selection = self.selectionModel().selection()
        for number in range(selection.count()):
            selected = selection.at(number)
            rows.update(range(selected.top(), selected.bottom() + 1))
        return rows

    def visible_row_y(self, row: int) -> int | None:
        """Where ``row`` sits in the viewport, or None when it is out of sight."""
        y = self.rowViewportPosition(row)
        return y if 0 <= y < self.viewport().height() else None

    def scroll_row_to(self, row: int, y: int) -> None:
        """Scrolls so that ``row`` sits at ``y`` in the viewport (per item or per pixel)."""
        bar = self.verticalScrollBar()
        unit = (
            1
            if self.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem
            else self.rowHeight(row)
        )
        offset = y // max(self.rowHeight(row), 1)
        bar.setValue(max(0, (row - offset) * unit))

    def keep_sort_indicator(self, column: int, _order: Qt.SortOrder | None = None) -> None:
        """Puts the sort arrow back on the column the model is ordered by, if it left it."""
        # The header offers every column; only some sort, so the arrow must stay true.
        key, descending = self._model.sort_key
        current = next(c for c, k in ApplicantTableModel.SORT_KEYS.items() if k == key)
        if column != current:  # a column that does not sort (now), or a sort undone
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header = self.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(current, order)
            header.blockSignals(False)
