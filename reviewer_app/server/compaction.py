"""Giving back the space of erased rows, so that no erased text lingers in the files.

An erasure deletes rows; PostgreSQL keeps their old versions in the table's files (and
the write-ahead log) until the space is rewritten, which ``VACUUM FULL`` does. SQLite's
``secure_delete`` already overwrites them; ``VACUUM`` shrinks the file.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from reviewer_app.errors import UserError
from reviewer_app.server.database import SharedDatabase
from reviewer_app.storage.sqlite_files import checkpoint_sqlite

# Tables that an erasure deletes from or rewrites rows of: the old versions of their
# rows stay in PostgreSQL's files until the tables are rewritten.
COMPACTED = (
    "applications",
    "requirement_checks",
    "notes",
    "decisions",
    "decision_history",
    "assignments",
    "contacts",
    "interviews",
    "applied_operations",
)
# How long a compaction waits for a table that a sync or an import is using.
COMPACT_LOCK_TIMEOUT_S = 15
# PostgreSQL's SQLSTATE for "could not obtain lock".
_LOCK_NOT_AVAILABLE = "55P03"
# The tables of COMPACTED that the current role may not vacuum (only their owner, the
# database's owner or a superuser may).
_NOT_VACUUMABLE = text(
    "SELECT t FROM unnest(CAST(:tables AS text[])) AS t "
    "JOIN pg_class c ON c.oid = to_regclass(t) "
    "WHERE NOT pg_has_role(c.relowner, 'USAGE') AND NOT pg_has_role("
    "(SELECT datdba FROM pg_database WHERE datname = current_database()), 'USAGE')"
)


@dataclass(frozen=True)
class CompactionReport:
    """What :func:`compact_erased_space` did.

    Attributes:
        command: What ran, e.g. ``VACUUM FULL applications, ...``.
        bytes_before: The size of the compacted tables (PostgreSQL) or file (SQLite).
        bytes_after: The same, afterwards.
    """

    command: str
    bytes_before: int
    bytes_after: int

    def summary(self) -> str:
        """Returns one line for the user."""
        return (
            f"compacted ({self.command}): {self.bytes_before:,} bytes before, "
            f"{self.bytes_after:,} after; erased rows no longer linger in free space"
        )

    __str__ = summary


def _pg_sizes(conn: Connection) -> int:
    sizes = conn.execute(
        text(
            "SELECT sum(pg_total_relation_size(to_regclass(t))) "
            "FROM unnest(CAST(:tables AS text[])) AS t"
        ),
        {"tables": list(COMPACTED)},
    ).scalar_one()
    return int(sizes or 0)


def _compact_postgresql(db: SharedDatabase) -> CompactionReport:
    command = f"VACUUM (FULL, ANALYZE) {', '.join(COMPACTED)}"
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # VACUUM FULL skips, with a mere warning, a table the role may not vacuum.
        refused = conn.execute(_NOT_VACUUMABLE, {"tables": list(COMPACTED)}).scalars().all()
        if refused:
            raise UserError(
                f"The database role may not compact {', '.join(refused)} of "
                f"{db.url_for_display}: only their owner may. Run erase --compact as the "
                "role that owns the tables (the one that ran migrate)."
            )
        before = _pg_sizes(conn)
        conn.execute(text(f"SET lock_timeout = '{COMPACT_LOCK_TIMEOUT_S}s'"))
        # Rewriting a big table takes longer than the everyday statement timeout.
        conn.execute(text("SET statement_timeout = 0"))
        try:
            conn.execute(text(command))
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) != _LOCK_NOT_AVAILABLE:
                raise
            raise UserError(
                f"A sync or an import held a table of {db.url_for_display} for over "
                f"{COMPACT_LOCK_TIMEOUT_S} s, so nothing was compacted. Run erase --compact "
                "again when nobody is syncing (it locks the tables while it runs)."
            ) from None
        finally:
            # The connection goes back to the pool: its next user gets the defaults.
            conn.execute(text("RESET lock_timeout"))
            conn.execute(text("RESET statement_timeout"))
        return CompactionReport(command, before, _pg_sizes(conn))


def _file_size(db: SharedDatabase) -> int:
    path = db.engine.url.database
    return os.path.getsize(path) if path and path != ":memory:" else 0


def _compact_sqlite(db: SharedDatabase) -> CompactionReport:
    before = _file_size(db)
    # On the driver's connection, outside any transaction: SQLite refuses VACUUM in one,
    # and the engine's connections begin one for every statement.
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            cursor.execute("VACUUM")
        except sqlite3.OperationalError as exc:
            raise UserError(
                f"Could not compact {db.url_for_display} ({exc}): another program is "
                "using it. Run erase --compact again when nobody is syncing."
            ) from None
        finally:
            cursor.close()
    finally:
        raw.close()
    checkpoint_sqlite(db.engine)
    return CompactionReport("VACUUM", before, _file_size(db))


def compact_erased_space(db: SharedDatabase) -> CompactionReport:
    """Rewrites the tables erasures delete from, so no erased text stays in free space.

    PostgreSQL: ``VACUUM FULL`` of :data:`COMPACTED`, which copies each table to new
    files and drops the old ones, holding an ACCESS EXCLUSIVE lock on it meanwhile (no
    sync, import or review reads or writes it). SQLite: ``VACUUM`` of the whole file.

    Raises:
        UserError: The role may not compact the tables, or they stayed busy.
    """
    if db.dialect == "postgresql":
        return _compact_postgresql(db)
    return _compact_sqlite(db)
