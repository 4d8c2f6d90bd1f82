"""What the window says of its data and its sync, kept current.

The cache's state (the last sync, the changes waiting) is read on the window's worker
after every write and every sync; the sync's signals move the progress and the online
mark, and a finished sync hands what it changed to the window (see "The change flow"
in docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStatusBar, QWidget

from reviewer_app.cache import LocalCache, SyncState
from reviewer_app.domain.changes import Changes
from reviewer_app.errors import UserError
from reviewer_app.sync import SyncResult
from reviewer_app.ui.list.filter_keys import EmptyListNotice
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.status import FAILED_MESSAGE, SyncStatus
from reviewer_app.ui.window.sync_controller import SyncController


class StatusFlow(QObject):
    """Keeps the status bar's sync state and pending count current.

    Args:
        status: The status bar's permanent widget.
        cache: The local cache (read on ``worker``).
        worker: The window's database worker.
        sync: The window's sync; None for a window that never syncs.
        apply_changes: Hands a sync's Changes to the panes (``local=False``).
        bar: The window's status bar, for its temporary messages.
        dialogs: The window's list of non-modal windows, kept alive while open.
        notice: What the applicant list says when empty: told of the sync too.
    """

    def __init__(
        self,
        status: SyncStatus,
        cache: LocalCache,
        worker: TaskRunner,
        sync: SyncController | None,
        apply_changes: Callable[[Changes], None],
        bar: QStatusBar,
        dialogs: list[QWidget],
        parent: QObject | None = None,
        notice: EmptyListNotice | None = None,
    ) -> None:
        super().__init__(parent)
        self._status = status
        self._cache = cache
        self._worker = worker
        self._sync = sync
        self._apply_changes = apply_changes
        self._bar = bar
        self._dialogs = dialogs
        self._notice = notice
        self.last_sync_at: datetime | None = None
        self._pending_after_sync: int | None = None  # as read after the last sync
        status.details_requested.connect(self.show_details)
        if sync is not None:
            sync.started.connect(self._on_sync_started)
            sync.progressed.connect(status.set_progress)
            sync.succeeded.connect(self._on_sync_succeeded)
            sync.failed.connect(self._on_sync_failed)

    def update(self) -> None:
        """Reads the cache's sync state and pending changes again, on the worker."""
        cache = self._cache
        self._worker.run(
            lambda: (cache.sync_state(), cache.pending_operations()),
            on_done=self._show,
            on_error=self._read_failed,
            key="status",
        )

    def show_details(self) -> None:
        """Shows why the last sync failed, in a window of its own."""
        sync = self._sync
        reason = (sync.last_error if sync is not None else None) or self._status.failure
        self._status.show_failure_details(reason, self._dialogs)

    def _show(self, read: tuple[SyncState, int]) -> None:
        state, pending = read
        self.last_sync_at = state.last_sync_at
        self._status.show_cache_state(state, pending)
        # What waits after a sync stays (a change the server refused to take, say): only
        # changes made since start the short wait, or a sync every 20 s would retry it.
        if self._pending_after_sync is None or pending < self._pending_after_sync:
            self._pending_after_sync = pending
        elif pending > self._pending_after_sync and self._sync is not None:
            self._sync.soon()  # pushed within seconds, not at the next interval

    def _read_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        self._bar.showMessage(str(exc), 10_000)  # e.g. the cache busy: read again next time

    def _on_sync_started(self) -> None:
        self._status.set_progress("push")
        self._status.set_connecting()  # until a sync answers, "Online" is not known
        self._tell_list("syncing")

    def _on_sync_succeeded(self, result: SyncResult) -> None:
        self._pending_after_sync = None  # the next read says what a sync leaves waiting
        self._status.set_progress(None)
        self._status.set_online(True)
        self._tell_list(None)
        if self._bar.currentMessage() == FAILED_MESSAGE:
            # The failure it told of is over; a message said since is another's.
            self._bar.clearMessage()
        self._apply_changes(result.changes)
        if not result.changes:
            self.update()  # the last sync's time, even when nothing changed

    def _on_sync_failed(self, reason: str) -> None:
        self._status.set_progress(None)
        self._status.set_online(False, reason)
        self._tell_list("failed")
        self._bar.showMessage(FAILED_MESSAGE, 30_000)
        # The pages and batches before the failure are committed (an erased applicant
        # may be gone): show the cache as it is.
        self._apply_changes(Changes.all())

    def _tell_list(self, state: str | None) -> None:
        if self._notice is not None:
            self._notice.set_sync(state)
