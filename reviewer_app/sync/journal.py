"""The journal of pushed operations: this laptop's confirmed work, kept for a while.

A shared database restored from a backup has lost every change made after the backup,
including changes whose only other copy was on the laptop that pushed them. The server
records each operation it applied (``applied_operations``), so an operation of the
journal that the server no longer knows was lost; it goes back into the outbox under its
own ``seq`` (before every newer change) and ``op_id`` (a repeated push applies nothing
twice), and the next push sends it again.

Only operations that changed, or confirmed, the server's rows are kept (not those it
refused or dropped), for :data:`~reviewer_app.cache.models.JOURNAL_DAYS`; an erased
application's are deleted with it, so nothing resurrects what was erased.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, literal, select
from sqlalchemy.orm import Session

from reviewer_app.cache.models import JOURNAL_DAYS, OutboxOperation, PushedOperation, UtcDateTime
from reviewer_app.domain.vocabulary import utcnow
from reviewer_app.server import models
from reviewer_app.sync.push import APPLIED, UNCHANGED, PendingOperation

# Outcomes after which the server holds the operation's effect.
_CONFIRMED = frozenset({APPLIED, UNCHANGED})
_CHUNK = 500
_COLUMNS = ("seq", "op_id", "kind", "application_id", "payload", "created_at")


def record(
    session: Session,
    operations: Sequence[PendingOperation],
    outcomes: Sequence[dict[str, Any]],
    revision: int,
) -> None:
    """Copies confirmed operations from the outbox into the journal; drops old entries.

    Call in the local transaction that settles the batch, before it empties the outbox.

    Args:
        session: A write session of the cache.
        operations: The batch pushed.
        outcomes: What the server answered, one per operation.
        revision: The server's revision counter when the batch committed.
    """
    now = utcnow()
    confirmed = [
        op.seq
        for op, outcome in zip(operations, outcomes, strict=True)
        if outcome.get("status") in _CONFIRMED
    ]
    if confirmed:
        outbox = OutboxOperation.__table__.c
        rows = select(
            *(outbox[name] for name in _COLUMNS),
            literal(now, UtcDateTime()),
            literal(revision),
        ).where(outbox.seq.in_(confirmed))
        session.execute(
            insert(PushedOperation)
            .prefix_with("OR REPLACE")
            .from_select([*_COLUMNS, "pushed_at", "confirmed_revision"], rows)
        )
    session.execute(
        delete(PushedOperation).where(
            PushedOperation.pushed_at < now - timedelta(days=JOURNAL_DAYS)
        )
    )


def forget_application(session: Session, application_id: str) -> None:
    """Deletes the journal's entries about an erased application."""
    session.execute(delete(PushedOperation).where(PushedOperation.application_id == application_id))


def latest_op_id(session: Session) -> str | None:
    """The most recently pushed operation of the journal (None when it is empty)."""
    return session.scalars(
        select(PushedOperation.op_id).order_by(PushedOperation.seq.desc()).limit(1)
    ).first()


def op_ids(session: Session) -> list[str]:
    """Every operation id of the journal."""
    return list(session.scalars(select(PushedOperation.op_id)))


def unknown_to_server(connection: Connection, ids: Collection[str]) -> set[str]:
    """The operation ids the server has no record of (lost if they were confirmed)."""
    missing = set(ids)
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        known = connection.execute(
            select(models.AppliedOperation.op_id).where(models.AppliedOperation.op_id.in_(chunk))
        ).scalars()
        missing.difference_update(known)
    return missing


def requeue(session: Session, ids: Iterable[str]) -> int:
    """Moves journal entries back into the outbox (same seq and op_id); returns how many."""
    wanted = sorted(set(ids))
    moved = 0
    journal = PushedOperation.__table__.c
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows = select(*(journal[name] for name in _COLUMNS)).where(journal.op_id.in_(chunk))
        result = session.execute(
            insert(OutboxOperation).prefix_with("OR IGNORE").from_select(list(_COLUMNS), rows)
        )
        moved += max(getattr(result, "rowcount", 0), 0)
        session.execute(delete(PushedOperation).where(PushedOperation.op_id.in_(chunk)))
    return moved
