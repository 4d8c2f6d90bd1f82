"""Background sync for the window: on start, on demand and every few minutes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from reviewer_app.cache import LocalCache
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.errors import UserError
from reviewer_app.intake.demo_import import ensure_embedded_demo
from reviewer_app.sync import Syncer, SyncResult
from reviewer_app.ui.tasks import Reporter, TaskRunner


def sync_once(
    cache: LocalCache,
    connection: SharedConnection,
    data_dir: Path,
    reviewer_name: str,
    reviewer_email: str = "",
    report: Reporter | None = None,
) -> SyncResult:
    """Creates the embedded demo database if it is the one in use, then syncs (blocking)."""
    if connection.embedded:
        if report is not None:
            report("demo", 0, 0)
        ensure_embedded_demo(data_dir)
    shared = connection.open()
    try:
        return Syncer(cache, shared, reviewer_name, reviewer_email, progress=report).sync()
    finally:
        shared.dispose()


class SyncController(QObject):
    """Runs syncs through the TaskRunner, one at a time, and says how they went.

    Signals:
        started: A sync began.
        progressed: (phase, done, total) from the syncer.
        succeeded: The SyncResult.
        failed: The reason, for the status bar; the app goes on offline.
    """

    started = Signal()
    progressed = Signal(str, int, int)
    succeeded = Signal(object)
    failed = Signal(str)

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
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)
        self.set_interval(interval_minutes)

    def set_interval(self, minutes: int) -> None:
        """Syncs every ``minutes`` from now on (the timer runs once started)."""
        self.timer.setInterval(max(1, minutes) * 60_000)

    def start(self) -> None:
        """Syncs now and then every interval."""
        self.timer.start()
        self.sync_now()

    def stop(self) -> None:
        """Stops the periodic sync."""
        self.timer.stop()

    def sync_now(self) -> bool:
        """Starts a sync; False when one is already running."""
        if self.running:
            return False
        self.running = True
        self.started.emit()
        cache, connection, data_dir = self._cache, self.connection, self._data_dir
        name, email = self.reviewer_name, self.reviewer_email
        self._runner.run_with_progress(
            lambda report: sync_once(cache, connection, data_dir, name, email, report),
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
        if not isinstance(exc, UserError):
            raise exc  # a bug: never hidden behind "offline"
        self.online = False
        self.last_error = str(exc)
        self.failed.emit(str(exc))
