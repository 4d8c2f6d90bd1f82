"""Tests of the widget pool the review panel's sections reuse widgets from."""

from __future__ import annotations

from PySide6.QtGui import QMoveEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from reviewer_app.ui.widget_pool import layouts_held, show_in_pool


def test_widgets_are_made_only_when_short_and_the_spare_ones_hidden(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    made: list[str] = []

    def make(text: str) -> QLabel:
        made.append(text)
        return QLabel(host)

    pool: list[QLabel] = []
    shown = show_in_pool(pool, ["a", "b", "c"], make, QLabel.setText)
    assert made == ["a", "b", "c"]
    assert [label.text() for label in shown] == ["a", "b", "c"]

    shown = show_in_pool(pool, ["d"], make, QLabel.setText)
    assert made == ["a", "b", "c"]
    assert shown == pool[:1] and shown[0].text() == "d"
    assert [label.isHidden() for label in pool] == [False, True, True]

    shown = show_in_pool(pool, ["e", "f", "g", "h"], make, QLabel.setText)
    assert made == ["a", "b", "c", "h"]
    assert shown == pool and [label.text() for label in pool] == ["e", "f", "g", "h"]
    assert not any(label.isHidden() for label in pool)


class _Moves(QWidget):
    """Counts how often its layout places it."""

    def __init__(self) -> None:
        super().__init__()
        self.placed = 0
        self.setMinimumHeight(10)

    def moveEvent(self, event: QMoveEvent) -> None:
        self.placed += 1
        super().moveEvent(event)


def _column(qtbot: QtBot, spare: int) -> tuple[QWidget, _Moves, list[QLabel]]:
    """A shown column: ``spare`` hidden labels above a widget that counts its moves."""
    column = QWidget()
    qtbot.addWidget(column)
    layout = QVBoxLayout(column)
    labels = [QLabel(f"row {number}", column) for number in range(spare)]
    for label in labels:
        layout.addWidget(label)
        label.hide()
    last = _Moves()
    layout.addWidget(last)
    column.show()
    qtbot.waitExposed(column)
    QApplication.processEvents()
    last.placed = 0
    return column, last, labels


def test_showing_widgets_in_held_layouts_lays_them_out_once(qtbot: QtBot) -> None:
    column, last, labels = _column(qtbot, 5)
    with layouts_held(column):
        for label in labels:
            label.show()
        assert last.placed == 0  # nothing laid out while held
    qtbot.waitUntil(lambda: last.placed > 0)
    QApplication.processEvents()
    assert last.placed == 1
    assert last.y() > labels[-1].y()  # the layout ran: the rows shown are above it
    assert column.layout().isEnabled()


def test_without_holding_each_widget_shown_lays_the_column_out(qtbot: QtBot) -> None:
    # What the hold saves: Qt lays a shown widget's parents out there and then.
    _column_widget, last, labels = _column(qtbot, 5)
    for label in labels:
        label.show()
    assert last.placed == 5


def test_a_layout_already_held_stays_held_after_an_inner_hold(qtbot: QtBot) -> None:
    column, _last, _labels = _column(qtbot, 1)
    layout = column.layout()
    layout.setEnabled(False)
    with layouts_held(column):
        pass
    assert not layout.isEnabled()
    layout.setEnabled(True)
