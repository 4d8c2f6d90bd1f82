"""Tests of Test connection: each failure named, with what to do, against real databases."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from reviewer_app.config.connection_check import (
    BAD_PASSWORD,
    LOGIN_DISABLED,
    NO_PRIVILEGE,
    NO_SUCH_DATABASE,
    NOT_A_REVIEWER,
    SCHEMA_MISSING,
    SCHEMA_NEW,
    SCHEMA_OLD,
    UNREACHABLE,
    check_connection,
)
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.server import models
from reviewer_app.server.connections import connection_refusal
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.roles import grant_reviewer

MakeLogin = Callable[..., str]


def _shared_instance(url: str) -> str:
    db = SharedDatabase(url)
    try:
        with db.engine.connect() as conn:
            return str(conn.execute(text("SELECT instance_id FROM shared_instance")).scalar())
    finally:
        db.dispose()


@pytest.fixture
def make_login(pg_migrated_url: str) -> Iterator[MakeLogin]:
    """Makes uniquely named login roles on the server; returns a URL as each; drops them."""
    owner = create_engine(pg_migrated_url, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make(*, login: bool = True, reviewer: str | None = None, group: bool = False) -> str:
        role = f"t_{uuid.uuid4().hex[:12]}"
        made.append(role)
        with owner.connect() as conn:
            conn.execute(text(f'CREATE ROLE "{role}" {"LOGIN" if login else "NOLOGIN"}'))
        if group:
            team = f"g_{uuid.uuid4().hex[:12]}"
            made.append(team)
            db = SharedDatabase(pg_migrated_url)
            try:
                grant_reviewer(db, team)
            finally:
                db.dispose()
            with owner.connect() as conn:
                conn.execute(text(f'GRANT "{team}" TO "{role}"'))
        if reviewer is not None:
            add_reviewer(pg_migrated_url, reviewer, role)
        return make_url(pg_migrated_url).set(username=role).render_as_string(hide_password=False)

    yield make
    _drop_roles(owner, made)
    owner.dispose()


def add_reviewer(url: str, name: str, login: str) -> None:
    """Records a reviewer mapped to a login, as the owner."""
    db = SharedDatabase(url)
    try:
        with db.session() as session:
            session.add(models.Reviewer(name=name, login=login))
    finally:
        db.dispose()


def _drop_roles(owner: Engine, roles: list[str]) -> None:
    with owner.connect() as conn:
        for role in reversed(roles):
            # Cluster-wide: other tests run at the same time, so each drops its own only.
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))


def test_a_closed_port_is_unreachable_and_the_password_never_shown() -> None:
    report = check_connection("postgresql://alice:hunter2@127.0.0.1:1/team", None, timeout_s=3)
    assert (report.ok, report.problem) == (False, UNREACHABLE)
    assert "cannot reach 127.0.0.1:1" in report.message
    assert "hunter2" not in repr(report)
    assert report.label == "127.0.0.1:1/team"


def test_a_database_missing_on_the_server_is_named(pg_migrated_url: str) -> None:
    missing = make_url(pg_migrated_url).set(database=f"nothing_{uuid.uuid4().hex[:8]}")
    report = check_connection(missing.render_as_string(hide_password=False), "s3cret")
    assert report.problem == NO_SUCH_DATABASE
    assert str(missing.database) in report.message and "127.0.0.1" in report.message
    assert "s3cret" not in report.message


def test_an_empty_database_needs_migrate(pg_url: str) -> None:
    report = check_connection(pg_url, None)
    assert (report.ok, report.problem) == (False, SCHEMA_MISSING)
    assert "run migrate" in report.message
    assert report.login == "postgres"


def test_the_owner_of_a_migrated_database_connects(pg_migrated_url: str) -> None:
    report = check_connection(pg_migrated_url, None)
    assert report.ok, report.message
    assert report.instance_id == _shared_instance(pg_migrated_url)
    assert (report.login, report.reviewer_name) == ("postgres", None)


def test_a_login_disabled_by_the_coordinator_says_so(make_login: MakeLogin) -> None:
    url = make_login(login=False)
    report = check_connection(url, "pw")
    assert (report.ok, report.problem) == (False, LOGIN_DISABLED)
    login = make_url(url).username
    assert f"your login {login} was disabled by the coordinator" in report.message
    assert make_url(url).database in report.message


def test_a_login_without_a_reviewer_is_told_to_ask_for_add_reviewer(make_login: MakeLogin) -> None:
    report = check_connection(make_login(group=True), None)
    assert (report.ok, report.problem) == (False, NOT_A_REVIEWER)
    assert "add-reviewer" in report.message
    assert report.instance_id is not None


def test_a_reviewer_login_connects_and_is_named(
    make_login: MakeLogin, pg_migrated_url: str
) -> None:
    url = make_login(group=True, reviewer="Bob Reviewer")
    report = check_connection(url, None)
    assert report.ok, report.message
    assert (report.login, report.reviewer_name) == (make_url(url).username, "Bob Reviewer")
    assert report.instance_id == _shared_instance(pg_migrated_url)
    assert "Bob Reviewer" in report.message


def test_a_reviewer_marked_disabled_is_refused_even_if_the_login_still_works(
    make_login: MakeLogin, pg_migrated_url: str
) -> None:
    url = make_login(group=True, reviewer="Gone Reviewer")
    owner = SharedDatabase(pg_migrated_url)
    try:
        with owner.engine.begin() as conn:
            conn.execute(
                text("UPDATE reviewers SET disabled_at = now() WHERE name = 'Gone Reviewer'")
            )
    finally:
        owner.dispose()
    report = check_connection(url, None)
    assert (report.problem, report.reviewer_name) == (LOGIN_DISABLED, "Gone Reviewer")


def test_a_login_without_privileges_cannot_read_the_tables(make_login: MakeLogin) -> None:
    report = check_connection(make_login(), None)
    assert (report.ok, report.problem) == (False, NO_PRIVILEGE)
    assert "ask the coordinator" in report.message


class _FakeDriverError(Exception):
    """What psycopg raises when the server refuses a password (trust auth cannot)."""

    sqlstate: str | None = None


@pytest.mark.parametrize("sqlstate", [None, "28P01"])
def test_a_refused_password_is_told_apart(sqlstate: str | None) -> None:
    error = _FakeDriverError(
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: '
        'FATAL:  password authentication failed for user "alice"'
    )
    error.sqlstate = sqlstate
    refusal = connection_refusal(error, make_url("postgresql://alice:hunter2@db.example.org/team"))
    assert refusal.problem == BAD_PASSWORD
    assert "the password was refused" in refusal.message
    assert "open a new invitation" in refusal.message
    assert "db.example.org/team" in refusal.message and "hunter2" not in refusal.message


def test_a_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.sqlite3"
    report = check_connection(f"sqlite:///{path}", None)
    assert report.problem == NO_SUCH_DATABASE
    assert str(path) in report.message
    assert not path.exists()


def test_a_migrated_sqlite_file_connects_read_only(tmp_path: Path, sqlite_template: Path) -> None:
    path = shutil.copy(sqlite_template, tmp_path / "shared.sqlite3")
    before = path.read_bytes()
    report = check_connection(f"sqlite:///{path}", None)
    assert report.ok, report.message
    assert report.instance_id is not None and report.login is None
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.sqlite3"]


def test_an_empty_sqlite_file_has_no_schema(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    assert check_connection(f"sqlite:///{path}", None).problem == SCHEMA_MISSING


def test_an_older_schema_needs_migrate_and_a_newer_one_an_update(tmp_path: Path) -> None:
    old = SharedDatabase(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    old.upgrade_to("0004_instance")
    old.dispose()
    report = check_connection(f"sqlite:///{tmp_path / 'old.sqlite3'}", None)
    assert report.problem == SCHEMA_OLD and "run migrate" in report.message
    assert report.instance_id is not None

    conn = sqlite3.connect(tmp_path / "old.sqlite3")
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    report = check_connection(f"sqlite:///{tmp_path / 'old.sqlite3'}", None)
    assert report.problem == SCHEMA_NEW and "update reviewer_app" in report.message


def test_a_shared_connection_checks_with_its_typed_password() -> None:
    connection = SharedConnection.from_url("postgresql://alice:in-url@127.0.0.1:1/team")
    connection.password = "typed-secret"
    report = connection.check(timeout_s=3)
    assert report.problem == UNREACHABLE
    assert "typed-secret" not in repr(report) and "in-url" not in repr(report)
