"""How the window's width is shared by its panes, and folding a pane away for room.

Each pane has a width below which its text stops reading (a description wrapped one
syllable a line is worse than none). A window too narrow for every pane at that
width folds the description away rather than squeeze it; the reviewer unfolds it
again (View → Position description), and then the list makes way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Signal
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QSplitter,
    QStyle,
    QTextEdit,
    QWidget,
)

# The brief's "readable": fewer characters a line and text wraps every other word.
READABLE_CHARACTERS = 30
LIST_SHARE = 33  # percent of the window, when there is room
PANEL_SHARE = 28


def readable_width(view: QAbstractScrollArea, characters: int = READABLE_CHARACTERS) -> int:
    """The width at which a text view shows ``characters`` average characters a line.

    Counts the frame, a vertical scroll bar and a text document's margins.
    """
    margin = 0
    if isinstance(view, QTextEdit):
        margin = 2 * round(view.document().documentMargin())
    bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
    text = view.fontMetrics().averageCharWidth() * characters
    return text + margin + bar + 2 * view.frameWidth()


@dataclass(frozen=True)
class PaneWidths:
    """The narrowest each pane may be, and the splitters' handle width.

    Attributes:
        listing: The list's own minimum (its filter buttons side by side).
        listing_wanted: Where the list's search box shows all of its placeholder.
        applicant: The applicant, readable.
        description: The position description, readable.
        panel: The review panel (a check's label beside its three buttons).
        handle: A splitter handle.
    """

    listing: int
    listing_wanted: int
    applicant: int
    description: int
    panel: int
    handle: int

    def fits(self, width: int, *, listing: bool, description: bool) -> bool:
        """Whether ``width`` holds the chosen panes at their minimums (and the others)."""
        # The applicant's handle stays when the description is folded (it drags it open).
        needed = self.applicant + self.handle + self.panel + self.handle
        if listing:
            needed += self.listing + self.handle
        if description:
            needed += self.description
        return width >= needed


@dataclass(frozen=True)
class Split:
    """Pane widths; 0 folds a pane away."""

    listing: int
    applicant: int
    description: int
    panel: int


def split_width(width: int, panes: PaneWidths, *, listing: bool, description: bool) -> Split:
    """Shares ``width`` between the panes shown, none below its minimum if it can be helped.

    The panel keeps its share, the list gets a third of the window but never pushes the
    applicant below its minimum, and the applicant and the description halve the rest.
    """
    panel = max(panes.panel, width * PANEL_SHARE // 100)
    # The handles: middle | panel, list | middle, and applicant | description, which
    # stays when the description is folded (the reviewer drags it open there).
    rest = width - panel - panes.handle - (panes.handle if listing else 0) - panes.handle
    middle_minimum = panes.applicant + (panes.description if description else 0)
    shown_listing = 0
    if listing:
        wanted = max(panes.listing_wanted, width * LIST_SHARE // 100)
        shown_listing = max(panes.listing, min(wanted, rest - middle_minimum))
    middle = rest - shown_listing
    if not description:
        return Split(shown_listing, middle, 0, panel)
    applicant = max(panes.applicant, middle // 2)
    if middle - applicant < panes.description:
        applicant = max(panes.applicant, middle - panes.description)
    return Split(shown_listing, applicant, middle - applicant, panel)


def lay_out_now(*widgets: QWidget) -> None:
    """Runs the layouts that changed content asked for, before the next paint pass.

    Qt posts a layout request one level up at a time (a check row, the panel, the
    splitters, the window), and a paint pass that comes between them paints the panes
    and then moves them: two or three passes of the window per applicant shown. Laid
    out now, the panes are painted once. A scroll area fits its scroll bars to new
    content in a queued call of its own, and the review panel fits its width in one:
    the queued calls of ``widgets`` run now too.
    """
    for widget in (None, *widgets, None):
        if widget is not None:
            QCoreApplication.sendPostedEvents(widget, QEvent.Type.MetaCall)
            continue
        for _ in range(8):  # a level a time: check row, section, panel, splitters, window
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _pane(splitter: QSplitter, index: int) -> QWidget:
    widget = splitter.widget(index)
    assert widget is not None, f"the splitter has no pane {index}"
    return widget


class FoldingSplitter(QSplitter):
    """A splitter whose minimum width leaves out the panes folded away (width 0).

    QSplitter counts a collapsed pane's minimum in its own, so a splitter inside
    another one would squeeze its neighbours for a pane nobody sees.
    """

    def minimumSizeHint(self) -> QSize:
        """The minimum of the panes shown."""
        hint = super().minimumSizeHint()
        for index, size in enumerate(self.sizes()):
            widget = self.widget(index)
            if widget is None:
                continue
            if size == 0 and not widget.isHidden() and self.isCollapsible(index):
                minimum = max(widget.minimumWidth(), widget.minimumSizeHint().width())
                hint.setWidth(hint.width() - minimum)
        return hint


class PaneLayout(QObject):
    """Keeps list | applicant | description | panel readable at any window width.

    When the window cannot show every pane readable, the description is folded away,
    or, after the reviewer asked for the description, the list; either comes back by
    itself once the window is wide enough again.

    Args:
        main: The splitter of list, middle and panel.
        middle: The splitter of applicant and description (a FoldingSplitter).
        widths: Returns the panes' minimum widths now (fonts and content change them).

    Signals:
        description_toggled: Whether the description is shown, after it changed.
        focus_hidden: Showing or folding the description hid the widget with the focus.
        listing_folded: Showing the description folded the list away (no room for both).
    """

    description_toggled = Signal(bool)
    focus_hidden = Signal()
    listing_folded = Signal()

    def __init__(
        self,
        main: QSplitter,
        middle: FoldingSplitter,
        widths: Callable[[], PaneWidths],
    ) -> None:
        super().__init__(main)
        self._main = main
        self._middle = middle
        self._widths = widths
        self.description_wanted = True  # the reviewer's choice
        self._description_first = False  # when both do not fit: the description wins
        self._fitting = False
        self._shown: bool | None = None  # as last announced
        self._least_width: int | None = None  # the window's own least width (its first)
        self._listing_least = 0  # the list's least width when the window's was last held
        main.installEventFilter(self)
        middle.installEventFilter(self)
        middle.splitterMoved.connect(self._on_middle_moved)

    @property
    def listing(self) -> QWidget:
        """The list pane."""
        return _pane(self._main, 0)

    @property
    def description(self) -> QWidget:
        """The description pane."""
        return _pane(self._middle, 1)

    @property
    def description_shown(self) -> bool:
        """Whether the description is unfolded."""
        return self._middle.sizes()[1] > 0 and not self.description.isHidden()

    def pane_widths(self) -> PaneWidths:
        """The panes' minimum widths now."""
        return self._widths()

    def split(self) -> None:
        """Shares the window's width between the panes afresh (first run, no remembered split)."""
        self.fit(force=True)

    def set_description_shown(self, shown: bool) -> None:
        """Unfolds the description (the list makes way if it must) or folds it away.

        When that hides the widget with the focus (the list, on a narrow window),
        ``focus_hidden`` says so: Qt gave the focus to the next widget in the chain.
        """
        focus = QApplication.focusWidget()
        listed = not self.listing.isHidden()
        self.description_wanted = shown
        self._description_first = shown
        self.fit(force=True)
        if focus is not None and not focus.isVisible():
            self.focus_hidden.emit()
        if shown and listed and self.listing.isHidden():
            self.listing_folded.emit()

    def show_listing(self) -> None:
        """Shows the list, folding the description away if there is no room for both."""
        self._description_first = False
        self.fit()

    def fit(self, *, force: bool = False) -> None:
        """Folds or unfolds panes if the window's width asks for it (or ``force``)."""
        if self._fitting or not self._main.isVisible():
            return
        panes = self.pane_widths()
        self._hold_panes(panes)
        # The splitter then snaps a dragged description to a readable width, or folds it.
        self.description.setMinimumWidth(panes.description)
        # A minimum set, not the content's hint: what an applicant shows never moves the
        # splitters (nor so the list's width).
        _pane(self._middle, 0).setMinimumWidth(panes.applicant)
        width = self._main.width()
        listing, description = self._panes_to_show(panes, width)
        if (
            force
            or listing != (not self.listing.isHidden())
            or description != self.description_shown
        ):
            self._apply(split_width(width, panes, listing=listing, description=description))
        else:
            # A split restored folded needs no change, but the button and the menu still
            # say "shown": Ctrl+D would then only fold it again.
            self._announce()

    def _hold_panes(self, panes: PaneWidths) -> None:
        """Keeps the window as wide as the list, the applicant and the panel need at least.

        The window's least width is set, so Qt does not raise it for its panes: a list
        widened by six-digit counts then pushed the panel's right edge (New note, Save)
        out of the window. The description folds away first, so it is not counted.
        """
        window = self._main.window()
        if self._least_width is None:
            self._least_width = window.minimumWidth()
        frame = window.width() - self._main.width()
        needed = panes.listing + panes.applicant + panes.panel + 3 * panes.handle + frame
        least = max(self._least_width, needed)
        if window.minimumWidth() != least:
            window.setMinimumWidth(least)

    def widen_panel(self, width: int) -> None:
        """Gives the review panel a new minimum ``width``, taken from the middle panes.

        The list keeps its width: its columns would otherwise elide differently with
        every applicant whose checks need a little more room.
        """
        panel = _pane(self._main, 2)
        sizes = self._main.sizes()
        panel.setMinimumWidth(width)
        if sizes[2] < width:
            grow = width - sizes[2]
            self._main.setSizes([sizes[0], max(0, sizes[1] - grow), width])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fits the panes whenever the splitters change size, or a pane's minimum does."""
        if event.type() == QEvent.Type.Resize and watched in (self._main, self._middle):
            self.fit()
        elif (
            event.type() == QEvent.Type.LayoutRequest
            and watched is self._main
            and self._main.isVisible()
            and self._listing_least != (least := _pane(self._main, 0).minimumSizeHint().width())
        ):  # the list's counts widened it, say; not at every applicant shown (~3 ms a J)
            self._listing_least = least
            self._hold_panes(self.pane_widths())
        return super().eventFilter(watched, event)

    def _panes_to_show(self, panes: PaneWidths, width: int) -> tuple[bool, bool]:
        if not self.description_wanted:
            return True, False
        if panes.fits(width, listing=True, description=True):
            return True, True
        if self._description_first and panes.fits(width, listing=False, description=True):
            return False, True
        return True, False

    def _apply(self, split: Split) -> None:
        self._fitting = True
        try:
            self.listing.setVisible(split.listing > 0)
            # The middle first: its minimum (without a folded description) bounds the split.
            self._middle.setSizes([split.applicant, split.description])
            self._middle.updateGeometry()
            middle = split.applicant + self._middle.handleWidth() + split.description
            self._main.setSizes([split.listing, middle, split.panel])
        finally:
            self._fitting = False
        self._announce()

    def _on_middle_moved(self, _pos: int, _index: int) -> None:
        # Dragged shut (or open) by the reviewer: that is their choice from now on.
        self._middle.updateGeometry()
        if self.description_shown != self._shown:
            self.description_wanted = self.description_shown
            self._description_first = self.description_wanted
        self._announce()

    def _announce(self) -> None:
        shown = self.description_shown
        if shown != self._shown:
            self._shown = shown
            self.description_toggled.emit(shown)
