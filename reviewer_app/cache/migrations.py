"""Schema versions of the local cache, kept in ``PRAGMA user_version``.

``MIGRATIONS[n]`` brings a cache from version ``n`` to ``n + 1``. The first step creates
the whole schema from the current models, so a new cache goes straight to the latest
version; the later steps only ever run on files made by an older app.

To change the schema: change the models, then append a step that makes the same change
to an existing file (e.g. ``ALTER TABLE applications ADD COLUMN ...``).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, insert

from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CacheBase,
    CachedAssignment,
    CachedContact,
    CachedInterview,
    CachedRequirementCheck,
    Draft,
    PushedOperation,
    Revealed,
    SyncStateRow,
    new_device_id,
)
from reviewer_app.cache.name_keys import fill_name_keys
from reviewer_app.cache.search_index import drop_search_table

Migration = Callable[[Connection], None]


def _create_schema(connection: Connection) -> None:
    CacheBase.metadata.create_all(connection)
    connection.execute(
        insert(SyncStateRow).values(id=SYNC_STATE_ID, last_revision=0, device_id=new_device_id())
    )


def _index_duplicate_of(connection: Connection) -> None:
    # v2: "possibly duplicated by" in the applicant view was a scan of every application
    # (40 ms at 100,000, on each move to the next applicant); the index makes it a lookup.
    connection.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_applications_duplicate_of ON applications (duplicate_of)"
    )


def _search_index(connection: Connection) -> None:
    # v3 made a stored search table, filled by triggers; v11 drops it again (see
    # search_index.py), so a file older than v3 skips making and filling it.
    del connection


def _shared_instance(connection: Connection) -> None:
    # v4: the cache remembers which shared database it mirrors (see SharedInstance).
    columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(sync_state)")}
    if "shared_instance" not in columns:
        connection.exec_driver_sql("ALTER TABLE sync_state ADD COLUMN shared_instance VARCHAR(36)")


def _restore_safety(connection: Connection) -> None:
    # v5: a journal of pushed operations and the witness of the last revision pulled,
    # so a shared database restored from a backup loses none of this laptop's work.
    CacheBase.metadata.tables[PushedOperation.__tablename__].create(connection, checkfirst=True)
    columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(sync_state)")}
    added = {
        "witness_table": "VARCHAR(50)",
        "witness_key": "VARCHAR(200)",
        "witness_application": "VARCHAR(36)",
        "rebuild_pending": "BOOLEAN NOT NULL DEFAULT 0",
    }
    for name, kind in added.items():
        if name not in columns:
            connection.exec_driver_sql(f"ALTER TABLE sync_state ADD COLUMN {name} {kind}")


def _device_id(connection: Connection) -> None:
    # v6: the cache's own id, so the server tells this laptop from the reviewer's others.
    columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(sync_state)")}
    if "device_id" not in columns:
        connection.exec_driver_sql("ALTER TABLE sync_state ADD COLUMN device_id VARCHAR(36)")
    connection.exec_driver_sql(
        "UPDATE sync_state SET device_id = ? WHERE device_id IS NULL", (new_device_id(),)
    )


def _drafts_and_clearing(connection: Connection) -> None:
    # v7: drafts kept as the reviewer types, applications revealed before one's own
    # review, a check result that can be cleared (NULL) and a note deleted (deleted_at),
    # and how far the outbox was sent (sent_through, for undo).
    for model in (Draft, Revealed):
        CacheBase.metadata.tables[model.__tablename__].create(connection, checkfirst=True)
    columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(notes)")}
    if "deleted_at" not in columns:
        connection.exec_driver_sql("ALTER TABLE notes ADD COLUMN deleted_at DATETIME")
    columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(sync_state)")}
    if "sent_through" not in columns:
        # An older app never said what it sent: every waiting operation may have been.
        connection.exec_driver_sql(
            "ALTER TABLE sync_state ADD COLUMN sent_through INTEGER NOT NULL DEFAULT 0"
        )
        connection.exec_driver_sql(
            "UPDATE sync_state SET sent_through = (SELECT coalesce(max(seq), 0) FROM outbox)"
        )
    checks = CacheBase.metadata.tables[CachedRequirementCheck.__tablename__]
    nullable = {
        row[1]: not row[3]
        for row in connection.exec_driver_sql("PRAGMA table_info(requirement_checks)")
    }
    if not nullable.get("result", True):
        # SQLite cannot drop a NOT NULL: the table is made anew and its rows copied.
        # (Foreign keys are off inside this transaction's schema change: nothing
        # refers to requirement_checks.)
        names = ", ".join(f'"{column.name}"' for column in checks.columns)
        connection.exec_driver_sql("ALTER TABLE requirement_checks RENAME TO _old_checks")
        for (index,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '_old_checks' "
            "AND sql IS NOT NULL"
        ).fetchall():
            connection.exec_driver_sql(f'DROP INDEX "{index}"')
        checks.create(connection)
        connection.exec_driver_sql(
            f"INSERT INTO requirement_checks ({names}) SELECT {names} FROM _old_checks"
        )
        connection.exec_driver_sql("DROP TABLE _old_checks")


def _index_my_checks(connection: Connection) -> None:
    # v8: "needs my review" skips cleared results since v7, which the unique index no
    # longer covered (+20 % on the list's ids and counts at 100,000 applications).
    connection.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_checks_mine ON requirement_checks "
        "(reviewer_name, application_id, check_key, result)"
    )


def _index_my_checks_with_time(connection: Connection) -> None:
    # v9: the reports group every reviewer's checks per application with the time of
    # the earliest; with updated_at in the index that pass reads no table row (0.55 ->
    # 0.33 s at 100,000 applications). "Needs my review" reads the same prefix.
    connection.exec_driver_sql("DROP INDEX IF EXISTS ix_checks_mine")
    connection.exec_driver_sql(
        "CREATE INDEX ix_checks_mine ON requirement_checks "
        "(reviewer_name, application_id, check_key, result, updated_at)"
    )


def _coordination(connection: Connection) -> None:
    # v10: assignments, contacts with applicants and interview times, mirrored.
    for model in (CachedAssignment, CachedContact, CachedInterview):
        CacheBase.metadata.tables[model.__tablename__].create(connection, checkfirst=True)


def _no_stored_search_text(connection: Connection) -> None:
    # v11: the search text is computed from the applications when the search reads it.
    drop_search_table(connection)


def _no_email_index(connection: Connection) -> None:
    # v12: no query looks an email up; building the index took a first sync of 100,000
    # applications ~0.15 s, a tenth of its time beyond the plain copy (issue 19).
    connection.exec_driver_sql("DROP INDEX IF EXISTS ix_applications_email")


def _name_keys(connection: Connection) -> None:
    # v13: the list sorts by name as a dictionary does (Ágata beside Agata, not after
    # every Z), by a key kept beside the name (name_keys.py); the NOCASE index of the
    # name itself, which ordered accented and other letters by code point, goes.
    columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(applications)")}
    if "name_key" not in columns:
        connection.exec_driver_sql(
            "ALTER TABLE applications ADD COLUMN name_key TEXT NOT NULL DEFAULT ''"
        )
    fill_name_keys(connection)  # before the index: one sort, not an update of it per row
    connection.exec_driver_sql("DROP INDEX IF EXISTS ix_applications_name")
    connection.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_applications_name_key ON applications (name_key)"
    )


MIGRATIONS: list[Migration] = [
    _create_schema,
    _index_duplicate_of,
    _search_index,
    _shared_instance,
    _restore_safety,
    _device_id,
    _drafts_and_clearing,
    _index_my_checks,
    _index_my_checks_with_time,
    _coordination,
    _no_stored_search_text,
    _no_email_index,
    _name_keys,
]


def latest_version() -> int:
    """Returns the schema version this app writes."""
    return len(MIGRATIONS)


def read_version(connection: Connection) -> int:
    """Returns the schema version of the open file (0 for a new, empty file)."""
    return int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())


def migrate(connection: Connection) -> int:
    """Brings the file up to the latest version, in the caller's transaction.

    Args:
        connection: A connection inside a write transaction, so that two apps opening
            the same file at once cannot both migrate it.

    Returns:
        The schema version afterwards.
    """
    current = read_version(connection)
    latest = latest_version()
    if current >= latest:
        return current
    steps = MIGRATIONS[:1] if current == 0 else MIGRATIONS[current:]
    for step in steps:
        step(connection)
    # A PRAGMA cannot take a bound parameter; the value is our own integer.
    connection.exec_driver_sql(f"PRAGMA user_version = {latest:d}")
    return latest
