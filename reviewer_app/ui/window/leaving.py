"""Closing the window with work in flight: drafts written, one sync tried, what waits said.

Quitting never loses work. The drafts being typed are written first. Changes still in
the outbox get one sync, bounded in time (a small progress dialog says so and can cut
it short); when the shared database cannot be reached, the reviewer is told how many
changes wait and that they are safe on this computer, sent at the next sync. Then the
window closes. Nothing here reads the cache on the GUI thread: the outbox is counted
on the window's worker, behind the writes already queued.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog

from reviewer_app.cache import LocalCache
from reviewer_app.errors import UserError
from reviewer_app.sync import SyncResult
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.sync_controller import SyncController

# Long enough for a push over a slow connection, short enough that quitting stays quick
# when the network is down (a refused connection fails at once anyway).
LEAVE_SYNC_MS = 20_000


def changes_text(count: int) -> str:
    """ "1 change" or "3 changes"."""
    return "1 change" if count == 1 else f"{count:,} changes"


def waiting_text(count: int) -> str:
    """What the reviewer is told of the changes that could not be sent before closing."""
    verb = "waits" if count == 1 else "wait"
    return f"{changes_text(count)} {verb} to be sent to the shared database."


SAFE_TEXT = "They are safe on this computer and are sent at the next sync."


class LeaveFlow(QObject):
    """Decides when the window may close, and does what must happen before.

    Args:
        window: The window closing.
        cache: Its local cache (the outbox is counted on ``worker``).
        worker: The window's database worker.
        sync: The window's sync; None for a window that never syncs (nothing is tried).
        flush_drafts: Writes the drafts not stored yet, at once.
        timeout_ms: How long the sync may take before it is broken off.
    """

    def __init__(
        self,
        window: QMainWindow,
        cache: LocalCache,
        worker: TaskRunner,
        sync: SyncController | None,
        flush_drafts: Callable[[], None],
        timeout_ms: int = LEAVE_SYNC_MS,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._cache = cache
        self._worker = worker
        self._sync = sync
        self._flush_drafts = flush_drafts
        self.timeout_ms = timeout_ms
        self.left = False  # what had to happen has happened: the window may close
        self.leaving = False  # waiting for the count, the sync or the reviewer
        self.progress: QProgressDialog | None = None
        self.message: QMessageBox | None = None
        self._own_sync = False  # the sync awaited is the one this flow started
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._give_up)

    def may_close(self) -> bool:
        """Called as the window is asked to close; False: it closes itself once done."""
        if self.left:
            return True
        if self.leaving:
            return False
        self._flush_drafts()  # first, whatever follows: a draft is never lost
        if self._sync is None:
            self.left = True
            return True
        self.leaving = True
        self._sync.stop_timers()  # no sync starts by itself while leaving
        self._count(self._counted)
        return False

    def leave_at_once(self) -> None:
        """Lets the window close without trying a sync (another database is opened).

        The drafts are still written; the outbox stays for when the reviewer comes back.
        """
        if not self.left:
            if not self.leaving:
                self._flush_drafts()
            self.left = True

    def _count(self, then: Callable[[int], None]) -> None:
        def failed(exc: BaseException) -> None:
            if not isinstance(exc, UserError):
                raise exc
            self._finish()  # the outbox is kept in the cache whatever it held

        self._worker.run(self._cache.pending_operations, on_done=then, on_error=failed)

    def _counted(self, pending: int) -> None:
        if not shiboken6.isValid(self._window):  # deleted while the worker counted
            self._finish()
            return
        sync = self._sync
        if pending == 0 or sync is None:
            self._finish()
            return
        progress = QProgressDialog(
            f"Sending {changes_text(pending)} to the shared database before closing…",
            "Close now",
            0,
            0,
            self._window,
        )
        progress.setWindowTitle("Closing reviewer_app")
        progress.setObjectName("leavingProgress")
        progress.setMinimumDuration(0)
        progress.canceled.connect(self._give_up)
        progress.open()
        self.progress = progress
        self._timer.start(self.timeout_ms)  # for the whole attempt, however many syncs
        self._start_sync()

    def _start_sync(self) -> None:
        sync = self._sync
        if sync is None:
            return
        sync.succeeded.connect(self._synced)
        sync.failed.connect(self._sync_failed)
        # False when one runs already: its end is awaited, then one of ours follows.
        self._own_sync = sync.sync_now()

    def _give_up(self) -> None:
        if self._sync is not None and self._sync.running:
            self._sync.stop()  # it fails at once; _sync_failed says what waits

    def _synced(self, _result: SyncResult) -> None:
        self._sync_ended(None)

    def _sync_failed(self, reason: str) -> None:
        self._sync_ended(reason)

    def _sync_ended(self, reason: str | None) -> None:
        sync = self._sync
        if sync is not None:
            sync.succeeded.disconnect(self._synced)
            sync.failed.disconnect(self._sync_failed)
        if reason is None and not self._own_sync and self._timer.isActive():
            # The sync that was running may have begun before the last changes.
            self._start_sync()
            return
        self._timer.stop()
        self._count(lambda pending: self._after_sync(pending, reason))

    def _after_sync(self, pending: int, reason: str | None) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self._give_up)
            self.progress.close()
        if pending == 0:
            self._finish()
            return
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Changes wait to be sent",
            waiting_text(pending),
            QMessageBox.StandardButton.Ok,
            self._window,
        )
        box.setObjectName("changesWaiting")
        box.setTextFormat(Qt.TextFormat.PlainText)
        if reason:
            box.setInformativeText(f"The shared database could not be reached. {SAFE_TEXT}")
            box.setDetailedText(reason)  # the sync's own words, when asked for
        else:
            box.setInformativeText(f"Not all of them could be sent. {SAFE_TEXT}")
        box.finished.connect(lambda _result: self._finish())
        self.message = box
        box.open()

    def _finish(self) -> None:
        self.left = True
        self.leaving = False
        if shiboken6.isValid(self._window):  # else already gone with the app
            self._window.close()
