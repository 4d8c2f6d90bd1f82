"""A first sync fills an empty cache without its secondary indexes, and builds them once.

Each application row written into an indexed table also updates every index on it: a
first sync of 100,000 applications spent more time there than in reading and storing
the rows. So a sync into an empty cache drops the plain (non-unique) indexes of the
tables it mirrors (it names them), and builds them again when it ends, one sort each. Unique indexes
stay: the sync's upserts rely on them to find a row already there.

A first sync that is killed leaves the indexes missing; :func:`restore_indexes` runs
whenever the cache is opened (and at the end of every sync), so they come back then.
Only speed depends on them, never a result.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Index, select
from sqlalchemy.exc import OperationalError

from reviewer_app.cache.errors import CacheError
from reviewer_app.cache.models import SYNC_STATE_ID, CacheBase, CachedApplication, SyncStateRow
from reviewer_app.storage.gc_pause import cycle_collector_paused

if TYPE_CHECKING:
    from reviewer_app.cache.store import LocalCache

# Kept while loading: the window shows each block of the list with "possibly a duplicate
# of" looked up through it (70 ms a block without it, instead of 6, during a first sync);
# nearly every value is NULL, so it costs the load little.
KEPT = frozenset({"ix_applications_duplicate_of"})
# The last checkpoint of a load: tries, and the pause between them (readers of the
# window hold a state for milliseconds).
FINAL_TRIES = 20
FINAL_PAUSE_S = 0.05
# How many times building the indexes gives way to a write, in all.
MAX_YIELDS = 8


def _plain_indexes(tables: Iterable[str]) -> list[Index]:
    """The non-unique indexes of those of ``tables`` that the cache has, in a fixed order."""
    cached = CacheBase.metadata.tables
    return [
        index
        for name in tables
        if name in cached  # a sync also mirrors what the cache keeps no table of
        for index in sorted(cached[name].indexes, key=lambda i: str(i.name))
        if not index.unique
    ]


def _existing(connection: Connection) -> set[str]:
    rows = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
    return {name for (name,) in rows}


def drop_indexes(connection: Connection, tables: Iterable[str]) -> int:
    """Drops the plain indexes of ``tables`` (but :data:`KEPT`) in the caller's transaction.

    Returns:
        How many were dropped.
    """
    existing = _existing(connection)
    dropped = 0
    for index in _plain_indexes(tables):
        if index.name in existing and index.name not in KEPT:
            # The names are the models' own, never outside input.
            connection.exec_driver_sql(f'DROP INDEX "{index.name}"')
            dropped += 1
    return dropped


def missing_indexes(connection: Connection) -> list[str]:
    """Names the cache's plain indexes that the file lacks."""
    existing = _existing(connection)
    indexes = _plain_indexes(CacheBase.metadata.tables)
    return [str(index.name) for index in indexes if index.name not in existing]


def restore_indexes(connection: Connection, at_most: int | None = None) -> int:
    """Builds the plain indexes the file lacks, in the caller's transaction; returns how many.

    Args:
        connection: In a write transaction.
        at_most: Stop after building this many (None: all).
    """
    existing = _existing(connection)
    built = 0
    for index in _plain_indexes(CacheBase.metadata.tables):
        if at_most is not None and built >= at_most:
            break
        if index.name not in existing:
            index.create(connection)
            built += 1
    return built


@contextmanager
def loading_into(cache: LocalCache, tables: Iterable[str]) -> Iterator[None]:
    """Around a pull: into an empty cache, without the plain indexes of ``tables``.

    The indexes are built again however the pull ends (done, failed or cancelled); if the
    process is killed, the next :meth:`LocalCache.open` builds them.
    """
    with cache.session() as session:
        connection = session.connection()
        cursor = session.get_one(SyncStateRow, SYNC_STATE_ID).last_revision
        empty = cursor == 0 and session.scalar(select(CachedApplication.id).limit(1)) is None
        bulk = empty and drop_indexes(connection, tables) > 0
    cache.set_bulk_loading(bulk)
    # Pages of rows hold no reference cycles (see cycle_collector_paused).
    with cycle_collector_paused(then_freeze=True) if bulk else nullcontext():
        yield from _loaded(cache, bulk)


def _loaded(cache: LocalCache, bulk: bool) -> Iterator[None]:
    """The load (one yield), then its indexes and checkpoints if ``bulk``."""
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        if bulk:
            try:
                with _flushed_meanwhile(cache):
                    build_indexes(cache)
                    cut_dangling_links(cache)  # with the indexes: lookups, not scans
                # Still in bulk mode: a commit of the app's meanwhile leaves the log to it.
                finish_checkpoint(cache)
            except CacheError:
                if not failed:  # else the pull's own error is the one to tell
                    raise
            finally:  # never left on: later checkpoints would not flush
                cache.set_bulk_loading(False)
            # The first checkpoint in the usual mode after a load took ~0.4 s at
            # 100,000 applications (measured, not explained): here, outside any
            # transaction, not as the automatic one in the commit of the app's next
            # write (a key press waited for it, the next one behind its write lock).
            with suppress(CacheError):  # never in place of the load's own error
                cache.checkpoint_passive()


@contextmanager
def _flushed_meanwhile(cache: LocalCache) -> Iterator[None]:
    """Checkpoints, flushing the file to disk, on another thread while the block runs.

    The load's pages are in the file, or in the log (the last page's), but only in the
    system's memory (a load does not flush: see pragmas.BULK_PRAGMAS); flushing them
    took the load's last checkpoint 0.15-0.2 s at 100,000 applications. Done here, it
    overlaps the index builds, and the last checkpoint flushes little but the indexes.
    SQLite flushes its own file: a file opened and closed beside it would drop its locks.
    """
    done = threading.Event()

    def flush() -> None:
        try:
            with suppress(CacheError):  # only sooner: the last checkpoint flushes all
                cache.checkpoint_passive(flush=True)
        finally:
            done.set()

    threading.Thread(target=flush, name="load-flush", daemon=True).start()
    try:
        yield
    finally:
        done.wait()


def cut_dangling_links(cache: LocalCache) -> int:
    """Undoes what foreign keys would have refused during a load; returns how many rows.

    A load enforces no foreign keys (see ``pragmas.BULK_PRAGMAS``). A row whose parent is
    missing all the same (a cache changed behind the app's back, a write of the window
    racing an erasure) is treated as if that parent had been deleted: its link is set to
    NULL where the key says ``SET NULL``, and the row deleted where it says ``CASCADE``.
    """
    changed = 0
    with cache.session() as session:
        connection = session.connection()
        for table in CacheBase.metadata.sorted_tables:
            for key in table.foreign_key_constraints:
                ((column, element),) = zip(key.column_keys, key.elements, strict=True)
                parent = element.column
                # The names are the models' own, never outside input.
                dangling = (
                    f'"{column}" IS NOT NULL AND "{column}" NOT IN '
                    f'(SELECT "{parent.name}" FROM "{parent.table.name}")'
                )
                if key.ondelete == "SET NULL":
                    sql = f'UPDATE "{table.name}" SET "{column}" = NULL WHERE {dangling}'
                else:
                    sql = f'DELETE FROM "{table.name}" WHERE {dangling}'
                changed += connection.exec_driver_sql(sql).rowcount
    return changed


def build_indexes(cache: LocalCache) -> None:
    """Builds the plain indexes a load left out, one transaction each, giving way to writes.

    Each takes ~0.1 s at 100,000 applications, with the load's page cache (a sort that
    fits in it does not spill to disk). A key press's write that arrives meanwhile
    interrupts the build (see write_gate), goes first, and the index is built again
    after it: the press waits milliseconds, not the rest of the build. A few times in
    all, so that a stream of writes never keeps the indexes from being built.
    """
    builder = _Interruptible()
    yields = 0
    with cache.when_writer_waits(builder.interrupt):
        while True:
            try:
                with cache.session() as session:
                    connection = session.connection()
                    driver = connection.connection.dbapi_connection
                    with builder.running(driver if yields < MAX_YIELDS else None):
                        built = restore_indexes(connection, at_most=1)
            except OperationalError as exc:
                if getattr(exc.orig, "sqlite_errorcode", None) != sqlite3.SQLITE_INTERRUPT:
                    raise
                yields += 1  # rolled back; the write goes next, then the build again
                continue
            if built == 0:
                return


class _Interruptible:
    """The connection of the statement running now, for another thread to interrupt."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: Any = None

    @contextmanager
    def running(self, connection: Any) -> Iterator[None]:
        """Interruptible while the block runs (None: not)."""
        with self._lock:
            self._connection = connection
        try:
            yield
        finally:
            with self._lock:  # never interrupted later: the pool lends it to others
                self._connection = None

    def interrupt(self) -> None:
        """Interrupts the running statement, if any (from any thread)."""
        with self._lock:
            if self._connection is not None:
                self._connection.interrupt()


def finish_checkpoint(cache: LocalCache, tries: int = FINAL_TRIES) -> bool:
    """Puts what a load left in the write-ahead log into the file, flushed to disk.

    Here, on the load's thread, before the bulk mode ends: left to the next automatic
    checkpoint, it would run at the commit of the app's next write (a key press waited
    110-260 ms for it, most of it flushing the load's pages). A reader of an older state
    keeps some of the log from being copied: tried again while readers come and go;
    returns whether it is done.
    """
    for attempt in range(tries):
        if attempt:
            time.sleep(FINAL_PAUSE_S)
        if cache.checkpoint_passive(flush=True):
            return True
    return False
