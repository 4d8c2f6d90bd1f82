"""Tests of reviewer_app.storage.gc_pause."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from reviewer_app.storage.gc_pause import cycle_collector_paused


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
