"""A bound on how long a sync waits for a shared database that has gone silent.

A connection can stall without any error: a VPN or Wi-Fi that drops packets one way, a
proxy that stops forwarding while the kernel still acknowledges every packet. TCP
keepalives catch a dead peer (see :mod:`reviewer_app.server.connections`), not this. So
while a sync waits on the shared database, a watchdog thread looks every fraction of a
second at how long the connections in use have heard nothing (on Linux, from the
socket; elsewhere, since the wait began); past the stall timeout it breaks them, and
the waiting call fails at once. Each step (a pull page, a push batch) starts the clock
again, so a long sync on a slow but live connection is never cut short.

Nothing is lost: a page is applied in one local transaction, a push batch is settled
only after the server answered, and the next sync carries on from there.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from reviewer_app.server.connections import seconds_from_env
from reviewer_app.server.database import SharedDatabase

STALL_TIMEOUT_ENV = "REVIEWER_SYNC_STALL_TIMEOUT"
"""Seconds a sync may hear nothing from the shared database before it gives up."""
DEFAULT_STALL_TIMEOUT_S = 60.0
_STALLED = "the connection stalled"
_CANCELLED = "the sync was stopped"


def default_stall_timeout() -> float:
    """The stall timeout: :data:`STALL_TIMEOUT_ENV` if set, else 60 s (0: no limit)."""
    return seconds_from_env(STALL_TIMEOUT_ENV, DEFAULT_STALL_TIMEOUT_S)


class StallGuard:
    """Breaks the shared database's connections when a wait on them goes silent too long.

    Use as a context manager around a sync (it starts and stops the watchdog), and
    :meth:`waiting` around each wait on the server.

    Args:
        shared: The shared database whose connections are watched and broken.
        timeout_s: Silence allowed, in seconds; 0 or less: no limit.
    """

    def __init__(self, shared: SharedDatabase, timeout_s: float) -> None:
        self._shared = shared
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._depth = 0
        self._since = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.stalled = False
        self.cancelled = False

    def __enter__(self) -> StallGuard:
        # SQLite reads a local file: nothing there can stall, nor be broken from outside.
        if self.timeout_s > 0 and self._shared.dialect == "postgresql" and self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._watch, name="sync-stall-guard", daemon=True
            )
            self._thread.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            thread.join()
        if self.stalled:
            # The next sync may find the network working again; a cancelled syncer
            # stays cancelled, but the database may serve others.
            self.stalled = False
        self._shared.accept_connections()

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """Marks a wait on the server; entering (a new step) starts the clock again."""
        with self._lock:
            self._depth += 1
            self._since = time.monotonic()
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                self._since = time.monotonic()

    def cancel(self) -> None:
        """Stops the sync, from any thread.

        Its connections break and no new one is made until the sync ends, which fails
        at its next wait on the server.
        """
        self.cancelled = True
        self._shared.interrupt(refuse_new=_CANCELLED)

    def _silence(self) -> float | None:
        with self._lock:
            if self._depth == 0:
                return None
            waited = time.monotonic() - self._since
        heard = self._shared.quiet_seconds()
        return waited if heard is None else min(waited, heard)

    def _watch(self) -> None:
        poll = min(0.25, self.timeout_s / 8)
        while not self._stop.wait(poll):
            if self.stalled or self.cancelled:
                continue
            silence = self._silence()
            if silence is not None and silence >= self.timeout_s:
                self.stalled = True
                # New connections are refused too: the pool would otherwise replace a
                # broken one by one that waits out the connect timeout on the same network.
                self._shared.interrupt(refuse_new=_STALLED)
