"""Least-privilege database roles for reviewers (PostgreSQL only).

:func:`grant_reviewer` makes a NOLOGIN group role that holds what the app needs to
triage: read everything, record checks, notes and decisions, reassign positions. Login
users are made members of it (``GRANT reviewer TO alice``) and inherit its privileges.
Nothing granted can delete rows or rewrite an application; deletions travel as
tombstones. Run it again after each migration so new tables are covered.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from reviewer_app.errors import UserError
from reviewer_app.server.database import SharedDatabase

# Lower case only: PostgreSQL folds unquoted names to lower case, and a role that must
# be quoted in every psql command is an administrator's trap.
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

# Tables reviewers write rows into, and change their own rows in.
REVIEWER_WRITABLE_TABLES = (
    "requirement_checks",
    "notes",
    "decisions",
    "decision_history",
    "reviewers",
    "applied_operations",
)
# Reassigning a position writes these columns of an application: the revision stamp
# and updated_at go with every change.
REVIEWER_APPLICATION_COLUMNS = ("position_id", "revision", "updated_at")


def validate_role_name(role: str) -> str:
    """Returns ``role`` if it is a plain lower-case identifier.

    Raises:
        UserError: The name is not usable as a role name.
    """
    if not _ROLE_NAME.fullmatch(role) or role.startswith("pg_") or role == "public":
        raise UserError(
            f"{role!r} is not a usable role name; use lower-case letters, digits and "
            "underscores (at most 63, not starting with a digit or pg_)."
        )
    return role


def _grant_statements(conn: Connection, role: str) -> list[str]:
    quote = conn.dialect.identifier_preparer.quote
    who = quote(role)
    database = quote(str(conn.execute(text("SELECT current_database()")).scalar_one()))
    writable = ", ".join(REVIEWER_WRITABLE_TABLES)
    columns = ", ".join(REVIEWER_APPLICATION_COLUMNS)
    return [
        # Start from nothing so that running this again converges on exactly this set.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {who}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {who}",
        f"GRANT CONNECT ON DATABASE {database} TO {who}",
        f"GRANT USAGE ON SCHEMA public TO {who}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {who}",
        # The erasure records and the key of their hashes are the coordinator's alone: a
        # reviewer who read the key could test guessed emails against the records.
        f"REVOKE ALL ON erasure_key, erasures FROM {who}",
        f"GRANT INSERT, UPDATE ON {writable} TO {who}",
        # Deleting a note or a check is recorded as a tombstone, never a DELETE.
        f"GRANT INSERT ON tombstones TO {who}",
        # Taking revisions is an UPDATE of the counter row.
        f"GRANT UPDATE ON sync_counter TO {who}",
        f"GRANT UPDATE ({columns}) ON applications TO {who}",
        # Serial ids of checks, history rows, tombstones and reviewers.
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {who}",
    ]


def grant_reviewer(db: SharedDatabase, role: str) -> None:
    """Creates the group role ``role`` if missing and grants it the reviewer privileges.

    Run as the owner of the tables. Existing privileges of the role on tables and
    sequences are replaced by exactly the reviewer set.

    Raises:
        UserError: The database is not PostgreSQL or the role name is unusable.
        SchemaNotMigrated: The schema is missing or old (migrate first).
    """
    if db.dialect != "postgresql":
        raise UserError(
            f"The shared database {db.url_for_display} is SQLite; roles are a PostgreSQL "
            "feature (a SQLite file is protected by its file permissions)."
        )
    validate_role_name(role)
    db.check_schema()
    with db.engine.begin() as conn:
        _refuse_privileged_role(conn, role)
        exists = conn.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}
        ).first()
        if exists is None:
            quoted = conn.dialect.identifier_preparer.quote(role)
            conn.execute(text(f"CREATE ROLE {quoted} NOLOGIN"))
        for statement in _grant_statements(conn, role):
            conn.execute(text(statement))


def _refuse_privileged_role(conn: Connection, role: str) -> None:
    # Revoking "all" from the role that owns the tables would lock the administrator out
    # of import and migrate; a superuser would ignore the limits and so be no reviewer.
    row = conn.execute(
        text(
            "SELECT r.rolsuper, r.rolname = current_user, "
            "pg_get_userbyid(c.relowner) = r.rolname "
            "FROM pg_roles r, pg_class c "
            "WHERE r.rolname = :role AND c.oid = to_regclass('applications')"
        ),
        {"role": role},
    ).first()
    if row is None:
        return
    superuser, is_current, is_owner = row
    if superuser or is_current or is_owner:
        what = (
            "a superuser"
            if superuser
            else "the owner of the tables"
            if is_owner
            else "the role you are connected as"
        )
        raise UserError(
            f"{role!r} is {what}; it cannot become a least-privilege reviewer role. "
            "Choose a new name for the reviewers' group role, e.g. reviewers."
        )
