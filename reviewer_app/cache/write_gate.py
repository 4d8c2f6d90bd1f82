"""One write transaction at a time within the app, taken in the order asked for.

Two threads of one process that both write the cache (the window's database worker
and a sync) would otherwise meet only at SQLite's write lock, whose busy handler polls
with growing sleeps: a key press's one-row write waiting behind a sync that commits a
part and at once begins the next kept missing the moment the lock was free, and waited
up to 340 ms behind a stream of 25 ms transactions. Here the waiting writer is served
as soon as the transaction before it ends, in first-come order, so it waits for one
part at most. A writer waits no longer than SQLite's busy timeout would have let it.
Other processes still meet at SQLite's lock, as before.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class GateTimeout(Exception):
    """Another writer of the app held the gate for longer than the wait allowed."""


class WriteGate:
    """A first-come, first-served lock; the thread holding it may take it again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[tuple[int, threading.Event]] = deque()  # waiting, in order
        self._owner: int | None = None
        self._depth = 0
        self._on_wait: Callable[[], None] | None = None

    @contextmanager
    def held(
        self,
        timeout_s: float | None = None,
        timed_out: Callable[[float], Exception] | None = None,
    ) -> Iterator[None]:
        """Holds the gate for the block, after every thread that asked for it earlier.

        Args:
            timeout_s: The longest wait; None waits as long as it takes.
            timed_out: Makes the error raised after that wait, from ``timeout_s``.

        Raises:
            GateTimeout: Not given the gate within ``timeout_s`` (unless ``timed_out``).
        """
        me = threading.get_ident()
        turn: threading.Event | None = None
        with self._lock:
            if self._owner == me:
                self._depth += 1
            elif self._owner is None and not self._queue:
                self._owner, self._depth = me, 1
            else:
                turn = threading.Event()
                self._queue.append((me, turn))
            notify = self._on_wait if turn is not None else None
        if turn is not None:
            try:
                if notify is not None:
                    notify()  # the holder may end its transaction early (see waited_for)
                given = turn.wait(timeout_s)
            except BaseException:  # e.g. KeyboardInterrupt: out of the queue, or pass it on
                if self._give_up(me, turn):
                    with self._lock:
                        self._release()
                raise
            if not given and not self._give_up(me, turn):
                assert timeout_s is not None  # an endless wait never ends here
                if timed_out is not None:
                    raise timed_out(timeout_s)
                raise GateTimeout(f"another write held the gate for over {timeout_s:g} s")
        try:
            yield
        finally:
            with self._lock:
                self._release()

    @contextmanager
    def waited_for(self, callback: Callable[[], None]) -> Iterator[None]:
        """While the block runs, a thread about to wait for the gate calls ``callback``.

        Called on the waiting thread, before it waits: a long holder (an index being
        built) can stop what it does and let that thread go first.
        """
        with self._lock:
            self._on_wait = callback
        try:
            yield
        finally:
            with self._lock:
                self._on_wait = None

    def _give_up(self, me: int, turn: threading.Event) -> bool:
        """Leaves the queue; returns whether the gate was handed over meanwhile (kept)."""
        with self._lock:
            if turn.is_set():
                return True
            self._queue.remove((me, turn))
            return False

    def _release(self) -> None:
        """Hands the gate to the next in the queue (the lock held)."""
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
            if self._queue:
                self._owner, next_turn = self._queue.popleft()
                self._depth = 1
                next_turn.set()

    @property
    def waiting(self) -> int:
        """How many threads wait for the gate (not counting its holder)."""
        with self._lock:
            return len(self._queue)
