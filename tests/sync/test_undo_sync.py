"""Clear, delete, undo and redo against a shared database, seen from two laptops.

Each action is undone before its sync (withdrawn from the outbox: the server never
hears of it) and after it (the reverse operation is pushed); either way the outbox, the
server and a second laptop end in one state. On SQLite and on real PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    CachedApplication,
    CachedDecision,
    CachedNote,
    CachedRequirementCheck,
    Conflict,
    Draft,
    OutboxOperation,
)
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.drafts import save_draft
from reviewer_app.review.undo import CannotUndo, UndoHistory
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.sync import Syncer, push
from tests.sync_support import OpenCache, add_applications, add_position, cache_rows, server_rows


def _picture(cache: LocalCache, app: str) -> dict[str, Any]:
    """What reviewers see of an application (cleared results and deleted notes are gone)."""
    with cache.read_session() as session:
        checks = {
            (row.check_key, row.reviewer_name): (row.result, row.comment)
            for row in session.scalars(
                select(CachedRequirementCheck).where(CachedRequirementCheck.application_id == app)
            )
            if row.result is not None
        }
        notes = {
            row.id: (row.author_name, row.kind, row.body)
            for row in session.scalars(select(CachedNote).where(CachedNote.application_id == app))
            if row.deleted_at is None
        }
        decision = session.get(CachedDecision, app)
        conflicts = session.scalars(
            select(Conflict.id).where(
                Conflict.application_id == app, Conflict.resolved_at.is_(None)
            )
        ).all()
        drafts = session.scalars(select(Draft.slot).where(Draft.application_id == app)).all()
        return {
            "checks": checks,
            "notes": notes,
            "decision": (Stage.NEW, None)
            if decision is None
            else (decision.stage, decision.reason),
            "position": session.get_one(CachedApplication, app).position_id,
            "open conflicts": len(conflicts),
            "drafts": sorted(drafts),
        }


def _pending(cache: LocalCache) -> list[str]:
    with cache.read_session() as session:
        return list(session.scalars(select(OutboxOperation.kind).order_by(OutboxOperation.seq)))


@dataclass
class Laptops:
    """Rae's laptop (who acts and undoes) and Sam's (who watches), on one database."""

    db: SharedDatabase
    rae: LocalCache
    sam: LocalCache
    app: str
    position: int
    history: UndoHistory

    @property
    def review(self) -> ReviewService:
        return ReviewService(self.rae, "Rae", self.history)

    def sync(self, *caches: LocalCache) -> None:
        for cache in caches or (self.rae, self.sam):
            Syncer(cache, self.db, "Rae" if cache is self.rae else "Sam").sync()

    def agree(self) -> dict[str, Any]:
        """Syncs both laptops; checks that they and the server hold the same rows."""
        self.sync()
        self.sync(self.rae)
        assert _pending(self.rae) == []
        assert cache_rows(self.rae) == server_rows(self.db) == cache_rows(self.sam)
        # The server's own conflicts are Rae's only: Sam's picture leaves them out.
        sam = {**_picture(self.sam, self.app), "open conflicts": None, "drafts": None}
        rae = _picture(self.rae, self.app)
        assert {**rae, "open conflicts": None, "drafts": None} == sam
        return rae


@pytest.fixture
def laptops(db: SharedDatabase, open_cache: OpenCache) -> Laptops:
    (app,) = add_applications(db, 1)
    position = add_position(db)
    made = Laptops(db, open_cache("rae"), open_cache("sam"), app, position, UndoHistory())
    made.sync()
    return made


def _conflict(laptops: Laptops) -> int:
    ReviewService(laptops.sam, "Sam").set_decision(laptops.app, Stage.ACCEPTED)
    laptops.sync(laptops.sam)
    ReviewService(laptops.rae, "Rae", UndoHistory()).set_decision(
        laptops.app, Stage.DECLINED, "Too far away"
    )
    laptops.sync(laptops.rae)
    with laptops.rae.read_session() as session:
        return session.scalars(select(Conflict.id)).one()


def _note(laptops: Laptops) -> str:
    return (
        ReviewService(laptops.rae, "Rae", UndoHistory())
        .save_note(laptops.app, NoteKind.TRIAGE, "Strong candidate")
        .note_id
    )


# Each case: what is there first (synced), then the action undone; both get the laptops.
Setup = Callable[[Laptops], Any]
Action = Callable[[Laptops, Any], object]
CASES: dict[str, tuple[Setup, Action]] = {
    "not met": (
        lambda lt: None,
        lambda lt, _: lt.review.set_check(lt.app, "python", CheckResult.NOT_MET, "no code"),
    ),
    "clear": (
        lambda lt: ReviewService(lt.rae, "Rae", UndoHistory()).set_check(
            lt.app, "python", CheckResult.MET, "PyPI"
        ),
        lambda lt, _: lt.review.clear_check(lt.app, "python"),
    ),
    "new note": (
        lambda lt: None,
        lambda lt, _: lt.review.save_note(lt.app, NoteKind.TRIAGE, "Call back"),
    ),
    "edit note": (_note, lambda lt, note: lt.review.save_note(lt.app, NoteKind.TRIAGE, "Hm", note)),
    "delete note": (_note, lambda lt, note: lt.review.delete_note(lt.app, note)),
    "decision": (
        lambda lt: ReviewService(lt.sam, "Sam").set_decision(lt.app, Stage.SCREENING),
        lambda lt, _: lt.review.set_decision(lt.app, Stage.DECLINED, "No time"),
    ),
    "position": (lambda lt: None, lambda lt, _: lt.review.assign_position(lt.app, lt.position)),
    "keep theirs": (_conflict, lambda lt, conflict: lt.review.keep_theirs(conflict)),
    "apply mine": (_conflict, lambda lt, conflict: lt.review.apply_mine(conflict)),
    "discard draft": (
        lambda lt: save_draft(lt.rae, lt.app, "note:new", {"kind": "triage", "body": "hal"}),
        lambda lt, _: lt.review.discard_draft(lt.app, "note:new"),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_undo_before_the_sync_withdraws_the_action_and_redo_does_it_again(
    laptops: Laptops, case: str
) -> None:
    setup, action = CASES[case]
    made = setup(laptops)
    first = laptops.agree()
    pending = _pending(laptops.rae)

    action(laptops, made)
    done = _picture(laptops.rae, laptops.app)
    laptops.review.undo()

    # Nothing of the action is left to push: the outbox is as it was.
    assert _pending(laptops.rae) == pending
    assert _picture(laptops.rae, laptops.app) == first
    assert laptops.agree() == first

    laptops.review.redo()
    assert laptops.agree() == done


@pytest.mark.parametrize("case", sorted(CASES))
def test_undo_after_the_sync_pushes_the_reverse_and_every_laptop_sees_it(
    laptops: Laptops, case: str
) -> None:
    setup, action = CASES[case]
    made = setup(laptops)
    first = laptops.agree()

    action(laptops, made)
    done = laptops.agree()
    laptops.review.undo()
    # What the server does not have is recorded as a new change (nothing for local ones).
    assert _picture(laptops.rae, laptops.app) == first
    assert laptops.agree() == first

    laptops.review.redo()
    assert laptops.agree() == done


def test_a_cleared_result_and_a_deleted_note_reach_the_other_laptop(laptops: Laptops) -> None:
    review = laptops.review
    review.set_check(laptops.app, "python", CheckResult.MET, "PyPI")
    note = review.save_note(laptops.app, NoteKind.TRIAGE, "Private thoughts").note_id
    laptops.agree()
    assert _picture(laptops.sam, laptops.app)["notes"] == {
        note: ("Rae", NoteKind.TRIAGE, "Private thoughts")
    }

    review.clear_check(laptops.app, "python")
    review.delete_note(laptops.app, note)
    laptops.sync(laptops.rae)
    # A NULL result and a tombstone are sound rows: nothing skipped, nothing to rebuild.
    pulled = Syncer(laptops.sam, laptops.db, "Sam").sync()
    assert (pulled.pulled, pulled.anomaly_count, pulled.rebuilt) == (2, 0, False)
    assert laptops.agree()["checks"] == {}
    with laptops.sam.read_session() as session:
        check = session.scalars(select(CachedRequirementCheck)).one()
        tombstone = session.get_one(CachedNote, note)
    assert (check.result, check.comment) == (None, "")
    assert (tombstone.body, tombstone.deleted_at is not None) == ("", True)
    with laptops.db.session() as session:
        assert session.get_one(models.Note, note).body == ""  # no text kept on the server


def test_undo_while_the_action_is_being_pushed_records_the_reverse(laptops: Laptops) -> None:
    review = laptops.review
    review.set_check(laptops.app, "python", CheckResult.NOT_MET)

    def undo_in_flight(phase: str, _done: int, _total: int) -> None:
        # The server has committed the batch; the laptop has not heard back yet.
        if phase == "push" and laptops.history.undo_text() is not None:
            review.undo()

    Syncer(laptops.rae, laptops.db, "Rae", progress=undo_in_flight).sync()

    assert _pending(laptops.rae) == ["set_check"]  # the reverse, nothing lost
    assert _picture(laptops.rae, laptops.app)["checks"] == {}
    assert laptops.agree()["checks"] == {}
    with laptops.db.session() as session:
        assert session.scalars(select(models.RequirementCheck.result)).all() == [None]


def test_undo_from_another_thread_while_a_batch_is_sent_never_loses_the_push(
    laptops: Laptops, monkeypatch: pytest.MonkeyPatch
) -> None:
    review = laptops.review
    review.set_check(laptops.app, "python", CheckResult.MET)
    real_apply = push.apply_batch

    def apply_after_an_undo(*args: Any, **kwargs: Any) -> push.PushedBatch:
        # The batch was read and marked sent; a window's worker undoes meanwhile.
        import threading

        worker = threading.Thread(target=review.undo)
        worker.start()
        worker.join()
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(push, "apply_batch", apply_after_an_undo)
    Syncer(laptops.rae, laptops.db, "Rae").sync()
    monkeypatch.undo()

    assert _pending(laptops.rae) == ["set_check"]
    assert laptops.agree()["checks"] == {}


def test_undo_refuses_once_another_reviewer_changed_the_decision(laptops: Laptops) -> None:
    laptops.review.set_decision(laptops.app, Stage.INTERVIEW)
    laptops.sync(laptops.rae, laptops.sam)
    ReviewService(laptops.sam, "Sam").set_decision(laptops.app, Stage.ON_HOLD)
    laptops.sync(laptops.sam, laptops.rae)

    with pytest.raises(CannotUndo, match="Sam changed the decision since"):
        laptops.review.undo()
    assert laptops.history.undo_text() is None
    assert laptops.agree()["decision"] == (Stage.ON_HOLD, None)


def test_undo_refuses_a_decision_the_server_refused_as_a_conflict(laptops: Laptops) -> None:
    ReviewService(laptops.sam, "Sam").set_decision(laptops.app, Stage.ACCEPTED)
    laptops.sync(laptops.sam)
    laptops.review.set_decision(laptops.app, Stage.DECLINED, "Too far away")
    assert Syncer(laptops.rae, laptops.db, "Rae").sync().conflicts == 1

    with pytest.raises(CannotUndo, match="Sam changed the decision since"):
        laptops.review.undo()
