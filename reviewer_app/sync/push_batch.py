"""The server side of one push batch: the rows it touches, and each operation applied.

Rows are loaded up front with a few queries and changed in memory; the caller writes
them with one flush. The author is the reviewer the push runs as (on PostgreSQL, the
one the server maps the login to).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

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
    from_iso,
    to_iso,
)
from reviewer_app.server import models

APPLIED = "applied"
UNCHANGED = "unchanged"
CONFLICT = "conflict"
# The application was erased: the operation can never apply.
DROPPED = "dropped"
# The server has no such application and never erased it (a database restored from an
# older backup, or another one behind the same URL): nothing was applied, nothing is
# recorded, and the operation stays in the outbox, sent again at the next push.
MISSING = "missing"
# The operation is not allowed (another author's note, a note the server lacks).
REFUSED = "refused"


@dataclass(frozen=True)
class PendingOperation:
    """An outbox operation on its way to the server (detached from the cache session)."""

    seq: int
    op_id: str
    kind: str
    application_id: str
    payload: dict[str, Any]


class ServerBatch:
    """The server rows one batch of operations touches, loaded with a few queries.

    Args:
        session: The server session the batch is applied in.
        reviewer: The author of the batch's changes.
        operations: The batch, in outbox order.
        device_id: The pushing cache's device id, stored with each decision.
    """

    def __init__(
        self,
        session: Session,
        reviewer: models.Reviewer,
        operations: Sequence[PendingOperation],
        device_id: str | None = None,
    ) -> None:
        self._session = session
        self._reviewer = reviewer
        self._device = device_id
        application_ids = {op.application_id for op in operations}
        note_ids = {op.payload["note_id"] for op in operations if op.kind in NOTE_KINDS}
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
        absent = application_ids - self._applications.keys()
        tombstones = models.Tombstone.__table__.c
        self._erased = (
            set(
                session.scalars(
                    select(tombstones.entity_id).where(
                        tombstones.entity == "application", tombstones.entity_id.in_(absent)
                    )
                )
            )
            if absent
            else set()
        )
        self._positions = set(
            session.scalars(select(models.Position.id).where(models.Position.id.in_(position_ids)))
        )
        self._coordination = CoordinationRows(session, reviewer, operations, application_ids)

    def apply(self, operation: PendingOperation) -> dict[str, Any]:
        """Applies one operation in memory; returns its outcome."""
        if operation.application_id not in self._applications:
            erased = operation.application_id in self._erased
            return {"status": DROPPED if erased else MISSING}
        if operation.kind == SET_CHECK:
            return self._set_check(operation.application_id, operation.payload)
        if operation.kind == SAVE_NOTE:
            return self._save_note(operation.application_id, operation.payload)
        if operation.kind == DELETE_NOTE:
            return self._delete_note(operation.application_id, operation.payload)
        if operation.kind == SET_DECISION:
            return self._set_decision(operation.application_id, operation.payload)
        if operation.kind == ASSIGN_POSITION:
            return self._assign_position(operation.application_id, operation.payload)
        if operation.kind in (ASSIGN, RECORD_CONTACT, SET_INTERVIEW):
            return self._coordination.apply(operation)
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
        check.result = None if payload["result"] is None else CheckResult(payload["result"])
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
        # Saving a deleted note brings it back (the undo of a deletion).
        note.deleted_at = None
        return {"status": APPLIED}

    def _delete_note(self, application_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        note = self._notes.get(payload["note_id"])
        if note is None or note.application_id != application_id:
            return {"status": REFUSED, "reason": "the note is not on the server"}
        if note.author_id != self._reviewer.id:
            return {"status": REFUSED, "reason": "the note belongs to another reviewer"}
        # An update, not a DELETE: the tombstone syncs like an edit, and reviewers'
        # logins may not delete rows. Its text goes (the server's CHECK holds it to that).
        note.body = ""
        note.deleted_at = from_iso(payload["deleted_at"]) or utcnow()
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
            # A laptop never conflicts with its own earlier decision: two offline edits
            # in a row share one base, and so does an edit made after a push whose
            # commit it never heard of. The same reviewer on another device does.
            mine_before = (
                decision.decided_by == self._reviewer.id and decision.decided_device == self._device
            )
            if decision.revision != payload["base_revision"] and not mine_before:
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
        decision.decided_device = self._device
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


class CoordinationRows:
    """The assignments, contacts and interviews one batch touches, loaded up front.

    Any reviewer may assign anyone and set any interview time; a contact is changed by
    its author only. The author columns are the pushing reviewer's (on PostgreSQL the
    server's triggers stamp them from the login whatever is sent).
    """

    def __init__(
        self,
        session: Session,
        reviewer: models.Reviewer,
        operations: Sequence[PendingOperation],
        application_ids: set[str],
    ) -> None:
        self._session = session
        self._reviewer = reviewer
        names = {op.payload["reviewer"] for op in operations if op.kind == ASSIGN}
        contact_ids = {op.payload["contact_id"] for op in operations if op.kind == RECORD_CONTACT}
        self._team = {
            row.name: row
            for row in session.scalars(
                select(models.Reviewer).where(models.Reviewer.name.in_(names))
            )
        }
        self._assignments = {
            (row.application_id, row.reviewer_id): row
            for row in session.scalars(
                select(models.Assignment).where(
                    models.Assignment.application_id.in_(application_ids)
                )
            )
        }
        self._contacts = {
            row.id: row
            for row in session.scalars(
                select(models.Contact).where(models.Contact.id.in_(contact_ids))
            )
        }
        self._interviews = {
            row.application_id: row
            for row in session.scalars(
                select(models.Interview).where(models.Interview.application_id.in_(application_ids))
            )
        }

    def apply(self, operation: PendingOperation) -> dict[str, Any]:
        """Applies one assignment, contact or interview operation in memory."""
        if operation.kind == ASSIGN:
            return self._assign(operation.application_id, operation.payload)
        if operation.kind == RECORD_CONTACT:
            return self._contact(operation.application_id, operation.payload)
        return self._interview(operation.application_id, operation.payload)

    def _assign(self, application_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        assignee = self._team.get(payload["reviewer"])
        if assignee is None or assignee.disabled_at is not None:
            return {"status": REFUSED, "reason": f"no active reviewer {payload['reviewer']!r}"}
        key = (application_id, assignee.id)
        assignment = self._assignments.get(key)
        if assignment is None:
            assignment = models.Assignment(application_id=application_id, reviewer_id=assignee.id)
            self._session.add(assignment)
            self._assignments[key] = assignment
        at = from_iso(payload["at"]) or utcnow()
        if payload["removed"]:
            assignment.removed_at = at
        else:
            assignment.assigned_at, assignment.removed_at = at, None
        assignment.assigned_by = self._reviewer.id
        return {"status": APPLIED}

    def _contact(self, application_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        contact = self._contacts.get(payload["contact_id"])
        if contact is not None and (
            contact.reviewer_id != self._reviewer.id or contact.application_id != application_id
        ):
            return {"status": REFUSED, "reason": "the contact was recorded by another reviewer"}
        if contact is None:
            contact = models.Contact(
                id=payload["contact_id"],
                application_id=application_id,
                reviewer_id=self._reviewer.id,
            )
            self._session.add(contact)
            self._contacts[contact.id] = contact
        contact.template_slug = payload["template_slug"]
        contact.subject = payload["subject"]
        contact.contacted_at = from_iso(payload["contacted_at"]) or utcnow()
        contact.removed_at = from_iso(payload["removed_at"])
        return {"status": APPLIED}

    def _interview(self, application_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        interview = self._interviews.get(application_id)
        if interview is None:
            interview = models.Interview(application_id=application_id)
            self._session.add(interview)
            self._interviews[application_id] = interview
        interview.starts_at = from_iso(payload["starts_at"])
        interview.timezone = payload["timezone"]
        interview.set_by = self._reviewer.id
        interview.set_at = from_iso(payload["set_at"]) or utcnow()
        return {"status": APPLIED}
