"""Shared fixtures: one per real resource (a temporary SQLite file, a PostgreSQL database)."""

from __future__ import annotations

import os

# Before any QApplication exists: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Before keyring looks for the system's: no test (nor a program a test starts) may ever
# reach the developer's real keyring. The autouse fixture below gives each test a fake.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import gc
import secrets
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from reviewer_app.server.database import SharedDatabase

PG_URL = os.environ.get("REVIEWER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


# The fixtures whose tests need the PostgreSQL server: marked `postgres` at collection.
PG_FIXTURES = frozenset({"pg_available", "pg_admin", "pg_template", "pg_url", "pg_migrated_url"})

# URLs of PostgreSQL databases cloned from the migrated template (see `db`).
_CLONED_PG_URLS: set[str] = set()

# The values migrating makes at random, once per database (in a one-row table): a copy of
# the template gets new ones, as migrating it would have. `per_database_values` checks
# that this lists every such column.
PER_DATABASE_VALUES: dict[tuple[str, str], Callable[[], str]] = {
    ("shared_instance", "instance_id"): lambda: str(uuid.uuid4()),
    ("erasure_key", "secret"): lambda: secrets.token_hex(32),
}


def _pg_admin_engine() -> Engine:
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


def _pg_url_of(name: str) -> str:
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@contextmanager
def _pg_database(admin: Engine, prefix: str, template: str | None = None) -> Iterator[str]:
    """Creates a database (empty, or a copy of ``template``), yields its name, drops it."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    clause = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    try:
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _renew_per_database_values(database: SharedDatabase, columns: list[tuple[str, str]]) -> None:
    """Gives a copy of the template its own random values (instance id, secrets)."""
    with database.engine.begin() as conn:
        for table, column in columns:
            conn.execute(
                text(f'UPDATE "{table}" SET "{column}" = :value'),
                {"value": PER_DATABASE_VALUES[table, column]()},
            )


def _sqlite_rows(path: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """Every table of a SQLite file: its column names and its rows, sorted."""
    # immutable: reads without a lock or a -shm file beside the (closed) database.
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        result = {}
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            result[table] = (columns, sorted(cursor.fetchall(), key=repr))
        return result
    finally:
        conn.close()


def _migrated_sqlite_file(path: Path) -> Path:
    database = SharedDatabase(f"sqlite:///{path}")
    try:
        database.migrate()
    finally:
        database.dispose()
    # The last connection closed checkpointed the WAL: the file alone is the database.
    leftovers = sorted(p.name for p in path.parent.iterdir() if p != path)
    assert not leftovers, f"a migrated SQLite file left {leftovers} beside it"
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks `postgres` every test that uses the PostgreSQL server, for ``-m "not postgres"``."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_pg_param = callspec is not None and callspec.params.get("shared_url") == "postgresql"
        if on_pg_param or PG_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


class MemoryKeyring(KeyringBackend):
    """A system keyring that lives in a dict, for tests."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[service, username] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


@pytest.fixture(autouse=True)
def no_frozen_objects() -> Iterator[None]:
    """Objects a first sync froze (see gc_pause) are collected again after the test.

    One process runs thousands of tests: garbage among what each froze would pile up.
    """
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The system keyring of every test: an empty one in memory, the real one untouched."""
    previous = keyring.get_keyring()
    fake = MemoryKeyring()
    keyring.set_keyring(fake)
    yield fake
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def pg_available() -> bool:
    """Fails (never skips) when PostgreSQL is down, unless REVIEWER_TEST_SKIP_PG=1."""
    try:
        engine = _pg_admin_engine()
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:
        if os.environ.get("REVIEWER_TEST_SKIP_PG") == "1":
            pytest.skip(f"PostgreSQL unreachable and REVIEWER_TEST_SKIP_PG=1: {exc}")
        pytest.fail(
            f"PostgreSQL at {PG_URL} is unreachable ({exc}). Start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, "
            "or set REVIEWER_TEST_SKIP_PG=1 to skip those tests on purpose."
        )
    return True


@pytest.fixture(scope="session")
def pg_admin(pg_available: bool) -> Iterator[Engine]:
    """An engine on the server's maintenance database, to create and drop databases."""
    admin = _pg_admin_engine()
    yield admin
    admin.dispose()


@pytest.fixture(scope="session")
def pg_template(pg_admin: Engine) -> Iterator[str]:
    """The name of a PostgreSQL database migrated once per run, the model of every `db`.

    Nobody may stay connected to it (``CREATE DATABASE ... TEMPLATE`` would fail), so its
    engine is disposed and further connections are refused.
    """
    with _pg_database(pg_admin, "reviewer_tmpl") as name:
        database = SharedDatabase(_pg_url_of(name))
        try:
            database.migrate()
        finally:
            database.dispose()
        with pg_admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        yield name


@pytest.fixture
def pg_url(pg_admin: Engine) -> Iterator[str]:
    """A URL of a fresh, empty (unmigrated) PostgreSQL database, dropped after the test."""
    with _pg_database(pg_admin, "reviewer_test") as name:
        yield _pg_url_of(name)


@pytest.fixture
def pg_migrated_url(
    pg_admin: Engine, pg_template: str, per_database_values: list[tuple[str, str]]
) -> Iterator[str]:
    """A URL of a fresh PostgreSQL database as migrating gives it, dropped after the test.

    A copy of the migrated template with its own instance id and secrets.
    """
    with _pg_database(pg_admin, "reviewer_test", template=pg_template) as name:
        url = _pg_url_of(name)
        database = SharedDatabase(url)
        try:
            _renew_per_database_values(database, per_database_values)
        finally:
            database.dispose()
        _CLONED_PG_URLS.add(url)
        try:
            yield url
        finally:
            _CLONED_PG_URLS.discard(url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite shared database migrated once per run, copied by every `db` on SQLite."""
    return _migrated_sqlite_file(tmp_path_factory.mktemp("shared-template") / "shared.sqlite3")


@pytest.fixture(scope="session")
def per_database_values(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> list[tuple[str, str]]:
    """The columns that a copy of a template must not share with it (see `db`).

    Those whose values differ between two databases migrated apart; each one must be in
    PER_DATABASE_VALUES, else a new migration made one and nobody said how to renew it.
    """
    twin = _migrated_sqlite_file(tmp_path_factory.mktemp("shared-twin") / "shared.sqlite3")
    first, second = _sqlite_rows(sqlite_template), _sqlite_rows(twin)
    assert first.keys() == second.keys()
    differing = []
    for table, (columns, rows) in first.items():
        other_rows = second[table][1]
        assert len(rows) == len(other_rows), f"migrating fills {table} unevenly"
        for index, column in enumerate(columns):
            if [row[index] for row in rows] != [row[index] for row in other_rows]:
                assert len(rows) == 1, f"{table}.{column} is random in several rows"
                differing.append((table, column))
    unknown = sorted(set(differing) - PER_DATABASE_VALUES.keys())
    assert not unknown, (
        f"migrating makes random values in {unknown}: add them to PER_DATABASE_VALUES in "
        "tests/conftest.py, so that no two test databases share them"
    )
    return sorted(differing)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL of a new SQLite file in a temporary folder."""
    return f"sqlite:///{tmp_path / 'shared.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_url(request: pytest.FixtureRequest) -> str:
    """An empty shared database URL: each test runs on SQLite and on real PostgreSQL.

    For a test that uses `db` it is that database's URL, migrated (on PostgreSQL a copy of
    the template, made here so that the URL and `db` stay one database).
    """
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    if "db" in request.fixturenames:
        return str(request.getfixturevalue("pg_migrated_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A reviewer's data folder (local cache, settings), empty."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def db(
    shared_url: str,
    sqlite_template: Path,
    per_database_values: list[tuple[str, str]],
) -> Iterator[SharedDatabase]:
    """A migrated shared database, on SQLite and on PostgreSQL.

    A copy of a template migrated once per run, with its own instance id and secrets;
    migrated here only when something else made the database first.
    """
    migrated = shared_url in _CLONED_PG_URLS
    copy_sqlite = False
    if not migrated and shared_url.startswith("sqlite:///"):
        path = Path(shared_url.removeprefix("sqlite:///"))
        if not path.exists():
            shutil.copy(sqlite_template, path)
            copy_sqlite = True
    database = SharedDatabase(shared_url)
    if copy_sqlite:
        _renew_per_database_values(database, per_database_values)
    elif not migrated:
        database.migrate()
    yield database
    database.dispose()
