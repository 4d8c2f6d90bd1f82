"""Tests of reviewer_app/ui/review/conflict_banner.py:

A decision conflict, and the way out of it.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.review.state import ConflictView, DecisionView
from reviewer_app.ui.review.conflict_banner import ConflictBanner, conflict_text

MINE = DecisionView(Stage.DECLINED, "Too few hours", "Test Reviewer", None)


def test_a_deleted_decision_reads_as_no_decision_by_another_reviewer() -> None:
    text = conflict_text(ConflictView(id=1, theirs=None, mine=MINE))
    assert text == (
        "Your decision conflicts with another reviewer's (no decision). "
        "Yours: Declined: Too few hours"
    )


def test_mine_cannot_be_applied_again_when_i_deleted_it(qtbot: QtBot) -> None:
    banner = ConflictBanner()
    qtbot.addWidget(banner)
    theirs = DecisionView(Stage.INTERVIEW, None, "Ana", None)
    banner.show_conflict(ConflictView(id=7, theirs=theirs, mine=None))
    assert not banner.apply_button.isEnabled()
    with qtbot.wait_signal(banner.keep_theirs) as kept:
        banner.keep_button.click()
    assert kept.args == [7]
    banner.show_conflict(None)
    assert banner.isHidden()
