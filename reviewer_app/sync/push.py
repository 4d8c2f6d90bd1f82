"""Push: apply outbox operations on the server, each exactly once.

A batch is one server transaction that records every operation it applies in
``applied_operations`` together with the outcome. If the connection drops after the
server committed but before the laptop heard back, the laptop sends the same
operations again and gets the stored outcomes back; nothing is applied twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reviewer_app.cache.models import (
    CachedApplication,
    CachedDecision,
    Conflict,
    OutboxOperation,
)
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage, utcnow
from reviewer_app.review.operations import (
    ASSIGN_POSITION,
    DECISION_ENTITY,
    SAVE_NOTE,
    SET_CHECK,
    SET_DECISION,
    from_iso,
    to_iso,
)
from reviewer_app.server import models

APPLIED = "applied"
UNCHANGED = "unchanged"
CONFLICT = "conflict"
# The application was erased: the operation can never apply.
DROPPED = "dropped"
# The operation is not allowed (another author's note).
REFUSED = "refused"


@dataclass(frozen=True)
class PendingOperation:
    """An outbox operation on its way to the server (detached from the cache session)."""

    seq: int
    op_id: str
    kind: str
    application_id: str
    payload: dict[str, Any]


def read_batch(session: Session, up_to_seq: int, limit: int) -> list[PendingOperation]:
    """Returns the oldest pending operations with ``seq <= up_to_seq``."""
    rows = session.scalars(
        select(OutboxOperation)
        .where(OutboxOperation.seq <= up_to_seq)
        .order_by(OutboxOperation.seq)
        .limit(limit)
    )
    return [
        PendingOperation(row.seq, row.op_id, row.kind, row.application_id, dict(row.payload))
        for row in rows
    ]


def apply_batch(
    session: Session,
    reviewer_name: str,
    reviewer_email: str,
    operations: Sequence[PendingOperation],
) -> list[dict[str, Any]]:
    """Applies operations on the server, in the caller's transaction; returns outcomes.

    Args:
        session: A shared-database session (with revision stamping).
        reviewer_name: Who made the changes; their reviewer row is made if missing.
        reviewer_email: Their email, stored when given.
        operations: In outbox order.
    """
    # Taking the counter lock first serialises pushes with every other writer (each
    # takes it at its first flush anyway): a decision read below cannot change before
    # this transaction ends, and no lock is ever taken in a different order.
    session.execute(
        select(models.SyncCounter.value).where(models.SyncCounter.id == 1).with_for_update()
    )
    reviewer = _ensure_reviewer(session, reviewer_name, reviewer_email)
    batch = _Batch(session, reviewer, operations)
    outcomes: list[dict[str, Any]] = []
    # Rows are loaded up front and changed in memory, then written by one flush (one
    # counter update): a flush per operation made pushing a hundred times slower.
    with session.no_autoflush:
        for operation in operations:
            done = batch.applied.get(operation.op_id)
            if done is not None:
                outcomes.append(done)
                continue
            outcome = batch.apply(operation)
            session.add(
                models.AppliedOperation(
                    op_id=operation.op_id,
                    reviewer_id=reviewer.id,
                    application_id=operation.application_id,
                    outcome=outcome,
                )
            )
            outcomes.append(outcome)
    session.flush()
    return outcomes


def _ensure_reviewer(session: Session, name: str, email: str) -> models.Reviewer:
    reviewer = session.scalars(
        select(models.Reviewer).where(models.Reviewer.name == name)
    ).one_or_none()
    if reviewer is None:
        reviewer = models.Reviewer(name=name, email=email or None)
        session.add(reviewer)
        session.flush()
    elif email and reviewer.email != email:
        reviewer.email = email
    return reviewer


class _Batch:
    """The server rows one batch of operations touches, loaded with a few queries."""

    def __init__(
        self,
        session: Session,
        reviewer: models.Reviewer,
        operations: Sequence[PendingOperation],
    ) -> None:
        self._session = session
        self._reviewer = reviewer
        application_ids = {op.application_id for op in operations}
        note_ids = {op.payload["note_id"] for op in operations if op.kind == SAVE_NOTE}
        position_ids = {
            op.payload["position_id"]
            for op in operations
            if op.kind == ASSIGN_POSITION and op.payload["position_id"] is not None
        }
        self.applied: dict[str, dict[str, Any]] = {
            row.op_id: dict(row.outcome)
            for row in session.scalars(
                select(models.AppliedOperation).where(
                    models.AppliedOperation.op_id.in_([op.op_id for op in operations])
                )
            )
        }
        self._applications = {
            row.id: row
            for row in session.scalars(
                select(models.Application).where(models.Application.id.in_(application_ids))
            )
        }
        self._checks = {
            (row.application_id, row.check_key): row
            for row in session.scalars(
                select(models.RequirementCheck).where(
                    models.RequirementCheck.reviewer_id == reviewer.id,
                    models.RequirementCheck.application_id.in_(application_ids),
                )
            )
        }
        self._notes = {
            row.id: row
            for row in session.scalars(select(models.Note).where(models.Note.id.in_(note_ids)))
        }
        self._decisions = {
            row.application_id: row
            for row in session.scalars(
                select(models.Decision).where(models.Decision.application_id.in_(application_ids))
            )
        }
        self._positions = set(
            session.scalars(select(models.Position.id).where(models.Position.id.in_(position_ids)))
        )

    def apply(self, operation: PendingOperation) -> dict[str, Any]:
        """Applies one operation in memory; returns its outcome."""
        if operation.application_id not in self._applications:
            return {"status": DROPPED}
        if operation.kind == SET_CHECK:
            return self._set_check(operation.application_id, operation.payload)
        if operation.kind == SAVE_NOTE:
            return self._save_note(operation.application_id, operation.payload)
        if operation.kind == SET_DECISION:
            return self._set_decision(operation.application_id, operation.payload)
        if operation.kind == ASSIGN_POSITION:
            return self._assign_position(operation.application_id, operation.payload)
        raise ValueError(f"unknown operation kind {operation.kind!r}")

    def _set_check(self, application_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        key = (application_id, payload["check_key"])
        check = self._checks.get(key)
        if check is None:
            check = models.RequirementCheck(
                application_id=application_id,
                check_key=payload["check_key"],
                reviewer_id=self._reviewer.id,
            )
            self._session.add(check)
            self._checks[key] = check
        check.result = CheckResult(payload["result"])
        check.comment = payload["comment"]
        check.updated_at = from_iso(payload["updated_at"]) or utcnow()
        return {"status": APPLIED}

    def _save_note(self, application_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        note = self._notes.get(payload["note_id"])
        if note is not None and note.author_id != self._reviewer.id:
            return {"status": REFUSED, "reason": "the note belongs to another reviewer"}
        if note is None:
            note = models.Note(
                id=payload["note_id"],
                application_id=application_id,
                author_id=self._reviewer.id,
                created_at=from_iso(payload["created_at"]) or utcnow(),
            )
            self._session.add(note)
            self._notes[note.id] = note
        note.kind = NoteKind(payload["kind"])
        note.body = payload["body"]
        note.edited_at = from_iso(payload["edited_at"])
        return {"status": APPLIED}

    def _decision_state(self, decision: models.Decision) -> dict[str, Any]:
        author = (
            None
            if decision.decided_by is None
            else self._session.get(models.Reviewer, decision.decided_by)
        )
        return {
            "stage": decision.stage.value,
            "reason": decision.reason,
            "revision": decision.revision,
            "decided_by": decision.decided_by,
            "decided_by_name": None if author is None else author.name,
            "decided_at": to_iso(decision.decided_at),
        }

    def _set_decision(self, application_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        decision = self._decisions.get(application_id)
        mine = {"stage": payload["stage"], "reason": payload["reason"]}
        if decision is not None:
            if decision.stage.value == mine["stage"] and decision.reason == mine["reason"]:
                return {"status": UNCHANGED, "server": self._decision_state(decision)}
            # A reviewer never conflicts with their own earlier decision: two offline
            # edits in a row share one base, and so does an edit made after a push whose
            # commit the laptop never heard of.
            if (
                decision.revision != payload["base_revision"]
                and decision.decided_by != self._reviewer.id
            ):
                theirs = self._decision_state(decision)
                return {
                    "status": CONFLICT,
                    "theirs": theirs,
                    "mine": mine,
                    "their_author": theirs["decided_by_name"],
                    "their_time": theirs["decided_at"],
                }
        else:
            decision = models.Decision(application_id=application_id)
            self._session.add(decision)
            self._decisions[application_id] = decision
        decided_at = from_iso(payload["decided_at"]) or utcnow()
        decision.stage = Stage(mine["stage"])
        decision.reason = mine["reason"]
        decision.decided_by = self._reviewer.id
        decision.decided_at = decided_at
        self._session.add(
            models.DecisionHistory(
                application_id=application_id,
                stage=decision.stage,
                reason=decision.reason,
                decided_by=self._reviewer.id,
                decided_at=decided_at,
            )
        )
        return {"status": APPLIED}

    def _assign_position(self, application_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        application = self._applications[application_id]
        position_id = payload["position_id"]
        if position_id is not None and position_id not in self._positions:
            return {"status": REFUSED, "reason": f"no position has the id {position_id}"}
        if application.position_id == position_id:
            # Nothing changes, so no new revision brings the row back: say what it is.
            return {
                "status": UNCHANGED,
                "server": {"position_id": position_id, "revision": application.revision},
            }
        application.position_id = position_id
        return {"status": APPLIED}


def settle_batch(
    session: Session,
    operations: Sequence[PendingOperation],
    outcomes: Sequence[dict[str, Any]],
) -> int:
    """Removes pushed operations from the outbox and records what the server said.

    Rows the server changed come back with the pull; rows it left as they were (a
    conflict, an unchanged value) are set to the server's value here, unless a newer
    local change to them is still pending.

    Returns:
        How many conflicts were recorded.
    """
    session.execute(
        delete(OutboxOperation).where(OutboxOperation.seq.in_([op.seq for op in operations]))
    )
    conflicts = 0
    for operation, outcome in zip(operations, outcomes, strict=True):
        status = outcome.get("status")
        if status == CONFLICT:
            conflicts += 1
            session.add(
                Conflict(
                    application_id=operation.application_id,
                    entity=DECISION_ENTITY,
                    theirs=outcome["theirs"],
                    mine=outcome["mine"],
                    their_author=outcome["their_author"],
                    their_time=from_iso(outcome["their_time"]),
                )
            )
            _settle_decision(session, operation.application_id, outcome["theirs"])
        elif status == UNCHANGED and operation.kind == SET_DECISION:
            _settle_decision(session, operation.application_id, outcome["server"])
        elif status == UNCHANGED and operation.kind == ASSIGN_POSITION:
            _settle_position(session, operation.application_id, outcome["server"])
    return conflicts


def _still_pending(session: Session, application_id: str, kind: str) -> bool:
    return (
        session.scalars(
            select(OutboxOperation.seq)
            .where(OutboxOperation.application_id == application_id, OutboxOperation.kind == kind)
            .limit(1)
        ).first()
        is not None
    )


def _settle_decision(session: Session, application_id: str, server: dict[str, Any]) -> None:
    # No revision: the row changed earlier in the same batch, and the pull brings it.
    if server["revision"] is None or _still_pending(session, application_id, SET_DECISION):
        return
    decision = session.get(CachedDecision, application_id)
    if decision is None:
        if session.get(CachedApplication, application_id) is None:
            return
        decision = CachedDecision(application_id=application_id)
        session.add(decision)
    # A stored outcome of an earlier push may be older than what the cache pulled since.
    elif decision.revision is not None and decision.revision >= server["revision"]:
        return
    decision.stage = Stage(server["stage"])
    decision.reason = server["reason"]
    decision.decided_by = server["decided_by"]
    decision.decided_by_name = server["decided_by_name"]
    decision.decided_at = from_iso(server["decided_at"]) or utcnow()
    decision.revision = server["revision"]


def _settle_position(session: Session, application_id: str, server: dict[str, Any]) -> None:
    if server["revision"] is None or _still_pending(session, application_id, ASSIGN_POSITION):
        return
    application = session.get(CachedApplication, application_id)
    if application is None or (
        application.revision is not None and application.revision >= server["revision"]
    ):
        return
    application.position_id = server["position_id"]
    application.revision = server["revision"]
