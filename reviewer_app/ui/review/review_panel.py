"""The review side of the reviewer's window: conflict, checks, notes and decision.

Reads come from the local cache in one read transaction (:mod:`reviewer_app.review.state`);
every change goes through the :class:`ReviewService`, which records it locally and in
the outbox, so the panel works offline. Errors the reviewer can fix are shown inside
the panel, never in a modal dialog, so that keyboard triage is not interrupted.

In the window, writes run on the database worker and :attr:`ReviewPanel.changed` carries
their Changes; the window then hands the panel its new state (:meth:`show_state`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.cache import LocalCache
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.identity import blind_name
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.errors import UserError
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.hints import hints_for
from reviewer_app.review.state import ReviewState, load_review_state
from reviewer_app.ui.review.checks_widget import ChecksWidget
from reviewer_app.ui.review.conflict_banner import ConflictBanner
from reviewer_app.ui.review.decision_widget import DecisionWidget
from reviewer_app.ui.review.focus import focus_outside, give_focus
from reviewer_app.ui.review.notes_widget import NotesWidget
from reviewer_app.ui.review.review_style import (
    blind_hint,
    mute,
    plain_label,
    section_title,
    separator,
)
from reviewer_app.ui.tasks import TaskRunner

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
    """

    changed = Signal(object)  # Changes

    SHORTCUTS: ClassVar[list[tuple[str, str]]] = [
        ("Up / Down", "Previous / next check"),
        ("Tab", "Next check or comment"),
        ("1", "Mark the focused check Met, go to the next"),
        ("2", "Mark the focused check Not met, go to the next"),
        ("3", "Mark the focused check Unsure, go to the next"),
        ("C", "Comment on the focused check (Enter or Esc returns)"),
        ("Ctrl+Enter", "Save the note being written (the focus goes back)"),
        ("Esc", "Cancel the note being written"),
        ("Enter", "Save the decision (the focus goes back where it was before D)"),
        ("Esc", "In the decision: out of the reason, then back where you were"),
    ]

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
        self.title = plain_label("", self.content)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.subtitle = mute(plain_label("", self.content))
        self.error = plain_label("", self.content)
        self.error.setAccessibleName("Error")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.error.font()
        font.setBold(True)
        self.error.setFont(font)
        self.error.hide()
        self.conflict = ConflictBanner(self.content)
        self.conflict.hide()
        self.checks = ChecksWidget(self.content)
        self.notes = NotesWidget(self.content)
        self.decision = DecisionWidget(self.content)

        self.checks.check_requested.connect(self._set_check)
        self.notes.save_requested.connect(self._save_note)
        self.notes.editor_closed.connect(self._restore_focus_after_note)
        self._focus_after_note: QWidget | None = None
        self.decision.save_requested.connect(self._set_decision)
        self.decision.leave_requested.connect(self._restore_focus_after_decision)
        self._focus_after_decision: QWidget | None = None
        self.conflict.keep_theirs.connect(self._keep_theirs)
        self.conflict.apply_mine.connect(self._apply_mine)

        column = QVBoxLayout(self.content)
        column.setContentsMargins(10, 8, 10, 10)
        column.setSpacing(6)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addWidget(self.error)
        column.addWidget(self.conflict)
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

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.scroll_area)
        # About 60 characters: a check's label beside its three buttons.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self._show_empty(EMPTY_TEXT)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Keyboard moves between checks must scroll the focused one into view.
            app.focusChanged.connect(self._on_focus_changed)

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

        Args:
            state: What to show; None when ``application_id`` is not cached.
            application_id: The application asked for; None shows "Select an applicant".
        """
        if application_id is None:
            self._show_empty(EMPTY_TEXT)
            return
        if application_id != self.application_id:
            self.notes.close_editor()
            self.error.hide()
            self.scroll_area.verticalScrollBar().setValue(0)
        if state is None:
            self._show_empty(GONE_TEXT)
            return
        self._show_state(state)

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

    def start_new_note(self) -> None:
        """Opens the note editor (for a window-wide "New note" action).

        Once the note is saved or cancelled, the focus goes back to where it was (the
        list, a check), so that triage goes on without reaching for the mouse.
        """
        if self._state is None:
            return
        self._focus_after_note = focus_outside(self.notes) or self._focus_after_note
        self.notes.start_new_note()

    def focus_decision(self) -> None:
        """Focuses the decision's stage (for a window-wide "Decision" action).

        Once the decision is saved (or Esc pressed in the stage box), the focus goes back
        to where it was, as after a note.
        """
        if self._state is None:
            return
        self._focus_after_decision = focus_outside(self.decision) or self._focus_after_decision
        self.decision.focus_stage()

    def focus_checks(self) -> bool:
        """Focuses the first check; returns False when there is none."""
        return self.checks.focus_first()

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
        self.subtitle.setText(position.title if position is not None else "No position")
        hints = [] if position is None else hints_for(position, state.answers)
        if self._blind:
            hints = [blind_hint(hint, state.applicant_name) for hint in hints]
        self.conflict.show_conflict(state.conflict)
        self.checks.show_checks(
            state.application_id,
            None if position is None else position.checks,
            state.my_checks,
            state.other_checks,
            hints,
        )
        self.notes.show_notes(state.notes)
        # Like a comment being typed, a stage or reason not saved yet survives a refresh
        # (a check recorded, a sync) of the same application.
        self.decision.show_decision(state.decision, state.history, keep_draft=same_application)
        self.empty.hide()
        self.scroll_area.show()
        # Later: new rows are shown (and so counted by the layout) once events run.
        QTimer.singleShot(0, self, self._fit_width)  # not after self is gone

    def _fit_width(self) -> None:
        # The scroll area never scrolls sideways, so the panel must be as wide as its
        # widest row (a check's label and three buttons), or the right edge is clipped.
        # It only grows: a width that changed with every applicant would jump around.
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        needed = self.content.minimumSizeHint().width() + bar
        if needed > self.minimumWidth():
            self.setMinimumWidth(needed)

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
        if application_id is None:
            return
        if self._runner is None:
            try:
                changes = action(application_id)
            except UserError as exc:
                self._write_failed(application_id, exc, on_done)
            else:
                self._written(application_id, changes, on_done)
            return
        self._runner.run(
            lambda: action(application_id),
            on_done=lambda changes: self._written(application_id, changes, on_done),
            on_error=lambda exc: self._write_failed(application_id, exc, on_done),
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
        if not isinstance(exc, UserError):
            raise exc
        if application_id == self.application_id:
            self.error.setText(f"⚠ {exc}")
            self.error.show()
        # Nothing changed; what is really recorded is shown again. With a worker the
        # window reads it, for every pane, unless the reviewer has moved on meanwhile.
        if self._runner is None:
            self.show_application(application_id)
        else:
            self.changed.emit(Changes.of([application_id]))

    def _set_check(self, key: str, result: CheckResult, comment: str) -> None:
        self._write(lambda app_id: self._review.set_check(app_id, key, result, comment))

    def _save_note(self, note_id: str | None, kind: NoteKind, body: str) -> None:
        # The editor stays, read-only, until the save is done: a failed save keeps the
        # draft. The keys go back at once, so that J moves on while it is saved.
        self._restore_focus_after_note()
        self._write(
            lambda app_id: self._review.save_note(app_id, kind, body, note_id).changes,
            self.notes.save_finished,
        )

    def _set_decision(self, stage: Stage, reason: str | None) -> None:
        # Triage goes on (J, the next check) without leaving the reason field by hand.
        self._restore_focus_after_decision()
        self._write(
            lambda app_id: self._review.set_decision(app_id, stage, reason),
            lambda _saved: self.decision.save_finished(),
        )

    def _keep_theirs(self, conflict_id: int) -> None:
        self._write(lambda _app_id: self._review.keep_theirs(conflict_id))

    def _apply_mine(self, conflict_id: int) -> None:
        self._write(lambda _app_id: self._review.apply_mine(conflict_id))

    def _restore_focus_after_note(self) -> None:
        widget, self._focus_after_note = self._focus_after_note, None
        give_focus(widget)

    def _restore_focus_after_decision(self) -> None:
        widget, self._focus_after_decision = self._focus_after_decision, None
        in_decision = QApplication.focusWidget() is not None and not focus_outside(self.decision)
        if not give_focus(widget) and in_decision:
            self.decision.focus_stage()  # out of the reason field, at least

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.content.isAncestorOf(new):
            self.scroll_area.ensureWidgetVisible(new, 0, 24)
