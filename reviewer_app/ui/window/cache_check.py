"""The cache's quick check, run first on the window's worker: off the path to the first paint.

SQLite's ``PRAGMA quick_check`` reads every page of the cache (0.3 to 0.4 s at 100,000
applications). The window opens the cache without it (``LocalCache.open(check=False)``,
see :func:`~reviewer_app.ui.window.services.build_services`) and is painted at once;
the check then runs on the database worker before the window reads anything, and the
sync starts only once it passed. A damaged cache is said as a start that failed says
it (the message names ``salvage``), and the app quits.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from reviewer_app.cache import LocalCache
from reviewer_app.errors import UserError
from reviewer_app.ui.tasks import TaskRunner


class CacheCheck(QObject):
    """Checks the cache on ``worker``, then calls ``then`` and emits :attr:`passed`.

    Args:
        worker: The window's database worker (nothing is queued on it before the check).
        cache: The cache, opened without its check.
        window: The window the error is said over.
        then: What reads the cache first (the window's reload).

    Signals:
        passed: The cache is sound (the window's sync may start).
    """

    passed = Signal()

    def __init__(
        self, worker: TaskRunner, cache: LocalCache, window: QWidget, then: Callable[[], None]
    ) -> None:
        super().__init__(window)
        self._window = window
        self._then = then
        self.done = False
        worker.run(cache.check_once, on_done=self._on_passed, on_error=self._on_failed)

    def _on_passed(self, _result: None) -> None:
        self.done = True
        self._then()
        self.passed.emit()

    def _on_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        QMessageBox.critical(self._window, "reviewer_app", str(exc))
        QCoreApplication.exit(1)  # as a start whose cache failed to open
