"""The escape hatch: download the whole cache afresh and swap it in atomically.

Used when the counts after a pull disagree with the server's (a cache changed behind
the app's back, a bug). The new file is filled next to the old one; local work that is
not on the server yet (the outbox, open conflicts) moves over, and the pending
operations are replayed so the cached rows show them again. Only a complete file
replaces the old one, with ``os.replace``; a crash before that leaves the old cache as
it was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select

from reviewer_app.cache import CacheBusy, LocalCache
from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CacheBase,
    CachedApplication,
    Conflict,
    OutboxOperation,
    SyncStateRow,
)
from reviewer_app.review import apply_locally

REBUILD_DIR = ".cache-rebuild"


def rebuild_cache(cache: LocalCache, fill: Callable[[LocalCache], object]) -> None:
    """Replaces ``cache``'s file with a fresh download, keeping unsynced local work.

    ``cache`` stays usable: its engine reconnects to the new file.

    Args:
        cache: The cache to replace.
        fill: Pulls everything from the server into the fresh cache it is given.

    Raises:
        CacheBusy: Another program has the cache open; the old file is left as it was.
    """
    work_dir = cache.path.parent / REBUILD_DIR
    # Left over from a rebuild that crashed before the swap.
    shutil.rmtree(work_dir, ignore_errors=True)
    fresh = LocalCache.open(work_dir)
    try:
        reviewer_name = _copy_local_work(cache, fresh)
        fill(fresh)
        if reviewer_name is not None:
            _replay_outbox(fresh, reviewer_name)
    finally:
        fresh.close()
    cache.close()
    # The last connection to close folds the WAL into the file and deletes it. A WAL
    # still there belongs to someone else's open connection; swapping the file under
    # it would pair the new file with the old WAL.
    for candidate in (cache.path, fresh.path):
        if _wal(candidate).exists():
            raise CacheBusy(candidate, "it is still open elsewhere, so it was not rebuilt")
    os.replace(fresh.path, cache.path)
    shutil.rmtree(work_dir, ignore_errors=True)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _copy_local_work(old: LocalCache, fresh: LocalCache) -> str | None:
    outbox = CacheBase.metadata.tables[OutboxOperation.__tablename__]
    conflicts = CacheBase.metadata.tables[Conflict.__tablename__]
    with old.read_session() as source:
        operations = [dict(row) for row in source.execute(select(outbox)).mappings()]
        open_conflicts = [dict(row) for row in source.execute(select(conflicts)).mappings()]
        reviewer_name = source.get_one(SyncStateRow, SYNC_STATE_ID).reviewer_name
    with fresh.session() as target:
        if operations:
            target.execute(insert(outbox), operations)
        if open_conflicts:
            target.execute(insert(conflicts), open_conflicts)
        target.get_one(SyncStateRow, SYNC_STATE_ID).reviewer_name = reviewer_name
    return reviewer_name


def _replay_outbox(fresh: LocalCache, reviewer_name: str) -> None:
    with fresh.session() as session:
        operations = session.scalars(select(OutboxOperation).order_by(OutboxOperation.seq))
        for operation in operations.all():
            # Operations on erased applications went with the tombstone; guard anyway.
            if session.get(CachedApplication, operation.application_id) is None:
                continue
            apply_locally(
                session,
                operation.kind,
                operation.application_id,
                operation.payload,
                reviewer_name,
            )
