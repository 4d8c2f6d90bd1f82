"""The review panel is widened once for every position's checks, never while moving."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.domain.vocabulary import NoteKind, Stage
from reviewer_app.positions.checks import Check
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.review.check_row import CheckRow
from reviewer_app.ui.review.panel_width import widest_check_row
from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.conftest import REVIEWER, wait_settled


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


LONG_WORD = "https://example.org/?q=" + "verylongwordwithoutspaces" * 12


@pytest.mark.parametrize("where", ["note", "decision"])
def test_a_long_word_in_a_note_or_a_reason_never_widens_the_panel(
    qtbot: QtBot, make_window: Callable[..., MainWindow], demo_cache: LocalCache, where: str
) -> None:
    # A pasted link, or any word without spaces: once shown, it set the panel's minimum
    # width to its own, pushed the check buttons and the description out of the window,
    # and the window remembered that split at its next start.
    first = ApplicantQuery(demo_cache, REVIEWER).ids()[0]
    review = ReviewService(demo_cache, REVIEWER)
    if where == "note":
        review.save_note(first, NoteKind.TRIAGE, f"See {LONG_WORD}")
    else:
        review.set_decision(first, Stage.SCREENING, LONG_WORD)
    window = make_window()
    window.resize(1320, 740)
    assert window.current_id() == first
    panel = window.review_panel
    panel.decision.history_toggle.setChecked(True)
    wait_settled(qtbot, window)
    QApplication.processEvents()
    QApplication.processEvents()
    assert panel.minimumWidth() < window.width() // 2
    assert window.main_splitter.sizes()[2] < window.width() // 2
    assert window.panes.description_shown
