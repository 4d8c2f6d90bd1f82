"""Tests of the least-privilege reviewer role (PostgreSQL only)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from reviewer_app.errors import UserError
from reviewer_app.server.database import (
    SchemaNotMigrated,
    SharedDatabase,
    SharedDatabasePermissionDenied,
)
from reviewer_app.server.roles import grant_reviewer, validate_role_name


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[SharedDatabase]:
    """A migrated PostgreSQL shared database."""
    database = SharedDatabase(pg_url)
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def role_names(pg_db: SharedDatabase) -> Iterator[list[str]]:
    """Unique role names for the test; the roles are dropped afterwards (cluster-wide)."""
    suffix = uuid.uuid4().hex[:10]
    names = [f"reviewers_{suffix}", f"alice_{suffix}"]
    yield names
    with pg_db.engine.begin() as conn:
        for name in names:
            exists = conn.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": name}
            ).first()
            if exists:
                # Privileges in this database (and on it) go first, then the role.
                conn.execute(text(f'DROP OWNED BY "{name}"'))
                conn.execute(text(f'DROP ROLE "{name}"'))


def test_roles_are_refused_on_sqlite(sqlite_url: str) -> None:
    db = SharedDatabase(sqlite_url)
    with pytest.raises(UserError, match="roles are a PostgreSQL feature"):
        grant_reviewer(db, "reviewers")
    db.dispose()


@pytest.mark.parametrize(
    "name", ["", "Reviewers", "1st", 'x"; DROP TABLE applications; --', "pg_admin", "a" * 64]
)
def test_unusable_role_names_are_refused(name: str) -> None:
    with pytest.raises(UserError, match="not a usable role name"):
        validate_role_name(name)


def test_granting_on_an_unmigrated_database_says_migrate_first(pg_url: str) -> None:
    db = SharedDatabase(pg_url)
    with pytest.raises(SchemaNotMigrated):
        grant_reviewer(db, "never_created_role")
    db.dispose()


def test_reviewer_member_can_triage_but_not_delete_or_rewrite_applications(
    pg_db: SharedDatabase, role_names: list[str]
) -> None:
    group, login = role_names
    with pg_db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO reviewers (id, name, login, created_at, revision) "
                "VALUES (1, 'Alice', :login, now(), 1)"
            ),
            {"login": login},
        )
        conn.execute(
            text(
                "INSERT INTO applications (id, response_id, name, email, position_typed, "
                "answers, content_hash, imported_at, updated_at, revision) VALUES "
                "('app-1', 'r1', 'Ada', 'ada@example.org', '', '[]', 'h', now(), now(), 2)"
            )
        )
    grant_reviewer(pg_db, group)
    grant_reviewer(pg_db, group)  # again: converges, does not fail
    with pg_db.engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{login}" LOGIN'))
        conn.execute(text(f'GRANT "{group}" TO "{login}"'))
        recorded = conn.execute(
            text("SELECT role_name FROM team_roles WHERE kind = 'reviewer'")
        ).scalar_one()
    assert recorded == group

    url = make_url(pg_db.engine.url).set(username=login, password=None)
    as_reviewer = SharedDatabase(url.render_as_string(hide_password=False))
    try:
        with as_reviewer.engine.begin() as conn:
            assert conn.execute(text("SELECT name FROM applications")).scalar_one() == "Ada"
            # The server stamps author and revision.
            conn.execute(
                text(
                    "INSERT INTO requirement_checks (application_id, check_key, reviewer_id, "
                    "result, comment, updated_at) "
                    "VALUES ('app-1', 'python', 1, 'met', '', now())"
                )
            )
            conn.execute(text("UPDATE applications SET position_id = NULL"))

        forbidden = [
            "DELETE FROM applications",
            "UPDATE applications SET name = 'Someone else'",
            "UPDATE applications SET answers = '[]'",
            "UPDATE applications SET revision = 9000000000000000000",
            "DELETE FROM notes",
            "DELETE FROM requirement_checks",
            "DELETE FROM tombstones",
            "INSERT INTO tombstones (entity, entity_id, deleted_at, revision) "
            "VALUES ('note', 'n1', now(), 5)",
            "UPDATE sync_counter SET value = value + 1",
            "UPDATE reviewers SET name = 'Mallory'",
            "UPDATE decision_history SET reason = 'rewritten'",
            "TRUNCATE applications",
            "INSERT INTO applications (id, response_id, content_hash, imported_at, "
            "updated_at, revision, name, email, position_typed, answers) "
            "VALUES ('x', 'x', 'x', now(), now(), 9, '', '', '', '[]')",
        ]
        for statement in forbidden:
            with (
                pytest.raises(ProgrammingError, match="permission denied"),
                as_reviewer.engine.begin() as conn,
            ):
                conn.execute(text(statement))
    finally:
        as_reviewer.dispose()

    with pg_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM applications")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM requirement_checks")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM tombstones")).scalar_one() == 0
        assert conn.execute(text("SELECT value FROM sync_counter")).scalar_one() == 2


def test_existing_role_keeps_no_extra_table_privileges(
    pg_db: SharedDatabase, role_names: list[str]
) -> None:
    group, _login = role_names
    with pg_db.engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{group}" NOLOGIN'))
        conn.execute(text(f'GRANT DELETE ON applications TO "{group}"'))
    grant_reviewer(pg_db, group)
    with pg_db.engine.connect() as conn:
        can_delete = conn.execute(
            text("SELECT has_table_privilege(:r, 'applications', 'DELETE')"), {"r": group}
        ).scalar_one()
        can_login = conn.execute(
            text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :r"), {"r": group}
        ).scalar_one()
    assert can_delete is False
    assert can_login is False


def test_the_connected_superuser_is_refused_and_keeps_its_privileges(
    pg_db: SharedDatabase,
) -> None:
    with pg_db.engine.connect() as conn:
        me = conn.execute(text("SELECT current_user")).scalar_one()
    with pytest.raises(UserError, match="cannot become a least-privilege reviewer role"):
        grant_reviewer(pg_db, me)


def test_the_owner_of_the_tables_is_refused_and_keeps_its_privileges(
    pg_db: SharedDatabase, role_names: list[str]
) -> None:
    owner, _login = role_names
    with pg_db.engine.begin() as conn:
        me = conn.execute(text("SELECT current_user")).scalar_one()
        conn.execute(text(f'CREATE ROLE "{owner}" NOLOGIN'))
        conn.execute(text(f'ALTER TABLE applications OWNER TO "{owner}"'))
    try:
        with pytest.raises(UserError, match="the owner of the tables"):
            grant_reviewer(pg_db, owner)
        with pg_db.engine.connect() as conn:
            can_insert = conn.execute(
                text("SELECT has_table_privilege(:r, 'applications', 'INSERT')"), {"r": owner}
            ).scalar_one()
        assert can_insert is True
    finally:
        # The fixture drops what the role owns; the table must not go with it.
        with pg_db.engine.begin() as conn:
            conn.execute(text(f'ALTER TABLE applications OWNER TO "{me}"'))


def test_a_reviewer_running_an_owners_command_gets_a_clear_error(
    pg_db: SharedDatabase, role_names: list[str]
) -> None:
    group, login = role_names
    grant_reviewer(pg_db, group)
    with pg_db.engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{login}" LOGIN'))
        conn.execute(text(f'GRANT "{group}" TO "{login}"'))
    url = make_url(pg_db.engine.url).set(username=login, password=None)
    as_reviewer = SharedDatabase(url.render_as_string(hide_password=False))
    try:
        with (
            pytest.raises(SharedDatabasePermissionDenied, match=f"{login}.*owns the tables"),
            as_reviewer.session() as session,
        ):
            session.execute(text("DELETE FROM applications"))
    finally:
        as_reviewer.dispose()


def test_a_reviewer_cannot_read_the_erasure_records_or_their_key(
    pg_db: SharedDatabase, role_names: list[str]
) -> None:
    group, login = role_names
    grant_reviewer(pg_db, group)
    with pg_db.engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{login}" LOGIN'))
        conn.execute(text(f'GRANT "{group}" TO "{login}"'))
    url = make_url(pg_db.engine.url).set(username=login, password=None)
    as_reviewer = SharedDatabase(url.render_as_string(hide_password=False))
    try:
        for table in ("erasure_key", "erasures"):
            with (
                pytest.raises(ProgrammingError, match="permission denied"),
                as_reviewer.engine.begin() as conn,
            ):
                conn.execute(text(f"SELECT * FROM {table}"))
        with as_reviewer.engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM applications")).scalar_one() == 0
    finally:
        as_reviewer.dispose()
