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

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Index, select

from reviewer_app.cache.models import SYNC_STATE_ID, CacheBase, CachedApplication, SyncStateRow

if TYPE_CHECKING:
    from reviewer_app.cache.store import LocalCache

# Kept while loading: the window shows each block of the list with "possibly a duplicate
# of" looked up through it (70 ms a block without it, instead of 6, during a first sync);
# nearly every value is NULL, so it costs the load little.
KEPT = frozenset({"ix_applications_duplicate_of"})


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
    try:
        yield
    finally:
        if bulk:
            # One transaction an index (~0.1 s each at 100,000 applications): a key
            # press's write waits for one, not for all (see write_gate). Still with the
            # load's page cache: a sort that fits in it does not spill to disk.
            for _ in range(len(_plain_indexes(CacheBase.metadata.tables))):
                with cache.session() as session:
                    if restore_indexes(session.connection(), at_most=1) == 0:
                        break
            cache.set_bulk_loading(False)
            # What the load left in the write-ahead log goes into the file now, flushed
            # to disk; a reader in the way leaves the rest to the next automatic one.
            cache.checkpoint_passive()
