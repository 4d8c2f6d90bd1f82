"""The applicant table repaints only the rows whose look depends on the focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.conftest import wait_settled


class _Painted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.rects.extend(event.region())
        return False


def test_a_focus_change_repaints_the_selected_row_alone(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    wait_settled(qtbot, window)
    table = window.applicant_list.table
    assert table.model().rowCount() > 3
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    QApplication.processEvents()
    painted = _Painted()
    table.viewport().installEventFilter(painted)
    current = table.currentIndex().row()
    row = QRect(
        0, table.rowViewportPosition(current), table.viewport().width(), table.rowHeight(current)
    )
    for focus in (window.applicant_list.search, table):
        painted.rects.clear()
        focus.setFocus()
        qtbot.waitUntil(focus.hasFocus)
        qtbot.waitUntil(lambda: bool(painted.rects))
        assert all(row.contains(rect) for rect in painted.rects), painted.rects


def test_a_focus_change_repaints_the_frame_but_not_the_titles(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show()
    qtbot.waitExposed(window)
    wait_settled(qtbot, window)
    table = window.applicant_list.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    QApplication.processEvents()
    frame, titles = _Painted(), _Painted()
    table.installEventFilter(frame)
    table.horizontalHeader().viewport().installEventFilter(titles)
    inside = table.contentsRect()
    for focus in (window.applicant_list.search, table):
        frame.rects.clear()
        focus.setFocus()
        qtbot.waitUntil(focus.hasFocus)
        # The frame may show the focus: it is repainted, and nothing inside it.
        qtbot.waitUntil(lambda: bool(frame.rects))
        assert not any(inside.intersects(rect) for rect in frame.rects), frame.rects
    assert titles.rects == []


def test_moving_through_applicants_repaints_no_title(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    wait_settled(qtbot, window)
    listing = window.applicant_list
    header = listing.table.horizontalHeader()
    titles = _Painted()
    header.viewport().installEventFilter(titles)
    rows = listing.table.viewport()
    moved = _Painted()
    rows.installEventFilter(moved)
    for _ in range(3):
        listing.step_selection(1)
        qtbot.waitUntil(lambda: bool(moved.rects))
        wait_settled(qtbot, window)
        moved.rects.clear()
    assert titles.rects == []
    # Always drawn as a highlighted title is (bold), a row selected or not.
    assert header.highlightSections() is False
