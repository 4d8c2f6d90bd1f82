"""What a reviewer does to an application, recorded in the local cache first.

Every action is one local transaction that changes the cached row and appends an
operation to the outbox; :mod:`reviewer_app.sync` pushes the outbox later. Triage thus
works offline, and the server, not a laptop clock, orders the changes of different
reviewers.

:func:`apply_locally` is the single place that turns an operation into cached rows, so
a rebuilt cache can replay its pending operations and show the same local edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    CachedApplication,
    CachedDecision,
    CachedNote,
    CachedPosition,
    CachedRequirementCheck,
    Conflict,
    OutboxOperation,
)
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage, new_id, utcnow
from reviewer_app.errors import UserError

SET_CHECK = "set_check"
SAVE_NOTE = "save_note"
SET_DECISION = "set_decision"
ASSIGN_POSITION = "assign_position"
OPERATION_KINDS = (SET_CHECK, SAVE_NOTE, SET_DECISION, ASSIGN_POSITION)

DECISION_ENTITY = "decision"


class UnknownApplication(UserError):
    """The application is not in the local cache (never synced, or erased)."""

    def __init__(self, application_id: str) -> None:
        super().__init__(
            f"No application has the id {application_id!r} in the local cache; sync to "
            "fetch new applications (it may also have been erased)."
        )
        self.application_id = application_id


class UnknownNote(UserError):
    """The note to edit is not in the local cache."""


class NotYourNote(UserError):
    """A reviewer tried to edit a note written by someone else."""


class DecisionNeedsReason(UserError):
    """A decline was recorded without a reason."""


class UnknownPosition(UserError):
    """The position to assign is not in the local cache."""


class UnknownConflict(UserError):
    """The conflict to resolve does not exist."""


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
        check.result = CheckResult(payload["result"])
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
    else:
        raise ValueError(f"unknown operation kind {kind!r}")


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


@dataclass(frozen=True)
class SavedNote:
    """A note written or edited: its id, and what changed."""

    note_id: str
    changes: Changes


def _decided(application_id: str) -> Changes:
    return Changes.of([application_id], decision=True, counts=True, membership=True)


class ReviewService:
    """A reviewer's actions on applications, each one local transaction plus an outbox entry.

    Args:
        cache: The reviewer's local cache.
        reviewer_name: Who acts; checks and notes are theirs.
    """

    def __init__(self, cache: LocalCache, reviewer_name: str) -> None:
        if not reviewer_name.strip():
            raise UserError("Set your reviewer name in the settings before reviewing.")
        self._cache = cache
        self._reviewer = reviewer_name

    @property
    def reviewer_name(self) -> str:
        """Who acts."""
        return self._reviewer

    def set_check(
        self, application_id: str, check_key: str, result: CheckResult, comment: str = ""
    ) -> Changes:
        """Records this reviewer's verdict on one requirement check.

        Returns:
            The application's checks and the counts ("needs my review") changed.

        Raises:
            UnknownApplication: The application is not in the cache.
        """
        payload = {
            "check_key": check_key,
            "result": CheckResult(result).value,
            "comment": comment,
            "updated_at": to_iso(utcnow()),
        }
        with self._cache.session() as session:
            self._record(session, SET_CHECK, application_id, payload)
        return Changes.of([application_id], checks=True, counts=True)

    def save_note(
        self, application_id: str, kind: NoteKind, body: str, note_id: str | None = None
    ) -> SavedNote:
        """Writes a new note, or edits one of this reviewer's notes.

        Returns:
            The note's id, and what changed: the application's notes only.

        Raises:
            UnknownApplication: The application is not in the cache.
            UnknownNote: ``note_id`` names no note of this application.
            NotYourNote: The note was written by another reviewer.
        """
        now = utcnow()
        with self._cache.session() as session:
            self._require_application(session, application_id)
            if note_id is None:
                note_id = new_id()
                created_at, edited_at = now, None
            else:
                note = session.get(CachedNote, note_id)
                if note is None or note.application_id != application_id:
                    raise UnknownNote(
                        f"No note {note_id!r} belongs to application {application_id!r}."
                    )
                if note.author_name != self._reviewer:
                    raise NotYourNote(
                        f"The note was written by {note.author_name}; only its author may "
                        "edit it. Add a note of your own instead."
                    )
                created_at, edited_at = note.created_at, now
            payload = {
                "note_id": note_id,
                "kind": NoteKind(kind).value,
                "body": body,
                "created_at": to_iso(created_at),
                "edited_at": to_iso(edited_at),
            }
            self._record(session, SAVE_NOTE, application_id, payload)
        return SavedNote(note_id, Changes.of([application_id], notes=True))

    def set_decision(
        self, application_id: str, stage: Stage, reason: str | None = None
    ) -> Changes:
        """Moves the application to ``stage``.

        Returns:
            The decision, the counts and which applications a stage filter keeps changed.

        Raises:
            UnknownApplication: The application is not in the cache.
            DecisionNeedsReason: ``stage`` is declined and ``reason`` is empty.
        """
        with self._cache.session() as session:
            self._set_decision(session, application_id, Stage(stage), reason)
        return _decided(application_id)

    def assign_position(self, application_id: str, position_id: int | None) -> Changes:
        """Links the application to a published position (None: to none).

        Returns:
            The application's position, and so its checks, the counts and which
            applications a position filter keeps, changed.

        Raises:
            UnknownApplication: The application is not in the cache.
            UnknownPosition: The position is not in the cache.
        """
        with self._cache.session() as session:
            if position_id is not None and session.get(CachedPosition, position_id) is None:
                raise UnknownPosition(
                    f"No position has the id {position_id}; sync to fetch new positions."
                )
            self._record(session, ASSIGN_POSITION, application_id, {"position_id": position_id})
        return Changes.of([application_id], membership=True, counts=True, checks=True)

    def keep_theirs(self, conflict_id: int) -> Changes:
        """Resolves a conflict by accepting the server's value (already in the cache).

        Returns:
            The application's conflict and the counts ("conflicts") changed.
        """
        with self._cache.session() as session:
            conflict = self._open_conflict(session, conflict_id)
            conflict.resolved_at = utcnow()
            application_id = conflict.application_id
        return Changes.of([application_id], decision=True, counts=True)

    def apply_mine(self, conflict_id: int) -> Changes:
        """Resolves a conflict by deciding again, based on the server revision now known.

        Returns:
            As :meth:`set_decision`.

        Raises:
            UnknownApplication: The application was erased meanwhile.
        """
        with self._cache.session() as session:
            conflict = self._open_conflict(session, conflict_id)
            mine = conflict.mine or {}
            conflict.resolved_at = utcnow()
            application_id = conflict.application_id
            self._set_decision(session, application_id, Stage(mine["stage"]), mine.get("reason"))
        return _decided(application_id)

    def _set_decision(
        self, session: Session, application_id: str, stage: Stage, reason: str | None
    ) -> None:
        reason = (reason or "").strip() or None
        if stage == Stage.DECLINED and reason is None:
            raise DecisionNeedsReason(
                "A declined application needs a reason; write one and decide again."
            )
        payload = {
            "stage": stage.value,
            "reason": reason,
            "base_revision": pending_decision_base(session, application_id),
            "decided_at": to_iso(utcnow()),
        }
        self._record(session, SET_DECISION, application_id, payload)

    def _open_conflict(self, session: Session, conflict_id: int) -> Conflict:
        conflict = session.get(Conflict, conflict_id)
        if conflict is None or conflict.resolved_at is not None:
            raise UnknownConflict(f"There is no open conflict with the id {conflict_id}.")
        return conflict

    @staticmethod
    def _require_application(session: Session, application_id: str) -> None:
        if session.get(CachedApplication, application_id) is None:
            raise UnknownApplication(application_id)

    def _record(
        self, session: Session, kind: str, application_id: str, payload: dict[str, Any]
    ) -> None:
        self._require_application(session, application_id)
        apply_locally(session, kind, application_id, payload, self._reviewer)
        session.add(
            OutboxOperation(
                op_id=new_id(), kind=kind, application_id=application_id, payload=payload
            )
        )
