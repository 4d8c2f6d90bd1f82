"""Tests of reviewer_app/ui/list/applicant_table.py: the table's sort arrow and scrolling."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QStyle, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.ui.list.applicant_labels import (
    ASSIGNED,
    INTERVIEW,
    MY_CHECKS,
    NAME,
    POSITION,
    STAGE,
    SUBMITTED,
)
from reviewer_app.ui.list.applicant_model import ApplicantTableModel
from reviewer_app.ui.list.applicant_table import NAME_CHARACTERS, ApplicantTable, QuietScrollBar
from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.conftest import wait_settled

REVIEWER = "Test Reviewer"  # as in conftest.py


def _table(qtbot: QtBot, cache: LocalCache) -> tuple[QWidget, ApplicantTable]:
    """The table in a shown list stand-in (returned too: it owns the table)."""
    model = ApplicantTableModel(ApplicantQuery(cache, REVIEWER))
    model.refresh()
    parent = QWidget()
    qtbot.addWidget(parent)
    table = ApplicantTable(model, parent)
    QVBoxLayout(parent).addWidget(table)
    parent.resize(400, 300)
    parent.show()
    qtbot.waitExposed(parent)
    return parent, table


def test_a_column_that_does_not_sort_leaves_the_arrow_on_the_order(
    qtbot: QtBot, demo_cache: LocalCache
) -> None:
    _list, table = _table(qtbot, demo_cache)
    header = table.horizontalHeader()
    header.setSortIndicator(POSITION, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == SUBMITTED
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_a_row_is_scrolled_back_to_where_it_sat(qtbot: QtBot, demo_cache: LocalCache) -> None:
    _list, table = _table(qtbot, demo_cache)
    table.make_current(100)
    assert table.selectionModel().isRowSelected(100)
    assert table.visible_row_y(100) is not None
    height = table.rowHeight(100)
    table.scroll_row_to(100, 3 * height)
    assert table.visible_row_y(100) == 3 * height
    table.scroll_row_to(150, 0)
    assert table.visible_row_y(100) is None  # out of sight


def test_on_a_narrow_list_the_names_keep_their_room(qtbot: QtBot, demo_cache: LocalCache) -> None:
    host, table = _table(qtbot, demo_cache)
    wanted = table.fontMetrics().averageCharWidth() * NAME_CHARACTERS
    header = table.horizontalHeader()
    for width, hidden in ((700, set()), (420, {MY_CHECKS}), (340, {MY_CHECKS, STAGE})):
        host.resize(width, 400)
        qtbot.waitUntil(lambda width=width: table.width() <= width)
        assert {c for c in (STAGE, MY_CHECKS) if table.isColumnHidden(c)} == hidden, width
        if hidden != {MY_CHECKS, STAGE}:
            assert header.sectionSize(NAME) >= wanted, width
    host.resize(700, 400)  # room again: the columns come back at their width
    qtbot.waitUntil(lambda: not table.isColumnHidden(MY_CHECKS))
    assert header.sectionSize(STAGE) > 0 and header.sectionSize(MY_CHECKS) > 0


@pytest.mark.parametrize("position_filter", [False, True])
def test_optional_columns_give_way_before_a_name_is_cut(
    qtbot: QtBot, demo_cache: LocalCache, position_filter: bool
) -> None:
    """A search's or a position's list: Mine and Assigned never squeeze the names."""
    host, table = _table(qtbot, demo_cache)
    table.setColumnHidden(POSITION, position_filter)  # as the list does for one position
    # A 100,000-application cache's names, the digits telling them apart.
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table)
    name = table.fontMetrics().horizontalAdvance("Applicant 12345") + 2 * (margin + 1)
    header = table.horizontalHeader()
    for width in range(260, 760, 10):
        host.resize(width, 400)
        qtbot.waitUntil(lambda width=width: table.width() <= width)
        shown = [c for c in (STAGE, MY_CHECKS, ASSIGNED, INTERVIEW) if not table.isColumnHidden(c)]
        if shown:
            assert header.sectionSize(NAME) >= name, (width, shown)


def test_the_scroll_bar_is_repainted_only_when_its_handle_moves(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    bar = QuietScrollBar(Qt.Orientation.Vertical, holder)
    bar.setRange(0, 100_000)  # a long list: a row is a fraction of a pixel
    bar.resize(14, 400)
    holder.show()
    qtbot.waitExposed(holder)
    paints: list[int] = []

    class Counter(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                paints.append(bar.value())
            return False

    counter = Counter()
    bar.installEventFilter(counter)
    qtbot.wait(20)
    paints.clear()
    bar.setValue(bar.value() + 1)  # J at the bottom of the list
    qtbot.wait(20)
    assert paints == []
    bar.setValue(50_000)
    qtbot.waitUntil(lambda: paints == [50_000])
    bar.setRange(0, 10)  # anything but a value change repaints
    qtbot.waitUntil(lambda: len(paints) == 2)


def test_scrolling_a_row_paints_that_row_only_under_the_style_sheet(
    qtbot: QtBot, demo_cache: LocalCache
) -> None:
    holder, table = _table(qtbot, demo_cache)
    holder.setStyleSheet("QTableView { border: 1px solid palette(dark); padding: 1px; }")
    qtbot.wait(20)
    painted: list[int] = []

    class Counter(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if isinstance(event, QPaintEvent):
                painted.append(event.region().boundingRect().height())
            return False

    counter = Counter()
    table.viewport().installEventFilter(counter)
    bar = table.verticalScrollBar()
    bar.setValue(bar.value() + 1)  # J at the bottom of the list
    qtbot.waitUntil(lambda: bool(painted))
    assert max(painted) <= 2 * table.rowHeight(0)  # moved, and the new row painted


def test_home_and_end_show_the_first_and_the_last_applicant(
    qtbot: QtBot, window: MainWindow
) -> None:
    table = window.applicant_list.table
    model = window.applicant_list.model
    last = model.rowCount() - 1
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    wait_settled(qtbot, window)
    for key, row in ((Qt.Key.Key_End, last), (Qt.Key.Key_Home, 0)):
        qtbot.keyClick(table, key)
        wait_settled(qtbot, window)
        assert table.currentIndex().row() == row
        assert table.selected_ids() == [model.application_id(row)]
        assert window.current_id() == model.application_id(row)
        detail = window.applicant_view.detail
        assert detail is not None and detail.id == model.application_id(row)
        assert window.review_panel.application_id == model.application_id(row)


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_End, Qt.Key.Key_PageDown])
def test_moving_with_ctrl_selects_the_applicant_shown(
    qtbot: QtBot, window: MainWindow, key: Qt.Key
) -> None:
    # Ctrl+Down left the selection on the row before: A then assigned that applicant
    # while the panels showed this one.
    table = window.applicant_list.table
    model = window.applicant_list.model
    table.setFocus()
    wait_settled(qtbot, window)
    qtbot.keyClick(table, key, Qt.KeyboardModifier.ControlModifier)
    wait_settled(qtbot, window)
    row = table.currentIndex().row()
    assert row > 0
    assert table.selected_ids() == [model.application_id(row)] == [window.current_id()]
    assert table.selected_count() == 1


def test_one_other_row_selected_never_stands_for_the_applicant_shown(
    qtbot: QtBot, window: MainWindow
) -> None:
    table = window.applicant_list.table
    model = window.applicant_list.model
    table.make_current(0)
    # The current row moves without the selection (as a click with Ctrl leaves it).
    table.selectionModel().setCurrentIndex(
        model.index(2, 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    assert table.selected_ids() == [model.application_id(2)]
    table.extend_to(3)  # a real selection of several rows is the selection
    assert table.selected_ids() == [model.application_id(0), model.application_id(3)]


def test_a_narrow_list_sorted_by_stage_keeps_its_stage_column(
    qtbot: QtBot, demo_cache: LocalCache
) -> None:
    host, table = _table(qtbot, demo_cache)
    host.resize(340, 400)
    qtbot.waitUntil(lambda: table.isColumnHidden(STAGE))  # no room: Stage gives way
    table.sortByColumn(STAGE, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not table.isColumnHidden(STAGE))  # the order's key is shown
    assert table.horizontalHeader().sectionSize(STAGE) > 0
    table.sortByColumn(SUBMITTED, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: table.isColumnHidden(STAGE))
