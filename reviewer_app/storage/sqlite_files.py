"""What the local cache and the embedded shared database, both SQLite files, share."""

from __future__ import annotations

from sqlalchemy import Engine


def checkpoint_sqlite(engine: Engine, *, passive: bool = False) -> None:
    """Moves every committed change of a WAL-mode SQLite file into it; empties the log.

    Run on the driver's connection, outside any transaction (SQLite refuses a
    checkpoint inside one). With ``secure_delete`` on, nothing of a deleted row is left
    in the file afterwards, nor in the emptied log.

    Args:
        engine: The file's engine.
        passive: Copy only what no reader still needs, waiting for no one and leaving
            the log as it is (writers go on meanwhile).
    """
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            cursor.execute(f"PRAGMA wal_checkpoint({'PASSIVE' if passive else 'TRUNCATE'})")
        finally:
            cursor.close()
    finally:
        raw.close()
