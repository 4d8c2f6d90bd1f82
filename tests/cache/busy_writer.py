"""Another program in the middle of a write on the cache: the window, or a sync."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path


@contextmanager
def write_lock_held(cache_file: Path) -> Iterator[None]:
    """Holds SQLite's write lock on ``cache_file`` (a write not yet committed) in the block."""
    with closing(sqlite3.connect(cache_file, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE sync_state SET last_error = 'a write under way'")
        try:
            yield
        finally:
            writer.execute("ROLLBACK")
