"""The review panel is widened once for every position's checks, never while moving."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewer_app.positions.checks import Check
from reviewer_app.ui.review.check_row import CheckRow
from reviewer_app.ui.review.panel_width import widest_check_row
from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.conftest import wait_settled


def test_the_widest_row_is_that_of_the_longest_label(qtbot: QtBot) -> None:
    parent = CheckRow(Check("x", "Python", "skill", ""))
    qtbot.addWidget(parent)
    short = widest_check_row(["Python"], parent)
    long = widest_check_row(["Python", "Communication (written English)"], parent)
    assert long > short > 0
    real = CheckRow(Check("y", "Communication (written English)", "skill", ""))
    qtbot.addWidget(real)
    assert long == real.minimumSizeHint().width()


def test_moving_through_every_position_never_widens_the_panel(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1320, 740)
    wait_settled(qtbot, window)
    QApplication.processEvents()
    before = window.review_panel.minimumWidth()
    for row in range(window.applicant_list.model.rowCount()):
        window.applicant_list.select(window.applicant_list.model.application_id(row))
        wait_settled(qtbot, window)
    QApplication.processEvents()
    assert window.review_panel.minimumWidth() == before
