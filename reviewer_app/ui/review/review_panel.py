"""The review side of the reviewer's window: conflict, checks, notes and decision.

Reads come from the local cache in one read transaction (:mod:`reviewer_app.review.state`);
every change goes through the :class:`ReviewService`, which records it locally and in
the outbox, so the panel works offline. Errors the reviewer can fix are shown inside
the panel, never in a modal dialog, so that keyboard triage is not interrupted.

In the window, writes run on the database worker and :attr:`ReviewPanel.changed` carries
their Changes; the window then hands the panel its new state (:meth:`show_state`). What
is typed and not saved is kept as drafts (:mod:`reviewer_app.ui.review.draft_keeper`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QVBoxLayout, QWidget

from reviewer_app.cache import LocalCache
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.identity import blind_name
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.errors import UserError
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.drafts import DECISION, comment_slot, note_slot
from reviewer_app.review.state import ReviewState, load_review_state
from reviewer_app.ui.review.checks_widget import ChecksWidget
from reviewer_app.ui.review.conflict_banner import ConflictBanner
from reviewer_app.ui.review.decision_widget import DecisionWidget
from reviewer_app.ui.review.draft_keeper import DraftKeeper
from reviewer_app.ui.review.focus import FocusReturn, focus_first_open, focus_outside
from reviewer_app.ui.review.hidden_reviews import HiddenReviewsBanner
from reviewer_app.ui.review.notes_widget import NotesWidget
from reviewer_app.ui.review.panel_scrolling import keep_in_view
from reviewer_app.ui.review.panel_width import PanelWidth, coordination_line
from reviewer_app.ui.review.review_style import (
    blind_hint,
    error_label,
    heading_label,
    mute,
    plain_label,
    section_title,
    separator,
)
from reviewer_app.ui.review.shortcuts import REVIEW_SHORTCUTS
from reviewer_app.ui.review.writes import run_write
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.widget_pool import layouts_held

EMPTY_TEXT = "Select an applicant"
GONE_TEXT = "This application is no longer in the local cache (erased, or not synced yet)."


class ReviewPanel(QWidget):
    """Checks, notes and the decision for one application, in a scrollable column.

    Args:
        review: Records the reviewer's changes (locally and in the outbox).
        cache: The local cache the panel reads from.
        parent: The parent widget.
        blind: Blind review: no name, and no address, email or name in the hints.
        runner: The window's database worker; writes run there and the owner shows the
            new state (see the module). None: the panel reads and writes at once.

    Signals:
        changed: The Changes of a write made here (a failed one changes nothing).
        focus_left: The panel emptied while it held the keyboard focus (to go on from).
        failed_elsewhere: Why a write failed for an applicant the reviewer has left.
    """

    changed = Signal(object)  # Changes
    focus_left = Signal()
    failed_elsewhere = Signal(str)

    SHORTCUTS: ClassVar[list[tuple[str, str]]] = REVIEW_SHORTCUTS

    def __init__(
        self,
        review: ReviewService,
        cache: LocalCache,
        parent: QWidget | None = None,
        *,
        blind: bool = False,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._review = review
        self._cache = cache
        self._blind = blind
        self._runner = runner
        self._state: ReviewState | None = None
        self.setObjectName("reviewPanel")

        self.empty = plain_label(EMPTY_TEXT, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.content = QWidget(self)
        self.title = heading_label(self.content)
        self.subtitle = mute(plain_label("", self.content))
        self.error = error_label(self.content)
        self.conflict = ConflictBanner(self.content)
        self.conflict.hide()
        self.hidden_reviews = HiddenReviewsBanner(self.content)
        self.checks = ChecksWidget(self.content)
        self.notes = NotesWidget(self.content)
        self.decision = DecisionWidget(self.content)
        sections = (self.checks, self.notes, self.decision)
        self.drafts = DraftKeeper(cache, review, *sections, runner, self)
        self.drafts.changed.connect(self.changed)
        self.drafts.failed.connect(self._show_error)

        self.hidden_reviews.reveal_requested.connect(lambda: self._write(self._review.reveal))
        self.checks.check_requested.connect(self._set_check)
        self.checks.clear_requested.connect(
            lambda key: self._write(lambda app_id: self._review.clear_check(app_id, key))
        )
        self.notes.delete_requested.connect(self._delete_note)
        self.notes.save_requested.connect(self._save_note)
        self._after_note = FocusReturn(self.notes)
        self.notes.editor_closed.connect(self._after_note.give_back)
        self.decision.save_requested.connect(self._set_decision)
        self._after_decision = FocusReturn(self.decision)
        self.decision.leave_requested.connect(self._restore_focus_after_decision)
        # Enter on the decision as it is: on, as after a save (J never types "j" there).
        self.decision.confirmed.connect(self._restore_focus_after_decision)
        self.conflict.keep_theirs.connect(
            lambda conflict_id: self._write(lambda _app: self._review.keep_theirs(conflict_id))
        )
        self.conflict.apply_mine.connect(
            lambda conflict_id: self._write(lambda _app: self._review.apply_mine(conflict_id))
        )

        column = QVBoxLayout(self.content)
        column.setContentsMargins(10, 8, 10, 10)
        column.setSpacing(6)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addWidget(self.error)
        column.addWidget(self.conflict)
        column.addWidget(self.hidden_reviews)
        column.addSpacing(4)
        column.addWidget(section_title("Checks", self.content))
        column.addWidget(self.checks)
        column.addWidget(separator(self.content))
        column.addWidget(self.notes)
        column.addWidget(separator(self.content))
        column.addWidget(self.decision)
        column.addStretch(1)

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.content)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sizing = PanelWidth(self, self.content, self.checks)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.scroll_area)
        # About 60 characters: a check's label beside its three buttons.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self._show_empty(EMPTY_TEXT)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)  # the focus kept in view

    @property
    def application_id(self) -> str | None:
        """The application shown, or None."""
        return None if self._state is None else self._state.application_id

    def show_application(self, application_id: str | None) -> None:
        """Reads an application's review state at once and shows it (None: the empty state).

        For a panel on its own; in the window the selection is read on the worker and
        handed over through :meth:`show_state`. Showing the same application again
        updates it in place and keeps the focus and any note being written.
        """
        if application_id is None:
            self.show_state(None, application_id)
            return
        try:
            state = load_review_state(self._cache, application_id, self._review.reviewer_name)
        except UserError as exc:
            self._show_empty(str(exc))
            return
        self.show_state(state, application_id)

    def show_state(self, state: ReviewState | None, application_id: str | None) -> None:
        """Shows a state read elsewhere (the window's one read of the selection).

        ``state`` is None when ``application_id`` is not cached; no id: the empty state.
        """
        had_focus = self._holds_focus()
        if application_id is None:
            self._show_empty(EMPTY_TEXT)
        elif state is None:
            self._show_empty(GONE_TEXT)
        else:
            if application_id != self.application_id:
                self.drafts.leave()  # what is typed is kept before the sections are reset
                self.notes.close_editor()
                self.error.hide()
                self.scroll_area.verticalScrollBar().setValue(0)
            self._show_state(state)
        if had_focus and not self._holds_focus():  # its row went: not to the next widget
            self.focus_left.emit()

    def _holds_focus(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and self.isAncestorOf(focus)

    def flush_drafts(self) -> None:
        """Writes at once (on the worker) what is typed but not stored (window's close)."""
        self.drafts.flush()

    @property
    def blind(self) -> bool:
        """Whether blind review hides the applicant's identity."""
        return self._blind

    def set_blind(self, blind: bool) -> None:
        """Turns blind review on or off for the shown application and the next ones."""
        if blind != self._blind:
            self._blind = blind
            if self._state is not None:
                self._show_state(self._state)

    @property
    def state(self) -> ReviewState | None:
        """The review state shown (assignees, interview, decision …), or None."""
        return self._state

    def start_new_note(self, kind: NoteKind = NoteKind.TRIAGE, text: str = "") -> None:
        """Opens the note editor (N; I: an interview note with its questions).

        Once the note is saved or cancelled, the focus goes back to where it was.
        """
        if self._state is not None:
            self._after_note.remember()
            self.notes.start_new_note(kind, text)

    def focus_decision(self) -> None:
        """Focuses the decision's stage (for a window-wide "Decision" action).

        Once the decision is saved (or Esc pressed in the stage box), the focus goes back
        to where it was, as after a note.
        """
        if self._state is None:
            return
        self._after_decision.remember()
        self.decision.focus_stage()

    def focus_checks(self) -> bool:
        """Focuses the first check; returns False when there is none."""
        return self.checks.focus_first()

    def focus_first_open_check(self) -> bool:
        """Focuses the first check without my result (all recorded: the first one)."""
        return self._state is not None and focus_first_open(self.checks.rows)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """N opens a new note and D goes to the decision, wherever the focus is in the panel.

        Text fields take letters before they reach here, so typing is never hijacked.
        """
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier)
        if self._state is not None and plain and event.key() == Qt.Key.Key_N:
            self.start_new_note()
        elif self._state is not None and plain and event.key() == Qt.Key.Key_D:
            self.focus_decision()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _show_empty(self, text: str) -> None:
        self.drafts.leave()
        self._state = None
        self.notes.close_editor()
        self.empty.setText(text)
        self.empty.show()
        self.scroll_area.hide()

    def _show_state(self, state: ReviewState) -> None:
        same_application = self.application_id == state.application_id
        self._state = state
        position = state.position
        if self._blind:
            self.title.setText(blind_name(state.application_id))
        else:
            self.title.setText(state.applicant_name or "(no name)")
        self.subtitle.setText(
            coordination_line(
                position.title if position else "No position", state, self._review.reviewer_name
            )
        )
        hints = list(state.hints)
        if self._blind:
            hints = [blind_hint(hint, state.applicant_name) for hint in hints]
        with layouts_held(self.content, self.checks, self.notes, self.decision):
            self.conflict.show_conflict(state.conflict)
            self.hidden_reviews.show_count(state.others_hidden)
            self.checks.show_checks(
                state.application_id,
                None if position is None else position.checks,
                state.my_checks,
                state.other_checks,
                hints,
            )
            self.notes.show_notes(state.notes)
            # A stage or reason not saved survives a refresh of the same application.
            self.decision.show_decision(
                state.decision, state.history, contacts=state.contacts, keep_draft=same_application
            )
        if same_application:
            self.drafts.refresh(state.drafts)
        else:
            self.drafts.enter(state.application_id, state.drafts)
        self.empty.hide()
        self.scroll_area.show()
        # Later: new rows are shown (and so counted by the layout) once events run.
        QTimer.singleShot(0, self, self.sizing.fit)  # not after self is gone

    def _write(
        self,
        action: Callable[[str], Changes],
        on_done: Callable[[bool], None] | None = None,
    ) -> None:
        """Runs one ReviewService action on the shown application; shows a UserError inline.

        Args:
            action: Takes the application's id, returns what changed.
            on_done: Called on the GUI thread with whether the action succeeded.
        """
        application_id = self.application_id
        if application_id is not None:
            run_write(
                self._runner,
                lambda: action(application_id),
                lambda changes: self._written(application_id, changes, on_done),
                lambda exc: self._write_failed(application_id, exc, on_done),
            )

    def _written(
        self, application_id: str, changes: Changes, on_done: Callable[[bool], None] | None
    ) -> None:
        if application_id == self.application_id:
            self.error.hide()
        if on_done is not None:
            on_done(True)
        if self._runner is None:
            self.show_application(application_id)
        self.changed.emit(changes)

    def _write_failed(
        self,
        application_id: str,
        exc: BaseException,
        on_done: Callable[[bool], None] | None,
    ) -> None:
        if on_done is not None:
            on_done(False)  # first: a bug raised below must not leave Save disabled
        if isinstance(exc, UserError) and application_id == self.application_id:
            self._show_error(str(exc))
        elif isinstance(exc, UserError):  # shown as done at the press; the reviewer went on
            self.failed_elsewhere.emit(f"Not recorded, for the applicant before: {exc}")
        # Nothing changed; what is really recorded is shown again (before a bug is raised).
        # With a worker the window reads it, for every pane.
        if self._runner is None:
            self.show_application(application_id)
        else:
            self.changed.emit(Changes.of([application_id]))
        if not isinstance(exc, UserError):
            raise exc

    def _show_error(self, text: str) -> None:
        self.error.setText(f"⚠ {text}")
        self.error.show()

    def _set_check(self, key: str, result: CheckResult, comment: str) -> None:
        self._write(
            lambda app_id: self._review.set_check(app_id, key, result, comment),
            self.drafts.saving(comment_slot(key)),  # the save ends the comment's draft
        )

    def _save_note(self, note_id: str | None, kind: NoteKind, body: str) -> None:
        # The editor stays read-only until saved (a failed save keeps the draft); J goes on.
        self._after_note.give_back()
        self._write(
            lambda app_id: self._review.save_note(app_id, kind, body, note_id).changes,
            self.drafts.saving(note_slot(note_id), then=self.notes.save_finished),
        )

    def _delete_note(self, note_id: str) -> None:
        if self.notes.is_editing and self.notes.editing_note_id == note_id:
            self.notes.close_editor()  # nothing left to edit
        self.drafts.forget(note_slot(note_id))
        self._write(lambda app_id: self._review.delete_note(app_id, note_id))

    def _set_decision(self, stage: Stage, reason: str | None) -> None:
        # Triage goes on (J, the next check) without leaving the reason field by hand.
        self._restore_focus_after_decision()
        self._write(
            lambda app_id: self._review.set_decision(app_id, stage, reason),
            self.drafts.saving(DECISION, then=lambda _ok: self.decision.save_finished()),
        )

    def _restore_focus_after_decision(self) -> None:
        in_decision = QApplication.focusWidget() is not None and not focus_outside(self.decision)
        if not self._after_decision.give_back() and in_decision:
            self.decision.focus_stage()  # out of the reason field, at least

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        keep_in_view(self.scroll_area, self.notes.editor_frame, new)
