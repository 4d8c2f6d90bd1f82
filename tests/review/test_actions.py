"""Tests of reviewer actions: each one local transaction plus an outbox operation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer_app.cache import LocalCache, UnknownApplication
from reviewer_app.cache.models import (
    CachedApplication,
    CachedDecision,
    CachedNote,
    CachedPosition,
    CachedRequirementCheck,
    Conflict,
    Draft,
    OutboxOperation,
    Revealed,
)
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.review.actions import (
    DecisionNeedsReason,
    NotYourNote,
    ReviewService,
    UnknownConflict,
    UnknownNote,
    UnknownPosition,
)
from reviewer_app.review.drafts import save_draft
from reviewer_app.review.operations import DECISION_ENTITY

APP = "00000000-0000-4000-8000-000000000001"


@pytest.fixture
def cache(data_dir: Path) -> Iterator[LocalCache]:
    """A local cache holding one application and one position, as if pulled."""
    local = LocalCache.open(data_dir)
    with local.session() as session:
        session.add(
            CachedApplication(
                id=APP, response_id="r1", name="Ada", content_hash="0" * 64, revision=3
            )
        )
        session.add(
            CachedPosition(
                id=1,
                slug="translator",
                version=1,
                title="Translator",
                source="",
                content_hash="1" * 64,
                revision=1,
            )
        )
    yield local
    local.close()


@pytest.fixture
def review(cache: LocalCache) -> ReviewService:
    return ReviewService(cache, "Rae")


def _outbox(cache: LocalCache) -> list[OutboxOperation]:
    with cache.read_session() as session:
        return list(session.scalars(select(OutboxOperation).order_by(OutboxOperation.seq)))


def test_set_check_updates_the_cached_row_and_appends_an_operation(
    cache: LocalCache, review: ReviewService
) -> None:
    review.set_check(APP, "python", CheckResult.MET, "knows it")
    review.set_check(APP, "python", CheckResult.NOT_MET)
    with cache.read_session() as session:
        (check,) = session.scalars(select(CachedRequirementCheck)).all()
    assert (check.result, check.comment, check.reviewer_name) == (CheckResult.NOT_MET, "", "Rae")
    assert check.revision is None
    operations = _outbox(cache)
    assert [op.kind for op in operations] == ["set_check", "set_check"]
    assert len({op.op_id for op in operations}) == 2
    assert operations[1].payload["result"] == "not_met"


def test_unknown_application_is_a_user_error_naming_the_id(review: ReviewService) -> None:
    with pytest.raises(UnknownApplication, match="no-such-id"):
        review.set_check("no-such-id", "python", CheckResult.MET)
    with pytest.raises(UnknownApplication, match="no-such-id"):
        review.set_decision("no-such-id", Stage.SCREENING)


def test_notes_are_written_and_edited_by_their_author_only(
    cache: LocalCache, review: ReviewService
) -> None:
    note_id = review.save_note(APP, NoteKind.TRIAGE, "first").note_id
    assert review.save_note(APP, NoteKind.TRIAGE, "edited", note_id).note_id == note_id
    with cache.read_session() as session:
        note = session.get_one(CachedNote, note_id)
    assert (note.body, note.author_name, note.revision) == ("edited", "Rae", None)
    assert note.edited_at is not None
    with pytest.raises(NotYourNote, match="Rae"):
        ReviewService(cache, "Sam").save_note(APP, NoteKind.TRIAGE, "hijack", note_id)
    with pytest.raises(UnknownNote):
        review.save_note(APP, NoteKind.TRIAGE, "x", "missing-note")
    assert len(_outbox(cache)) == 2


def test_declining_needs_a_reason_and_writes_nothing_without_one(
    cache: LocalCache, review: ReviewService
) -> None:
    with pytest.raises(DecisionNeedsReason):
        review.set_decision(APP, Stage.DECLINED, "  ")
    assert _outbox(cache) == []
    review.set_decision(APP, Stage.DECLINED, "No time this year")
    with cache.read_session() as session:
        decision = session.get_one(CachedDecision, APP)
    assert (decision.stage, decision.reason) == (Stage.DECLINED, "No time this year")


def test_decision_records_its_base_revision_across_offline_edits(
    cache: LocalCache, review: ReviewService
) -> None:
    with cache.session() as session:
        session.add(CachedDecision(application_id=APP, stage=Stage.NEW, revision=7))
    review.set_decision(APP, Stage.SCREENING)
    review.set_decision(APP, Stage.INTERVIEW)
    assert [op.payload["base_revision"] for op in _outbox(cache)] == [7, 7]


def test_assign_position_checks_the_position(cache: LocalCache, review: ReviewService) -> None:
    review.assign_position(APP, 1)
    with pytest.raises(UnknownPosition):
        review.assign_position(APP, 99)
    review.assign_position(APP, None)
    with cache.read_session() as session:
        assert session.get_one(CachedApplication, APP).position_id is None
    assert [op.payload for op in _outbox(cache)] == [{"position_id": 1}, {"position_id": None}]


def _conflict(cache: LocalCache) -> int:
    with cache.session() as session:
        session.add(
            CachedDecision(
                application_id=APP, stage=Stage.ACCEPTED, decided_by_name="Sam", revision=12
            )
        )
        conflict = Conflict(
            application_id=APP,
            entity=DECISION_ENTITY,
            theirs={"stage": "accepted", "reason": None, "revision": 12},
            mine={"stage": "declined", "reason": "Too far away"},
            their_author="Sam",
        )
        session.add(conflict)
        session.flush()
        return conflict.id


def test_keep_theirs_resolves_without_a_new_operation(
    cache: LocalCache, review: ReviewService
) -> None:
    conflict_id = _conflict(cache)
    review.keep_theirs(conflict_id)
    assert _outbox(cache) == []
    with pytest.raises(UnknownConflict):
        review.keep_theirs(conflict_id)


def test_apply_mine_decides_again_on_the_server_revision_now_known(
    cache: LocalCache, review: ReviewService
) -> None:
    conflict_id = _conflict(cache)
    review.apply_mine(conflict_id)
    (operation,) = _outbox(cache)
    assert operation.payload["base_revision"] == 12
    assert (operation.payload["stage"], operation.payload["reason"]) == ("declined", "Too far away")
    with cache.read_session() as session:
        assert session.get_one(Conflict, conflict_id).resolved_at is not None
        assert session.get_one(CachedDecision, APP).stage == Stage.DECLINED


def test_each_action_says_what_it_changed(cache: LocalCache, review: ReviewService) -> None:
    check = review.set_check(APP, "python", CheckResult.MET)
    assert check == Changes.of([APP], checks=True, counts=True)
    note = review.save_note(APP, NoteKind.TRIAGE, "a note").changes
    # A note is in no filter and no count: the list needs nothing again.
    assert note == Changes.of([APP], notes=True)
    decision = review.set_decision(APP, Stage.SCREENING)
    assert decision.touches(APP)
    assert decision.decision and decision.counts and decision.list_changed
    assert not decision.notes and not decision.checks


def _drafts(cache: LocalCache) -> dict[str, dict[str, object]]:
    with cache.read_session() as session:
        return {row.slot: dict(row.value) for row in session.scalars(select(Draft))}


def test_saving_ends_the_draft_it_saved_and_a_refused_save_keeps_it(
    cache: LocalCache, review: ReviewService
) -> None:
    for slot, value in {
        "note:new": {"kind": "triage", "body": "half"},
        "comment:python": {"comment": "knows i"},
        "comment:sql": {"comment": "other check"},
        "decision": {"stage": "declined", "reason": ""},
    }.items():
        save_draft(cache, APP, slot, value)
    with pytest.raises(DecisionNeedsReason):
        review.set_decision(APP, Stage.DECLINED, "")
    assert set(_drafts(cache)) == {"note:new", "comment:python", "comment:sql", "decision"}

    review.save_note(APP, NoteKind.TRIAGE, "half a note")
    review.set_check(APP, "python", CheckResult.MET, "knows it")
    changes = review.set_decision(APP, Stage.DECLINED, "No time")
    assert changes.drafts and changes.counts
    assert set(_drafts(cache)) == {"comment:sql"}


def test_a_note_is_deleted_by_its_author_only_and_stays_as_a_tombstone(
    cache: LocalCache, review: ReviewService
) -> None:
    note_id = review.save_note(APP, NoteKind.TRIAGE, "private").note_id
    with pytest.raises(NotYourNote, match="only its author may delete"):
        ReviewService(cache, "Sam").delete_note(APP, note_id)
    assert review.delete_note(APP, note_id) == Changes.of([APP], notes=True)
    with cache.read_session() as session:
        note = session.get_one(CachedNote, note_id)
    assert (note.body, note.revision) == ("", None)
    assert note.deleted_at is not None
    assert _outbox(cache)[-1].kind == "delete_note"
    for act in (
        lambda: review.delete_note(APP, note_id),
        lambda: review.save_note(APP, NoteKind.TRIAGE, "again", note_id),
    ):
        with pytest.raises(UnknownNote, match="deleted"):
            act()


def test_a_cleared_check_keeps_its_row_without_result_or_comment(
    cache: LocalCache, review: ReviewService
) -> None:
    review.set_check(APP, "python", CheckResult.MET, "knows it")
    review.clear_check(APP, "python")
    with cache.read_session() as session:
        check = session.scalars(select(CachedRequirementCheck)).one()
    assert (check.result, check.comment, check.revision) == (None, "", None)
    assert _outbox(cache)[-1].payload["result"] is None


def test_reveal_is_remembered_once_per_application(
    cache: LocalCache, review: ReviewService
) -> None:
    changes = review.reveal(APP)
    assert changes == Changes.of([APP], checks=True, notes=True, decision=True)
    review.reveal(APP)
    with cache.read_session() as session:
        assert session.scalars(select(Revealed.application_id)).all() == [APP]
    assert _outbox(cache) == []  # never synced
    with pytest.raises(UnknownApplication):
        review.reveal("no-such-id")
