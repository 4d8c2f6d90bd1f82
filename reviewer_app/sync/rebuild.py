"""The escape hatch: download the whole cache afresh and swap its rows in atomically.

Used when the counts after a pull disagree with the server's (a cache changed behind
the app's back, a bug), and when the server has lost history the cache saw (restored
from a backup, see :mod:`reviewer_app.sync.history`). The cache is quick-checked first:
rows are never swapped into a damaged file. A fresh cache is filled in a file next to
the old one; then one write transaction on the old file replaces every mirrored row
with the fresh copy's, drops pending operations (and journal entries) on applications
the server no longer has (erased), and replays the remaining ones so the cached rows
show them again. The outbox and the
conflicts never leave the old file, so a change made in the window while the download
runs is kept; a crash before the swap commits leaves the old cache as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Table, delete, select, text
from sqlalchemy.orm import Session

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CacheBase,
    CachedApplication,
    Conflict,
    OutboxOperation,
    PushedOperation,
    SyncStateRow,
)
from reviewer_app.review.operations import apply_locally
from reviewer_app.sync.rows import MIRRORED

T = TypeVar("T")

REBUILD_DIR = ".cache-rebuild"
_FRESH = "fresh"
_TABLES = CacheBase.metadata.tables
# Nothing in the cache points at these rows: replaced wholesale. Every mirrored table
# after the applications (a new one is rebuilt by being added there).
_CHILDREN = MIRRORED[MIRRORED.index("applications") + 1 :]
# Other rows point at these (foreign keys with ON DELETE actions, which SQLite runs row
# by row): only the rows the server no longer has are deleted, the rest updated.
_PARENTS = ("reviewers", "positions", "applications")


def rebuild_cache(cache: LocalCache, fill: Callable[[LocalCache], T]) -> tuple[T, int]:
    """Replaces ``cache``'s mirrored rows with a fresh download, keeping unsynced work.

    Args:
        cache: The cache to rebuild; it stays open and usable throughout.
        fill: Pulls everything from the server into the fresh cache it is given.

    Returns:
        What ``fill`` returned, and how many pending operations were dropped: their
        application is not on the server (erased, or lost with a restore).
    """
    cache.check_integrity()
    work_dir = cache.path.parent / REBUILD_DIR
    # Left over from a rebuild that crashed before the swap.
    shutil.rmtree(work_dir, ignore_errors=True)
    try:
        with LocalCache.open(work_dir) as fresh:
            filled = fill(fresh)
            fresh_path = fresh.path
        with cache.attached_session(fresh_path, _FRESH) as session:
            _swap_rows(session)
            dropped = _replay_outbox(session)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    return filled, dropped


def _columns(table: Table) -> str:
    return ", ".join(f'"{column.name}"' for column in table.columns)


def _swap_rows(session: Session) -> None:
    for name in _CHILDREN:
        session.execute(delete(_TABLES[name]))
    for name in reversed(_PARENTS):
        key = _TABLES[name].primary_key.columns.keys()[0]
        session.execute(
            text(f"DELETE FROM main.{name} WHERE {key} NOT IN (SELECT {key} FROM {_FRESH}.{name})")
        )
    for name in _PARENTS:
        table = _TABLES[name]
        key = table.primary_key.columns.keys()[0]
        updates = ", ".join(
            f'"{column.name}" = excluded."{column.name}"'
            for column in table.columns
            if column.name != key
        )
        # "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT.
        session.execute(
            text(
                f"INSERT INTO main.{name} ({_columns(table)}) "
                f"SELECT {_columns(table)} FROM {_FRESH}.{name} WHERE true "
                f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
            )
        )
    for name in _CHILDREN:
        table = _TABLES[name]
        session.execute(
            text(
                f"INSERT INTO main.{name} ({_columns(table)}) "
                f"SELECT {_columns(table)} FROM {_FRESH}.{name}"
            )
        )
    # The cursor and its witness are the fresh copy's; the rebuild asked for is done.
    copied = ("last_revision", "witness_table", "witness_key", "witness_application")
    assignments = ", ".join(f"{name} = fresh_state.{name}" for name in copied)
    session.execute(
        text(
            f"UPDATE main.sync_state SET {assignments}, rebuild_pending = 0 "
            f"FROM (SELECT * FROM {_FRESH}.sync_state WHERE id = :id) AS fresh_state "
            "WHERE main.sync_state.id = :id"
        ),
        {"id": SYNC_STATE_ID},
    )


def _replay_outbox(session: Session) -> int:
    reviewer_name = session.get_one(SyncStateRow, SYNC_STATE_ID).reviewer_name
    known = select(CachedApplication.id)
    # Their tombstones were applied to the fresh copy, not to this outbox.
    dropped = 0
    for model in (OutboxOperation, Conflict, PushedOperation):
        result = session.execute(delete(model).where(model.application_id.not_in(known)))
        if model is OutboxOperation:
            dropped = max(getattr(result, "rowcount", 0), 0)
    if reviewer_name is None:
        return dropped
    operations = session.scalars(select(OutboxOperation).order_by(OutboxOperation.seq))
    for operation in operations.all():
        apply_locally(
            session, operation.kind, operation.application_id, operation.payload, reviewer_name
        )
    return dropped
