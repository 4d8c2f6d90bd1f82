"""Shared fixtures: one per real resource (a temporary SQLite file, a PostgreSQL database)."""

from __future__ import annotations

import os

# Before any QApplication exists: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Before keyring looks for the system's: no test (nor a program a test starts) may ever
# reach the developer's real keyring. The autouse fixture below gives each test a fake.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from reviewer_app.server.database import SharedDatabase

PG_URL = os.environ.get("REVIEWER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_admin_engine():  # type: ignore[no-untyped-def]
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


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


@pytest.fixture
def pg_url(pg_available: bool) -> Iterator[str]:
    """A URL of a fresh PostgreSQL database, dropped after the test."""
    name = f"reviewer_test_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL of a new SQLite file in a temporary folder."""
    return f"sqlite:///{tmp_path / 'shared.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_url(request: pytest.FixtureRequest) -> str:
    """An empty shared database URL: each test runs on SQLite and on real PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A reviewer's data folder (local cache, settings), empty."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def db(shared_url: str) -> Iterator[SharedDatabase]:
    """A migrated shared database, on SQLite and on PostgreSQL."""
    database = SharedDatabase(shared_url)
    database.migrate()
    yield database
    database.dispose()
