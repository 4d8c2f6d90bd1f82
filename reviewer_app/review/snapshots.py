"""What an undoable action touched: each thing's cached row, compared and put back.

A reviewer's action changes a few *things*: their result on one check, a note, the
decision, the application's position, a conflict's resolution, a draft. Undo reads
each one's row before and after the action (:func:`read_row`), tells whether it
changed since (:func:`facts`: what a reviewer sees of it, not its bookkeeping), and
either puts the row back exactly (:func:`put_back`, for a change still unsent in the
outbox, or kept on the laptop only) or writes the operation that brings the server
back to it (:func:`reverse_operation`, for a change already sent).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from reviewer_app.cache.models import (
    CacheBase,
    CachedApplication,
    CachedAssignment,
    CachedContact,
    CachedDecision,
    CachedInterview,
    CachedNote,
    CachedRequirementCheck,
    Conflict,
    Draft,
    OutboxOperation,
)
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage, utcnow
from reviewer_app.review.operations import (
    ASSIGN,
    ASSIGN_POSITION,
    DELETE_NOTE,
    NOTE_KINDS,
    RECORD_CONTACT,
    SAVE_NOTE,
    SET_CHECK,
    SET_DECISION,
    SET_INTERVIEW,
    assign_payload,
    check_payload,
    contact_payload,
    decision_payload,
    deleted_note_payload,
    interview_payload,
    note_payload,
)

CHECK = "check"
NOTE = "note"
DECISION = "decision"
POSITION = "position"
CONFLICT = "conflict"
DRAFT = "draft"
ASSIGNMENT = "assignment"
CONTACT = "contact"
INTERVIEW = "interview"
# Rows keyed by something else than the cache's own id, which a row made again renews.
_LOCAL_IDS = (CHECK, ASSIGNMENT)

Row = dict[str, Any] | None
"""A row's columns (None: there is no such row)."""


@dataclass(frozen=True)
class Entity:
    """One thing an action changes.

    Attributes:
        kind: :data:`CHECK`, :data:`NOTE`, :data:`DECISION`, :data:`POSITION`,
            :data:`CONFLICT`, :data:`DRAFT`, :data:`ASSIGNMENT`, :data:`CONTACT` or
            :data:`INTERVIEW`.
        application_id: The application it belongs to.
        key: The check key, note id, conflict id (as text), draft slot, assignee's name
            or contact id; "" for the decision, the position and the interview.
    """

    kind: str
    application_id: str
    key: str = ""


def _columns(row: CacheBase) -> dict[str, Any]:
    # Copies: a JSON value (a draft's) must not change with the row after the snapshot.
    mapper = inspect(row).mapper
    return {
        attribute.key: copy.deepcopy(getattr(row, attribute.key))
        for attribute in mapper.column_attrs
    }


def _check(session: Session, entity: Entity, reviewer: str) -> CachedRequirementCheck | None:
    return session.scalars(
        select(CachedRequirementCheck).where(
            CachedRequirementCheck.application_id == entity.application_id,
            CachedRequirementCheck.check_key == entity.key,
            CachedRequirementCheck.reviewer_name == reviewer,
        )
    ).one_or_none()


def _stored(session: Session, entity: Entity, reviewer: str) -> CacheBase | None:
    if entity.kind == CHECK:
        return _check(session, entity, reviewer)
    if entity.kind == NOTE:
        note = session.get(CachedNote, entity.key)
        return note if note is not None and note.application_id == entity.application_id else None
    if entity.kind == DECISION:
        return session.get(CachedDecision, entity.application_id)
    if entity.kind == POSITION:
        return session.get(CachedApplication, entity.application_id)
    if entity.kind == CONFLICT:
        return session.get(Conflict, int(entity.key))
    if entity.kind == DRAFT:
        return session.get(Draft, (entity.application_id, entity.key))
    if entity.kind == ASSIGNMENT:
        return session.scalars(
            select(CachedAssignment).where(
                CachedAssignment.application_id == entity.application_id,
                CachedAssignment.reviewer_name == entity.key,
            )
        ).one_or_none()
    if entity.kind == CONTACT:
        contact = session.get(CachedContact, entity.key)
        return contact if contact and contact.application_id == entity.application_id else None
    if entity.kind == INTERVIEW:
        return session.get(CachedInterview, entity.application_id)
    raise ValueError(f"unknown entity kind {entity.kind!r}")


def read_row(session: Session, entity: Entity, reviewer: str) -> Row:
    """The entity's cached row now (of a position: the application's position columns)."""
    stored = _stored(session, entity, reviewer)
    if stored is None:
        return None
    if isinstance(stored, CachedApplication):
        return {"position_id": stored.position_id, "revision": stored.revision}
    if isinstance(stored, Conflict):
        return {"resolved_at": stored.resolved_at}
    return _columns(stored)


def facts(entity: Entity, row: Row, *, author: bool = False) -> tuple[Any, ...]:
    """What a reviewer sees of the entity: equal facts, nothing changed that matters.

    Args:
        entity: The entity.
        row: Its row (see :func:`read_row`).
        author: Also who made a decision (its reason and stage may be repeated by
            someone else, whose decision undo must not take back).
    """
    if entity.kind == CHECK:
        if row is None or row["result"] is None:
            return (None, "")
        return (CheckResult(row["result"]), row["comment"] or "")
    if entity.kind == NOTE:
        if row is None or row["deleted_at"] is not None:
            return (False,)
        return (True, NoteKind(row["kind"]), row["body"])
    if entity.kind == DECISION:
        if row is None:
            return (Stage.NEW, None) + ((None,) if author else ())
        seen = (Stage(row["stage"]), row["reason"])
        return seen + ((row["decided_by_name"],) if author else ())
    if entity.kind == POSITION:
        return ("gone",) if row is None else (row["position_id"],)
    if entity.kind == CONFLICT:
        return ("gone",) if row is None else (row["resolved_at"] is not None,)
    if entity.kind == ASSIGNMENT:
        return (row is not None and row["removed_at"] is None,)
    if entity.kind == CONTACT:
        if row is None or row["removed_at"] is not None:
            return (False,)
        return (True, row["template_slug"], row["subject"])
    if entity.kind == INTERVIEW:
        return (None, None) if row is None else (row["starts_at"], row["timezone"])
    return (None if row is None else row["value"],)


def put_back(session: Session, entity: Entity, reviewer: str, row: Row) -> None:
    """Makes the entity's cached row ``row`` again, exactly (None: no row)."""
    stored = _stored(session, entity, reviewer)
    if entity.kind == POSITION:
        if stored is not None and row is not None:
            for name, value in row.items():
                setattr(stored, name, value)
        return
    if entity.kind == CONFLICT:
        if isinstance(stored, Conflict) and row is not None:
            stored.resolved_at = row["resolved_at"]
        return
    if row is None:
        if stored is not None:
            session.delete(stored)
        return
    # A check's local id is the cache's own (its key is check and reviewer): a row made
    # again gets a new one, as another row may hold the old one by now.
    values = {k: v for k, v in row.items() if not (entity.kind in _LOCAL_IDS and k == "id")}
    if stored is None:
        model: type[CacheBase] = {
            CHECK: CachedRequirementCheck,
            NOTE: CachedNote,
            DECISION: CachedDecision,
            ASSIGNMENT: CachedAssignment,
            CONTACT: CachedContact,
            INTERVIEW: CachedInterview,
        }.get(entity.kind, Draft)
        session.add(model(**values))
        return
    for name, value in values.items():
        setattr(stored, name, value)


def reverse_operation(
    session: Session, entity: Entity, row: Row
) -> tuple[str, dict[str, Any]] | None:
    """The operation that makes the server show ``row``'s facts again (None: local only).

    A check without a result is cleared; a note that did not exist, or was deleted, is
    deleted; a decision that did not exist becomes "new" (what the list shows for none).
    """
    if entity.kind == CHECK:
        if row is None or row["result"] is None:
            return SET_CHECK, check_payload(entity.key, None, "")
        return SET_CHECK, check_payload(entity.key, CheckResult(row["result"]), row["comment"])
    if entity.kind == NOTE:
        if row is None or row["deleted_at"] is not None:
            return DELETE_NOTE, deleted_note_payload(entity.key)
        return SAVE_NOTE, note_payload(
            entity.key, row["kind"], row["body"], row["created_at"], row["edited_at"]
        )
    if entity.kind == DECISION:
        stage, reason = (Stage.NEW, None) if row is None else (row["stage"], row["reason"])
        return SET_DECISION, decision_payload(session, entity.application_id, stage, reason)
    if entity.kind == POSITION:
        return ASSIGN_POSITION, {"position_id": None if row is None else row["position_id"]}
    if entity.kind == ASSIGNMENT:
        assigned = facts(entity, row)[0]
        return ASSIGN, assign_payload(entity.key, removed=not assigned)
    if entity.kind == CONTACT:
        return _reverse_contact(session, entity, row)
    if entity.kind == INTERVIEW:
        if row is None:
            return SET_INTERVIEW, interview_payload(None, None)
        return SET_INTERVIEW, interview_payload(row["starts_at"], row["timezone"])
    return None


def _reverse_contact(
    session: Session, entity: Entity, row: Row
) -> tuple[str, dict[str, Any]] | None:
    # A contact that did not exist is taken back: the record stays, marked removed.
    shown = row if row is not None else read_row(session, entity, "")
    if shown is None:
        return None
    removed = None if row is not None and row["removed_at"] is None else utcnow()
    return RECORD_CONTACT, contact_payload(
        entity.key, shown["template_slug"], shown["subject"], shown["contacted_at"], removed
    )


def pending_elsewhere(session: Session, entity: Entity, except_op_id: str) -> bool:
    """Whether another operation in the outbox changes the entity."""
    query = select(OutboxOperation.kind, OutboxOperation.payload).where(
        OutboxOperation.application_id == entity.application_id,
        OutboxOperation.op_id != except_op_id,
    )
    for kind, payload in session.execute(query):
        if entity.kind == CHECK and kind == SET_CHECK and payload["check_key"] == entity.key:
            return True
        if entity.kind == NOTE and kind in NOTE_KINDS and payload["note_id"] == entity.key:
            return True
        if entity.kind == ASSIGNMENT and kind == ASSIGN and payload["reviewer"] == entity.key:
            return True
        if (
            entity.kind == CONTACT
            and kind == RECORD_CONTACT
            and payload["contact_id"] == entity.key
        ):
            return True
        if (entity.kind, kind) in (
            (DECISION, SET_DECISION),
            (POSITION, ASSIGN_POSITION),
            (INTERVIEW, SET_INTERVIEW),
        ):
            return True
    return False


def end_draft(session: Session, application_id: str, slot: str) -> None:
    """Deletes a draft (saving or discarding what it held ends it)."""
    draft = session.get(Draft, (application_id, slot))
    if draft is not None:
        session.delete(draft)


__all__ = [
    "ASSIGNMENT",
    "CHECK",
    "CONFLICT",
    "CONTACT",
    "DECISION",
    "DRAFT",
    "INTERVIEW",
    "NOTE",
    "POSITION",
    "Entity",
    "Row",
    "end_draft",
    "facts",
    "pending_elsewhere",
    "put_back",
    "read_row",
    "reverse_operation",
]
