"""The outbox's vocabulary: the kinds of operation, their payloads' times, and their replay.

A reviewer's action (:mod:`reviewer_app.review.actions`) appends an operation to the
outbox; :mod:`reviewer_app.sync` pushes it, and replays the pending ones on a rebuilt
cache. Both speak this vocabulary, and so do the reads (the decision's conflicts).

:func:`apply_locally` is the single place that turns an operation into cached rows, so
a rebuilt cache can replay its pending operations and show the same local edits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.cache.models import (
    CachedApplication,
    CachedAssignment,
    CachedContact,
    CachedDecision,
    CachedInterview,
    CachedNote,
    CachedRequirementCheck,
    CachedReviewer,
    OutboxOperation,
)
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage, new_id, utcnow
from reviewer_app.errors import UserError

# A check's result, or None to clear it (back to "not checked"; the comment goes too).
SET_CHECK = "set_check"
# A note written, edited, or brought back after a deletion (deleted_at goes).
SAVE_NOTE = "save_note"
# A note deleted by its author: the row stays as a tombstone with its body emptied.
DELETE_NOTE = "delete_note"
SET_DECISION = "set_decision"
ASSIGN_POSITION = "assign_position"
# A reviewer assigned to the application, or removed from it (the row stays).
ASSIGN = "assign"
# An applicant contacted (a template's email opened), or that record taken back.
RECORD_CONTACT = "record_contact"
# The application's interview time and zone, or None for both (cleared).
SET_INTERVIEW = "set_interview"
OPERATION_KINDS = (
    SET_CHECK,
    SAVE_NOTE,
    DELETE_NOTE,
    SET_DECISION,
    ASSIGN_POSITION,
    ASSIGN,
    RECORD_CONTACT,
    SET_INTERVIEW,
)
# The kinds whose payload names a note.
NOTE_KINDS = (SAVE_NOTE, DELETE_NOTE)

DECISION_ENTITY = "decision"
"""The entity of a conflict on an application's decision."""


def to_iso(value: datetime | None) -> str | None:
    """Returns ``value`` as ISO 8601 text for an operation's JSON payload."""
    return None if value is None else value.isoformat()


def from_iso(value: Any) -> datetime | None:
    """Parses a timestamp written by :func:`to_iso` (None stays None)."""
    return None if value is None else datetime.fromisoformat(str(value))


def _required_time(value: Any) -> datetime:
    parsed = from_iso(value)
    return utcnow() if parsed is None else parsed


def apply_locally(
    session: Session,
    kind: str,
    application_id: str,
    payload: dict[str, Any],
    reviewer_name: str,
) -> None:
    """Makes the cached rows show an operation (marked unpushed: revision None).

    Args:
        session: A session of the local cache, in a write transaction.
        kind: One of :data:`OPERATION_KINDS`.
        application_id: The application the operation is about.
        payload: The operation's payload, as stored in the outbox.
        reviewer_name: Who made the change.
    """
    if kind == SET_CHECK:
        check = session.scalars(
            select(CachedRequirementCheck).where(
                CachedRequirementCheck.application_id == application_id,
                CachedRequirementCheck.check_key == payload["check_key"],
                CachedRequirementCheck.reviewer_name == reviewer_name,
            )
        ).one_or_none()
        if check is None:
            check = CachedRequirementCheck(
                application_id=application_id,
                check_key=payload["check_key"],
                reviewer_name=reviewer_name,
            )
            session.add(check)
        check.result = None if payload["result"] is None else CheckResult(payload["result"])
        check.comment = payload["comment"]
        check.updated_at = _required_time(payload["updated_at"])
        check.revision = None
    elif kind == SAVE_NOTE:
        note = session.get(CachedNote, payload["note_id"])
        if note is None:
            note = CachedNote(
                id=payload["note_id"],
                application_id=application_id,
                author_name=reviewer_name,
                created_at=_required_time(payload["created_at"]),
            )
            session.add(note)
        note.kind = NoteKind(payload["kind"])
        note.body = payload["body"]
        note.edited_at = from_iso(payload["edited_at"])
        note.deleted_at = None
        note.revision = None
    elif kind == DELETE_NOTE:
        note = session.get(CachedNote, payload["note_id"])
        if note is not None:
            note.body = ""
            note.deleted_at = _required_time(payload["deleted_at"])
            note.revision = None
    elif kind == SET_DECISION:
        decision = session.get(CachedDecision, application_id)
        if decision is None:
            decision = CachedDecision(application_id=application_id)
            session.add(decision)
        decision.stage = Stage(payload["stage"])
        decision.reason = payload["reason"]
        decision.decided_by = None
        decision.decided_by_name = reviewer_name
        decision.decided_at = _required_time(payload["decided_at"])
        decision.revision = None
    elif kind == ASSIGN_POSITION:
        application = session.get(CachedApplication, application_id)
        if application is not None:
            application.position_id = payload["position_id"]
            application.revision = None
    elif kind in (ASSIGN, RECORD_CONTACT, SET_INTERVIEW):
        _apply_coordination(session, kind, application_id, payload, reviewer_name)
    else:
        raise ValueError(f"unknown operation kind {kind!r}")


def _apply_coordination(
    session: Session, kind: str, application_id: str, payload: dict[str, Any], actor: str
) -> None:
    if kind == ASSIGN:
        name = payload["reviewer"]
        assignment = session.scalars(
            select(CachedAssignment).where(
                CachedAssignment.application_id == application_id,
                CachedAssignment.reviewer_name == name,
            )
        ).one_or_none()
        if assignment is None:
            assignment = CachedAssignment(
                application_id=application_id,
                reviewer_name=name,
                reviewer_id=session.scalars(
                    select(CachedReviewer.id).where(CachedReviewer.name == name)
                ).first(),
            )
            session.add(assignment)
        at = _required_time(payload["at"])
        if payload["removed"]:
            assignment.removed_at = at
        else:
            assignment.assigned_at, assignment.removed_at = at, None
        # Who last assigned or removed (the server stamps the same on PostgreSQL).
        assignment.assigned_by, assignment.assigned_by_name = None, actor
        assignment.revision = None
    elif kind == RECORD_CONTACT:
        contact = session.get(CachedContact, payload["contact_id"])
        if contact is None:
            contact = CachedContact(
                id=payload["contact_id"], application_id=application_id, reviewer_name=actor
            )
            session.add(contact)
        contact.template_slug = payload["template_slug"]
        contact.subject = payload["subject"]
        contact.contacted_at = _required_time(payload["contacted_at"])
        contact.removed_at = from_iso(payload["removed_at"])
        contact.revision = None
    else:
        interview = session.get(CachedInterview, application_id)
        if interview is None:
            interview = CachedInterview(application_id=application_id)
            session.add(interview)
        interview.starts_at = from_iso(payload["starts_at"])
        interview.timezone = payload["timezone"]
        interview.set_by, interview.set_by_name = None, actor
        interview.set_at = _required_time(payload["set_at"])
        interview.revision = None


def record(
    session: Session,
    kind: str,
    application_id: str,
    payload: dict[str, Any],
    reviewer_name: str,
) -> str:
    """Applies an operation to the cached rows and appends it to the outbox.

    Returns:
        The operation's id (``op_id``), by which undo finds it in the outbox.
    """
    apply_locally(session, kind, application_id, payload, reviewer_name)
    op_id = new_id()
    session.add(
        OutboxOperation(op_id=op_id, kind=kind, application_id=application_id, payload=payload)
    )
    return op_id


def check_payload(check_key: str, result: CheckResult | None, comment: str) -> dict[str, Any]:
    """A :data:`SET_CHECK` payload; a cleared result (None) takes its comment with it."""
    return {
        "check_key": check_key,
        "result": None if result is None else CheckResult(result).value,
        "comment": "" if result is None else comment,
        "updated_at": to_iso(utcnow()),
    }


def note_payload(
    note_id: str, kind: NoteKind, body: str, created_at: datetime, edited_at: datetime | None
) -> dict[str, Any]:
    """A :data:`SAVE_NOTE` payload."""
    return {
        "note_id": note_id,
        "kind": NoteKind(kind).value,
        "body": body,
        "created_at": to_iso(created_at),
        "edited_at": to_iso(edited_at),
    }


def deleted_note_payload(note_id: str) -> dict[str, Any]:
    """A :data:`DELETE_NOTE` payload."""
    return {"note_id": note_id, "deleted_at": to_iso(utcnow())}


def assign_payload(reviewer: str, *, removed: bool = False) -> dict[str, Any]:
    """An :data:`ASSIGN` payload: ``reviewer`` (a name) assigned, or removed."""
    return {"reviewer": reviewer, "removed": removed, "at": to_iso(utcnow())}


def contact_payload(
    contact_id: str,
    template_slug: str,
    subject: str,
    contacted_at: datetime,
    removed_at: datetime | None = None,
) -> dict[str, Any]:
    """A :data:`RECORD_CONTACT` payload (``removed_at``: the record taken back)."""
    return {
        "contact_id": contact_id,
        "template_slug": template_slug,
        "subject": subject,
        "contacted_at": to_iso(contacted_at),
        "removed_at": to_iso(removed_at),
    }


def interview_payload(starts_at: datetime | None, timezone: str | None) -> dict[str, Any]:
    """A :data:`SET_INTERVIEW` payload (None and None: cleared)."""
    return {"starts_at": to_iso(starts_at), "timezone": timezone, "set_at": to_iso(utcnow())}


class DecisionNeedsReason(UserError):
    """A decline was recorded without a reason."""


def decision_payload(
    session: Session, application_id: str, stage: Stage, reason: str | None
) -> dict[str, Any]:
    """A :data:`SET_DECISION` payload, based on the server revision known now.

    Raises:
        DecisionNeedsReason: ``stage`` is declined and ``reason`` is empty.
    """
    reason = (reason or "").strip() or None
    if stage == Stage.DECLINED and reason is None:
        raise DecisionNeedsReason(
            "A declined application needs a reason; write one and decide again."
        )
    return {
        "stage": Stage(stage).value,
        "reason": reason,
        "base_revision": pending_decision_base(session, application_id),
        "decided_at": to_iso(utcnow()),
    }


def refreshed(
    session: Session, kind: str, application_id: str, payload: dict[str, Any]
) -> dict[str, Any]:
    """``payload`` made again now (redo): its time, and a decision's base, are today's."""
    fresh = dict(payload)
    if kind == SET_CHECK:
        fresh["updated_at"] = to_iso(utcnow())
    elif kind == DELETE_NOTE:
        fresh["deleted_at"] = to_iso(utcnow())
    elif kind == ASSIGN:
        fresh["at"] = to_iso(utcnow())
    elif kind == RECORD_CONTACT and fresh["removed_at"] is not None:
        fresh["removed_at"] = to_iso(utcnow())
    elif kind == SET_INTERVIEW:
        fresh["set_at"] = to_iso(utcnow())
    elif kind == SET_DECISION:
        stage, reason = Stage(payload["stage"]), payload["reason"]
        fresh = decision_payload(session, application_id, stage, reason)
    return fresh


def pending_decision_base(session: Session, application_id: str) -> int | None:
    """Returns the server revision a new decision on the application is based on.

    That is the cached decision's revision; while the cached decision is an unpushed
    local change, the base of the pending change it came from.
    """
    decision = session.get(CachedDecision, application_id)
    if decision is not None and decision.revision is not None:
        return decision.revision
    pending = session.scalars(
        select(OutboxOperation)
        .where(
            OutboxOperation.application_id == application_id,
            OutboxOperation.kind == SET_DECISION,
        )
        .order_by(OutboxOperation.seq.desc())
        .limit(1)
    ).one_or_none()
    if pending is None:
        return None
    base = pending.payload.get("base_revision")
    return None if base is None else int(base)


__all__ = [
    "ASSIGN",
    "ASSIGN_POSITION",
    "DECISION_ENTITY",
    "DELETE_NOTE",
    "NOTE_KINDS",
    "OPERATION_KINDS",
    "RECORD_CONTACT",
    "SAVE_NOTE",
    "SET_CHECK",
    "SET_DECISION",
    "SET_INTERVIEW",
    "DecisionNeedsReason",
    "apply_locally",
    "assign_payload",
    "check_payload",
    "contact_payload",
    "decision_payload",
    "deleted_note_payload",
    "from_iso",
    "interview_payload",
    "note_payload",
    "pending_decision_base",
    "record",
    "refreshed",
    "to_iso",
]
