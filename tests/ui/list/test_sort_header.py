"""Tests of reviewer_app/ui/list/sort_header.py: the sort arrow points up for ascending."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QStandardItemModel
from PySide6.QtWidgets import (
    QHeaderView,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionHeader,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.filters import SortKey
from reviewer_app.ui.list.sort_header import SortHeader, points_down
from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.window.test_sort_menu import sort_menu

Indicator = QStyleOptionHeader.SortIndicator


def arrow_drawn(header: QHeaderView) -> str:
    """Which way the arrow drawn on the sorted column's title points: "up" or "down".

    Read from the header's picture: the rightmost shape on the sorted column's title
    (the title's text is left of it), the rows of its pixels that stand out from the
    background, the arrow's wide side at the top when it points down.
    """
    column = header.sortIndicatorSection()
    image = header.grab().toImage()
    dpr = image.devicePixelRatio()
    left = int(header.sectionViewportPosition(column) * dpr)
    right = int((header.sectionViewportPosition(column) + header.sectionSize(column)) * dpr) - 3
    background = image.pixelColor(right - 1, int(2 * dpr)).lightness()
    marked = [
        [abs(image.pixelColor(x, y).lightness() - background) > 60 for x in range(left, right)]
        for y in range(image.height())
    ]
    marked = [row for row in marked if sum(row) < len(row) * 0.8]  # not a border line
    columns = [x for x in range(right - left) if any(row[x] for row in marked)]
    assert columns, "nothing drawn on the title"
    first = columns[-1]  # the rightmost shape: its columns, contiguous
    while first - 1 in columns:
        first -= 1
    widths = [sum(row[first : columns[-1] + 1]) for row in marked]
    rows = [width for width in widths if width]
    assert len(rows) >= 2 and rows[0] != rows[-1], f"no arrow in {widths}"
    return "down" if rows[0] > rows[-1] else "up"


def test_the_arrow_agrees_with_the_sort_menus_words(
    qtbot: QtBot, window: MainWindow, settle: Callable[[MainWindow], None]
) -> None:
    # Explorer's and Excel's way: ▲ for ascending (A to Z, oldest first), ▼ for
    # descending; Fusion, the style of the tests and of a chosen theme, drew them the
    # other way round.
    menu = sort_menu(window)
    header = window.applicant_list.table.horizontalHeader()
    assert menu.descending.isChecked()  # newest first, the list's own order
    assert arrow_drawn(header) == "down"
    menu.ascending.trigger()
    settle(window)
    assert arrow_drawn(header) == "up"
    menu.keys[SortKey.NAME].trigger()  # A to Z
    settle(window)
    assert menu.ascending.isChecked() and arrow_drawn(header) == "up"
    menu.descending.trigger()
    settle(window)
    assert arrow_drawn(header) == "down"


def test_fusion_draws_qts_ascending_indicator_pointing_down(qtbot: QtBot) -> None:
    # The reason for the header: Qt hands a style SortDown for an ascending order.
    widget = QWidget()
    qtbot.addWidget(widget)
    fusion = QStyleFactory.create("Fusion")
    assert points_down(fusion, Indicator.SortDown, widget) is True
    assert points_down(fusion, Indicator.SortUp, widget) is False


class _UpForAscending(QProxyStyle):
    """Fusion drawing Qt's indicators the Windows style's way (SortDown as ▲)."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
            option, QStyleOptionHeader
        ):
            turned = QStyleOptionHeader(option)
            down = option.sortIndicator == Indicator.SortDown
            turned.sortIndicator = Indicator.SortUp if down else Indicator.SortDown
            option = turned
        super().drawPrimitive(element, option, painter, widget)


def test_a_style_that_draws_ascending_up_already_is_left_as_it_is(qtbot: QtBot) -> None:
    model = QStandardItemModel(3, 2)
    model.setHorizontalHeaderLabels(["Name", "Submitted"])
    table = QTableView()
    qtbot.addWidget(table)
    header = SortHeader(table)
    table.setHorizontalHeader(header)
    table.setModel(model)
    header.resizeSection(1, 160)
    header.setSortIndicatorShown(True)
    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)
    table.resize(400, 150)
    table.show()
    qtbot.waitExposed(table)
    assert arrow_drawn(header) == "up"  # Fusion, turned by the header
    style = _UpForAscending(QStyleFactory.create("Fusion"))
    header.setStyle(style)  # as the Windows style draws: nothing to turn
    assert arrow_drawn(header) == "up"
    header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
    assert arrow_drawn(header) == "down"
