"""Tests of reviewer_app.server.database: URLs, connections and transactions."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from reviewer_app.errors import UserError
from reviewer_app.server import database, models, private_files
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
    with pytest.raises(SharedDatabaseUnavailable, match=r"shared\.sqlite3") as raised:
        db.migrate()
    db.dispose()
    # About the file, not the URL and password (a read-only folder said to check them).
    assert "Check that the file and its folder can be written" in str(raised.value)
    assert "password" not in str(raised.value)


def test_a_folder_where_the_file_should_be_keeps_its_mode(tmp_path: Path) -> None:
    (tmp_path / "shared.sqlite3").mkdir(mode=0o755)
    SharedDatabase(f"sqlite:///{tmp_path / 'shared.sqlite3'}").dispose()
    assert mode_of(tmp_path / "shared.sqlite3") == 0o755


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


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The common default umask, which lets files be made readable by other users."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_sqlite_file_and_its_new_folders_are_its_owners_only(
    tmp_path: Path, umask_022: None
) -> None:
    path = tmp_path / "new" / "folder" / "shared.sqlite3"
    db = SharedDatabase(f"sqlite:///{path}")
    try:
        db.migrate()
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            # While a connection is open, SQLite's side files exist, with the file's mode.
            side_files = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
            assert all(side.exists() for side in side_files)
            assert [mode_of(p) for p in (path, *side_files)] == [0o600] * 3
    finally:
        db.dispose()
    assert (mode_of(tmp_path / "new"), mode_of(tmp_path / "new" / "folder")) == (0o700, 0o700)


def test_an_existing_sqlite_file_open_to_others_is_tightened_with_a_note(
    tmp_path: Path, umask_022: None, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "shared.sqlite3"
    # An older app's file, in use by another connection: its side files exist too.
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("PRAGMA journal_mode=WAL")
        other.execute("CREATE TABLE t (x)")
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        for file in files:
            file.chmod(0o644)
        tmp_path.chmod(0o755)
        with caplog.at_level(logging.WARNING):
            SharedDatabase(f"sqlite:///{path}").dispose()
    finally:
        other.close()
    assert [mode_of(file) for file in files if file.exists()] == [0o600] * sum(
        file.exists() for file in files
    )
    notes = [record.getMessage() for record in caplog.records]
    assert len(notes) == 3
    assert f"{path} was open to other users of this computer (mode 0644)" in notes[0]
    assert "its owner's only (0600)" in notes[0]
    # A folder the user chose is theirs to set: only folders the app makes are private.
    assert mode_of(tmp_path) == 0o755
    caplog.clear()
    SharedDatabase(f"sqlite:///{path}").dispose()
    assert caplog.records == []


def test_a_file_that_cannot_be_tightened_gets_a_note_with_the_command(
    tmp_path: Path,
    umask_022: None,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "shared.sqlite3"
    SharedDatabase(f"sqlite:///{path}").dispose()
    path.chmod(0o644)

    def refuse(self: Path, mode: int) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted", str(self))

    monkeypatch.setattr(Path, "chmod", refuse)
    with caplog.at_level(logging.WARNING):
        SharedDatabase(f"sqlite:///{path}").dispose()
    (note,) = [record.getMessage() for record in caplog.records]
    assert "could not be made private (Operation not permitted)" in note
    assert f"chmod 600 '{path}'" in note


def test_on_windows_modes_are_left_alone_and_nothing_fails(
    tmp_path: Path,
    umask_022: None,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Windows has no owner/group/other bits: chmod would only toggle read-only, and stat
    # reports every file as 0666, which must not be taken for a file open to others.
    monkeypatch.setattr(private_files, "_POSIX", False)
    old = tmp_path / "old.sqlite3"
    sqlite3.connect(old).close()
    old.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        SharedDatabase(f"sqlite:///{old}").dispose()
        new = SharedDatabase(f"sqlite:///{tmp_path / 'new.sqlite3'}")
        new.migrate()
        new.dispose()
    assert mode_of(old) == 0o644
    assert caplog.records == []


# --- URLs in messages, and connections that cannot hang (issue 11, items 4 and 13) -------


def test_a_malformed_url_is_refused_without_its_password() -> None:
    with pytest.raises(UserError) as excinfo:
        SharedDatabase("postgresql://u:pw-Secret9@h:notaport/db")
    message = str(excinfo.value)
    assert "postgresql://u:***@h:notaport/db" in message and "port" in message
    assert excinfo.value.__cause__ is None and excinfo.value.__suppress_context__
    assert "pw-Secret9" not in message


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:p@ss:w@rd@h:x/db", "postgresql://u:***@h:x/db"),
        ("postgresql://u@h:x/db?password=hunter2", "postgresql://u@h:x/db?password=***"),
        ("postgresql://h:5432/db", "postgresql://h:5432/db"),
        ("postgresql://:pw@h/db", "postgresql://:***@h/db"),
    ],
)
def test_redact_url_hides_any_password(url: str, shown: str) -> None:
    from reviewer_app.server.connections import redact_url

    assert redact_url(url) == shown


def _socket_options(database: SharedDatabase) -> dict[str, int]:
    import socket

    with database.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        sock = socket.socket(fileno=raw.pgconn.socket)  # type: ignore[attr-defined]
        try:
            options = {
                "keepalive": sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE),
                "idle": sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE),
                "interval": sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL),
                "count": sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT),
                "user_timeout": sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT),
            }
        finally:
            sock.detach()
        timeout = connection.exec_driver_sql("SHOW statement_timeout").scalar_one()
    options["statement_timeout"] = int(str(timeout).removesuffix("s"))
    return options


@pytest.mark.skipif(not hasattr(__import__("socket"), "TCP_USER_TIMEOUT"), reason="Linux")
def test_every_postgres_connection_has_keepalives_and_a_statement_timeout(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = SharedDatabase(pg_url)
    try:
        assert _socket_options(database) == {
            "keepalive": 1,
            "idle": 10,
            "interval": 5,
            "count": 3,
            "user_timeout": 30_000,
            "statement_timeout": 45,
        }
    finally:
        database.dispose()
    # Configurable: the environment for the statement timeout, the URL for libpq's own.
    monkeypatch.setenv("REVIEWER_PG_STATEMENT_TIMEOUT", "7")
    database = SharedDatabase(f"{pg_url}?keepalives_idle=33&tcp_user_timeout=12000")
    try:
        options = _socket_options(database)
    finally:
        database.dispose()
    assert (options["idle"], options["user_timeout"], options["statement_timeout"]) == (
        33,
        12_000,
        7,
    )


def test_a_statement_timeout_that_is_not_a_number_is_a_user_error(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_PG_STATEMENT_TIMEOUT", "soon")
    with pytest.raises(UserError, match="REVIEWER_PG_STATEMENT_TIMEOUT"):
        SharedDatabase(pg_url)


def test_the_statement_timeout_stops_a_slow_statement_but_not_a_migration(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typing import Any

    from sqlalchemy.exc import OperationalError

    monkeypatch.setenv("REVIEWER_PG_STATEMENT_TIMEOUT", "0.2")
    database = SharedDatabase(pg_url)
    try:
        with (
            pytest.raises(OperationalError, match="statement timeout"),
            database.engine.connect() as connection,
        ):
            connection.exec_driver_sql("SELECT pg_sleep(2)")

        # A migration's statements may take longer: migrate lifts the timeout for them.
        def slow_upgrade(config: Any, _revision: str) -> None:
            config.attributes["connection"].exec_driver_sql("SELECT pg_sleep(0.6)")

        # Alembic is imported where it is used (see SharedDatabase.migrate).
        monkeypatch.setattr("alembic.command.upgrade", slow_upgrade)
        database.migrate()
    finally:
        database.dispose()


def test_interrupt_breaks_a_call_waiting_on_the_server_at_once(pg_url: str) -> None:
    import threading
    import time

    from sqlalchemy.exc import OperationalError

    database = SharedDatabase(pg_url)
    try:
        timer = threading.Timer(0.5, database.interrupt)
        started = time.monotonic()
        timer.start()
        with pytest.raises(OperationalError), database.engine.connect() as connection:
            connection.exec_driver_sql("SELECT pg_sleep(20)")
        assert time.monotonic() - started < 5
        timer.join()
        # The pool lets the broken connection go; the next one works.
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT 1").scalar_one() == 1
    finally:
        database.dispose()


def test_a_password_given_as_a_query_parameter_is_never_shown() -> None:
    database = SharedDatabase(
        "postgresql+psycopg://postgres@/nope?host=127.0.0.1&password=QueryPW&sslpassword=K2"
    )
    try:
        shown = database.url_for_display
    finally:
        database.dispose()
    assert "QueryPW" not in shown and "K2" not in shown
    assert "password=***" in shown


def test_an_unencoded_at_in_a_password_is_refused_without_showing_it() -> None:
    with pytest.raises(UserError, match="%40") as raised:
        SharedDatabase("postgresql://postgres:p@ssw0rd@127.0.0.1/probe")
    assert "ssw0rd" not in str(raised.value)
