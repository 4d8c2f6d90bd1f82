"""Tests of reviewer_app/ui/review/panel_scrolling.py, in the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.conftest import wait_settled


def test_a_note_opened_on_a_small_screen_shows_save_and_cancel(
    qtbot: QtBot, window: MainWindow
) -> None:
    # At 1024 x 700 the editor's Save and Cancel were below the panel's bottom edge.
    window.resize(1024, 700)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    wait_settled(qtbot, window)
    panel = window.review_panel
    row = panel.checks.rows[0]
    row.setFocus()
    qtbot.waitUntil(row.hasFocus)
    qtbot.keyClick(row, Qt.Key.Key_N)
    qtbot.waitUntil(panel.notes.editor.hasFocus)
    viewport = panel.scroll_area.viewport()

    def bottom(widget: object) -> int:
        return widget.mapTo(viewport, widget.rect().bottomLeft()).y()  # type: ignore[attr-defined]

    qtbot.waitUntil(lambda: bottom(panel.notes.save_button) <= viewport.height())
    assert bottom(panel.notes.cancel_button) <= viewport.height()
    assert bottom(panel.notes.editor) >= 0
