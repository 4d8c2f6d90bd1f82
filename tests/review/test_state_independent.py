"""Tests of independent review in reviewer_app/review/state.py: others hidden until mine.

app-1 applies to the backend position, whose checks are ``skill-python`` and
``skill-git-github`` (tests/applicants/cache_support.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    CachedDecisionHistory,
    CachedRequirementCheck,
    CachedReviewer,
    Revealed,
)
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.selection import read_selection
from reviewer_app.review.state import ReviewState, load_review_state
from tests.applicants.cache_support import ME, T0, fill_sample_cache

APP = "app-1"
CHECKS = ("skill-python", "skill-git-github")


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    """app-1 reviewed by Ana (both checks, a note, the decision) and Bo (a note); ME noted."""
    opened = LocalCache.open(tmp_path)
    fill_sample_cache(opened)
    ana = ReviewService(opened, "Ana")
    for key in CHECKS:
        ana.set_check(APP, key, CheckResult.NOT_MET, "no sign of it")
    ana.save_note(APP, NoteKind.TRIAGE, "Weak answers")
    ana.set_decision(APP, Stage.DECLINED, "Not enough experience")
    ReviewService(opened, "Bo").save_note(APP, NoteKind.TRIAGE, "I agree with Ana")
    ReviewService(opened, ME).save_note(APP, NoteKind.TRIAGE, "My first impression")
    yield opened
    opened.close()


def _state(cache: LocalCache, *, independent: bool = True) -> ReviewState:
    state = load_review_state(cache, APP, ME, independent=independent)
    assert state is not None
    return state


def _assert_all_shown(state: ReviewState) -> None:
    assert state.others_hidden == 0
    assert {v.reviewer_name for v in state.other_checks["skill-python"]} == {"Ana"}
    assert [note.body for note in state.notes] == [
        "Weak answers",
        "I agree with Ana",
        "My first impression",
    ]
    assert state.decision is not None
    assert state.decision.reason == "Not enough experience"
    assert state.decision.decided_by_name == "Ana"


def test_before_my_review_the_others_views_are_hidden(cache: LocalCache) -> None:
    state = _state(cache)
    assert state.others_hidden == 2  # Ana and Bo
    assert state.other_checks == {}
    assert [note.body for note in state.notes] == ["My first impression"]
    # The stage is the team's shared state: it stays; the reason and its author go.
    assert state.decision is not None and state.decision.stage == Stage.DECLINED
    assert (state.decision.reason, state.decision.decided_by_name) == (None, None)


def test_they_stay_hidden_until_the_last_check_is_recorded(cache: LocalCache) -> None:
    review = ReviewService(cache, ME)
    review.set_check(APP, "skill-python", CheckResult.MET)
    state = _state(cache)
    assert state.others_hidden == 2 and state.other_checks == {}
    assert state.my_checks["skill-python"].result == CheckResult.MET  # mine are shown
    review.set_check(APP, "skill-git-github", CheckResult.UNSURE)
    _assert_all_shown(_state(cache))


def test_show_anyway_reveals_them_and_is_remembered(cache: LocalCache) -> None:
    with cache.session() as session:
        session.add(Revealed(application_id=APP))
    _assert_all_shown(_state(cache))
    # For that application only.
    ReviewService(cache, "Ana").save_note("app-0", NoteKind.TRIAGE, "Elsewhere")
    other = load_review_state(cache, "app-0", ME)
    assert other is not None and other.others_hidden == 1 and other.notes == ()


def test_with_the_setting_off_everything_is_shown(cache: LocalCache) -> None:
    _assert_all_shown(_state(cache, independent=False))
    selection = read_selection(cache, APP, ME, PositionCatalogue(), independent=False)
    _assert_all_shown(selection.review)
    hidden = read_selection(cache, APP, ME, PositionCatalogue())
    assert hidden.review.others_hidden == 2


def test_a_cleared_check_is_not_recorded(cache: LocalCache) -> None:
    review = ReviewService(cache, ME)
    for key in CHECKS:
        review.set_check(APP, key, CheckResult.MET)
    _assert_all_shown(_state(cache))
    with cache.session() as session:  # what clearing leaves: the row, without a result
        mine = session.scalars(
            select(CachedRequirementCheck).where(
                CachedRequirementCheck.reviewer_name == ME,
                CachedRequirementCheck.check_key == "skill-python",
            )
        ).one()
        mine.result = None
    state = _state(cache)
    assert state.others_hidden == 2 and "skill-python" not in state.my_checks


def test_my_own_decision_keeps_its_reason(cache: LocalCache) -> None:
    ReviewService(cache, ME).set_decision(APP, Stage.DECLINED, "Too few hours")
    state = _state(cache)
    assert state.decision is not None and state.decision.pending
    assert state.decision.reason == "Too few hours"
    assert state.decision.decided_by_name == ME
    assert state.others_hidden == 2


def test_the_history_hides_the_others_reasons_not_mine(cache: LocalCache) -> None:
    with cache.session() as session:
        session.add_all([
            CachedReviewer(id=1, name="Ana", revision=1),
            CachedReviewer(id=2, name=ME, revision=2),
            CachedDecisionHistory(
                id=1, application_id=APP, stage=Stage.SCREENING, reason="Looks fine",
                decided_by=1, decided_at=T0, revision=3,
            ),
            CachedDecisionHistory(
                id=2, application_id=APP, stage=Stage.INTERVIEW, reason="Mine",
                decided_by=2, decided_at=T0, revision=4,
            ),
        ])  # fmt: skip
    history = {entry.stage: entry for entry in _state(cache).history}
    assert (history[Stage.SCREENING].reason, history[Stage.SCREENING].decided_by_name) == (
        None,
        None,
    )
    assert history[Stage.INTERVIEW].reason == "Mine"
    shown = {entry.stage: entry for entry in _state(cache, independent=False).history}
    assert shown[Stage.SCREENING].decided_by_name == "Ana"


def test_nothing_to_hide_says_nobody(cache: LocalCache) -> None:
    # app-3 has no position (nothing to check) and app-2 no other reviewer.
    ReviewService(cache, "Ana").save_note("app-3", NoteKind.TRIAGE, "Unmatched")
    unmatched = load_review_state(cache, "app-3", ME)
    assert unmatched is not None and unmatched.others_hidden == 0
    assert [note.body for note in unmatched.notes] == ["Unmatched"]
    ReviewService(cache, ME).save_note("app-2", NoteKind.TRIAGE, "Only me")
    alone = load_review_state(cache, "app-2", ME)
    assert alone is not None and alone.others_hidden == 0
