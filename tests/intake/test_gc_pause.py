"""Tests of reviewer_app.intake.gc_pause."""

from __future__ import annotations

import gc

import pytest

from reviewer_app.intake.gc_pause import cycle_collector_paused


def test_the_collector_is_paused_in_the_block_and_runs_again_after_it() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), cycle_collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("even when the block fails")
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused() -> None:
    gc.disable()
    try:
        with cycle_collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
