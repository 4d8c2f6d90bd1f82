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


def test_the_whole_note_editor_comes_into_view_once_laid_out(qtbot: QtBot) -> None:
    # The focus alone was scrolled to: the buttons below the editor's text stayed out.
    from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget

    from reviewer_app.ui.review.panel_scrolling import keep_in_view

    area = QScrollArea()
    qtbot.addWidget(area)
    area.resize(300, 200)
    content = QWidget()
    column = QVBoxLayout(content)
    column.addSpacing(600)  # the checks above the notes
    editor_frame = QWidget(content)
    inside = QVBoxLayout(editor_frame)
    text = QPlainTextEdit(editor_frame)
    text.setFixedHeight(80)
    save = QPushButton("Save", editor_frame)
    inside.addWidget(text)
    inside.addSpacing(60)
    inside.addWidget(save)
    column.addWidget(editor_frame)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.show()
    qtbot.waitExposed(area)
    keep_in_view(area, editor_frame, text)
    viewport = area.viewport()
    qtbot.waitUntil(lambda: save.mapTo(viewport, save.rect().bottomLeft()).y() <= viewport.height())
    assert text.mapTo(viewport, text.rect().topLeft()).y() >= 0
