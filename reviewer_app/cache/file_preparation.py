"""A cache file made ready before use: refused if too new, WAL, checked, migrated.

What :meth:`LocalCache.open <reviewer_app.cache.store.LocalCache.open>` does to a file
before any session runs on it. A command that only reads (export, report, compose)
opens a file of this app's schema version without SQLite's write lock, so that a
writer at work (the window, a sync) never makes it wait: WAL lets it read beside them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from reviewer_app.cache import bulk_load, migrations
from reviewer_app.cache.errors import CacheCorrupt, CacheTooNew

# Problems PRAGMA quick_check lists before it stops (one is enough to refuse the file).
_QUICK_CHECK_LIMIT = 3
# Files found sound by this process, as (path, inode, size, mtime): checked once a start.
_CHECKED: set[tuple[str, int, int, int]] = set()


def quick_check(dbapi_connection: Any, path: Path) -> None:
    """Runs SQLite's quick check of the whole file; raises CacheCorrupt for damage."""
    # Damage in the middle of the file is found by no query that misses those pages:
    # two syncs ran on such a cache unaware. A corrupt page may also raise at once.
    cursor = dbapi_connection.cursor()
    try:
        rows = cursor.execute(f"PRAGMA quick_check({_QUICK_CHECK_LIMIT:d})").fetchall()
    except sqlite3.DatabaseError as exc:
        raise CacheCorrupt(path, str(exc)) from exc
    finally:
        cursor.close()
    problems = [str(row[0]) for row in rows if row[0] != "ok"]
    if problems:
        raise CacheCorrupt(path, "; ".join(problems))


def quick_check_once(dbapi_connection: Any, path: Path) -> None:
    """Checks the file unless this process found it sound and it has not changed since."""
    info = path.stat()
    key = (str(path.resolve()), info.st_ino, info.st_size, info.st_mtime_ns)
    if key in _CHECKED:
        return
    quick_check(dbapi_connection, path)
    _CHECKED.add(key)


def prepare_file(
    engine: Engine, write_engine: Engine, path: Path, *, check: bool, for_reading: bool
) -> int:
    """Refuses a too-new file, turns on WAL and migrates; returns the schema version.

    Args:
        engine: The cache's engine (transactions begin deferred).
        write_engine: The same, with transactions that take the write lock at once.
        path: The cache file.
        check: Run the quick check (once per process and file state).
        for_reading: The caller only reads: a file already at the latest version is
            used as it is, without the write lock (indexes a first sync left out stay
            out: the load under way builds them; a read works without them). A new or
            older file is still made or migrated, waiting for the lock as any write.
    """
    latest = migrations.latest_version()
    # First a read only: a file from a newer app must not be touched, and switching
    # to WAL writes to the file's header.
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            cursor.execute("PRAGMA user_version")
            (found,) = cursor.fetchone() or (0,)
            if found > latest:
                raise CacheTooNew(path, found, latest)
            # Outside any transaction, as SQLite requires; the mode stays with the file
            # (a file in WAL already takes no lock for it).
            cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()
        if check:
            quick_check_once(raw.dbapi_connection, path)
    finally:
        raw.close()
    if for_reading and found == latest:
        return int(found)
    with write_engine.begin() as connection:
        # Read again under the write lock: another app may have migrated meanwhile.
        found = migrations.read_version(connection)
        if found > latest:
            raise CacheTooNew(path, found, latest)
        version = migrations.migrate(connection)
        # A first sync killed while it loaded left them out (see bulk_load).
        bulk_load.restore_indexes(connection)
        return version
