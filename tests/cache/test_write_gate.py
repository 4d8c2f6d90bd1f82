"""Tests of reviewer_app/cache/write_gate.py: the app's writers served in turn."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from reviewer_app.cache import LocalCache
from reviewer_app.cache.errors import CacheBusy, CacheWriteWaited
from reviewer_app.cache.write_gate import GateTimeout, WriteGate


def _wait_until(condition: object, timeout_s: float = 5.0) -> None:
    end = time.monotonic() + timeout_s
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < end, "timed out"
        time.sleep(0.001)


def test_a_waiting_thread_goes_before_the_holder_asks_again() -> None:
    gate = WriteGate()
    order: list[str] = []
    waiter_asked = threading.Event()

    def waiter() -> None:
        waiter_asked.set()
        with gate.held():
            order.append("waiter")

    with gate.held():
        thread = threading.Thread(target=waiter)
        thread.start()
        waiter_asked.wait()
        _wait_until(lambda: gate.waiting == 1)
    with gate.held():  # at once again, as a sync's next part: after the waiter
        order.append("holder again")
    thread.join()
    assert order == ["waiter", "holder again"]
    assert gate.waiting == 0


def test_the_holder_may_take_it_again() -> None:
    gate = WriteGate()
    with gate.held(), gate.held():
        assert gate.waiting == 0
    with gate.held():  # released for good: taken again without waiting
        pass


def test_it_is_released_when_the_block_raises() -> None:
    gate = WriteGate()
    try:
        with gate.held():
            raise RuntimeError("a failed write")
    except RuntimeError:
        pass
    done = threading.Event()

    def other() -> None:
        with gate.held():
            done.set()

    threading.Thread(target=other).start()
    assert done.wait(5)


def test_a_short_write_is_not_starved_by_back_to_back_transactions(tmp_path: Path) -> None:
    cache = LocalCache.open(tmp_path)
    stop = threading.Event()
    transactions = 0

    def stream() -> None:  # as a sync writing its parts one after the other
        nonlocal transactions
        while not stop.is_set():
            with cache.session() as session:
                session.execute(text("CREATE TABLE IF NOT EXISTS t (x)"))
                session.execute(text("INSERT INTO t VALUES (1)"))
                time.sleep(0.02)  # a part's 20 ms under the write lock
            transactions += 1

    thread = threading.Thread(target=stream)
    thread.start()
    try:
        _wait_until(lambda: transactions > 0)
        waits = []
        for _ in range(5):
            began = time.perf_counter()
            with cache.session() as session:
                session.execute(text("INSERT INTO t VALUES (2)"))
            waits.append(time.perf_counter() - began)
        # One part at most, not SQLite's busy handler's growing sleeps.
        assert max(waits) < 0.2, waits
    finally:
        stop.set()
        thread.join()
        cache.close()


@contextmanager
def _held_elsewhere(take: Callable[[], AbstractContextManager[object]]) -> Iterator[None]:
    """Another thread holds what ``take()`` gives for the block (a stalled writer)."""
    holding, released = threading.Event(), threading.Event()

    def holder() -> None:
        with take():
            holding.set()
            released.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    holding.wait(5)
    try:
        yield
    finally:
        released.set()
        thread.join()


def test_a_wait_past_its_timeout_fails_and_leaves_the_queue() -> None:
    gate = WriteGate()
    with _held_elsewhere(gate.held):
        with pytest.raises(GateTimeout), gate.held(timeout_s=0.05):
            pass
        assert gate.waiting == 0  # not left in the queue, to be handed the gate later
    with gate.held(timeout_s=0.05):  # free again
        pass


def test_a_write_behind_a_longer_one_of_the_app_fails_as_busy(tmp_path: Path) -> None:
    cache = LocalCache.open(tmp_path, busy_timeout_s=0.1)
    try:
        # E.g. a sync's transaction held on a stalled server.
        with _held_elsewhere(cache.session):
            busy = pytest.raises(CacheWriteWaited, match="another write of this app")
            with busy, cache.session() as session:
                session.execute(text("SELECT 1"))
        assert isinstance(CacheWriteWaited(tmp_path, 0.1), CacheBusy)
    finally:
        cache.close()


def test_a_wait_interrupted_leaves_the_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    gate = WriteGate()

    def interrupted(_self: threading.Event, timeout: float | None = None) -> bool:
        raise KeyboardInterrupt

    with _held_elsewhere(gate.held):
        monkeypatch.setattr(threading.Event, "wait", interrupted)
        with pytest.raises(KeyboardInterrupt), gate.held():
            pass
        monkeypatch.undo()
        assert gate.waiting == 0  # never handed the gate it would not give back
    with gate.held(timeout_s=0.05):
        pass


def test_a_thread_about_to_wait_calls_the_holders_callback() -> None:
    gate = WriteGate()
    called: list[int] = []
    holding = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with gate.held(), gate.waited_for(lambda: called.append(threading.get_ident())):
            holding.set()
            release.wait(5)

    with gate.held():
        pass  # the gate free: nobody waits, nothing is called
    thread = threading.Thread(target=holder)
    thread.start()
    holding.wait(5)

    def waiter() -> None:
        with gate.held():
            pass

    other = threading.Thread(target=waiter)
    other.start()
    for _ in range(500):
        if called:
            break
        time.sleep(0.01)
    assert called == [other.ident]  # on the waiting thread, before it waits
    release.set()
    thread.join(5)
    other.join(5)
    with gate.held():
        pass
    assert called == [other.ident]  # the block over: no longer called


def test_a_callback_that_fails_leaves_the_waiter_out_of_the_queue() -> None:
    gate = WriteGate()

    def broken() -> None:
        raise RuntimeError("the holder's connection is gone")

    @contextmanager
    def holding() -> Iterator[None]:
        with gate.held(), gate.waited_for(broken):
            yield

    with _held_elsewhere(holding):
        with pytest.raises(RuntimeError), gate.held():
            pass
        assert gate.waiting == 0  # else every later write would wait for it forever
    with gate.held(timeout_s=0.05):
        pass
