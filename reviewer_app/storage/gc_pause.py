"""Pausing Python's cycle collector while many objects are made: an import, a sync, a start."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager


@contextmanager
def cycle_collector_paused(*, then_freeze: bool = False, keep_out: bool = False) -> Iterator[None]:
    """Pauses the cycle collector for the block; reference counting frees as usual.

    Reading 100,000 rows makes millions of objects that live on, and each full
    collection walks them all again: a fifth of an import's read went to collections
    that found nothing, as rows, cells and responses hold no reference cycles; a first
    sync of 100,000 applications spent 0.2 s in them. The collector runs again as
    before after the block (if it was running).

    Args:
        then_freeze: After the block, collect what it left (the young generations only:
            a few milliseconds) and keep every object alive then out of later
            collections (:func:`gc.freeze`). In the window, the first collection after
            a first sync was a full one, of all the window's objects and those its list
            made meanwhile: 95 ms on the window's thread, a key press held up. Garbage
            cycles among the objects alive then are never collected: bounded by what
            is alive at that moment.
        keep_out: After the block, keep every object alive out of later collections at
            once (:func:`gc.freeze`, no collection first). The first collection after a
            pause walked every object the block made: 60 ms after each of the reader's
            two pauses (reading an export, building its responses). Only for blocks
            that make little garbage in cycles (such a cycle is never collected): the
            command line's reading of an export, the window's start.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if then_freeze:
            gc.collect(1)
            gc.freeze()
        elif keep_out:
            gc.freeze()
        if was_enabled:
            gc.enable()


def pause_for_start() -> Callable[[], None]:
    """Pauses the cycle collector while the window starts; returns what ends the pause.

    A start imports SQLAlchemy, Qt and the app: about 130,000 objects that live as long
    as the window, and little garbage (600 objects in cycles). Collections during the
    imports walked those objects again and again: ~10% of the half second to the first
    paint. The pause ends (call the returned function; more calls do nothing) as
    ``keep_out`` ends one: no collection first, which would walk them all once more
    (60 ms) to free the little garbage the start left.
    """
    pause = ExitStack()
    pause.enter_context(cycle_collector_paused(keep_out=True))
    return pause.close
