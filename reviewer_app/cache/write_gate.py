"""One write transaction at a time within the app, taken in the order asked for.

Two threads of one process that both write the cache (the window's database worker
and a sync) would otherwise meet only at SQLite's write lock, whose busy handler polls
with growing sleeps: a key press's one-row write waiting behind a sync that commits a
part and at once begins the next kept missing the moment the lock was free, and waited
up to 340 ms behind a stream of 25 ms transactions. Here the waiting writer is served
as soon as the transaction before it ends, in first-come order, so it waits for one
part at most. Other processes still meet at SQLite's lock, as before.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class WriteGate:
    """A first-come, first-served lock; the thread holding it may take it again."""

    def __init__(self) -> None:
        self._condition = threading.Condition(threading.Lock())
        self._next_ticket = 0
        self._serving = 0
        self._owner: int | None = None
        self._depth = 0

    @contextmanager
    def held(self) -> Iterator[None]:
        """Holds the gate for the block, after every thread that asked for it earlier."""
        me = threading.get_ident()
        with self._condition:
            if self._owner == me:
                self._depth += 1
            else:
                ticket = self._next_ticket
                self._next_ticket += 1
                while self._serving != ticket:
                    self._condition.wait()
                self._owner, self._depth = me, 1
        try:
            yield
        finally:
            with self._condition:
                self._depth -= 1
                if self._depth == 0:
                    self._owner = None
                    self._serving += 1
                    self._condition.notify_all()

    @property
    def waiting(self) -> int:
        """How many threads wait for the gate (not counting its holder)."""
        with self._condition:
            return self._next_ticket - self._serving - (1 if self._owner is not None else 0)
