"""Keeps what a reviewer types in the review panel as drafts, and gives them back.

A note being written or edited, a comment on a check, and a stage and reason chosen but
not saved are written to the local cache (:mod:`reviewer_app.review.drafts`) at most
:data:`DRAFT_DELAY_MS` after a change, on the window's database worker, and at once when
the panel moves to another applicant or the window closes (:meth:`DraftKeeper.flush`).
When the panel shows an applicant again its drafts come back in the widgets, the focus
left where it is, so J/K go on.

The keeper remembers what it has stored for the shown applicant, and writes only what
differs from it. Saving ends a draft (the ReviewService deletes it with the save);
Esc or Cancel discards one through ``ReviewService.discard_draft``, which undo can take
back: the state read after the undo holds the draft again, and the keeper puts it back
in a widget the reviewer is not using.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from reviewer_app.cache import LocalCache
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import NoteKind, Stage
from reviewer_app.errors import UserError
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.drafts import (
    DECISION,
    NEW_NOTE,
    DraftValue,
    comment_slot,
    note_of_slot,
    note_slot,
    save_draft,
    save_drafts,
)
from reviewer_app.ui.review.checks_widget import ChecksWidget
from reviewer_app.ui.review.decision_widget import DecisionWidget
from reviewer_app.ui.review.notes_widget import NoteDraft, NotesWidget
from reviewer_app.ui.review.writes import run_write
from reviewer_app.ui.tasks import TaskRunner

DRAFT_DELAY_MS = 500
"""How long after a change (the first of several) what is typed is written."""

_COMMENT = "comment:"


def _note_value(draft: NoteDraft) -> DraftValue:
    return {"kind": draft.kind.value, "body": draft.body}


def _note_draft(slot: str, value: Mapping[str, Any]) -> NoteDraft | None:
    try:
        return NoteDraft(note_of_slot(slot), NoteKind(value["kind"]), str(value["body"]))
    except (KeyError, ValueError):
        return None  # not a note's draft, or one this version cannot read


class DraftKeeper(QObject):
    """Keeps the drafts of the applicant a review panel shows.

    Args:
        cache: The local cache the drafts are kept in.
        review: Discards drafts (undoably).
        checks, notes, decision: The panel's sections, read and filled here.
        runner: The window's database worker; None writes at once (a panel alone).
        parent: The panel.

    Signals:
        changed: The Changes of a write (an applicant started or stopped holding a draft).
        failed: The message of a write the user can fix (the cache busy, the disk full).
    """

    changed = Signal(object)  # Changes
    failed = Signal(str)

    def __init__(
        self,
        cache: LocalCache,
        review: ReviewService,
        checks: ChecksWidget,
        notes: NotesWidget,
        decision: DecisionWidget,
        runner: TaskRunner | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache = cache
        self._review = review
        self._checks = checks
        self._notes = notes
        self._decision = decision
        self._runner = runner
        self._application: str | None = None
        self._known: dict[str, DraftValue] = {}  # what is stored, or asked to be
        self._saving: set[str] = set()  # slots whose save is on its way (it ends them)
        self._in_flight = 0  # writes of drafts not done yet
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAFT_DELAY_MS)
        self._timer.timeout.connect(self.flush)

        notes.stored_draft = self._stored_note
        notes.editor.textChanged.connect(self._edited)
        notes.kind_combo.currentIndexChanged.connect(self._edited)
        notes.editor_opening.connect(self.flush)
        notes.discarded.connect(self._note_discarded)
        checks.comment_edited.connect(self._edited)
        checks.comment_discarded.connect(
            lambda key, typed: self._discard(comment_slot(key), {"comment": typed})
        )
        decision.stage_combo.currentIndexChanged.connect(self._edited)
        decision.reason.textChanged.connect(self._edited)
        decision.discarded.connect(
            lambda stage, reason: self._discard(DECISION, {"stage": stage.value, "reason": reason})
        )

    # --- the applicant shown -------------------------------------------------------------

    def enter(self, application_id: str, drafts: Mapping[str, DraftValue]) -> None:
        """Another applicant is shown: puts its drafts back in the (reset) sections."""
        self.leave()
        self._application = application_id
        self._known = {slot: dict(value) for slot, value in drafts.items()}
        self._restore(self._known, every=True)

    def refresh(self, drafts: Mapping[str, DraftValue]) -> None:
        """The same applicant is shown again (after a write, a sync, an undo).

        A draft that appeared in the cache (an undone discard) comes back into a section
        the reviewer is not using; one that went (a redone discard) leaves it. While
        writes of the keeper are on their way the state may predate them: it is ignored.
        """
        if self._application is not None and self._in_flight == 0:
            stored = {slot: dict(value) for slot, value in drafts.items()}
            for slot in [s for s in self._known if s not in stored and s not in self._saving]:
                self._clear(slot, self._known.pop(slot))
            self._restore({s: v for s, v in stored.items() if self._known.get(s) != v})
        self._edited()  # a save may have left a section as stored: compared soon

    def leave(self) -> None:
        """The panel is about to show another applicant, or none: stores what is typed."""
        self.flush()
        self._application = None
        self._known = {}
        self._saving.clear()

    # --- writes --------------------------------------------------------------------------

    def flush(self, saved: str | None = None) -> None:
        """Writes at once (on the worker) whatever is typed but not stored.

        ``saved``: the slot a save is about to end; its draft is never removed here (the
        editor may be closing), so that undoing the save brings it back.
        """
        self._timer.stop()
        application_id = self._application
        if application_id is None:
            return
        values = {
            s: v
            for s, v in self._typed().items()
            if v != self._known.get(s) and not (s == saved and v is None)
        }
        if not values:
            return
        previous = {slot: self._known.get(slot) for slot in values}
        self._remember(values)
        cache = self._cache

        def not_stored() -> None:
            if application_id == self._application:
                self._remember(previous)  # the next change writes it again

        self._run(lambda: save_drafts(cache, application_id, values), not_stored)

    def saving(
        self, slot: str, then: Callable[[bool], None] | None = None
    ) -> Callable[[bool], None]:
        """A save of ``slot`` is asked for (it ends the draft); returns what to call when
        it is done, with whether it succeeded (which calls ``then`` first).

        What is typed is stored first (the save comes after it on the worker): undoing
        the save brings back the draft as it was saved, not as stored up to 0.5 s before
        (a decision's reason came back empty).
        """
        self.flush(saved=slot)
        self._saving.add(slot)
        application_id = self._application

        def done(saved: bool) -> None:
            if then is not None:
                then(saved)
            if application_id != self._application:
                return
            self._saving.discard(slot)
            if saved:
                self._known.pop(slot, None)
            self._edited()

        return done

    def forget(self, slot: str) -> None:
        """Removes a draft at once (its note is about to be deleted)."""
        if self._known.pop(slot, None) is not None:
            self.forget_stored(slot)

    def forget_stored(self, slot: str) -> None:
        """Removes a draft from the cache, whatever the keeper knows of it."""
        application_id = self._application
        if application_id is not None:
            cache = self._cache
            self._run(lambda: save_draft(cache, application_id, slot, None))

    def _discard(self, slot: str, value: DraftValue) -> None:
        # Stored first, so that what undo brings back is all that was typed.
        application_id = self._application
        if application_id is None:
            return
        self._known.pop(slot, None)
        cache, review = self._cache, self._review

        def work() -> Changes:
            save_draft(cache, application_id, slot, value)
            return review.discard_draft(application_id, slot)

        self._run(work)

    def _note_discarded(self, draft: NoteDraft) -> None:
        self._discard(note_slot(draft.note_id), _note_value(draft))

    def _run(self, work: Callable[[], Changes], undo: Callable[[], None] | None = None) -> None:
        def done(changes: Changes) -> None:
            self._in_flight -= 1
            if changes:
                self.changed.emit(changes)

        def failed(exc: BaseException) -> None:
            self._in_flight -= 1
            if not isinstance(exc, UserError):
                raise exc
            if undo is not None:
                undo()
            self.failed.emit(f"Your draft could not be kept: {exc}")

        self._in_flight += 1
        run_write(self._runner, work, done, failed)

    # --- the sections --------------------------------------------------------------------

    def _edited(self, *_args: object) -> None:
        if self._application is not None and not self._timer.isActive():
            # Not restarted by later keys: what is typed is written within the delay,
            # even while the reviewer goes on typing.
            self._timer.start()

    def _remember(self, values: Mapping[str, DraftValue | None]) -> None:
        for slot, value in values.items():
            if value is None:
                self._known.pop(slot, None)
            else:
                self._known[slot] = value

    def _typed(self) -> dict[str, DraftValue | None]:
        """What the sections hold now, by slot (None: nothing that differs from what is
        saved). Slots not shown (another note, a check of another position) are left out."""
        typed: dict[str, DraftValue | None] = {}
        if self._notes.is_editing:
            note = self._notes.draft()
            slot = note_slot(self._notes.editing_note_id)
            typed[slot] = None if note is None else _note_value(note)
        for row in self._checks.rows:
            text = row.comment.text()
            same = text.strip() == row.recorded_comment
            typed[comment_slot(row.check.key)] = None if same else {"comment": text}
        held = self._decision.draft()
        typed[DECISION] = None if held is None else {"stage": held[0].value, "reason": held[1]}
        for slot in self._saving:
            typed.pop(slot, None)
        return typed

    def _stored_note(self, note_id: str | None) -> NoteDraft | None:
        value = self._known.get(note_slot(note_id))
        return None if value is None else _note_draft(note_slot(note_id), value)

    def _restore(self, drafts: Mapping[str, DraftValue], *, every: bool = False) -> None:
        """Puts drafts back into the sections the reviewer is not using.

        Args:
            drafts: The drafts, by slot.
            every: The sections were just reset (another applicant): all are free.
        """
        # One note at a time in the editor: the new one first. The others open with Edit.
        notes = sorted((s for s in drafts if s.startswith("note:")), key=lambda s: s != NEW_NOTE)
        for slot in notes[:1]:
            draft = _note_draft(slot, drafts[slot])
            if draft is None or self._notes.is_editing:
                continue
            mine = {card.note.id for card in self._notes.cards if card.note.mine}
            if draft.note_id is not None and draft.note_id not in mine:
                # An edit of a note that is gone: kept as a new note, not lost.
                self._known.pop(slot, None)
                self.forget_stored(slot)
                draft = NoteDraft(None, draft.kind, draft.body)
            else:
                self._known[slot] = drafts[slot]
            self._notes.restore_draft(draft)
        for slot, value in drafts.items():
            if slot.startswith(_COMMENT):
                row = self._checks.row_of(slot.removeprefix(_COMMENT))
                free = row is not None and (
                    every or (row.comment.text().strip() == row.recorded_comment)
                )
                if row is not None and free and not row.comment.hasFocus():
                    row.comment.setText(str(value.get("comment", "")))
                    self._known[slot] = value
            elif slot == DECISION and not self._decision.has_draft():
                try:
                    stage = Stage(str(value.get("stage")))
                except ValueError:
                    continue
                self._decision.restore_draft(stage, str(value.get("reason") or ""))
                self._known[slot] = value

    def _clear(self, slot: str, value: DraftValue) -> None:
        """Takes a draft that went from the cache out of its section, unless it was changed."""
        if slot == DECISION:
            held = self._decision.draft()
            if held is not None and {"stage": held[0].value, "reason": held[1]} == value:
                self._decision.reset()
        elif slot.startswith(_COMMENT):
            row = self._checks.row_of(slot.removeprefix(_COMMENT))
            if row is not None and row.comment.text() == value.get("comment"):
                row.comment.setText(row.recorded_comment)
        elif self._notes.is_editing and slot == note_slot(self._notes.editing_note_id):
            note = self._notes.draft()
            if note is not None and _note_value(note) == value:
                self._notes.close_editor()
