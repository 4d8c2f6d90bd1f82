"""The Notes section of the review panel: reviewers' Markdown notes and an inline editor.

Note bodies are Markdown written by reviewers, shown only as the sanitised HTML of
:func:`reviewer_app.positions.rendering.render_markdown`; author names and the like are plain text.
The widget asks for saves, deletions and discards (signals); the panel writes through
the ReviewService and closes the editor only when the save succeeded, so a failed save
keeps the draft. What is typed is kept as a draft by the panel's DraftKeeper, which
reads it through :meth:`NotesWidget.draft` and gives it back through
:meth:`NotesWidget.restore_draft` and :attr:`NotesWidget.stored_draft`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.vocabulary import NoteKind
from reviewer_app.review.state import NoteView
from reviewer_app.ui.review.note_text import note_heading, note_html, note_times
from reviewer_app.ui.review.review_style import (
    NOTE_KIND_LABELS,
    mute,
    never_widens,
    plain_label,
    section_title,
)
from reviewer_app.ui.widget_pool import show_in_pool

EMPTY_TEXT = "No notes yet. Press N to write one."
# "5 min ago" is made again this often, so that it never says a note is newer than it is.
TIMES_REFRESH_MS = 60_000


@dataclass(frozen=True)
class NoteDraft:
    """What the editor holds: the note edited (None: a new one), its kind and text."""

    note_id: str | None
    kind: NoteKind
    body: str


class NoteEditor(QPlainTextEdit):
    """The Markdown text of a note being written: Ctrl+Enter saves, Esc cancels."""

    save_pressed = Signal()
    cancel_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Turns Ctrl+Enter and Esc into save and cancel; other keys edit the text."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.save_pressed.emit()
            event.accept()
        elif key == Qt.Key.Key_Escape:
            self.cancel_pressed.emit()
            event.accept()
        else:
            super().keyPressEvent(event)


class NoteCard(QFrame):
    """One note: heading, Edit and Delete (own notes only), body rendered from Markdown.

    Cards are reused from one application to the next (:meth:`set_note`): making and
    laying out widgets is what costs when moving through applicants. Tab reaches Edit
    and Delete; the Delete key deletes the note whose button has the focus.
    """

    edit_requested = Signal(str)
    delete_requested = Signal(str)

    def __init__(self, note: NoteView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note: NoteView = note
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = mute(plain_label("", self))
        self.edit_button = QPushButton("Edit", self)
        self.edit_button.setToolTip("Edit your note")
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.note.id))
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Delete your note (Delete; Undo brings it back)")
        self.delete_button.clicked.connect(self._request_delete)
        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.heading, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body = QLabel(self)
        # Rich text only from the sanitiser: no scripts, images, styles or odd links.
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        never_widens(self.body)
        self.body.setOpenExternalLinks(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.body)
        self.set_note(note, force=True)

    def set_note(self, note: NoteView, *, force: bool = False) -> None:
        """Shows ``note``; Edit and Delete only for the reviewer's own notes."""
        previous, self.note = self.note, note
        heading = note_heading(note)
        if force or heading != self.heading.text():
            self.heading.setText(heading)
            self.heading.setToolTip(note_times(note))
            self.edit_button.setAccessibleName(f"Edit your note: {heading}")
            self.delete_button.setAccessibleName(f"Delete your note: {heading}")
        if force or note.body != previous.body:
            self.body.setText(note_html(note.body))
        self.edit_button.setVisible(note.mine)
        self.delete_button.setVisible(note.mine)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete, with the focus on the card's Edit or Delete, deletes an own note."""
        if event.key() == Qt.Key.Key_Delete and self.note.mine:
            self._request_delete()
            event.accept()
        else:
            super().keyPressEvent(event)

    def _request_delete(self) -> None:
        if self.note.mine:
            self.delete_requested.emit(self.note.id)

    def changeEvent(self, event: QEvent) -> None:
        """Parses the body again after a palette change, for links in the new colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # Qt colours links when it parses the HTML; the same text is not parsed again.
            self.body.clear()
            self.body.setText(note_html(self.note.body))


class NotesWidget(QWidget):
    """The notes of an application, oldest first, and the inline editor.

    Signals:
        save_requested: (note id or None for a new note, kind, Markdown body).
        delete_requested: (note id) of one of the reviewer's notes.
        discarded: (NoteDraft) Esc or Cancel closed the editor on what it held.
        editor_opening: The editor is about to show another note (what it held is
            given up: keep it first).
        editor_closed: The editor closed (saved, discarded or another application).
    """

    save_requested = Signal(object, object, str)
    delete_requested = Signal(str)
    discarded = Signal(object)
    editor_opening = Signal()
    editor_closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editing_id: str | None = None
        self._saving = False  # a save is on its way (the editor is read-only meanwhile)
        self.cards: list[NoteCard] = []  # the cards shown, one per note
        self._pool: list[NoteCard] = []  # every card made; the spare ones hidden
        # The draft kept of a note (None: a new one), to open the editor on it.
        self.stored_draft: Callable[[str | None], NoteDraft | None] = lambda _note_id: None

        self.new_button = QPushButton("New note", self)
        self.new_button.setToolTip("Write a note (N)")
        self.new_button.clicked.connect(self.start_new_note)
        header = QHBoxLayout()
        header.addWidget(section_title("Notes", self), 1)
        header.addWidget(self.new_button)

        self.empty = mute(plain_label(EMPTY_TEXT, self))
        self._cards_box = QVBoxLayout()
        self._cards_box.setSpacing(4)

        self.editor_frame = QFrame(self)
        self.editor_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.editor_title = plain_label("New note", self.editor_frame, wrap=False)
        self.kind_combo = QComboBox(self.editor_frame)
        for kind, label in NOTE_KIND_LABELS.items():
            self.kind_combo.addItem(label, kind.value)
        self.kind_combo.setAccessibleName("Note kind")
        self.editor = NoteEditor(self.editor_frame)
        self.editor.setPlaceholderText("Markdown: **bold**, - lists, [links](https://…)")
        self.editor.setAccessibleName("Note text")
        self.editor.setTabChangesFocus(True)
        # In lines of text, so that a larger font still shows as many.
        line = self.editor.fontMetrics().lineSpacing()
        self.editor.setMinimumHeight(line * 6 + 6)
        self.editor.setMaximumHeight(line * 12 + 12)
        self.editor.save_pressed.connect(self.request_save)
        self.editor.cancel_pressed.connect(self.discard)
        self.save_button = QPushButton("Save", self.editor_frame)
        self.save_button.setToolTip("Save the note (Ctrl+Enter)")
        self.save_button.clicked.connect(self.request_save)
        self.cancel_button = QPushButton("Cancel", self.editor_frame)
        self.cancel_button.setToolTip("Discard the note (Esc; Undo brings it back)")
        self.cancel_button.clicked.connect(self.discard)
        self.editor.textChanged.connect(self._sync_save_enabled)
        editor_top = QHBoxLayout()
        editor_top.addWidget(self.editor_title, 1)
        editor_top.addWidget(self.kind_combo)
        editor_buttons = QHBoxLayout()
        editor_buttons.addWidget(mute(plain_label("Ctrl+Enter saves, Esc discards", self)), 1)
        editor_buttons.addWidget(self.cancel_button)
        editor_buttons.addWidget(self.save_button)
        editor_layout = QVBoxLayout(self.editor_frame)
        editor_layout.setContentsMargins(6, 6, 6, 6)
        editor_layout.setSpacing(4)
        editor_layout.addLayout(editor_top)
        editor_layout.addWidget(self.editor)
        editor_layout.addLayout(editor_buttons)
        self.editor_frame.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.editor_frame)
        layout.addWidget(self.empty)
        layout.addLayout(self._cards_box)

        self._ticker = QTimer(self)
        self._ticker.setInterval(TIMES_REFRESH_MS)
        self._ticker.timeout.connect(self.refresh_times)
        self._ticker.start()

    def refresh_times(self) -> None:
        """Says the notes' times again ("just now" becomes "1 min ago")."""
        for card in self.cards:
            card.set_note(card.note)

    @property
    def is_editing(self) -> bool:
        """Whether the editor is open."""
        return not self.editor_frame.isHidden()

    @property
    def editing_note_id(self) -> str | None:
        """The note the editor edits (None: a new one, or the editor is closed)."""
        return self._editing_id

    def draft(self) -> NoteDraft | None:
        """What the editor holds that is not saved: text for a new note, or an edit that
        differs from the note. None when closed, unchanged or being saved."""
        if not self.is_editing or self._saving:
            return None
        kind = NoteKind(str(self.kind_combo.currentData()))
        held = NoteDraft(self._editing_id, kind, self.editor.toPlainText())
        if not held.body.strip():
            return None
        note = next((c.note for c in self.cards if c.note.id == self._editing_id), None)
        if note is not None and (note.kind, note.body) == (held.kind, held.body):
            return None
        return held

    def restore_draft(self, draft: NoteDraft) -> None:
        """Opens the editor on a kept draft, leaving the focus where it is (J/K go on)."""
        if not self._saving:
            self._open_editor(draft.note_id, draft.kind, draft.body, focus=False)

    def discard(self) -> None:
        """Closes the editor, giving up what it held (Esc, Cancel); see ``discarded``."""
        if self._saving:
            return
        held = self.draft() if self.is_editing else None
        kept = self.stored_draft(self._editing_id) if self.is_editing else None
        self.close_editor()
        if held is not None or kept is not None:
            self.discarded.emit(held or kept)

    def show_notes(self, notes: Sequence[NoteView]) -> None:
        """Shows ``notes`` (oldest first); an open editor stays open."""
        if tuple(notes) == tuple(card.note for card in self.cards):
            return  # the same notes: nothing to do
        self.cards = show_in_pool(self._pool, notes, self._make_card, NoteCard.set_note)
        self.empty.setVisible(not notes)

    @property
    def is_saving(self) -> bool:
        """Whether the note in the editor is being saved."""
        return self._saving

    def save_finished(self, saved: bool) -> None:
        """Closes the editor after a save, or gives the draft back after a failed one."""
        self._saving = False
        self.editor.setReadOnly(False)
        self.kind_combo.setEnabled(True)
        if saved:
            self.close_editor()
        else:
            self._sync_save_enabled()

    def start_new_note(self, kind: NoteKind = NoteKind.TRIAGE, text: str = "") -> None:
        """Opens the editor for a new note (a kept draft first) and focuses its text."""
        if self._saving:
            return  # the note being saved stays until its save is done
        if self.is_editing and self._editing_id is None:
            self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        kept = self.stored_draft(None)
        if kept is not None:
            self._open_editor(None, kept.kind, kept.body)
        else:
            self._open_editor(None, kind, text)
            self._to_first_answer(text)

    def _to_first_answer(self, text: str) -> None:
        """Puts the cursor below a template's first question ("## ..."), in view."""
        heading = text.find("\n## ")
        end = text.find("\n", heading + 1) if heading >= 0 else -1
        if end < 0:
            return
        cursor = self.editor.textCursor()
        cursor.setPosition(min(end + 1, len(self.editor.toPlainText())))
        self.editor.setTextCursor(cursor)
        self.editor.verticalScrollBar().setValue(0)  # from the top: the question in view
        self.editor.ensureCursorVisible()

    def close_editor(self) -> None:
        """Closes the editor, forgetting its text (keep it as a draft first)."""
        self._saving = False
        self.editor.setReadOnly(False)
        self.kind_combo.setEnabled(True)
        was_open = self.is_editing
        self._editing_id = None
        self.editor.clear()
        self.editor_frame.hide()
        if was_open:
            self.editor_closed.emit()

    def request_save(self) -> None:
        """Asks for the note in the editor to be saved (nothing if it is blank)."""
        body = self.editor.toPlainText()
        if not body.strip() or self._saving:
            return  # a second Ctrl+Enter while the first is saved saves nothing more
        kind = NoteKind(str(self.kind_combo.currentData()))
        self._saving = True
        self.editor.setReadOnly(True)
        self.kind_combo.setEnabled(False)
        self.save_button.setEnabled(False)
        self.save_requested.emit(self._editing_id, kind, body)

    def _make_card(self, note: NoteView) -> NoteCard:
        card = NoteCard(note, self)
        card.edit_requested.connect(self._start_edit)
        card.delete_requested.connect(self.delete_requested)
        self._cards_box.addWidget(card)
        return card

    def _start_edit(self, note_id: str) -> None:
        if self._saving:
            return
        if self.is_editing and self._editing_id == note_id:
            self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        kept = self.stored_draft(note_id)
        for card in self.cards:
            if card.note.id == note_id:
                held = kept or NoteDraft(note_id, card.note.kind, card.note.body)
                self._open_editor(note_id, held.kind, held.body)
                return

    def _open_editor(
        self, note_id: str | None, kind: NoteKind, body: str, *, focus: bool = True
    ) -> None:
        if self.is_editing:
            self.editor_opening.emit()
        self._editing_id = note_id
        self.editor_title.setText("New note" if note_id is None else "Edit your note")
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind.value)))
        self.editor.setPlainText(body)
        self.editor_frame.show()
        self._sync_save_enabled()
        if focus:
            self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        cursor = self.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)

    def _sync_save_enabled(self) -> None:
        self.save_button.setEnabled(not self._saving and bool(self.editor.toPlainText().strip()))
