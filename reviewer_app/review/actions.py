"""What a reviewer does to an application, recorded in the local cache first.

Every action is one local transaction that changes the cached row and appends an
operation to the outbox; :mod:`reviewer_app.sync` pushes the outbox later. Triage thus
works offline, and the server, not a laptop clock, orders the changes of different
reviewers. The operations' vocabulary, and their replay on the cached rows, live in
:mod:`reviewer_app.review.operations`; each action is also a step of the window
session's :class:`~reviewer_app.review.undo.UndoHistory`, and saving ends the draft it
saved, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from reviewer_app.cache import LocalCache, UnknownApplication
from reviewer_app.cache.models import (
    CachedApplication,
    CachedNote,
    CachedPosition,
    Revealed,
)
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage, new_id, utcnow
from reviewer_app.errors import UserError
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.review.conflicts import UnknownConflict, apply_mine, decided, keep_theirs
from reviewer_app.review.coordination import CoordinationActions
from reviewer_app.review.drafts import DECISION as DECISION_DRAFT
from reviewer_app.review.drafts import NEW_NOTE, comment_slot, note_slot
from reviewer_app.review.operations import (
    ASSIGN_POSITION,
    DELETE_NOTE,
    SAVE_NOTE,
    SET_CHECK,
    SET_DECISION,
    DecisionNeedsReason,
    check_payload,
    decision_payload,
    deleted_note_payload,
    note_payload,
)
from reviewer_app.review.snapshots import (
    CHECK,
    DECISION,
    DRAFT,
    NOTE,
    POSITION,
    Entity,
    Row,
    end_draft,
    facts,
)
from reviewer_app.review.steps import (
    Done,
    Work,
    check_label,
    draft_label,
    redo_last,
    run,
    spoken,
    undo_last,
)
from reviewer_app.review.undo import (
    ENDED_DRAFT,
    LOCAL,
    OPERATION,
    UndoHistory,
)

__all__ = [
    "DecisionNeedsReason",
    "NotYourNote",
    "ReviewService",
    "SavedNote",
    "UnknownConflict",
    "UnknownNote",
    "UnknownPosition",
]

# Used when a service is given no catalogue (as review.state does).
_SHARED_CATALOGUE = PositionCatalogue()


class UnknownNote(UserError):
    """The note to edit is not in the local cache."""


class NotYourNote(UserError):
    """A reviewer tried to edit a note written by someone else."""


class UnknownPosition(UserError):
    """The position to assign is not in the local cache."""


@dataclass(frozen=True)
class SavedNote:
    """A note written or edited: its id, and what changed."""

    note_id: str
    changes: Changes


class ReviewService(CoordinationActions):
    """A reviewer's actions on applications, each one local transaction plus an outbox entry
    (assign, set_decisions, record_contact, set_interview: :mod:`~.coordination`).

    Args:
        cache: The reviewer's local cache.
        reviewer_name: Who acts; checks and notes are theirs.
        history: The window session's undo history (a new one if None).
        catalogue: Parses positions, for the check labels of undo texts.
    """

    def __init__(
        self,
        cache: LocalCache,
        reviewer_name: str,
        history: UndoHistory | None = None,
        *,
        catalogue: PositionCatalogue | None = None,
    ) -> None:
        if not reviewer_name.strip():
            raise UserError("Set your reviewer name in the settings before reviewing.")
        self._cache = cache
        self._reviewer = reviewer_name
        self._history = UndoHistory() if history is None else history
        self._catalogue = _SHARED_CATALOGUE if catalogue is None else catalogue

    @property
    def reviewer_name(self) -> str:
        """Who acts."""
        return self._reviewer

    @property
    def history(self) -> UndoHistory:
        """The undo history the actions are recorded in."""
        return self._history

    def set_check(
        self, application_id: str, check_key: str, result: CheckResult, comment: str = ""
    ) -> Changes:
        """Records this reviewer's verdict on one requirement check; ends its comment draft.

        Returns:
            The application's checks and the counts ("needs my review") changed.

        Raises:
            UnknownApplication: The application is not in the cache.
        """
        result = CheckResult(result)
        check = Entity(CHECK, application_id, check_key)

        def work(session: Session, before: list[Row]) -> Done:
            label = check_label(session, self._catalogue, application_id, check_key)
            same = facts(check, before[0])[0] == result
            what = f"Comment on {label}" if same else f"{spoken(result.value)} on {label}"
            return Done(what, (SET_CHECK, check_payload(check_key, result, comment)))

        draft = Entity(DRAFT, application_id, comment_slot(check_key))
        changes = Changes.of([application_id], checks=True, counts=True)
        return self._act(application_id, [(check, OPERATION), (draft, ENDED_DRAFT)], work, changes)

    def clear_check(self, application_id: str, check_key: str) -> Changes:
        """Takes this reviewer's result (and comment) on a check back to "not checked".

        Returns:
            As :meth:`set_check`. Clearing a check without a result records nothing.

        Raises:
            UnknownApplication: The application is not in the cache.
        """
        check = Entity(CHECK, application_id, check_key)

        def work(session: Session, before: list[Row]) -> Done | None:
            if facts(check, before[0])[0] is None:
                return None
            label = f"Clear {check_label(session, self._catalogue, application_id, check_key)}"
            return Done(label, (SET_CHECK, check_payload(check_key, None, "")))

        changes = Changes.of([application_id], checks=True, counts=True)
        return self._act(application_id, [(check, OPERATION)], work, changes)

    def save_note(
        self, application_id: str, kind: NoteKind, body: str, note_id: str | None = None
    ) -> SavedNote:
        """Writes a new note, or edits one of this reviewer's notes; ends its draft.

        Returns:
            The note's id, and what changed: the application's notes only.

        Raises:
            UnknownApplication: The application is not in the cache.
            UnknownNote: ``note_id`` names no note of this application (or a deleted one).
            NotYourNote: The note was written by another reviewer.
        """
        new = note_id is None
        saved_id = new_id() if note_id is None else note_id

        def work(session: Session, _before: list[Row]) -> Done:
            now = utcnow()
            created_at, edited_at = now, None
            if not new:
                note = self._own_note(session, application_id, saved_id, "edit")
                created_at, edited_at = note.created_at, now
            payload = note_payload(saved_id, kind, body, created_at, edited_at)
            return Done("New note" if new else "Edit of a note", (SAVE_NOTE, payload))

        slot = NEW_NOTE if new else note_slot(saved_id)
        touched = [
            (Entity(NOTE, application_id, saved_id), OPERATION),
            (Entity(DRAFT, application_id, slot), ENDED_DRAFT),
        ]
        changes = Changes.of([application_id], notes=True)
        return SavedNote(saved_id, self._act(application_id, touched, work, changes))

    def delete_note(self, application_id: str, note_id: str) -> Changes:
        """Deletes one of this reviewer's notes (a tombstone that syncs); ends its draft.

        Returns:
            The application's notes changed.

        Raises:
            UnknownApplication: The application is not in the cache.
            UnknownNote: ``note_id`` names no note of this application (or a deleted one).
            NotYourNote: The note was written by another reviewer.
        """

        def work(session: Session, _before: list[Row]) -> Done:
            self._own_note(session, application_id, note_id, "delete")
            return Done("Delete a note", (DELETE_NOTE, deleted_note_payload(note_id)))

        touched = [
            (Entity(NOTE, application_id, note_id), OPERATION),
            (Entity(DRAFT, application_id, note_slot(note_id)), ENDED_DRAFT),
        ]
        changes = Changes.of([application_id], notes=True)
        return self._act(application_id, touched, work, changes)

    def set_decision(self, application_id: str, stage: Stage, reason: str | None = None) -> Changes:
        """Moves the application to ``stage``; ends the decision draft.

        Returns:
            The decision, the counts and which applications a stage filter keeps changed.

        Raises:
            UnknownApplication: The application is not in the cache.
            DecisionNeedsReason: ``stage`` is declined and ``reason`` is empty.
        """
        stage = Stage(stage)

        def work(session: Session, _before: list[Row]) -> Done:
            payload = decision_payload(session, application_id, stage, reason)
            return Done(f"Decision {spoken(stage.value)}", (SET_DECISION, payload))

        touched = [
            (Entity(DECISION, application_id), OPERATION),
            (Entity(DRAFT, application_id, DECISION_DRAFT), ENDED_DRAFT),
        ]
        return self._act(application_id, touched, work, decided(application_id))

    def assign_position(self, application_id: str, position_id: int | None) -> Changes:
        """Links the application to a published position (None: to none).

        Returns:
            The application's position, and so its checks, the counts and which
            applications a position filter keeps, changed.

        Raises:
            UnknownApplication: The application is not in the cache.
            UnknownPosition: The position is not in the cache.
        """

        def work(session: Session, _before: list[Row]) -> Done:
            title = "none"
            if position_id is not None:
                position = session.get(CachedPosition, position_id)
                if position is None:
                    raise UnknownPosition(
                        f"No position has the id {position_id}; sync to fetch new positions."
                    )
                title = position.title
            return Done(f"Position {title}", (ASSIGN_POSITION, {"position_id": position_id}))

        changes = Changes.of([application_id], membership=True, counts=True, checks=True)
        touched = [(Entity(POSITION, application_id), OPERATION)]
        return self._act(application_id, touched, work, changes)

    def keep_theirs(self, conflict_id: int) -> Changes:
        """Resolves a conflict by accepting the server's value (already in the cache).

        Returns:
            The application's conflict and the counts ("conflicts") changed.

        Raises:
            UnknownConflict: No such open conflict.
        """
        return keep_theirs(self._cache, self._history, self._reviewer, conflict_id)

    def apply_mine(self, conflict_id: int) -> Changes:
        """Resolves a conflict by deciding again, based on the server revision now known.

        Returns:
            As :meth:`set_decision`.

        Raises:
            UnknownConflict: No such open conflict.
            UnknownApplication: The application was erased meanwhile.
        """
        return apply_mine(self._cache, self._history, self._reviewer, conflict_id)

    def discard_draft(self, application_id: str, slot: str) -> Changes:
        """Throws a draft away (undo brings it back).

        Returns:
            The application's drafts changed. Discarding no draft records nothing.

        Raises:
            UnknownApplication: The application is not in the cache.
        """
        draft = Entity(DRAFT, application_id, slot)

        def work(session: Session, before: list[Row]) -> Done | None:
            if before[0] is None:
                return None
            end_draft(session, application_id, slot)
            label = draft_label(session, self._catalogue, application_id, slot)
            return Done(f"Discard {label}")

        changes = Changes.of([application_id], drafts=True)
        return self._act(application_id, [(draft, LOCAL)], work, changes)

    def reveal(self, application_id: str) -> Changes:
        """Shows the other reviewers' views before this reviewer's own ("Show anyway").

        Remembered for the application; not a step of the undo history.

        Returns:
            The application's checks, notes and decision (as shown) changed.

        Raises:
            UnknownApplication: The application is not in the cache.
        """
        with self._cache.session() as session:
            if session.get(CachedApplication, application_id) is None:
                raise UnknownApplication(application_id)
            if session.get(Revealed, application_id) is None:
                session.add(Revealed(application_id=application_id, revealed_at=utcnow()))
        return Changes.of([application_id], checks=True, notes=True, decision=True)

    def undo(self) -> Changes:
        """Takes back the last step of the history.

        Returns:
            What the step had changed.

        Raises:
            NothingToUndo: The history is empty.
            CannotUndo: What the step changed has changed since; the history is cleared.
        """
        return undo_last(self._cache, self._history, self._reviewer)

    def redo(self) -> Changes:
        """Does the last undone step again, as a new change.

        Raises:
            NothingToUndo: Nothing was undone.
            CannotUndo: What the step changed has changed since; the history is cleared.
        """
        return redo_last(self._cache, self._history, self._reviewer)

    def _act(
        self,
        application_id: str,
        touched: Sequence[tuple[Entity, str]],
        work: Work,
        changes: Changes,
    ) -> Changes:
        history, reviewer = self._history, self._reviewer
        return run(self._cache, history, reviewer, application_id, touched, work, changes)

    def _own_note(
        self, session: Session, application_id: str, note_id: str, verb: str
    ) -> CachedNote:
        note = session.get(CachedNote, note_id)
        if note is None or note.application_id != application_id or note.deleted_at is not None:
            raise UnknownNote(
                f"No note {note_id!r} belongs to application {application_id!r}"
                + (" (it was deleted)." if note is not None and note.deleted_at else ".")
            )
        if note.author_name != self._reviewer:
            raise NotYourNote(
                f"The note was written by {note.author_name}; only its author may {verb} "
                "it. Add a note of your own instead."
            )
        return note
