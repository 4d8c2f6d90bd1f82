"""What a reviewer does to an application, recorded in the local cache first.

Every action is one local transaction that changes the cached row and appends an
operation to the outbox; :mod:`reviewer_app.sync` pushes the outbox later. Triage thus
works offline, and the server, not a laptop clock, orders the changes of different
reviewers. The operations' vocabulary, and their replay on the cached rows, live in
:mod:`reviewer_app.review.operations`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from reviewer_app.cache import LocalCache, UnknownApplication
from reviewer_app.cache.models import (
    CachedApplication,
    CachedNote,
    CachedPosition,
    Conflict,
    OutboxOperation,
)
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage, new_id, utcnow
from reviewer_app.errors import UserError
from reviewer_app.review.operations import (
    ASSIGN_POSITION,
    SAVE_NOTE,
    SET_CHECK,
    SET_DECISION,
    apply_locally,
    pending_decision_base,
    to_iso,
)


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

    def set_decision(self, application_id: str, stage: Stage, reason: str | None = None) -> Changes:
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
