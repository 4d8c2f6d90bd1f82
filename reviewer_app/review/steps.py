"""How a step of the undo history is recorded, taken back and done again.

Undo works offline. An operation still waiting in the outbox, never sent, is withdrawn
and the cached rows are put back as they were: the server never hears of it. One
already sent (pushed, or on its way: ``sync_state.sent_through`` is raised in the
transaction that reads a batch to push, so an undo and a push never both claim it) is
taken back by a new operation, the reverse, so the server and the other laptops see
one consistent history. So is one whose rows a pull may have touched since (the
cache's cursor moved): the server may hold more than the snapshot shows.

Undo refuses (:class:`~reviewer_app.review.undo.CannotUndo`) when what the step
changed has changed since: another reviewer's decision pulled, a conflict, an edit on
another laptop. Redo does the action again, as a new operation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.cache import LocalCache, UnknownApplication
from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CachedApplication,
    CachedDecision,
    CachedPosition,
    OutboxOperation,
    SyncStateRow,
)
from reviewer_app.domain.changes import Changes
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.review.drafts import DECISION as DECISION_DRAFT
from reviewer_app.review.drafts import NEW_NOTE
from reviewer_app.review.operations import record, refreshed
from reviewer_app.review.snapshots import (
    ASSIGNMENT,
    CHECK,
    CONFLICT,
    CONTACT,
    DECISION,
    DRAFT,
    INTERVIEW,
    NOTE,
    POSITION,
    Entity,
    Row,
    end_draft,
    facts,
    pending_elsewhere,
    put_back,
    read_row,
    reverse_operation,
)
from reviewer_app.review.undo import (
    ENDED_DRAFT,
    LOCAL,
    OPERATION,
    CannotUndo,
    Step,
    Touched,
    UndoHistory,
)


@dataclass(frozen=True)
class Done:
    """What an action did: its label, and the operation to record (None: local only)."""

    label: str
    operation: tuple[str, dict[str, Any]] | None = None


Work = Callable[[Session, list[Row]], Done | None]
"""An action's work in its transaction, given the touched rows before; None: no-op."""


def perform(
    session: Session,
    reviewer: str,
    application: CachedApplication,
    touched: Sequence[tuple[Entity, str]],
    work: Work,
    changes: Changes,
) -> Step | None:
    """Runs an action in the caller's write transaction; returns its step (None: no-op).

    Records the operation ``work`` asks for and ends the drafts the action saved.
    """
    befores = [read_row(session, entity, reviewer) for entity, _role in touched]
    done = work(session, befores)
    if done is None:
        return None
    op_id = None
    if done.operation is not None:
        kind, payload = done.operation
        op_id = record(session, kind, application.id, payload, reviewer)
    for entity, role in touched:
        if role == ENDED_DRAFT:
            end_draft(session, application.id, entity.key)
    session.flush()
    after = tuple(
        Touched(entity, role, before, read_row(session, entity, reviewer))
        for (entity, role), before in zip(touched, befores, strict=True)
    )
    if any(t.entity.kind == DRAFT and (t.before is None) != (t.after is None) for t in after):
        # A draft went (or, undone, comes back): the list marks and counts drafts.
        changes |= Changes.of([application.id], drafts=True, counts=True)
    return Step(
        label=done.label,
        application_id=application.id,
        applicant_name=application.name,
        changes=changes,
        touched=after,
        operation=done.operation,
        op_id=op_id,
        cursor=cursor(session),
    )


def cursor(session: Session) -> int:
    """The cache's last pulled revision."""
    return session.get_one(SyncStateRow, SYNC_STATE_ID).last_revision


def _why(session: Session, entity: Entity, reviewer: str) -> str:
    if entity.kind == CHECK:
        return "your result on that check changed since (on another laptop, or by a sync)"
    if entity.kind == NOTE:
        return "the note changed since (on another laptop, or by a sync)"
    if entity.kind == DECISION:
        decision = session.get(CachedDecision, entity.application_id)
        if decision is not None and decision.decided_by_name not in (None, reviewer):
            return f"{decision.decided_by_name} changed the decision since"
        return "the decision changed since (a sync, or a conflict with another reviewer)"
    if entity.kind == POSITION:
        return "the application's position changed since"
    if entity.kind == CONFLICT:
        return "the conflict was resolved or changed since"
    if entity.kind == DRAFT:
        return "a newer draft was written since"
    if entity.kind == ASSIGNMENT:
        return f"{entity.key}'s assignment changed since (on another laptop, or by a sync)"
    if entity.kind == CONTACT:
        return "the record of the contact changed since"
    if entity.kind == INTERVIEW:
        return "the interview time changed since (on another laptop, or by a sync)"
    raise ValueError(f"unknown entity kind {entity.kind!r}")


def _check_unchanged(
    session: Session, step: Step, reviewer: str, title: str, *, redo: bool
) -> None:
    verb = "redo" if redo else "undo"
    if session.get(CachedApplication, step.application_id) is None:
        raise CannotUndo(
            f"Cannot {verb} {title}: the application was erased from the shared "
            "database. The undo history was cleared."
        )
    for touched in step.touched:
        if touched.role == ENDED_DRAFT:
            continue
        expected = touched.before if redo else touched.after
        now = read_row(session, touched.entity, reviewer)
        # Undo also asks who decided: another reviewer repeating my decision is theirs.
        if facts(touched.entity, now, author=not redo) != facts(
            touched.entity, expected, author=not redo
        ):
            raise CannotUndo(
                f"Cannot {verb} {title}: {_why(session, touched.entity, reviewer)}. "
                "The undo history was cleared."
            )


def _withdraw(session: Session, step: Step) -> bool:
    """Removes the step's operation from the outbox if it was never sent; says if it did."""
    operation = session.scalars(
        select(OutboxOperation).where(OutboxOperation.op_id == step.op_id)
    ).one_or_none()
    if operation is None:
        return False  # pushed, and settled
    state = session.get_one(SyncStateRow, SYNC_STATE_ID)
    if operation.seq <= state.sent_through or state.last_revision != step.cursor:
        # Sent (the server may hold it), or a pull since may have brought a newer row
        # than the snapshot, which the pending operation kept out of the cache.
        return False
    for touched in step.touched:
        before = touched.before
        if (
            touched.role == OPERATION
            and before is not None
            and before.get("revision", 0) is None
            and not pending_elsewhere(session, touched.entity, operation.op_id)
        ):
            # The row before was another pending change, since sent: the server's
            # answer to it is not in the snapshot.
            return False
    session.delete(operation)
    return True


def undo_in(session: Session, step: Step, reviewer: str, title: str) -> None:
    """Takes ``step`` back in the caller's write transaction.

    Raises:
        CannotUndo: What the step changed has changed since.
    """
    if step.parts:  # a bulk action: every part, all or nothing (one transaction)
        for part in step.parts:
            _check_unchanged(session, part, reviewer, title, redo=False)
        for part in reversed(step.parts):
            undo_in(session, part, reviewer, title)
        return
    _check_unchanged(session, step, reviewer, title, redo=False)
    withdrawn = step.op_id is not None and _withdraw(session, step)
    for touched in step.touched:
        entity = touched.entity
        if touched.role == OPERATION and not withdrawn:
            reverse = reverse_operation(session, entity, touched.before)
            if reverse is not None:
                kind, payload = reverse
                record(session, kind, entity.application_id, payload, reviewer)
        elif touched.role in (OPERATION, LOCAL):
            put_back(session, entity, reviewer, touched.before)
        elif touched.role == ENDED_DRAFT:
            now = read_row(session, entity, reviewer)
            if facts(entity, now) == facts(entity, touched.after):
                put_back(session, entity, reviewer, touched.before)


def redo_in(session: Session, step: Step, reviewer: str, title: str) -> Step:
    """Does ``step`` again in the caller's write transaction; returns the new step.

    Raises:
        CannotUndo: What the step changed has changed since its undo.
    """
    if step.parts:
        for part in step.parts:
            _check_unchanged(session, part, reviewer, title, redo=True)
        parts = tuple(redo_in(session, part, reviewer, title) for part in step.parts)
        return replace(step, parts=parts, cursor=cursor(session))
    _check_unchanged(session, step, reviewer, title, redo=True)
    befores = [read_row(session, t.entity, reviewer) for t in step.touched]
    operation, op_id = None, None
    if step.operation is not None:
        kind, payload = step.operation
        payload = refreshed(session, kind, step.application_id, payload)
        op_id = record(session, kind, step.application_id, payload, reviewer)
        operation = (kind, payload)
    for touched, before in zip(step.touched, befores, strict=True):
        if touched.role == LOCAL or (
            touched.role == ENDED_DRAFT
            and facts(touched.entity, before) == facts(touched.entity, touched.before)
        ):
            put_back(session, touched.entity, reviewer, touched.after)
    session.flush()
    touched_again = tuple(
        replace(t, before=before, after=read_row(session, t.entity, reviewer))
        for t, before in zip(step.touched, befores, strict=True)
    )
    return replace(
        step,
        touched=touched_again,
        operation=operation,
        op_id=op_id,
        cursor=cursor(session),
    )


def run(
    cache: LocalCache,
    history: UndoHistory,
    reviewer: str,
    application_id: str,
    touched: Sequence[tuple[Entity, str]],
    work: Work,
    changes: Changes,
) -> Changes:
    """Runs an action in one transaction of ``cache`` and records its step in ``history``.

    Returns:
        What the action changed (``changes``, and the drafts it ended).

    Raises:
        UnknownApplication: The application is not in the cache.
    """
    with history.working():
        with cache.session() as session:
            application = session.get(CachedApplication, application_id)
            if application is None:
                raise UnknownApplication(application_id)
            step = perform(session, reviewer, application, touched, work, changes)
        if step is None:
            return changes
        history.record(step)
    return step.changes


@contextmanager
def _cleared_on_refusal(history: UndoHistory) -> Iterator[None]:
    try:
        yield
    except CannotUndo:
        history.clear()
        raise


def undo_last(cache: LocalCache, history: UndoHistory, reviewer: str) -> Changes:
    """Takes back the last step of ``history`` (see ReviewService.undo)."""
    with history.working():
        step = history.next_undo()
        with _cleared_on_refusal(history), cache.session() as session:
            undo_in(session, step, reviewer, history.title(step))
        history.undone(step)
    return step.changes


def redo_last(cache: LocalCache, history: UndoHistory, reviewer: str) -> Changes:
    """Does the last undone step of ``history`` again (see ReviewService.redo)."""
    with history.working():
        step = history.next_redo()
        with _cleared_on_refusal(history), cache.session() as session:
            again = redo_in(session, step, reviewer, history.title(step))
        history.redone(step, again)
    return again.changes


def spoken(value: str) -> str:
    """A vocabulary value as said: "not_met" is "Not met", "on_hold" "On hold"."""
    return value.replace("_", " ").capitalize()


def check_label(
    session: Session, catalogue: PositionCatalogue, application_id: str, check_key: str
) -> str:
    """The check's label in the application's position (its key if not found)."""
    application = session.get(CachedApplication, application_id)
    if application is not None and application.position_id is not None:
        position = session.get(CachedPosition, application.position_id)
        if position is not None:
            for check in catalogue.parsed(position.slug, position.source).checks:
                if check.key == check_key:
                    return check.label
    return check_key


def draft_label(
    session: Session, catalogue: PositionCatalogue, application_id: str, slot: str
) -> str:
    """What a draft slot holds, as said: "the draft comment on Python"."""
    if slot == NEW_NOTE:
        return "the draft of a new note"
    if slot == DECISION_DRAFT:
        return "the draft of a decision"
    if slot.startswith("comment:"):
        label = check_label(session, catalogue, application_id, slot.removeprefix("comment:"))
        return f"the draft comment on {label}"
    return "the draft of a note's edit"


__all__ = [
    "Done",
    "Work",
    "check_label",
    "cursor",
    "draft_label",
    "perform",
    "redo_in",
    "redo_last",
    "run",
    "spoken",
    "undo_in",
    "undo_last",
]
