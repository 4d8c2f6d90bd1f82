"""Tests of reviewer_app/review/state.py: what the review panel shows, read at once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

import reviewer_app.positions.catalogue as catalogue_module
from reviewer_app.cache import LocalCache, UnknownApplication
from reviewer_app.cache.models import (
    CachedDecisionHistory,
    CachedNote,
    CachedPosition,
    CachedRequirementCheck,
    Conflict,
    Draft,
)
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage, utcnow
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.positions.parsing import Position, parse_position
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.operations import DECISION_ENTITY
from reviewer_app.review.state import load_review_state, read_review_state
from tests.applicants.cache_support import ME, fill_sample_cache


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    """Two positions and five applications (see tests/applicants/cache_support.py)."""
    opened = LocalCache.open(tmp_path)
    fill_sample_cache(opened)
    yield opened
    opened.close()


def test_my_checks_and_the_others_are_apart(cache: LocalCache) -> None:
    ReviewService(cache, ME).set_check("app-1", "skill-python", CheckResult.MET)
    ReviewService(cache, "Other").set_check("app-1", "skill-python", CheckResult.NOT_MET)
    with cache.read_session() as session:
        state = read_review_state(session, "app-1", ME, PositionCatalogue(), independent=False)
    assert state.my_checks["skill-python"].result == CheckResult.MET
    assert [v.reviewer_name for v in state.other_checks["skill-python"]] == ["Other"]
    assert state.others_hidden == 0


def test_a_cleared_result_is_no_result(cache: LocalCache) -> None:
    ReviewService(cache, ME).set_check("app-1", "skill-python", CheckResult.MET)
    ReviewService(cache, "Other").set_check("app-1", "skill-python", CheckResult.NOT_MET)
    ReviewService(cache, "Other").set_check("app-1", "skill-git-github", CheckResult.MET)
    with cache.session() as session:  # as clearing leaves them: rows without a result
        session.execute(update(CachedRequirementCheck).where(
            CachedRequirementCheck.check_key == "skill-python"
        ).values(result=None))  # fmt: skip
    state = load_review_state(cache, "app-1", ME, independent=False)
    assert state is not None
    assert state.my_checks == {}
    assert list(state.other_checks) == ["skill-git-github"]


def test_a_deleted_note_is_never_shown(cache: LocalCache) -> None:
    kept = ReviewService(cache, ME).save_note("app-1", NoteKind.TRIAGE, "kept").note_id
    gone = ReviewService(cache, ME).save_note("app-1", NoteKind.TRIAGE, "gone").note_id
    theirs = ReviewService(cache, "Other").save_note("app-1", NoteKind.TRIAGE, "x").note_id
    with cache.session() as session:
        for note_id in (gone, theirs):
            note = session.get_one(CachedNote, note_id)
            note.deleted_at, note.body = utcnow(), ""
    for independent in (True, False):
        state = load_review_state(cache, "app-1", ME, independent=independent)
        assert state is not None
        assert [note.id for note in state.notes] == [kept]
        # A deleted note is no view of another reviewer's left to hide.
        assert state.others_hidden == 0


def test_drafts_are_read_by_slot(cache: LocalCache) -> None:
    with cache.session() as session:
        session.add_all([
            Draft(
                application_id="app-1", slot="note:new",
                value={"body": "half a", "kind": "triage"}
            ),
            Draft(
                application_id="app-1", slot="decision",
                value={"stage": "declined", "reason": ""}
            ),
            Draft(
                application_id="app-2", slot="comment:skill-figma",
                value={"text": "not mine"}
            ),
        ])  # fmt: skip
    state = load_review_state(cache, "app-1", ME)
    assert state is not None
    assert state.drafts == {
        "note:new": {"body": "half a", "kind": "triage"},
        "decision": {"stage": "declined", "reason": ""},
    }
    other = load_review_state(cache, "app-3", ME)
    assert other is not None and other.drafts == {}


def test_an_open_decision_conflict_is_shown(cache: LocalCache) -> None:
    ReviewService(cache, ME).set_decision("app-2", Stage.SCREENING)
    with cache.session() as session:
        session.add(
            Conflict(
                application_id="app-2", entity=DECISION_ENTITY,
                theirs={"stage": "declined", "reason": "late"}, their_author="Them",
                mine={"stage": "screening"},
            )
        )  # fmt: skip
    state = load_review_state(cache, "app-2", ME)
    assert state is not None and state.conflict is not None
    assert state.conflict.theirs is not None and state.conflict.theirs.stage == Stage.DECLINED
    assert state.conflict.mine is not None and state.conflict.mine.decided_by_name == ME
    assert state.decision is not None and state.decision.pending


def test_an_unknown_application_raises_or_is_none(cache: LocalCache) -> None:
    with cache.read_session() as session, pytest.raises(UnknownApplication):
        read_review_state(session, "missing", ME, PositionCatalogue())
    assert load_review_state(cache, "missing", ME) is None


def test_without_a_catalogue_a_version_is_still_parsed_once(
    cache: LocalCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fallback for callers that keep no catalogue: shared by all of them.
    source = f"---\ntitle: Unique {uuid.uuid4()}\n---\n\n## Requirements\n\n- Go\n"
    with cache.session() as session:
        session.get_one(CachedPosition, 2).source = source
    parses: list[str] = []

    def counting(text: str, slug: str) -> Position:
        parses.append(slug)
        return parse_position(text, slug)

    monkeypatch.setattr(catalogue_module, "parse_position", counting)
    first = load_review_state(cache, "app-2", ME)
    second = load_review_state(cache, "app-2", ME)
    assert first is not None and second is not None
    assert first.position is second.position
    assert parses == ["ux"]


def test_decisions_not_sent_yet_are_in_the_history_before_the_servers(cache: LocalCache) -> None:
    with cache.session() as session:
        session.add(
            CachedDecisionHistory(
                id=1, application_id="app-2", stage=Stage.SCREENING, reason=None,
                decided_by=None, decided_at=utcnow(), revision=7,
            )
        )  # fmt: skip
    review = ReviewService(cache, ME)
    review.set_decision("app-2", Stage.INTERVIEW)
    review.set_decision("app-2", Stage.DECLINED, "No time this year")
    state = load_review_state(cache, "app-2", ME)
    assert state is not None
    assert [(d.stage, d.reason, d.decided_by_name, d.pending) for d in state.history] == [
        (Stage.DECLINED, "No time this year", ME, True),
        (Stage.INTERVIEW, None, ME, True),
        (Stage.SCREENING, None, None, False),
    ]
    assert all(d.decided_at is not None for d in state.history)
