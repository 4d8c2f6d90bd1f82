"""The shared schema's revisions, known without loading Alembic's migration scripts.

Checking a database's schema happens before every sync; loading Alembic and parsing its
scripts to learn the newest revision cost 0.3 s of a first sync (every script compiled).
The revisions are listed here, oldest first; a test keeps the list equal to the scripts'.
Migrating still goes through Alembic.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text

# Every migration in ``migrations/versions``, oldest first: add a new one at the end.
KNOWN_REVISIONS = (
    "0001_initial",
    "0002_sync",
    "0003_applied_op_app",
    "0004_instance",
    "0005_erasures",
    "0006_team",
    "0007_server_authorship",
    "0008_clear_and_delete",
    "0009_coordination",
    "0010_erasure_marks",
)
HEAD = KNOWN_REVISIONS[-1]
VERSION_TABLE = "alembic_version"


def current_heads(conn: Connection) -> tuple[str, ...]:
    """The revisions the database is stamped with (none: it has no schema yet).

    Reads Alembic's own version table, as Alembic does, in the caller's transaction.
    """
    if not inspect(conn).has_table(VERSION_TABLE):
        return ()
    rows = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
    return tuple(str(version) for (version,) in rows)
