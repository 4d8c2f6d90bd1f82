"""Tests of reviewer_app.storage.gc_pause."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from reviewer_app.storage.gc_pause import cycle_collector_paused, pause_for_start


@pytest.fixture
def collector_running() -> Iterator[None]:
    """The cycle collector running, whatever ran before; as it was afterwards."""
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


@pytest.mark.usefixtures("collector_running")
def test_the_collector_is_paused_in_the_block_and_runs_again_after_it() -> None:
    with pytest.raises(RuntimeError), cycle_collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("even when the block fails")
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_running")
def test_a_collector_paused_before_stays_paused() -> None:
    gc.disable()
    try:
        with cycle_collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


class _Node:
    def __init__(self) -> None:
        self.other: object = self


@pytest.mark.usefixtures("collector_running")
def test_then_freeze_collects_the_blocks_cycles_and_keeps_the_living_out() -> None:
    gc.unfreeze()
    try:
        with cycle_collector_paused(then_freeze=True):
            cycle = _Node()
            gone = weakref.ref(cycle)
            del cycle
            living = _Node()
        assert gone() is None  # the block's garbage cycle is collected
        assert gc.get_freeze_count() > 0
        assert not gc.is_tracked(living) or living not in gc.get_objects()
        assert gc.isenabled()
    finally:
        gc.unfreeze()


@pytest.mark.usefixtures("collector_running")
def test_a_start_pauses_the_collector_until_ended_then_freezes_once() -> None:
    gc.unfreeze()
    try:
        end = pause_for_start()
        assert not gc.isenabled()
        living = _Node()
        end()
        assert gc.isenabled()
        frozen = gc.get_freeze_count()
        assert frozen > 0 and not any(obj is living for obj in gc.get_objects())
        gc.unfreeze()
        end()  # a second call (the entry's finally) does nothing more
        assert gc.get_freeze_count() == 0 and gc.isenabled()
    finally:
        gc.unfreeze()


@pytest.mark.usefixtures("collector_running")
def test_a_start_leaves_a_collector_paused_before_paused() -> None:
    gc.disable()
    try:
        pause_for_start()()
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


@pytest.mark.usefixtures("collector_running")
def test_keep_out_freezes_without_collecting_first() -> None:
    gc.unfreeze()
    try:
        with cycle_collector_paused(keep_out=True):
            made = [_Node() for _ in range(100)]
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        assert not any(obj is made[0] for obj in gc.get_objects())
    finally:
        gc.unfreeze()
