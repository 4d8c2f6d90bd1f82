"""Tests of reviewer_app/ui/reports/stage_board.py: the board from the keyboard.

Named apart from tests/reports/test_stage_board.py: one module name per test run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.reports.board import BoardCard, BoardColumn
from reviewer_app.reports.figures import STAGE_TITLES
from reviewer_app.ui.reports.stage_board import BOARD_HINT, StageBoard, StageColumn
from reviewer_app.ui.window.appearance import ColorScheme, scheme_palette

CTRL = Qt.KeyboardModifier.ControlModifier


def _card(app_id: str, stage: Stage) -> BoardCard:
    return BoardCard(app_id, f"Name {app_id}", stage, None, 3, 1, 2)


def _columns(cards: dict[str, Stage]) -> list[BoardColumn]:
    columns = []
    for stage in STAGE_TITLES:
        shown = tuple(_card(app_id, stage) for app_id, s in cards.items() if s == stage)
        columns.append(BoardColumn(stage, len(shown), shown))
    return columns


@pytest.fixture
def board(qtbot: QtBot) -> StageBoard:
    shown = StageBoard()
    qtbot.addWidget(shown)
    shown.show_columns(
        _columns({"a1": Stage.NEW, "a2": Stage.SCREENING, "a3": Stage.ACCEPTED}), blind=False
    )
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def _focus(qtbot: QtBot, board: StageBoard, app_id: str, stage: Stage) -> StageColumn:
    column = board.columns[stage]
    column.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(column.hasFocus)
    assert column.select_card(app_id)
    return column


def test_ctrl_right_and_left_ask_to_move_the_focused_card_one_stage(
    qtbot: QtBot, board: StageBoard
) -> None:
    column = _focus(qtbot, board, "a2", Stage.SCREENING)
    with qtbot.waitSignal(board.move_requested) as moved:
        qtbot.keyClick(column, Qt.Key.Key_Right, CTRL)
    assert moved.args == ["a2", Stage.INTERVIEW, None]
    with qtbot.waitSignal(board.move_requested) as moved:
        qtbot.keyClick(column, Qt.Key.Key_Left, CTRL)
    assert moved.args == ["a2", Stage.NEW, None]
    first = _focus(qtbot, board, "a1", Stage.NEW)
    with qtbot.assertNotEmitted(board.move_requested):
        qtbot.keyClick(first, Qt.Key.Key_Left, CTRL)  # no stage before New


def test_a_key_move_to_declined_asks_for_the_reason_as_a_drop_does(
    qtbot: QtBot, board: StageBoard
) -> None:
    column = _focus(qtbot, board, "a3", Stage.ACCEPTED)
    with qtbot.assertNotEmitted(board.move_requested):
        qtbot.keyClick(column, Qt.Key.Key_Right, CTRL)
    dialog = board.reason_dialog
    assert dialog is not None and "Declined" in dialog.windowTitle()
    dialog.setTextValue("Position filled")
    with qtbot.waitSignal(board.move_requested) as moved:
        dialog.accept()
    assert moved.args == ["a3", Stage.DECLINED, "Position filled"]


def test_the_focus_follows_the_card_to_its_new_column(qtbot: QtBot, board: StageBoard) -> None:
    column = _focus(qtbot, board, "a2", Stage.SCREENING)
    qtbot.keyClick(column, Qt.Key.Key_Right, CTRL)
    # The window records the decision and shows the board read again.
    board.show_columns(
        _columns({"a1": Stage.NEW, "a2": Stage.INTERVIEW, "a3": Stage.ACCEPTED}), blind=False
    )
    interview = board.columns[Stage.INTERVIEW]
    qtbot.waitUntil(interview.hasFocus)
    assert interview.currentIndex().row() == interview.card_ids().index("a2")


def test_the_hint_names_the_keys() -> None:
    assert "Ctrl+Left" in BOARD_HINT and "Ctrl+Right" in BOARD_HINT


@pytest.fixture
def plain_application(qapp: QApplication) -> Iterator[None]:
    """Fusion without a style sheet for the test, whatever a test before left.

    The frame is drawn in the widget's palette; an application-wide style sheet left by
    another test on the same worker drew it in its own colours.
    """
    style, sheet = qapp.style().name(), qapp.styleSheet()
    qapp.setStyleSheet("")
    qapp.setStyle("Fusion")
    yield
    if style:
        qapp.setStyle(style)
    qapp.setStyleSheet(sheet)


@pytest.mark.parametrize("scheme", [ColorScheme.LIGHT, ColorScheme.DARK])
@pytest.mark.usefixtures("plain_application")
def test_the_focused_card_is_framed_in_light_and_dark(
    qtbot: QtBot, board: StageBoard, scheme: ColorScheme
) -> None:
    palette = scheme_palette(scheme)
    board.setPalette(palette)
    column = _focus(qtbot, board, "a2", Stage.SCREENING)
    rect = column.visualRect(column.currentIndex())
    edge = QPoint(rect.left() + 1, rect.center().y())  # on the frame's left side

    def at_edge() -> QColor:
        QApplication.processEvents()
        return column.viewport().grab().toImage().pixelColor(edge)

    # The column's own palette: the board's, unless a test before on this worker left an
    # application palette for item views, which a child's palette follows instead.
    shown = column.palette()
    text = shown.color(QPalette.ColorRole.Text)
    assert at_edge() == text
    assert abs(text.lightness() - shown.color(QPalette.ColorRole.Base).lightness()) > 100
    board.columns[Stage.NEW].setFocus()
    qtbot.waitUntil(lambda: not column.hasFocus())
    assert at_edge() != text  # no frame without the focus
