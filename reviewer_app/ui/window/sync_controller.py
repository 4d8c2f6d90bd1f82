"""Background sync for the window: on start, on demand and every few minutes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from reviewer_app.cache import LocalCache
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.errors import UserError
from reviewer_app.sync import SyncResult
from reviewer_app.sync.errors import LoginRefused
from reviewer_app.sync.holdings import CacheWithoutItsDatabase, refuse_missing_file
from reviewer_app.ui.error_report import LOG_NAME
from reviewer_app.ui.tasks import Reporter, TaskRunner

if TYPE_CHECKING:
    from reviewer_app.sync import Syncer

# The most rows of the window's sync that a key press's write waits for: the sync commits
# after such a part when a write waits (see reviewer_app/sync/page_parts.py).
WINDOW_ROWS_PER_PART = 100
# How long after a change that waits to be pushed the window syncs (when online).
PUSH_AFTER_MS = 20_000


def sync_once(
    cache: LocalCache,
    connection: SharedConnection,
    data_dir: Path,
    reviewer_name: str,
    reviewer_email: str = "",
    report: Reporter | None = None,
    on_start: Callable[[Syncer], None] | None = None,
) -> SyncResult:
    """Creates the embedded demo database if it is the one in use, then syncs (blocking).

    The demo is made on a real first launch only: when its file is missing while the
    cache holds work (the file was moved or deleted, the data folder copied elsewhere),
    :class:`~reviewer_app.sync.holdings.SharedFileMissing` is raised instead, and
    nothing is made or synced.

    Args:
        on_start: Given the syncer before it starts, e.g. to cancel it from elsewhere.
    """
    if connection.embedded:
        # Imported here: the importer (openpyxl, ftfy) is not on the window's start.
        from reviewer_app.intake.demo_import import embedded_database_path, ensure_embedded_demo

        path = embedded_database_path(data_dir)
        if not path.exists():
            refuse_missing_file(cache, path)
        if report is not None:
            report("demo", 0, 0)
        ensure_embedded_demo(data_dir)
    shared = connection.open()
    try:
        from reviewer_app.sync import Syncer  # on the sync's thread, after the first paint

        syncer = Syncer(cache, shared, reviewer_name, reviewer_email, progress=report)
        # A check recorded meanwhile waits for one short part of a page, not the page.
        syncer.rows_per_part = WINDOW_ROWS_PER_PART
        if on_start is not None:
            on_start(syncer)
        return syncer.sync()
    finally:
        shared.dispose()


class _Cancellation:
    """Cancels one sync from the GUI thread, whether or not its syncer exists yet."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._syncer: Syncer | None = None

    def attach(self, syncer: Syncer) -> None:
        """Called on the worker with the syncer about to run."""
        with self._lock:
            self._syncer = syncer
            if self._cancelled:
                syncer.cancel()

    def cancel(self) -> None:
        """Breaks off the sync: it fails at once rather than waiting on the network."""
        with self._lock:
            self._cancelled = True
            if self._syncer is not None:
                self._syncer.cancel()


class SyncController(QObject):
    """Runs syncs through the TaskRunner, one at a time, and says how they went.

    Signals:
        started: A sync began.
        progressed: (phase, done, total) from the syncer.
        succeeded: The SyncResult.
        failed: The reason, for the status bar; the app goes on offline.
        login_refused: The LoginRefused (after ``failed``): the server refused the login,
            disabled by the coordinator or a wrong password; the outbox stays.
        database_lost: The CacheWithoutItsDatabase (after ``failed``): the shared
            database's file is missing, or the database is empty, while the cache holds
            work; nothing was synced, and the cache is kept.
    """

    started = Signal()
    progressed = Signal(str, int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    login_refused = Signal(object)
    database_lost = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        cache: LocalCache,
        connection: SharedConnection,
        data_dir: Path,
        reviewer_name: str,
        reviewer_email: str = "",
        interval_minutes: int = 5,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._cache = cache
        self.connection = connection
        self._data_dir = data_dir
        self.reviewer_name = reviewer_name
        self.reviewer_email = reviewer_email
        self.running = False
        self.online: bool | None = None
        self.last_error: str | None = None
        self._cancellation = _Cancellation()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)
        self.set_interval(interval_minutes)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(PUSH_AFTER_MS)
        # A sync running then: the change goes in the next one, as soon again.
        self._soon.timeout.connect(lambda: self.sync_now() or self._soon.start())

    def set_interval(self, minutes: int) -> None:
        """Syncs every ``minutes`` from now on (the timer runs once started)."""
        self.timer.setInterval(max(1, minutes) * 60_000)

    def start(self) -> None:
        """Syncs now and then every interval."""
        self.timer.start()
        self.sync_now()

    def soon(self) -> None:
        """Syncs :data:`PUSH_AFTER_MS` after a first change waits, when last online.

        The team sees a review within seconds, not at the next sync of the interval;
        changes made meanwhile go in the same sync. Offline, the interval's sync tries.
        """
        if self.online and self.timer.isActive() and not self._soon.isActive():
            self._soon.start()

    def stop_timers(self) -> None:
        """No sync starts by itself from now on (the interval's, or one after a change)."""
        self.timer.stop()
        self._soon.stop()

    def stop(self) -> None:
        """Stops the periodic sync, and breaks off a running one (the window is closing).

        A sync waiting on a stalled network would otherwise hold the window's close for
        up to the stall timeout; what it committed stays, the rest waits for next time.
        """
        self.stop_timers()
        if self.running:
            self._cancellation.cancel()

    def sync_now(self) -> bool:
        """Starts a sync; False when one is already running."""
        if self.running:
            return False
        self.running = True
        self.started.emit()
        cache, connection, data_dir = self._cache, self.connection, self._data_dir
        name, email = self.reviewer_name, self.reviewer_email
        self._cancellation = cancellation = _Cancellation()
        self._runner.run_with_progress(
            lambda report: sync_once(
                cache, connection, data_dir, name, email, report, cancellation.attach
            ),
            on_done=self._done,
            on_error=self._failed,
            on_progress=self.progressed.emit,
        )
        return True

    def _done(self, result: SyncResult) -> None:
        self.running = False
        self.online = True
        self.last_error = None
        self.succeeded.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.online = False
        if not isinstance(exc, UserError):
            # A bug: never hidden behind "offline". The status bar says the sync failed
            # (not "Connecting…" for ever), and the error goes on to the error report.
            self.last_error = (
                f"The sync failed on an unexpected error ({type(exc).__name__}); its "
                f"details are in {self._data_dir / LOG_NAME}."
            )
            self.failed.emit(self.last_error)
            raise exc
        self.last_error = str(exc)
        self.failed.emit(str(exc))
        if isinstance(exc, LoginRefused):
            self.login_refused.emit(exc)
        if isinstance(exc, CacheWithoutItsDatabase):
            self.database_lost.emit(exc)
