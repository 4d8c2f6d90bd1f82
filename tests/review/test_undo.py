"""Undo and redo on one laptop, offline: every action, the outbox, the drafts, the texts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CachedApplication,
    CachedDecision,
    CachedNote,
    CachedPosition,
    CachedRequirementCheck,
    Conflict,
    Draft,
    OutboxOperation,
    SyncStateRow,
)
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.identity import blind_name
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.drafts import save_draft
from reviewer_app.review.operations import DECISION_ENTITY
from reviewer_app.review.undo import CannotUndo, NothingToUndo, UndoHistory

APP = "00000000-0000-4000-8000-000000000001"
SOURCE = """---
title: "Backend Developer"
checks:
  - {key: python, label: "Python"}
  - {key: written-english, label: "Written English"}
---

Volunteer with us.
"""


@pytest.fixture
def cache(data_dir: Path) -> Iterator[LocalCache]:
    """A cache holding Ana Souza's application to a position with two checks, as pulled."""
    local = LocalCache.open(data_dir)
    with local.session() as session:
        for position_id, title in ((1, "Backend Developer"), (2, "Translator")):
            session.add(
                CachedPosition(
                    id=position_id, slug=f"p{position_id}", version=1, title=title,
                    source=SOURCE, content_hash=f"{position_id}" * 64, revision=position_id,
                )
            )  # fmt: skip
        session.add(
            CachedApplication(
                id=APP, response_id="r1", name="Ana Souza", position_id=1,
                content_hash="0" * 64, revision=3,
            )
        )  # fmt: skip
    yield local
    local.close()


@pytest.fixture
def history() -> UndoHistory:
    return UndoHistory()


@pytest.fixture
def review(cache: LocalCache, history: UndoHistory) -> ReviewService:
    return ReviewService(cache, "Rae", history)


def _outbox(cache: LocalCache) -> list[tuple[str, dict[str, Any]]]:
    with cache.read_session() as session:
        rows = session.scalars(select(OutboxOperation).order_by(OutboxOperation.seq))
        return [(row.kind, dict(row.payload)) for row in rows]


def _check(cache: LocalCache) -> tuple[CheckResult | None, str] | None:
    with cache.read_session() as session:
        row = session.scalars(select(CachedRequirementCheck)).one_or_none()
        return None if row is None else (row.result, row.comment)


def _draft(cache: LocalCache, slot: str) -> dict[str, Any] | None:
    with cache.read_session() as session:
        row = session.get(Draft, (APP, slot))
        return None if row is None else dict(row.value)


def _mark_sent(cache: LocalCache) -> None:
    """As a push does before it sends a batch: every operation so far is on its way."""
    with cache.session() as session:
        last = session.scalar(select(OutboxOperation.seq).order_by(OutboxOperation.seq.desc()))
        session.get_one(SyncStateRow, SYNC_STATE_ID).sent_through = last or 0


def test_undoing_an_unsent_not_met_leaves_the_check_empty_and_nothing_in_the_outbox(
    cache: LocalCache, review: ReviewService, history: UndoHistory
) -> None:
    assert history.undo_text() is None
    review.set_check(APP, "python", CheckResult.NOT_MET, "no code shown")
    assert history.undo_text() == "Undo: Not met on Python for Ana Souza"

    changes = review.undo()

    assert changes == Changes.of([APP], checks=True, counts=True)
    assert _check(cache) is None
    assert _outbox(cache) == []
    assert history.undo_text() is None
    assert history.redo_text() == "Redo: Not met on Python for Ana Souza"

    review.redo()
    assert _check(cache) == (CheckResult.NOT_MET, "no code shown")
    assert [kind for kind, _ in _outbox(cache)] == ["set_check"]
    assert history.undo_text() == "Undo: Not met on Python for Ana Souza"
    assert history.redo_text() is None


def test_undo_puts_back_the_result_before_and_a_comment_change_is_named(
    cache: LocalCache, review: ReviewService, history: UndoHistory
) -> None:
    review.set_check(APP, "python", CheckResult.MET)
    review.set_check(APP, "python", CheckResult.MET, "PyPI packages")
    assert history.undo_text() == "Undo: Comment on Python for Ana Souza"
    review.set_check(APP, "written-english", CheckResult.UNSURE)
    assert history.undo_text() == "Undo: Unsure on Written English for Ana Souza"
    review.undo()
    review.undo()
    assert _check(cache) == (CheckResult.MET, "")
    assert [payload["comment"] for _, payload in _outbox(cache)] == [""]


def test_clearing_a_result_is_recorded_and_undone(
    cache: LocalCache, review: ReviewService, history: UndoHistory
) -> None:
    review.set_check(APP, "python", CheckResult.MET, "good")
    _mark_sent(cache)  # as if pushed: the clearing must travel
    assert review.clear_check(APP, "python") == Changes.of([APP], checks=True, counts=True)
    assert _check(cache) == (None, "")
    assert history.undo_text() == "Undo: Clear Python for Ana Souza"
    assert _outbox(cache)[-1][1]["result"] is None
    # Clearing an empty check records nothing, and is no step.
    review.clear_check(APP, "written-english")
    assert len(_outbox(cache)) == 2

    review.undo()
    assert _check(cache) == (CheckResult.MET, "good")
    assert len(_outbox(cache)) == 1  # the clearing, never sent, is withdrawn


def test_a_new_note_undone_is_gone_and_its_draft_comes_back(
    cache: LocalCache, review: ReviewService, history: UndoHistory
) -> None:
    save_draft(cache, APP, "note:new", {"kind": "triage", "body": "Strong candi"})
    note_id = review.save_note(APP, NoteKind.TRIAGE, "Strong candidate").note_id
    assert _draft(cache, "note:new") is None  # saving ended the draft
    assert history.undo_text() == "Undo: New note for Ana Souza"

    changes = review.undo()

    assert changes.notes and changes.drafts and changes.counts
    with cache.read_session() as session:
        assert session.get(CachedNote, note_id) is None
    assert _outbox(cache) == []
    assert _draft(cache, "note:new") == {"kind": "triage", "body": "Strong candi"}

    review.redo()
    with cache.read_session() as session:
        assert session.get_one(CachedNote, note_id).body == "Strong candidate"
    assert _draft(cache, "note:new") is None


def test_an_edit_and_a_deletion_of_a_note_are_undone_in_turn(
    cache: LocalCache, review: ReviewService, history: UndoHistory
) -> None:
    note_id = review.save_note(APP, NoteKind.TRIAGE, "first").note_id
    _mark_sent(cache)
    review.save_note(APP, NoteKind.INTERVIEW, "second", note_id)
    assert history.undo_text() == "Undo: Edit of a note for Ana Souza"
    save_draft(cache, APP, f"note:{note_id}", {"kind": "interview", "body": "third?"})
    review.delete_note(APP, note_id)
    assert history.undo_text() == "Undo: Delete a note for Ana Souza"
    with cache.read_session() as session:
        note = session.get_one(CachedNote, note_id)
        assert (note.body, note.deleted_at is not None) == ("", True)
    assert _draft(cache, f"note:{note_id}") is None

    review.undo()
    with cache.read_session() as session:
        note = session.get_one(CachedNote, note_id)
        assert (note.kind, note.body, note.deleted_at) == (NoteKind.INTERVIEW, "second", None)
    assert _draft(cache, f"note:{note_id}") == {"kind": "interview", "body": "third?"}
    review.undo()
    with cache.read_session() as session:
        assert session.get_one(CachedNote, note_id).body == "first"
    # The note's creation was sent: only its later, unsent changes left the outbox.
    assert [kind for kind, _ in _outbox(cache)] == ["save_note"]
    review.redo()
    review.redo()
    assert [kind for kind, _ in _outbox(cache)] == ["save_note", "save_note", "delete_note"]


def test_a_decision_and_a_position_are_undone(
    cache: LocalCache, review: ReviewService, history: UndoHistory
) -> None:
    with cache.session() as session:
        session.add(
            CachedDecision(
                application_id=APP, stage=Stage.SCREENING, decided_by_name="Sam", revision=7
            )
        )
    save_draft(cache, APP, "decision", {"stage": "declined", "reason": "No ti"})
    review.set_decision(APP, Stage.DECLINED, "No time this year")
    assert history.undo_text() == "Undo: Decision Declined for Ana Souza"
    review.assign_position(APP, 2)
    assert history.undo_text() == "Undo: Position Translator for Ana Souza"

    assert review.undo() == Changes.of([APP], membership=True, counts=True, checks=True)
    with cache.read_session() as session:
        assert session.get_one(CachedApplication, APP).position_id == 1
    review.undo()
    with cache.read_session() as session:
        decision = session.get_one(CachedDecision, APP)
        assert (decision.stage, decision.decided_by_name, decision.revision) == (
            Stage.SCREENING,
            "Sam",
            7,
        )
    assert _outbox(cache) == []
    assert _draft(cache, "decision") == {"stage": "declined", "reason": "No ti"}


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


def _open_conflicts(cache: LocalCache) -> int:
    with cache.read_session() as session:
        query = select(Conflict).where(Conflict.resolved_at.is_(None))
        return len(session.scalars(query).all())


def test_resolving_a_conflict_is_undone_and_the_conflict_opens_again(
    cache: LocalCache, review: ReviewService, history: UndoHistory
) -> None:
    conflict_id = _conflict(cache)
    review.keep_theirs(conflict_id)
    assert history.undo_text() == "Undo: Keep their decision for Ana Souza"
    review.undo()
    assert _open_conflicts(cache) == 1

    review.apply_mine(conflict_id)
    assert history.undo_text() == "Undo: Apply my decision Declined for Ana Souza"
    assert _open_conflicts(cache) == 0
    review.undo()
    assert _open_conflicts(cache) == 1
    assert _outbox(cache) == []
    with cache.read_session() as session:
        assert session.get_one(CachedDecision, APP).stage == Stage.ACCEPTED
    review.redo()
    assert _open_conflicts(cache) == 0
    assert [payload["base_revision"] for _, payload in _outbox(cache)] == [12]


def test_a_discarded_draft_comes_back_with_undo(
    cache: LocalCache, review: ReviewService, history: UndoHistory
) -> None:
    save_draft(cache, APP, "comment:python", {"comment": "half a tho"})
    changes = review.discard_draft(APP, "comment:python")
    assert changes.drafts and changes.counts
    assert _draft(cache, "comment:python") is None
    assert history.undo_text() == "Undo: Discard the draft comment on Python for Ana Souza"
    review.undo()
    assert _draft(cache, "comment:python") == {"comment": "half a tho"}
    review.redo()
    assert _draft(cache, "comment:python") is None
    # Discarding nothing is no step.
    review.discard_draft(APP, "decision")
    assert history.undo_text() == "Undo: Discard the draft comment on Python for Ana Souza"


def test_a_newer_draft_typed_since_is_never_overwritten_by_undo(
    cache: LocalCache, review: ReviewService
) -> None:
    save_draft(cache, APP, "note:new", {"kind": "triage", "body": "old"})
    review.save_note(APP, NoteKind.TRIAGE, "old, finished")
    save_draft(cache, APP, "note:new", {"kind": "triage", "body": "the next note"})
    review.undo()
    assert _draft(cache, "note:new") == {"kind": "triage", "body": "the next note"}


def test_an_action_sent_to_the_server_is_taken_back_by_the_reverse_operation(
    cache: LocalCache, review: ReviewService
) -> None:
    review.set_check(APP, "python", CheckResult.NOT_MET)
    _mark_sent(cache)
    review.undo()
    assert _check(cache) == (None, "")
    assert [(kind, payload["result"]) for kind, payload in _outbox(cache)] == [
        ("set_check", "not_met"),
        ("set_check", None),
    ]


def test_an_action_whose_rows_a_pull_may_have_changed_is_taken_back_by_the_reverse(
    cache: LocalCache, review: ReviewService
) -> None:
    review.set_decision(APP, Stage.INTERVIEW)
    with cache.session() as session:
        session.get_one(SyncStateRow, SYNC_STATE_ID).last_revision = 40
    review.undo()
    assert [payload["stage"] for _, payload in _outbox(cache)] == ["interview", "new"]


def test_a_change_pulled_since_forbids_undo_and_clears_the_history(
    cache: LocalCache, review: ReviewService, history: UndoHistory
) -> None:
    review.set_check(APP, "written-english", CheckResult.MET)
    review.set_decision(APP, Stage.INTERVIEW)
    _mark_sent(cache)
    with cache.session() as session:  # as a pull of Sam's decision would
        decision = session.get_one(CachedDecision, APP)
        decision.stage, decision.decided_by_name, decision.revision = Stage.DECLINED, "Sam", 50
        decision.reason = "Not now"
    with pytest.raises(CannotUndo, match="Decision Interview for Ana Souza: Sam changed"):
        review.undo()
    assert history.undo_text() is None and history.redo_text() is None
    with pytest.raises(NothingToUndo):
        review.undo()
    assert len(_outbox(cache)) == 2


def test_the_same_decision_by_someone_else_is_theirs_to_keep(
    cache: LocalCache, review: ReviewService
) -> None:
    review.set_decision(APP, Stage.INTERVIEW)
    _mark_sent(cache)
    with cache.session() as session:
        decision = session.get_one(CachedDecision, APP)
        decision.decided_by_name, decision.revision = "Sam", 50
    with pytest.raises(CannotUndo, match="Sam changed the decision"):
        review.undo()


def test_redo_refuses_when_the_entity_changed_after_the_undo(
    cache: LocalCache, review: ReviewService, history: UndoHistory
) -> None:
    review.set_check(APP, "python", CheckResult.MET)
    review.undo()
    ReviewService(cache, "Rae").set_check(APP, "python", CheckResult.UNSURE)  # another window
    with pytest.raises(CannotUndo, match="Cannot redo Met on Python"):
        review.redo()
    assert history.redo_text() is None


def test_an_erased_application_cannot_be_undone(cache: LocalCache, review: ReviewService) -> None:
    review.set_check(APP, "python", CheckResult.MET)
    with cache.session() as session:
        session.delete(session.get_one(CachedApplication, APP))
    with pytest.raises(CannotUndo, match="erased"):
        review.undo()


def test_a_new_action_forgets_what_could_be_redone(
    review: ReviewService, history: UndoHistory
) -> None:
    review.set_check(APP, "python", CheckResult.MET)
    review.undo()
    review.set_check(APP, "python", CheckResult.UNSURE)
    assert history.redo_text() is None
    with pytest.raises(NothingToUndo, match="nothing to redo"):
        review.redo()


def test_blind_review_names_no_applicant(cache: LocalCache) -> None:
    history = UndoHistory(blind=True)
    ReviewService(cache, "Rae", history).set_check(APP, "python", CheckResult.MET)
    assert history.undo_text() == f"Undo: Met on Python for {blind_name(APP)}"
    history.set_blind(False)
    assert history.undo_text() == "Undo: Met on Python for Ana Souza"


def test_the_history_keeps_its_last_steps_only(cache: LocalCache) -> None:
    history = UndoHistory(limit=2)
    review = ReviewService(cache, "Rae", history)
    for result in (CheckResult.MET, CheckResult.NOT_MET, CheckResult.UNSURE):
        review.set_check(APP, "python", result)
    review.undo()
    review.undo()
    with pytest.raises(NothingToUndo):
        review.undo()
    assert _check(cache) == (CheckResult.MET, "")


def test_the_texts_are_read_safely_while_another_thread_records(
    cache: LocalCache, review: ReviewService, history: UndoHistory
) -> None:
    texts: set[str | None] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            texts.add(history.undo_text())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(20):
            review.set_check(APP, "python", CheckResult.MET)
            review.undo()
    finally:
        done.set()
        reader.join()
    assert texts <= {None, "Undo: Met on Python for Ana Souza"}
    assert _outbox(cache) == []
