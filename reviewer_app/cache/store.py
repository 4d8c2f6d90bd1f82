"""The local cache file: opening, migrating, and transactions.

One SQLite file per reviewer, ``<data dir>/cache.sqlite3``, readable by its owner only.
WAL lets the interface read while sync writes; writes begin with ``BEGIN IMMEDIATE`` so
that two writers queue on the busy timeout instead of failing mid-transaction.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from reviewer_app.cache.errors import (
    CacheWriteWaited,
    translate_os_error,
    translate_sqlite_error,
)
from reviewer_app.cache.file_preparation import prepare_file, quick_check, quick_check_once
from reviewer_app.cache.models import SYNC_STATE_ID, OutboxOperation, SyncStateRow
from reviewer_app.cache.pragmas import BULK_PRAGMAS, USUAL_PRAGMAS, USUAL_SYNCHRONOUS
from reviewer_app.cache.write_gate import WriteGate
from reviewer_app.storage.sqlite_files import checkpoint_sqlite

CACHE_FILE = "cache.sqlite3"
DEFAULT_BUSY_TIMEOUT_S = 5.0

_POSIX = os.name == "posix"
# Execution option read by the "begin" listener: how a transaction starts.
_BEGIN_OPTION = "reviewer_cache_begin"
# Execution option (and connection info key) of a bulk load's write transactions.
_BULK_OPTION = "reviewer_cache_bulk"


@dataclass(frozen=True)
class SyncState:
    """A snapshot of where sync stands.

    Attributes:
        last_revision: The highest server revision pulled (0 before the first sync).
        last_sync_at: When a sync last completed.
        last_attempt_at: When a sync was last tried.
        last_error: Why the last attempt failed, or None.
    """

    last_revision: int
    last_sync_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str | None


class LocalCache:
    """An open local cache; use :meth:`open`, and :meth:`close` when done."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        schema_version: int,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
    ) -> None:
        """Wraps an engine already migrated; callers use :meth:`open`."""
        self._path = path
        self._engine = engine
        self._schema_version = schema_version
        self._write_sessions = sessionmaker(
            bind=engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}),
            expire_on_commit=False,
        )
        self._read_sessions = sessionmaker(bind=engine, expire_on_commit=False)
        self._bulk_sessions = sessionmaker(
            bind=engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE", _BULK_OPTION: True}),
            expire_on_commit=False,
        )
        self._bulk_loading = False
        self._gate = WriteGate()  # this process's writers, in turn (see write_gate)
        self._busy_timeout_s = busy_timeout_s

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
        check: bool = True,
        for_reading: bool = False,
    ) -> LocalCache:
        """Opens (creating or migrating as needed) the cache in ``data_dir``.

        Args:
            data_dir: The reviewer's data folder; made (owner only) if missing.
            busy_timeout_s: How long to wait for another connection's write lock.
            check: Run SQLite's quick check first (once per process and file state).
                False leaves it to the caller, through :meth:`check_once`, e.g. as the
                first task of the window's database worker, off the path to its first
                paint.
            for_reading: For a caller that only reads (export, report, compose): a file
                of this app's schema version is opened without the write lock, so a
                writer at work (the window, a sync) never makes it wait. A new or older
                file is still made or migrated, which waits for the lock as any write.

        Raises:
            CacheTooNew: A newer app wrote the file; it is left untouched.
            CacheCorrupt: The file is damaged or not a database.
            CacheError: Another user-fixable problem (read-only, disk full, busy).
        """
        path = data_dir / CACHE_FILE
        try:
            data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            _create_private_file(path)
        except OSError as exc:
            raise translate_os_error(exc, path) from exc
        engine = _create_engine(path, busy_timeout_s)
        try:
            with _translated_errors(path):
                write_engine = engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
                version = prepare_file(
                    engine, write_engine, path, check=check, for_reading=for_reading
                )
            try:
                _restrict_permissions(path)
            except OSError as exc:
                raise translate_os_error(exc, path) from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(path, engine, version, busy_timeout_s)

    @property
    def path(self) -> Path:
        """The cache file."""
        return self._path

    @property
    def schema_version(self) -> int:
        """The schema version of the file (the latest this app knows)."""
        return self._schema_version

    @property
    def engine(self) -> Engine:
        """The engine; transactions from it begin deferred (fine for reading)."""
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yields a session in one write transaction: committed on success, else rolled back.

        Raises:
            CacheError: A user-fixable SQLite error (disk full, read-only, busy, damaged).
        """
        maker = self._bulk_sessions if self._bulk_loading else self._write_sessions
        with self._turn(), _translated_errors(self._path), maker.begin() as session:
            yield session

    def _turn(self) -> AbstractContextManager[None]:
        """This process's turn to write (see write_gate), waited for as SQLite's lock is."""
        path = self._path
        return self._gate.held(self._busy_timeout_s, lambda s: CacheWriteWaited(path, s))

    def when_writer_waits(self, callback: Callable[[], None]) -> AbstractContextManager[None]:
        """During the block, another thread of the app about to wait to write calls it."""
        return self._gate.waited_for(callback)

    def set_bulk_loading(self, on: bool) -> None:
        """While on, write transactions use a bigger page cache and leave the log alone.

        For a first sync (see :mod:`~reviewer_app.cache.bulk_load`): the write-ahead log
        is not copied into the file at commits; the load calls :meth:`checkpoint_passive`
        between its pages, and once at the end.
        """
        self._bulk_loading = on

    @property
    def writers_waiting(self) -> bool:
        """Whether another thread of the app waits to write (a long writer may yield)."""
        return self._gate.waiting > 0

    @property
    def bulk_loading(self) -> bool:
        """Whether a bulk load is on (see :meth:`set_bulk_loading`)."""
        return self._bulk_loading

    def checkpoint_passive(self, *, flush: bool | None = None) -> bool:
        """Copies what the write-ahead log holds into the file, as far as readers allow.

        Waits for no one and holds no write lock: the app's writers go on meanwhile.
        Returns whether all of it is in the file now. ``flush``: to disk (None: unless
        a bulk load is on).
        """
        # On the driver's connection (no BEGIN): a bulk load's connection, the pool's
        # last, keeps its page cache.
        flushed = not self._bulk_loading if flush is None else flush
        synchronous = USUAL_SYNCHRONOUS if flushed else "OFF"
        with _translated_errors(self._path):
            return checkpoint_sqlite(self._engine, passive=True, synchronous=synchronous)

    @contextmanager
    def attached_session(self, other: Path, alias: str) -> Iterator[Session]:
        """Like :meth:`session`, with another cache file attached under ``alias``.

        The file is attached on one connection and detached before that connection goes
        back to the pool.

        Raises:
            CacheError: A user-fixable SQLite error.
        """
        if not alias.isidentifier():
            raise ValueError(f"not an SQL identifier: {alias!r}")
        write_engine = self._engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        with (
            self._turn(),
            _translated_errors(self._path),
            write_engine.connect() as connection,
        ):
            connection.exec_driver_sql(f"ATTACH DATABASE ? AS {alias}", (str(other),))
            try:
                with Session(bind=connection, expire_on_commit=False) as session:
                    yield session
                    session.flush()
                connection.commit()
            finally:
                connection.rollback()
                connection.exec_driver_sql(f"DETACH DATABASE {alias}")
                connection.commit()

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """Yields a session in one read transaction that never waits for writers.

        Reading in a write transaction would queue behind a long sync; writing in this
        one may fail with :class:`CacheBusy` if another connection wrote meanwhile.
        """
        with _translated_errors(self._path), self._read_sessions.begin() as session:
            yield session

    def check_once(self) -> None:
        """Runs the quick check that :meth:`open` skipped when told to (once per process).

        Raises:
            CacheCorrupt: The file is damaged; the error advises ``salvage``.
        """
        with _translated_errors(self._path), self._engine.connect() as connection:
            quick_check_once(connection.connection.dbapi_connection, self._path)

    def check_integrity(self) -> None:
        """Runs SQLite's quick check of the whole file (reads every page once).

        Raises:
            CacheCorrupt: The file is damaged; the error advises ``salvage``.
        """
        with _translated_errors(self._path), self._engine.connect() as connection:
            quick_check(connection.connection.dbapi_connection, self._path)

    def pending_operations(self) -> int:
        """Returns how many local changes wait in the outbox."""
        with self.read_session() as session:
            return session.scalar(select(func.count()).select_from(OutboxOperation)) or 0

    def sync_state(self) -> SyncState:
        """Returns a snapshot of the sync bookkeeping."""
        with self.read_session() as session:
            row = session.get_one(SyncStateRow, SYNC_STATE_ID)
            return SyncState(
                last_revision=row.last_revision,
                last_sync_at=row.last_sync_at,
                last_attempt_at=row.last_attempt_at,
                last_error=row.last_error,
            )

    def scrub(self) -> None:
        """Moves every committed change into the file and empties the write-ahead log.

        With ``secure_delete`` the file keeps nothing of a deleted row; the log would
        keep the row's old pages until its next checkpoint. Called after an erasure.
        """
        with _translated_errors(self._path):
            checkpoint_sqlite(self._engine)

    def close(self) -> None:
        """Closes every connection; the last one to close folds the WAL into the file."""
        self._engine.dispose()

    def __enter__(self) -> LocalCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@contextmanager
def _translated_errors(path: Path) -> Iterator[None]:
    # Only errors the user can fix become UserErrors; anything else is a bug and
    # propagates unchanged.
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        user_error = translate_sqlite_error(exc, path)
        if user_error is None:
            raise
        raise user_error from exc


def _create_private_file(path: Path) -> None:
    # Made by us before SQLite opens it, so it is never readable by others, not even
    # for a moment; SQLite gives the -wal and -shm files the same mode.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)


def _restrict_permissions(path: Path) -> None:
    # Also tightens files left by an older app or copied in; Windows has no such modes.
    if not _POSIX:
        return
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists() and candidate.stat().st_mode & 0o077:
            candidate.chmod(0o600)


def _create_engine(path: Path, busy_timeout_s: float) -> Engine:
    # The connection used last is used again: a bulk load's checkpoint between pages
    # then runs on the load's own connection, not on another that grows a page cache of
    # its own.
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"timeout": busy_timeout_s}, pool_use_lifo=True
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Driver-level autocommit: the sqlite3 module's implicit transactions (none for
        # DDL, so a migration could half-apply) would fight the BEGIN emitted below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA synchronous = {USUAL_SYNCHRONOUS}")
            # Deleted rows are overwritten, not left in free pages: an erased applicant
            # must not stay readable in the file (see LocalCache.scrub).
            cursor.execute("PRAGMA secure_delete = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        bulk = bool(options.get(_BULK_OPTION, False))
        info = connection.connection.info
        if info.get(_BULK_OPTION, False) != bulk:
            # Before BEGIN: SQLite refuses to change the sync level inside a transaction.
            for pragma in BULK_PRAGMAS if bulk else USUAL_PRAGMAS:
                connection.exec_driver_sql(f"PRAGMA {pragma}")
            info[_BULK_OPTION] = bulk
        connection.exec_driver_sql(f"BEGIN {options.get(_BEGIN_OPTION, 'DEFERRED')}")

    return engine
