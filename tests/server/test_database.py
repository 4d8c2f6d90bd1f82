"""Tests of reviewer_app.server.database: URLs, connections and transactions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from reviewer_app.errors import UserError
from reviewer_app.server import database, models
from reviewer_app.server.database import (
    SchemaNotMigrated,
    SharedDatabase,
    SharedDatabaseUnavailable,
    parse_shared_url,
)


@pytest.mark.parametrize(
    "url",
    ["postgresql://u:pw@db.example.org/reviews", "postgres://u:pw@db.example.org/reviews"],
)
def test_postgres_urls_use_psycopg3(url: str) -> None:
    assert parse_shared_url(url).drivername == "postgresql+psycopg"


@pytest.mark.parametrize("url", ["not a url", "", "://nothing"])
def test_invalid_url_is_a_user_error_naming_it(url: str) -> None:
    with pytest.raises(UserError, match="is not a database URL"):
        SharedDatabase(url)


@pytest.mark.parametrize(
    "url", ["mysql://u@host/db", "postgresql+psycopg2://u@host/db", "oracle://u@host/db"]
)
def test_unsupported_database_is_refused(url: str) -> None:
    with pytest.raises(UserError):
        SharedDatabase(url)


def test_url_for_display_hides_the_password() -> None:
    db = SharedDatabase("postgresql://alice:s3cret@db.example.org:5432/reviews")
    assert "s3cret" not in db.url_for_display
    assert "alice" in db.url_for_display
    assert db.dialect == "postgresql"


def test_unreachable_server_is_unavailable_without_password(pg_available: bool) -> None:
    # Port 1 on localhost: nothing listens there, so the connection is refused at once.
    db = SharedDatabase("postgresql://alice:s3cret@127.0.0.1:1/reviews")
    with pytest.raises(SharedDatabaseUnavailable) as caught, db.session():
        pass
    message = str(caught.value)
    assert "127.0.0.1:1/reviews" in message
    assert "s3cret" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_unknown_user_is_unavailable_with_the_drivers_reason(pg_url: str) -> None:
    database = pg_url.rsplit("/", 1)[1]
    db = SharedDatabase(f"postgresql://nobody_like_this@127.0.0.1:5432/{database}")
    with pytest.raises(SharedDatabaseUnavailable, match="nobody_like_this"):
        db.migrate()
    db.dispose()


def test_sqlite_file_in_a_new_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "shared.sqlite3"
    db = SharedDatabase(f"sqlite:///{path}")
    db.migrate()
    db.dispose()
    assert path.is_file()


def test_sqlite_connection_enforces_foreign_keys_and_uses_wal(sqlite_url: str) -> None:
    db = SharedDatabase(sqlite_url)
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() == 10_000
    db.dispose()


def test_unusable_sqlite_path_is_unavailable(tmp_path: Path) -> None:
    # A folder where the file should be: SQLite cannot open it.
    (tmp_path / "shared.sqlite3").mkdir()
    db = SharedDatabase(f"sqlite:///{tmp_path / 'shared.sqlite3'}")
    with pytest.raises(SharedDatabaseUnavailable, match=r"shared\.sqlite3"):
        db.migrate()
    db.dispose()


def test_a_busy_sqlite_file_is_a_user_error_saying_to_wait(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    SharedDatabase(sqlite_url).migrate()
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_S", 0)
    db = SharedDatabase(sqlite_url)
    writer = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        with pytest.raises(SharedDatabaseUnavailable, match=r"is busy.*try again"):
            db.check_schema()
        with pytest.raises(SharedDatabaseUnavailable, match="is busy"), db.session():
            pass
    finally:
        writer.close()
        db.dispose()


def test_session_commits_on_success(db: SharedDatabase) -> None:
    with db.session() as session:
        session.add(models.Reviewer(name="Kept"))
    with db.session() as session:
        assert session.scalars(select(models.Reviewer.name)).all() == ["Kept"]


def test_session_rolls_back_on_error(db: SharedDatabase) -> None:
    with pytest.raises(RuntimeError), db.session() as session:
        session.add(models.Reviewer(name="Lost"))
        session.flush()
        raise RuntimeError("boom")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Reviewer)) == 0


def test_sqlite_refuses_a_dangling_foreign_key(sqlite_url: str) -> None:
    db = SharedDatabase(sqlite_url)
    db.migrate()
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), db.session() as session:
        session.add(models.Application(response_id="r", content_hash="h", position_id=12345))
    db.dispose()


def test_objects_stay_readable_after_the_session(db: SharedDatabase) -> None:
    with db.session() as session:
        reviewer = models.Reviewer(name="Readable")
        session.add(reviewer)
    assert reviewer.name == "Readable"
    assert reviewer.revision >= 1


def test_unmigrated_database_says_how_to_migrate(shared_url: str) -> None:
    db = SharedDatabase(shared_url)
    with pytest.raises(SchemaNotMigrated, match=r"uv run main\.py migrate --shared"):
        db.check_schema()
    db.dispose()
