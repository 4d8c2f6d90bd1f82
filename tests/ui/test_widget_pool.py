"""Tests of the widget pool the review panel's sections reuse widgets from."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from reviewer_app.ui.widget_pool import show_in_pool


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
