"""The list's column titles, whose sort arrow points up for an ascending order.

Qt hands a style ``SortDown`` for an ascending order, and each style draws it as its
platform does: the Windows style as an up arrow, as Explorer and Excel show A to Z;
Fusion, as GTK does, as a down arrow. Fusion is the style where the platform has none
of its own and whenever a theme is chosen (Settings → Theme), and there a list ordered
oldest first showed ▼, which a spreadsheet's user reads as newest first: the opposite
of the View → Sort by menu's Ascending. The header asks the style which way it draws
``SortDown``, and where that is down it hands the style the other indicator.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QRect, Qt
from PySide6.QtGui import QImage, QPainter, QRegion
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

Indicator = QStyleOptionHeader.SortIndicator

# Room enough for any style's arrow (Fusion's is 9 by 5 pixels, drawn 2 pixels up).
_PROBE_SIZE = 32


def points_down(style: QStyle, indicator: Indicator, widget: QWidget) -> bool | None:
    """Whether ``style`` draws ``indicator`` as an arrow pointing down.

    Returns:
        None when no arrow is drawn, or none that narrows one way (a style's picture).
    """
    image = QImage(_PROBE_SIZE, _PROBE_SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    option = QStyleOptionHeader()
    option.initFrom(widget)
    option.rect = QRect(0, _PROBE_SIZE // 4, _PROBE_SIZE, _PROBE_SIZE // 2)
    option.sortIndicator = indicator
    painter = QPainter(image)
    try:
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_IndicatorHeaderArrow, option, painter, widget
        )
    finally:
        painter.end()
    widths = [
        sum(image.pixelColor(x, y).alpha() > 64 for x in range(_PROBE_SIZE))
        for y in range(_PROBE_SIZE)
    ]
    rows = [width for width in widths if width]
    if len(rows) < 2 or rows[0] == rows[-1]:
        return None
    return rows[0] > rows[-1]


class SortHeader(QHeaderView):
    """A horizontal header whose sort arrow points up when the order is ascending.

    Args:
        parent: The table.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        # As QTableView makes its own header, but for the highlight: Qt's repaints the
        # titles at every change of the selection (each J), to draw them bold while a
        # row is selected; they are drawn bold always instead (initStyleOptionForIndex).
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self._flip: bool | None = None  # asked of the style at the next paint

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logicalIndex: int) -> None:
        """Qt's option for a section: titles bold, the sort indicator turned if need be."""
        super().initStyleOptionForIndex(option, logicalIndex)
        option.state |= QStyle.StateFlag.State_On  # a highlighted section's bold title
        if option.sortIndicator == Indicator.None_ or not self._flipped():
            return
        up = option.sortIndicator == Indicator.SortUp
        option.sortIndicator = Indicator.SortDown if up else Indicator.SortUp

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        """Nothing of the titles shows the selection: a change of it repaints none.

        Qt's repaints every title a selected row crosses (all of them) at each J press,
        highlighted or not.
        """
        return QRegion()

    def changeEvent(self, event: QEvent) -> None:
        """Asks the style again after a change of style (a theme, a style sheet)."""
        if event.type() == QEvent.Type.StyleChange:
            self._flip = None
        super().changeEvent(event)

    def _flipped(self) -> bool:
        if self._flip is None:
            # Qt's SortDown is the ascending order.
            self._flip = points_down(self.style(), Indicator.SortDown, self) is True
        return self._flip
