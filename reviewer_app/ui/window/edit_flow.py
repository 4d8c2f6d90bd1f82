"""The Edit menu: undo and redo of what the reviewer recorded, and the window's own writes.

The history (:class:`UndoHistory`, one per window session) names what each would take
back; the menu says it ("Undo: Not met on Python for Ana Souza") and is refreshed after
every write and every sync. Undo and redo are writes like any other: they run on the
window's database worker, and their Changes reach the panes through the window.

While a text field has the focus, Ctrl+Z is the field's own: an editable QLineEdit or
QTextEdit claims the platform's undo and redo keys before any window shortcut (Qt's
ShortcutOverride), so the window's action never takes back what is being typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence

from reviewer_app.domain.changes import Changes
from reviewer_app.errors import UserError
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.undo import CannotUndo
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.window_menus import WindowMenus

UNDO_TEXT = "&Undo"
REDO_TEXT = "&Redo"
# A write that takes longer (a bulk action over thousands of applications, its undo)
# says what it is doing meanwhile; a quick one says only what it did.
SLOW_WRITE_MS = 300


def add_standard_keys(action: QAction, key: QKeySequence.StandardKey) -> None:
    """Lets ``action`` answer the platform's standard keys for ``key`` too.

    The action's own shortcut stays first (the one menus and the help show); a key
    given twice would make Qt call the shortcut ambiguous and run nothing.
    """
    keys = [action.shortcut(), *QKeySequence.keyBindings(key)]
    action.setShortcuts(list(dict.fromkeys(k for k in keys if not k.isEmpty())))


def menu_text(text: str | None, plain: str) -> str:
    """The menu text of a history entry ("Undo: …"), or ``plain`` when there is none.

    An "&" of an applicant's name is shown as such, not taken for a mnemonic.
    """
    return plain if text is None else "&" + text.replace("&", "&&")


class EditFlow(QObject):
    """Edit → Undo and Redo, and the writes the window itself runs on its worker.

    Args:
        menus: Makes the actions (their shortcuts work with the menu bar hidden).
        review: Records, undoes and redoes the reviewer's changes; its history (one
            per window session) says what Undo and Redo would do.
        worker: The window's database worker.
        apply_changes: Hands a write's Changes to the panes (the reviewer's own edit).
        say: Shows a line in the status bar (nothing to undo, a write refused).
        notify: Shows a notice that stays until dismissed (why undo cannot go on).
    """

    def __init__(
        self,
        menus: WindowMenus,
        review: ReviewService,
        worker: TaskRunner,
        apply_changes: Callable[[Changes], None],
        say: Callable[[str], None],
        notify: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._review = review
        self._worker = worker
        self._apply_changes = apply_changes
        self._say = say
        self._notify = notify
        self._running: set[object] = set()  # the writes queued or running
        self._taking_back: object | None = None  # the undo or redo queued or running
        self.undo_action = menus.action(
            "undo", UNDO_TEXT, "Ctrl+Z", self.undo, "Undo the last change you recorded"
        )
        add_standard_keys(self.undo_action, QKeySequence.StandardKey.Undo)
        self.redo_action = menus.action(
            "redo", REDO_TEXT, "Ctrl+Shift+Z", self.redo, "Redo the change last undone"
        )
        add_standard_keys(self.redo_action, QKeySequence.StandardKey.Redo)
        self.refresh()

    def refresh(self) -> None:
        """Names in the menu what Undo and Redo would do, and disables what cannot be done."""
        history = self._review.history
        for action, text, plain, key in (
            (self.undo_action, history.undo_text(), UNDO_TEXT, "Ctrl+Z"),
            (self.redo_action, history.redo_text(), REDO_TEXT, "Ctrl+Shift+Z"),
        ):
            action.setText(menu_text(text, plain))
            action.setEnabled(text is not None)
            action.setToolTip(f"{text or plain.replace('&', '')} ({key})")

    def undo(self) -> None:
        """Takes back the last change recorded, on the worker, and says what it was."""
        self._take_back(self._review.history.undo_text(), self._review.undo, "Undo")

    def redo(self) -> None:
        """Records again the change last undone, on the worker, and says what it was."""
        self._take_back(self._review.history.redo_text(), self._review.redo, "Redo")

    def _take_back(self, text: str | None, write: Callable[[], Changes], verb: str) -> None:
        if self._taking_back:
            # A second Ctrl+Z while a long undo runs would take back the change before
            # it too, unseen: one at a time.
            self._say(f"Still busy with the last {verb.lower()}: wait until it is done.")
            return
        past, present = {"Undo": ("Undone", "Undoing"), "Redo": ("Redone", "Redoing")}[verb]
        said = text and text.replace(f"{verb}: ", f"{past}: ", 1)

        def done(changes: Changes) -> str | None:
            # Undoing a save gives back what was typed before it, as a draft: the form
            # keeps it, which looked as if the undo had not happened.
            if said and verb == "Undo" and changes.drafts:
                return f"{said}. What you had typed is kept as a draft; Esc discards it."
            return said

        self._taking_back = self.run_write(
            write,
            done=done,
            doing=text and text.replace(f"{verb}: ", f"{present}: ", 1) + "…",
        )

    def run_write(
        self,
        write: Callable[[], Changes],
        *,
        done: str | Callable[[Changes], str | None] | None = None,
        doing: str | None = None,
    ) -> object:
        """Runs a write on the worker; its Changes go to the panes, a refusal is said.

        ``done`` is said in the status bar once the write is done (a function: made from
        the write's Changes); ``doing`` meanwhile,
        if it takes longer than a moment (SLOW_WRITE_MS). Returns the write's token.
        """
        token = object()
        self._running.add(token)
        if doing:
            QTimer.singleShot(SLOW_WRITE_MS, self, lambda: self._still_running(token, doing))
        self._worker.run(
            write,
            on_done=lambda changes: self._done(token, changes, done),
            on_error=lambda exc: self._failed(token, exc),
        )
        return token

    def _still_running(self, token: object, doing: str) -> None:
        if token in self._running:
            self._say(doing)

    def _finished(self, token: object) -> None:
        self._running.discard(token)
        if token is self._taking_back:
            self._taking_back = None

    def _done(
        self,
        token: object,
        changes: Changes,
        said: str | Callable[[Changes], str | None] | None = None,
    ) -> None:
        self._finished(token)
        self._apply_changes(changes)
        self.refresh()
        text = said(changes) if callable(said) else said
        if text:
            self._say(text)

    def _failed(self, token: object, exc: BaseException) -> None:
        self._finished(token)
        if not isinstance(exc, UserError):
            raise exc
        if isinstance(exc, CannotUndo):
            # The history is cleared: the reason stays on screen until read.
            self._notify(str(exc))
        else:
            self._say(str(exc))
        self.refresh()
