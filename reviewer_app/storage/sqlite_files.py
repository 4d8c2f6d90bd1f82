"""What the local cache and the embedded shared database, both SQLite files, share."""

from __future__ import annotations

from sqlalchemy import Engine

# The sync levels a checkpoint may run at (the names SQLite takes, never outside input).
_LEVELS = {"OFF": "OFF", "NORMAL": "NORMAL", "FULL": "FULL"}


def checkpoint_sqlite(
    engine: Engine, *, passive: bool = False, synchronous: str | None = None
) -> bool:
    """Moves every committed change of a WAL-mode SQLite file into it; empties the log.

    Run on the driver's connection, outside any transaction (SQLite refuses a
    checkpoint inside one). With ``secure_delete`` on, nothing of a deleted row is left
    in the file afterwards, nor in the emptied log.

    Args:
        engine: The file's engine.
        passive: Copy only what no reader still needs, waiting for no one and leaving
            the log as it is (writers go on meanwhile).
        synchronous: The connection's ``PRAGMA synchronous`` for this checkpoint alone
            ("OFF": the file is not flushed to disk); None: as the connection has it.

    Returns:
        Whether every change the log holds is in the file now (a passive checkpoint
        leaves those a reader still needs).
    """
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            before = None
            if synchronous is not None:
                before = cursor.execute("PRAGMA synchronous").fetchone()[0]
                cursor.execute(f"PRAGMA synchronous = {_LEVELS[synchronous]}")
            try:
                cursor.execute(f"PRAGMA wal_checkpoint({'PASSIVE' if passive else 'TRUNCATE'})")
                row = cursor.fetchone()
            finally:
                if before is not None:  # the pooled connection's own level, for its next use
                    cursor.execute(f"PRAGMA synchronous = {int(before):d}")
            return row is not None and not row[0] and row[1] == row[2]
        finally:
            cursor.close()
    finally:
        raw.close()
