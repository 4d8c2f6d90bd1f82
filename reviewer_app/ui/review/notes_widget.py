"""The Notes section of the review panel: reviewers' Markdown notes and an inline editor.

Note bodies are Markdown written by reviewers, shown only as the sanitised HTML of
:func:`reviewer_app.positions.rendering.render_markdown`; author names and the like are plain text.
The widget asks for saves (signal); the panel writes through the ReviewService and
closes the editor only when the save succeeded, so a failed save keeps the draft.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
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
from reviewer_app.positions.rendering import render_markdown
from reviewer_app.review.state import NoteView
from reviewer_app.ui.review.review_style import (
    NOTE_KIND_LABELS,
    format_time,
    mute,
    plain_label,
    section_title,
)
from reviewer_app.ui.widget_pool import show_in_pool

EMPTY_TEXT = "No notes yet. Press N to write one."


@functools.lru_cache(maxsize=512)
def note_html(body: str) -> str:
    """Returns a note's sanitised HTML; kept, as Markdown takes ~3 ms a note."""
    return render_markdown(body)


def note_heading(note: NoteView) -> str:
    """Returns a note's one-line heading: author, kind, time and an "edited" marker."""
    parts = [note.author_name, NOTE_KIND_LABELS[note.kind], format_time(note.created_at)]
    if note.edited_at is not None:
        parts.append(f"edited {format_time(note.edited_at)}")
    return " · ".join(part for part in parts if part)


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
    """One note: heading, Edit (own notes only), body rendered from Markdown.

    Cards are reused from one application to the next (:meth:`set_note`): making and
    laying out widgets is what costs when moving through applicants.
    """

    edit_requested = Signal(str)

    def __init__(self, note: NoteView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note: NoteView = note
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = mute(plain_label("", self))
        self.edit_button = QPushButton("Edit", self)
        self.edit_button.setToolTip("Edit your note")
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.note.id))
        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.heading, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body = QLabel(self)
        # Rich text only from the sanitiser: no scripts, images, styles or odd links.
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setOpenExternalLinks(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.body)
        self.set_note(note, force=True)

    def set_note(self, note: NoteView, *, force: bool = False) -> None:
        """Shows ``note``; Edit only for the reviewer's own notes."""
        previous, self.note = self.note, note
        heading = note_heading(note)
        if force or heading != self.heading.text():
            self.heading.setText(heading)
        if force or note.body != previous.body:
            self.body.setText(note_html(note.body))
        self.edit_button.setVisible(note.mine)

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
    """

    save_requested = Signal(object, object, str)
    editor_closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editing_id: str | None = None
        self._saving = False  # a save is on its way (the editor is read-only meanwhile)
        self.cards: list[NoteCard] = []  # the cards shown, one per note
        self._pool: list[NoteCard] = []  # every card made; the spare ones hidden

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
        self.editor.cancel_pressed.connect(self.close_editor)
        self.save_button = QPushButton("Save", self.editor_frame)
        self.save_button.setToolTip("Save the note (Ctrl+Enter)")
        self.save_button.clicked.connect(self.request_save)
        self.cancel_button = QPushButton("Cancel", self.editor_frame)
        self.cancel_button.setToolTip("Discard the note (Esc)")
        self.cancel_button.clicked.connect(self.close_editor)
        self.editor.textChanged.connect(self._sync_save_enabled)
        editor_top = QHBoxLayout()
        editor_top.addWidget(self.editor_title, 1)
        editor_top.addWidget(self.kind_combo)
        editor_buttons = QHBoxLayout()
        editor_buttons.addWidget(mute(plain_label("Ctrl+Enter saves, Esc cancels", self)), 1)
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

    @property
    def is_editing(self) -> bool:
        """Whether the editor is open."""
        return not self.editor_frame.isHidden()

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

    def start_new_note(self) -> None:
        """Opens the editor for a new triage note and focuses its text."""
        if self._saving:
            return  # the note being saved stays until its save is done
        if self.is_editing and self._editing_id is None:
            self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        self._open_editor(None, NoteKind.TRIAGE, "")

    def close_editor(self) -> None:
        """Closes the editor, discarding its text."""
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
        self._cards_box.addWidget(card)
        return card

    def _start_edit(self, note_id: str) -> None:
        if self._saving:
            return
        for card in self.cards:
            if card.note.id == note_id:
                self._open_editor(note_id, card.note.kind, card.note.body)
                return

    def _open_editor(self, note_id: str | None, kind: NoteKind, body: str) -> None:
        self._editing_id = note_id
        self.editor_title.setText("New note" if note_id is None else "Edit your note")
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind.value)))
        self.editor.setPlainText(body)
        self.editor_frame.show()
        self._sync_save_enabled()
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        cursor = self.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)

    def _sync_save_enabled(self) -> None:
        self.save_button.setEnabled(
            not self._saving and bool(self.editor.toPlainText().strip())
        )
