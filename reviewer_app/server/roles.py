"""Least-privilege database roles of a team: reviewers and coordinators (PostgreSQL).

:func:`grant_reviewer` makes a NOLOGIN group role that holds exactly what the app's own
path needs to triage: read what reviewers read, insert and change checks, notes and
decisions, reassign positions. Each reviewer's login (``add-reviewer``) is a member of
it. Nothing granted can delete a row, rewrite history, reviewers or the revision
counter, or set a revision: the server stamps author and revision on what a reviewer
writes (see :mod:`reviewer_app.server.authorship_sql`).

:func:`grant_coordinator` makes the group that may import, publish, erase, compact and
manage reviewers' rows. Each group is recorded in ``team_roles``. Run both again after
each migration so new tables are covered.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from reviewer_app.errors import UserError
from reviewer_app.server.database import SharedDatabase

# Lower case only: PostgreSQL folds unquoted names to lower case, and a role that must
# be quoted in every psql command is an administrator's trap.
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

REVIEWER_KIND = "reviewer"
COORDINATOR_KIND = "coordinator"

# What a reviewer writes, and how. Author and revision are stamped by the server.
REVIEWER_WRITES = (
    ("INSERT, UPDATE", "requirement_checks"),
    ("INSERT, UPDATE", "notes"),
    ("INSERT, UPDATE", "decisions"),
    # The audit trail only grows.
    ("INSERT", "decision_history"),
    # Coordination (0009): removal and clearing are updates, never a DELETE.
    ("INSERT, UPDATE", "assignments"),
    ("INSERT, UPDATE", "contacts"),
    ("INSERT, UPDATE", "interviews"),
    # The record that makes a repeated push apply nothing twice.
    ("INSERT", "applied_operations"),
)
# Reassigning a position: the only columns of an application a reviewer changes.
REVIEWER_APPLICATION_COLUMNS = ("position_id", "updated_at")
# Serial ids of the rows reviewers insert.
REVIEWER_SEQUENCES = (
    ("requirement_checks", "id"),
    ("decision_history", "id"),
    ("assignments", "id"),
)
# Never read by reviewers: the erasure records and the key of their hashes (a reviewer
# who read the key could test guessed emails against the records).
COORDINATOR_ONLY_TABLES = ("erasure_key", "erasures")
# The schema's bookkeeping, changed by migrate and grant-* (run by the owner) only.
OWNER_ONLY_TABLES = ("alembic_version", "team_roles")


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


def _reviewer_statements(conn: Connection, who: str) -> list[str]:
    quote = conn.dialect.identifier_preparer.quote
    database = quote(str(conn.execute(text("SELECT current_database()")).scalar_one()))
    columns = ", ".join(REVIEWER_APPLICATION_COLUMNS)
    statements = [
        # Start from nothing so that running this again converges on exactly this set.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {who}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {who}",
        f"GRANT CONNECT ON DATABASE {database} TO {who}",
        f"GRANT USAGE ON SCHEMA public TO {who}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {who}",
        f"REVOKE ALL ON {', '.join(COORDINATOR_ONLY_TABLES)} FROM {who}",
        f"GRANT UPDATE ({columns}) ON applications TO {who}",
    ]
    statements += [f"GRANT {what} ON {table} TO {who}" for what, table in REVIEWER_WRITES]
    for table, column in REVIEWER_SEQUENCES:
        sequence = conn.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": f"public.{table}", "column": column},
        ).scalar_one()
        if sequence is not None:
            statements.append(f"GRANT USAGE ON SEQUENCE {sequence} TO {who}")
    return statements


def _coordinator_statements(conn: Connection, who: str) -> list[str]:
    quote = conn.dialect.identifier_preparer.quote
    database = quote(str(conn.execute(text("SELECT current_database()")).scalar_one()))
    owner_only = ", ".join(OWNER_ONLY_TABLES)
    return [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {who}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {who}",
        f"GRANT CONNECT ON DATABASE {database} TO {who}",
        f"GRANT USAGE ON SCHEMA public TO {who}",
        # Import, publish, erase and compaction insert, change and delete rows, and
        # take revisions themselves (UPDATE on sync_counter: this makes them trusted).
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {who}",
        f"REVOKE INSERT, UPDATE, DELETE ON {owner_only}, erasure_key FROM {who}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {who}",
    ]


def _record_role(conn: Connection, kind: str, role: str) -> None:
    conn.execute(
        text(
            "INSERT INTO team_roles (kind, role_name) VALUES (:kind, :role) "
            "ON CONFLICT (kind) DO UPDATE SET role_name = excluded.role_name"
        ),
        {"kind": kind, "role": role},
    )


def _grant_group(db: SharedDatabase, role: str, kind: str) -> None:
    """Creates the NOLOGIN group ``role`` if missing, converges it, records it."""
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
        who = conn.dialect.identifier_preparer.quote(role)
        if exists is None:
            conn.execute(text(f"CREATE ROLE {who} NOLOGIN"))
        build = _reviewer_statements if kind == REVIEWER_KIND else _coordinator_statements
        for statement in build(conn, who):
            conn.execute(text(statement))
        _record_role(conn, kind, role)


def grant_reviewer(db: SharedDatabase, role: str) -> None:
    """Creates the group role ``role`` if missing and grants it the reviewer privileges.

    Run as the owner of the tables. Existing privileges of the role on tables and
    sequences are replaced by exactly the reviewer set: SELECT on every table but the
    erasure records and their key; INSERT and UPDATE on checks, notes and decisions;
    INSERT on the decision history and applied operations; UPDATE of an application's
    position_id and updated_at. No DELETE, nothing on tombstones, sync_counter or
    reviewers. The role is recorded in ``team_roles`` as the reviewer group.

    Raises:
        UserError: The database is not PostgreSQL or the role name is unusable.
        SchemaNotMigrated: The schema is missing or old (migrate first).
    """
    _grant_group(db, role, REVIEWER_KIND)


def grant_coordinator(db: SharedDatabase, role: str) -> None:
    """Creates the group role ``role`` if missing and grants it the coordinator privileges.

    Run as the owner of the tables. Members may import, publish, erase and compact
    (every table's rows, and the revision counter, which makes their sessions trusted:
    the server does not stamp them) and change reviewers' rows; not the schema's
    bookkeeping (``alembic_version``, ``team_roles``) nor the erasure key. The role is
    recorded in ``team_roles`` as the coordinator group.

    What table privileges cannot give, and a superuser (or a role with CREATEROLE) must
    give a coordinator's *login* itself, as role attributes are not inherited from a
    group: making and disabling reviewer logins needs ``ALTER ROLE login CREATEROLE``,
    plus ``GRANT <reviewer group> TO login WITH ADMIN OPTION`` so that new logins can be
    made members. ``VACUUM FULL`` (compaction) stays the owner's: PostgreSQL 15 lets
    only a table's owner run it.

    Raises:
        UserError: The database is not PostgreSQL or the role name is unusable.
        SchemaNotMigrated: The schema is missing or old (migrate first).
    """
    _grant_group(db, role, COORDINATOR_KIND)


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
