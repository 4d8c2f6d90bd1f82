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
    SYNC_STATE_ID,
    CachedApplication,
    CachedDecision,
    CachedRequirementCheck,
    Conflict,
    OutboxOperation,
    SyncStateRow,
)
from reviewer_app.domain.vocabulary import Stage, utcnow
from reviewer_app.review.operations import (
    ASSIGN_POSITION,
    DECISION_ENTITY,
    SET_CHECK,
    SET_DECISION,
    from_iso,
)
from reviewer_app.server import models
from reviewer_app.server.authorship import lock_counter, session_reviewer, session_trusted
from reviewer_app.server.database import SharedDatabase
from reviewer_app.sync.push_batch import (
    APPLIED,
    CONFLICT,
    DROPPED,
    MISSING,
    REFUSED,
    UNCHANGED,
    PendingOperation,
    ServerBatch,
)

__all__ = [
    "APPLIED",
    "CONFLICT",
    "DROPPED",
    "MISSING",
    "REFUSED",
    "UNCHANGED",
    "PendingOperation",
    "PushedBatch",
    "apply_batch",
    "read_batch",
    "recorded_name",
    "recorded_name_in",
    "settle_batch",
]


@dataclass(frozen=True)
class PushedBatch:
    """What the server did with one batch.

    Attributes:
        outcomes: One per operation, in order.
        recorded_as: The name of the reviewer the changes were recorded as: on
            PostgreSQL a reviewer login's own, whatever name the laptop claimed.
    """

    outcomes: list[dict[str, Any]]
    recorded_as: str


def read_batch(
    session: Session, up_to_seq: int, limit: int, after_seq: int = 0
) -> list[PendingOperation]:
    """Returns the oldest pending operations with ``after_seq < seq <= up_to_seq``, marked sent.

    Call in a write transaction, before the batch goes to the server: from its commit
    on, undo treats these operations as pushed (the server may apply them even if no
    answer comes back) and records the reverse change instead of withdrawing them. In
    the same transaction as the read, so an undo either withdrew an operation before
    the batch was read or finds it marked.
    """
    rows = session.scalars(
        select(OutboxOperation)
        .where(OutboxOperation.seq > after_seq, OutboxOperation.seq <= up_to_seq)
        .order_by(OutboxOperation.seq)
        .limit(limit)
    )
    batch = [
        PendingOperation(row.seq, row.op_id, row.kind, row.application_id, dict(row.payload))
        for row in rows
    ]
    if batch:
        state = session.get_one(SyncStateRow, SYNC_STATE_ID)
        state.sent_through = max(state.sent_through or 0, batch[-1].seq)
    return batch


def recorded_name(session: Session, claimed: str) -> str:
    """The name the server records this session's changes as.

    A reviewer login's (PostgreSQL) own name; ``claimed`` for a trusted session and on
    the embedded SQLite database, which is single-user.

    Raises:
        NotAnActiveReviewer: The login maps to no active reviewer.
    """
    return claimed if session_trusted(session) else session_reviewer(session).name


def recorded_name_in(shared: SharedDatabase, claimed: str) -> str:
    """:func:`recorded_name`, asked in a session of its own (none needed on SQLite)."""
    if shared.dialect != "postgresql":
        return claimed
    with shared.session() as session:
        return recorded_name(session, claimed)


def apply_batch(
    session: Session,
    reviewer_name: str,
    reviewer_email: str,
    operations: Sequence[PendingOperation],
    device_id: str | None = None,
) -> PushedBatch:
    """Applies operations on the server, in the caller's transaction.

    Args:
        session: A shared-database session (with revision stamping).
        reviewer_name: Who the laptop says made the changes. A trusted session's
            reviewer row of that name is made if missing; a reviewer login's changes
            are its own whatever this says.
        reviewer_email: Their email, stored when given (trusted sessions only).
        operations: In outbox order.
        device_id: The pushing cache's device id: a stale decision conflicts with a
            newer one of the same reviewer made on another device.

    Raises:
        NotAnActiveReviewer: A reviewer login that maps to no active reviewer.
    """
    # Taking the counter lock first serialises pushes with every other writer (each
    # takes it at its first flush anyway): a decision read below cannot change before
    # this transaction ends, and no lock is ever taken in a different order.
    lock_counter(session)
    if session_trusted(session):
        reviewer = _ensure_reviewer(session, reviewer_name, reviewer_email)
    else:
        reviewer = session_reviewer(session)
    batch = ServerBatch(session, reviewer, operations, device_id)
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
            outcomes.append(outcome)
            if outcome["status"] == MISSING:
                continue  # not applied: no record, so that a later push applies it
            session.add(
                models.AppliedOperation(
                    op_id=operation.op_id,
                    reviewer_id=reviewer.id,
                    application_id=operation.application_id,
                    outcome=outcome,
                )
            )
    session.flush()
    return PushedBatch(outcomes, reviewer.name)


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


def settle_batch(
    session: Session,
    operations: Sequence[PendingOperation],
    outcomes: Sequence[dict[str, Any]],
    recorded_as: str | None = None,
) -> int:
    """Removes pushed operations from the outbox and records what the server said.

    An operation the server could not place (:data:`MISSING`: it has no such
    application and never erased it) stays in the outbox.

    Rows the server changed come back with the pull; rows it left as they were (a
    conflict, an unchanged value) are set to the server's value here, unless a newer
    local change to them is still pending.

    Args:
        session: The cache session, in the transaction that settles the batch.
        operations: The batch pushed.
        outcomes: What the server said of each.
        recorded_as: The name the server recorded the batch as. When it is not the
            name the cache's checks were made under, those local copies go: the
            server's, under its name, come with the pull.

    Returns:
        How many conflicts were recorded.
    """
    settled = [
        op.seq
        for op, outcome in zip(operations, outcomes, strict=True)
        if outcome.get("status") != MISSING
    ]
    session.execute(delete(OutboxOperation).where(OutboxOperation.seq.in_(settled)))
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
    if recorded_as is not None:
        _drop_checks_claimed_as_another(session, operations, recorded_as)
    return conflicts


def _drop_checks_claimed_as_another(
    session: Session, operations: Sequence[PendingOperation], recorded_as: str
) -> None:
    claimed = session.get_one(SyncStateRow, SYNC_STATE_ID).reviewer_name
    if claimed is None or claimed == recorded_as:
        return
    for operation in operations:
        if operation.kind != SET_CHECK or _still_pending(
            session, operation.application_id, SET_CHECK
        ):
            continue
        session.execute(
            delete(CachedRequirementCheck).where(
                CachedRequirementCheck.application_id == operation.application_id,
                CachedRequirementCheck.check_key == operation.payload["check_key"],
                CachedRequirementCheck.reviewer_name == claimed,
            )
        )


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
