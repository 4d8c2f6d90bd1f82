"""A non-modal notice across the top of the window: a refused login, work recorded as
someone, a shared database missing or empty while the cache holds work.

The window goes on working under it; nothing waits for the reviewer to read it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QToolBar, QWidget

from reviewer_app.server.connections import BAD_PASSWORD, LOGIN_DISABLED
from reviewer_app.sync import SyncResult
from reviewer_app.sync.errors import LoginRefused
from reviewer_app.sync.holdings import CacheWithoutItsDatabase
from reviewer_app.ui.window.sync_controller import SyncController


class NoticeBar(QToolBar):
    """One notice at a time, with an optional action button and a close button.

    A toolbar so that the window places it above the panes without a layout of its own
    (it adds itself to a main window); it cannot be moved, floated or hidden from the
    toolbar menu.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Notice", parent)
        self.setObjectName("noticeBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        box = QWidget(self)
        self.label = QLabel(box)
        self.label.setObjectName("noticeText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.action_button = QPushButton(box)
        self.action_button.setObjectName("noticeAction")
        self.action_button.hide()
        self.close_button = QPushButton("Dismiss", box)
        self.close_button.setObjectName("noticeDismiss")
        self.close_button.setFlat(True)
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self.addWidget(box)
        self._slot: Callable[[], object] | None = None
        self.action_button.clicked.connect(self._act)
        self.hide()
        if isinstance(parent, QMainWindow):
            parent.addToolBar(Qt.ToolBarArea.TopToolBarArea, self)

    def show_notice(
        self, text: str, action: str = "", slot: Callable[[], object] | None = None
    ) -> None:
        """Shows ``text``; with ``action`` and ``slot``, a button that does it."""
        self.label.setText(text)
        self._slot = slot
        self.action_button.setText(action)
        self.action_button.setVisible(bool(action) and slot is not None)
        self.show()

    def dismiss(self) -> None:
        """Hides the notice."""
        self._slot = None
        self.hide()

    def _act(self) -> None:
        slot = self._slot
        if slot is not None:
            slot()


KEPT_OFFLINE = (
    "You can go on working offline: your changes are kept on this computer and sent once "
    "you can sync again."
)


def login_refused_text(problem: str) -> str:
    """What the notice says when the server refused the login (``LoginRefused.problem``)."""
    if problem == LOGIN_DISABLED:
        return f"Your login was disabled by the coordinator, so syncing stopped. {KEPT_OFFLINE}"
    if problem == BAD_PASSWORD:
        return f"The password was refused: open a new invitation. {KEPT_OFFLINE}"
    return f"The shared database refused your login. {KEPT_OFFLINE}"


def watch_sync(
    notices: NoticeBar, sync: SyncController, open_invitation: Callable[[], object]
) -> None:
    """Shows a refused login, a database lost, and the name the work is recorded as."""
    refused = lost = False

    def on_refused(exc: LoginRefused) -> None:
        nonlocal refused
        refused = True
        notices.show_notice(login_refused_text(exc.problem), "Open an invitation…", open_invitation)

    def on_lost(exc: CacheWithoutItsDatabase) -> None:
        nonlocal lost
        lost = True
        notices.show_notice(exc.lasting)  # no count of changes: more come

    def on_synced(result: SyncResult) -> None:
        nonlocal refused, lost
        if result.recorded_as:
            notices.show_notice(f"Your work is recorded as {result.recorded_as} (your login).")
        elif refused or lost:
            notices.dismiss()  # the login works again, the database is back
        refused = lost = False

    sync.login_refused.connect(on_refused)
    sync.database_lost.connect(on_lost)
    sync.succeeded.connect(on_synced)
