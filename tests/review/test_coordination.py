"""Coordination actions on one laptop, offline: assign, decide in bulk, contacts, interviews.

Each records one outbox operation per application (and per assignee), is one step of
undo whatever its size, and is shown in the review state.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reviewer_app.cache import LocalCache, UnknownApplication
from reviewer_app.cache.models import (
    CachedApplication,
    CachedAssignment,
    CachedDecision,
    CachedPosition,
    CachedReviewer,
    OutboxOperation,
)
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.errors import UserError
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.coordination import InvalidInterviewTime, UnknownReviewer
from reviewer_app.review.operations import (
    ASSIGN,
    RECORD_CONTACT,
    SET_DECISION,
    SET_INTERVIEW,
    DecisionNeedsReason,
)
from reviewer_app.review.state import load_review_state
from reviewer_app.review.undo import CannotUndo, UndoHistory

SOURCE = """---
title: "Backend Developer"
checks:
  - {key: python, label: "Python"}
---

Volunteer with us.
"""
COUNT = 50


def _app(number: int) -> str:
    return f"00000000-0000-4000-8000-{number:012d}"


@pytest.fixture
def cache(data_dir: Path) -> Iterator[LocalCache]:
    """A cache with 50 applications to one position and the team Ana, Bo, Cy, as pulled."""
    local = LocalCache.open(data_dir)
    with local.session() as session:
        session.add(
            CachedPosition(
                id=1, slug="backend", version=1, title="Backend Developer", source=SOURCE,
                content_hash="1" * 64, revision=1,
            )
        )  # fmt: skip
        for number, name in enumerate(("Ana", "Bo", "Cy"), start=1):
            session.add(CachedReviewer(id=number, name=name, revision=1 + number))
        for number in range(COUNT):
            session.add(
                CachedApplication(
                    id=_app(number), response_id=f"r{number}", name=f"Applicant {number}",
                    position_id=1, content_hash="0" * 64, revision=10 + number,
                )
            )  # fmt: skip
    yield local
    local.close()


@pytest.fixture
def review(cache: LocalCache) -> ReviewService:
    return ReviewService(cache, "Ana", history=UndoHistory())


def _kinds(cache: LocalCache) -> list[str]:
    with cache.read_session() as session:
        return list(session.scalars(select(OutboxOperation.kind).order_by(OutboxOperation.seq)))


def _assignees(cache: LocalCache, application_id: str) -> tuple[str, ...]:
    state = load_review_state(cache, application_id, "Ana")
    assert state is not None
    return state.assignees


def test_assign_to_me_and_others_records_one_operation_per_assignee(
    cache: LocalCache, review: ReviewService
) -> None:
    changes = review.assign([_app(0)], ["Ana"])
    assert changes.assignments and changes.membership and changes.counts
    assert changes.applications == {_app(0)}
    review.assign([_app(0), _app(1)], ["Bo", "Cy"])

    assert _assignees(cache, _app(0)) == ("Ana", "Bo", "Cy")
    assert _assignees(cache, _app(1)) == ("Bo", "Cy")
    assert _kinds(cache) == [ASSIGN] * 5
    # One step for the call over two applications and two reviewers.
    assert review.history.undo_text() == "Undo: Assign Bo, Cy for 2 applicants"


def test_assigning_again_records_nothing_and_removal_keeps_the_row(
    cache: LocalCache, review: ReviewService
) -> None:
    review.assign([_app(0)], ["Bo"])
    review.assign([_app(0)], ["Bo"])
    assert _kinds(cache) == [ASSIGN]
    review.assign([_app(0)], ["Bo"], remove=True)
    assert _assignees(cache, _app(0)) == ()
    with cache.read_session() as session:
        row = session.scalars(select(CachedAssignment)).one()
        assert row.removed_at is not None and row.revision is None
    assert _kinds(cache) == [ASSIGN, ASSIGN]


def test_an_assignment_names_only_the_applications_it_changed(
    cache: LocalCache, review: ReviewService
) -> None:
    review.assign([_app(0)], ["Bo"])
    changes = review.assign([_app(0), _app(1)], ["Bo"])
    assert changes.applications == {_app(1)}
    assert changes.assignments and changes.counts and changes.membership
    assert review.assign([_app(0), _app(1)], ["Bo"]).applications == frozenset()


def test_assign_undo_withdraws_and_redo_assigns_again(
    cache: LocalCache, review: ReviewService
) -> None:
    review.assign([_app(0), _app(1)], ["Bo"])
    review.undo()
    assert _assignees(cache, _app(0)) == _assignees(cache, _app(1)) == ()
    assert _kinds(cache) == []  # never sent: withdrawn
    with cache.read_session() as session:
        assert session.scalar(select(func.count()).select_from(CachedAssignment)) == 0
    review.redo()
    assert _assignees(cache, _app(0)) == _assignees(cache, _app(1)) == ("Bo",)
    assert _kinds(cache) == [ASSIGN, ASSIGN]


def test_an_unknown_reviewer_is_refused_before_anything_is_written(
    cache: LocalCache, review: ReviewService
) -> None:
    with pytest.raises(UnknownReviewer, match="'Zed'"):
        review.assign([_app(0)], ["Bo", "Zed"])
    with pytest.raises(UnknownApplication):
        review.assign([_app(0), "nowhere"], ["Bo"])
    assert _kinds(cache) == []
    assert review.history.undo_text() is None


def test_my_own_name_may_be_assigned_before_i_was_ever_synced(cache: LocalCache) -> None:
    newcomer = ReviewService(cache, "Dee")
    newcomer.assign([_app(3)], ["Dee"])
    assert _assignees(cache, _app(3)) == ("Dee",)


def test_bulk_decision_of_50_is_50_operations_and_one_undo_step(
    cache: LocalCache, review: ReviewService
) -> None:
    ids = [_app(number) for number in range(COUNT)]
    review.set_decision(ids[0], Stage.SCREENING, "first look")

    changes = review.set_decisions(ids, Stage.DECLINED, "Not a match")

    assert changes.decision and changes.membership and changes.counts
    assert changes.applications == frozenset(ids)
    assert _kinds(cache) == [SET_DECISION] * (COUNT + 1)
    assert review.history.undo_text() == f"Undo: Decision Declined for {COUNT} applicants"

    review.undo()
    with cache.read_session() as session:
        stages = {row.application_id: row.stage for row in session.scalars(select(CachedDecision))}
    # Every applicant back as it was: the first to screening, the others undecided.
    assert stages == {ids[0]: Stage.SCREENING}
    assert _kinds(cache) == [SET_DECISION]
    assert review.history.undo_text() == "Undo: Decision Screening for Applicant 0"

    review.redo()
    with cache.read_session() as session:
        decisions = list(session.scalars(select(CachedDecision)))
    assert len(decisions) == COUNT
    assert {(d.stage, d.reason) for d in decisions} == {(Stage.DECLINED, "Not a match")}
    assert _kinds(cache) == [SET_DECISION] * (COUNT + 1)


def test_bulk_decline_without_reason_writes_nothing(
    cache: LocalCache, review: ReviewService
) -> None:
    with pytest.raises(DecisionNeedsReason):
        review.set_decisions([_app(0), _app(1)], Stage.DECLINED, "  ")
    with pytest.raises(UnknownApplication):
        review.set_decisions([_app(0), "nowhere"], Stage.SCREENING)
    assert _kinds(cache) == []
    with cache.read_session() as session:
        assert session.scalar(select(func.count()).select_from(CachedDecision)) == 0


def test_recorded_contacts_show_newest_first_and_undo_takes_them_back(
    cache: LocalCache, review: ReviewService
) -> None:
    review.record_contact([_app(0)], "acknowledgement", "Thanks for applying")
    changes = review.record_contact([_app(0), _app(1)], "decline-kind", "Your application")
    assert changes.contacts and changes.applications == {_app(0), _app(1)}
    assert _kinds(cache) == [RECORD_CONTACT] * 3

    state = load_review_state(cache, _app(0), "Bo")
    assert state is not None
    assert [(c.template_slug, c.reviewer_name) for c in state.contacts] == [
        ("decline-kind", "Ana"),
        ("acknowledgement", "Ana"),
    ]
    assert state.contacts[0].subject == "Your application" and state.contacts[0].pending

    review.undo()
    state = load_review_state(cache, _app(0), "Ana")
    assert state is not None
    assert [c.template_slug for c in state.contacts] == ["acknowledgement"]
    with pytest.raises(UserError, match="template"):
        review.record_contact([_app(0)], " ", "x")


def test_interview_time_is_validated_shown_in_its_zone_and_cleared(
    cache: LocalCache, review: ReviewService
) -> None:
    starts = datetime(2026, 12, 10, 15, 30, tzinfo=UTC)
    changes = review.set_interview(_app(0), starts, "America/Sao_Paulo")
    assert changes.interview and changes.applications == {_app(0)}

    state = load_review_state(cache, _app(0), "Ana")
    assert state is not None and state.interview is not None
    assert state.interview.starts_at == starts
    assert state.interview.starts_at.utcoffset() == timedelta(hours=-3)
    assert state.interview.timezone == "America/Sao_Paulo"
    assert state.interview.set_by_name == "Ana"

    for bad_time, zone in (
        (datetime(2026, 12, 10, 15, 30), "Europe/Lisbon"),  # naive
        (starts, "Mars/Olympus_Mons"),
        (starts, None),
    ):
        with pytest.raises(InvalidInterviewTime):
            review.set_interview(_app(0), bad_time, zone)
    # The same instant given in another offset changes nothing.
    review.set_interview(
        _app(0), starts.astimezone(timezone(timedelta(hours=1))), "America/Sao_Paulo"
    )
    assert _kinds(cache) == [SET_INTERVIEW]

    review.set_interview(_app(0), None, None)
    state = load_review_state(cache, _app(0), "Ana")
    assert state is not None and state.interview is None
    review.undo()
    state = load_review_state(cache, _app(0), "Ana")
    assert state is not None and state.interview is not None
    assert state.interview.starts_at == starts


def test_a_bulk_undo_refused_for_one_applicant_changes_none(
    cache: LocalCache, review: ReviewService
) -> None:
    ids = [_app(number) for number in range(3)]
    review.set_decisions(ids, Stage.ACCEPTED)
    with cache.session() as session:  # as a pull brings another reviewer's decision
        decision = session.get_one(CachedDecision, ids[1])
        decision.stage, decision.decided_by_name, decision.revision = Stage.ON_HOLD, "Bo", 99

    with pytest.raises(CannotUndo, match="Bo changed the decision"):
        review.undo()

    with cache.read_session() as session:
        stages = {row.application_id: row.stage for row in session.scalars(select(CachedDecision))}
    assert stages == {ids[0]: Stage.ACCEPTED, ids[1]: Stage.ON_HOLD, ids[2]: Stage.ACCEPTED}
    assert _kinds(cache) == [SET_DECISION] * 3
    assert review.history.undo_text() is None
