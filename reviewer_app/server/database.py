"""The connection to the shared database: engine, transactions and schema migrations.

A :class:`SharedDatabase` is built from a URL (``postgresql://...`` in production,
``sqlite:///path`` as the embedded default). Its schema is managed by the Alembic
migrations in ``reviewer_app/server/migrations``; a database made by a newer version of
the app is refused, never altered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from reviewer_app.errors import UserError
from reviewer_app.server.connections import LiveConnections, pg_connect_args, redact_url
from reviewer_app.server.connections import (
    SharedDatabaseUnavailable as SharedDatabaseUnavailable,  # importable from here too
)
from reviewer_app.server.host_names import host_problem
from reviewer_app.server.private_files import create_private_sqlite_file, restrict_sqlite_file
from reviewer_app.server.revisions import install_revision_stamping
from reviewer_app.server.schema_version import HEAD, KNOWN_REVISIONS, current_heads

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# How long a SQLite writer waits for another one before giving up.
SQLITE_BUSY_TIMEOUT_S = 10
# How long connecting to PostgreSQL may take before the server counts as unreachable.
PG_CONNECT_TIMEOUT_S = 10
# Any constant works; it only has to be the same for every copy of the app.
_MIGRATION_LOCK_KEY = 0x7265766965776572  # "reviewer"
# PostgreSQL's SQLSTATE for "permission denied".
_INSUFFICIENT_PRIVILEGE = "42501"

_T = TypeVar("_T")
_log = logging.getLogger(__name__)


class SchemaNotMigrated(UserError):
    """The shared database has no schema yet, or an older one."""


class SchemaTooNew(UserError):
    """The shared database was made by a newer version of the app."""


class SharedDatabasePermissionDenied(UserError):
    """The database role lacks a privilege the work needs (e.g. a reviewer role importing)."""


@dataclass(frozen=True)
class MigrationResult:
    """What :meth:`SharedDatabase.migrate` did.

    Attributes:
        from_revision: The schema revision before (None for an empty database).
        to_revision: The schema revision after (the newest this app knows).
    """

    from_revision: str | None
    to_revision: str

    @property
    def changed(self) -> bool:
        """Whether the migration changed the schema."""
        return self.from_revision != self.to_revision


def parse_shared_url(url: str) -> URL:
    """Parses a shared database URL, choosing the psycopg 3 driver for PostgreSQL.

    Raises:
        UserError: The URL cannot be parsed or names an unsupported database.
    """
    authority = url.strip().partition("://")[2].partition("/")[0]
    if authority.count("@") > 1:
        # "user:p@ss@host": the parser would take "p" as the password and "ss@host" as
        # the host, and the message would show the rest of the password. Not echoed.
        scheme = url.strip().partition("://")[0]
        raise UserError(
            f"The {scheme} URL holds more than one @ before its host: an @ in a user "
            "name or password must be written %40 (for example p%40ss for p@ss)."
        )
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        # from None: the parser's own message may quote the URL, password and all.
        raise UserError(
            f"{redact_url(url)!r} is not a database URL; use postgresql://user@host/dbname "
            "or sqlite:///path/to/file.sqlite3 (a port must be a number)"
        ) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend in ("postgresql", "postgres"):
        # Only psycopg 3 is installed; a URL copied from elsewhere may name another driver.
        if driver not in ("", "psycopg"):
            raise UserError(
                f"The database URL names the driver {driver!r}, which reviewer_app does "
                "not use; write it as postgresql://..."
            )
        problem = host_problem(parsed.host or "")
        if problem is not None:
            raise UserError(
                f"The database URL's host {parsed.host!r} {problem}; check the address."
            )
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and driver in ("", "pysqlite"):
        return parsed
    raise UserError(
        f"{parsed.render_as_string(hide_password=True)!r} is not a PostgreSQL or SQLite "
        "URL; use postgresql://user@host/dbname or sqlite:///path/to/file.sqlite3"
    )


# SQLite's errors about the file itself, not the connection: no URL or password is wrong.
_SQLITE_FILE_ERRORS = frozenset(
    {"SQLITE_READONLY", "SQLITE_READONLY_DIRECTORY", "SQLITE_CANTOPEN", "SQLITE_FULL",
     "SQLITE_IOERR", "SQLITE_READONLY_DBMOVED", "SQLITE_PERM"}
)  # fmt: skip


def _first_lines(exc: BaseException) -> str:
    # psycopg adds hint lines ("Is the server running...") that are useful, but not the
    # SQL statement SQLAlchemy appends to its own messages.
    orig = getattr(exc, "orig", None) or exc
    return " ".join(line.strip() for line in str(orig).strip().splitlines() if line.strip())


class SharedDatabase:
    """The shared database behind one URL.

    Args:
        url: A ``postgresql://`` (also ``postgres://``) or ``sqlite:///`` URL.

    Raises:
        UserError: The URL is invalid.
    """

    def __init__(self, url: str) -> None:
        self._url = parse_shared_url(url)
        self._engine = self._create_engine(self._url)
        # Only a server's connections can stall (or be broken from another thread).
        self._connections = LiveConnections(self._engine) if self.dialect == "postgresql" else None
        self._sessions = sessionmaker(
            bind=self._engine,
            # Callers read results after the transaction ended; sessions are short-lived.
            expire_on_commit=False,
        )
        install_revision_stamping(self._sessions)

    @staticmethod
    def _create_engine(url: URL) -> Engine:
        if url.get_backend_name() == "postgresql":
            return create_engine(
                url,
                pool_pre_ping=True,
                # Keepalives, tcp_user_timeout and a statement timeout: see connections.py.
                connect_args=pg_connect_args(url, PG_CONNECT_TIMEOUT_S),
            )
        in_memory = url.database in (None, "", ":memory:")
        if not in_memory:
            assert url.database is not None
            path = Path(url.database).expanduser()
            # Applicants' personal data: the owner's only, whether new or found open.
            if not path.exists():
                create_private_sqlite_file(path)
            for note in restrict_sqlite_file(path):
                _log.warning("%s", note)
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S},
            # An in-memory database exists once per connection: share that one.
            **({"poolclass": StaticPool} if in_memory else {}),
        )
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite_immediate)
        return engine

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for code that needs plain connections)."""
        return self._engine

    @property
    def dialect(self) -> str:
        """The database kind: ``"postgresql"`` or ``"sqlite"``."""
        return self._engine.dialect.name

    @property
    def url_for_display(self) -> str:
        """The URL with its password hidden, for messages and the UI.

        Also a password given as a query parameter (``?password=``), which SQLAlchemy
        does not hide.
        """
        return redact_url(self._url.render_as_string(hide_password=True))

    def quiet_seconds(self) -> float | None:
        """How long the connections in use have heard nothing (None: unknown)."""
        return None if self._connections is None else self._connections.quiet_seconds()

    def interrupt(self, refuse_new: str | None = None) -> None:
        """Breaks every open connection, from any thread: a call waiting on one fails.

        PostgreSQL only: an embedded SQLite file is local and never stalls.

        Args:
            refuse_new: If given, new connections fail at once, with this reason, until
                :meth:`accept_connections`.
        """
        if self._connections is not None:
            self._connections.interrupt(refuse_new)

    def accept_connections(self) -> None:
        """Lets connections be made again after :meth:`interrupt` refused them."""
        if self._connections is not None:
            self._connections.accept_new()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Opens a session in one transaction: committed on success, rolled back on error.

        Raises:
            SharedDatabaseUnavailable: The database cannot be reached.
            SharedDatabasePermissionDenied: The role may not do what the session did.
        """
        with self._permission_denied_as_user_error(), self._sessions.begin() as session:
            self._unavailable_as_user_error(session.connection)
            yield session

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        # One transaction: Alembic runs inside it, so a failed migration leaves nothing.
        with (
            self._permission_denied_as_user_error(),
            self._unavailable_as_user_error(self._engine.connect) as conn,
            # SQLite takes its write lock here (BEGIN IMMEDIATE) and may find it busy.
            self._unavailable_as_user_error(conn.begin),
        ):
            yield conn

    @contextmanager
    def _permission_denied_as_user_error(self) -> Iterator[None]:
        # A reviewer's least-privilege role running import, publish or erase is a mistake
        # the user can fix; every other database error stays what it is.
        try:
            yield
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) != _INSUFFICIENT_PRIVILEGE:
                raise
            role = self._url.username or "the current role"
            raise SharedDatabasePermissionDenied(
                f"The database role {role!r} is not allowed to do this in the shared "
                f"database {self.url_for_display} ({_first_lines(exc)}). Run the command "
                "as the role that owns the tables (the one that ran migrate), or ask the "
                "database administrator."
            ) from None

    def _unavailable_as_user_error(self, connect: Callable[[], _T]) -> _T:
        try:
            return connect()
        except OperationalError as exc:
            if getattr(exc.orig, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
                raise SharedDatabaseUnavailable(
                    f"The shared database {self.url_for_display} is busy: another program "
                    f"has been writing to it for over {SQLITE_BUSY_TIMEOUT_S} s. Wait until "
                    "it has finished (an import, a sync), then try again."
                ) from None
            if getattr(exc.orig, "sqlite_errorname", "") in _SQLITE_FILE_ERRORS:
                raise SharedDatabaseUnavailable(
                    f"Cannot write the shared database {self.url_for_display}: "
                    f"{_first_lines(exc)}. Check that the file and its folder can be "
                    "written by you (not read-only, not on a full or removed disk)."
                ) from None
            raise SharedDatabaseUnavailable(
                f"Cannot connect to the shared database {self.url_for_display}: "
                f"{_first_lines(exc)}. Check the URL, the password and that the "
                "server is running."
            ) from None
        except InterfaceError as exc:
            raise SharedDatabaseUnavailable(
                f"Cannot connect to the shared database {self.url_for_display}: "
                f"{_first_lines(exc)}. Check the URL, the password and that the "
                "server is running."
            ) from None
        except DBAPIError as exc:
            # e.g. a database that does not exist on the server
            raise SharedDatabaseUnavailable(
                f"The shared database {self.url_for_display} refused the connection: "
                f"{_first_lines(exc)}"
            ) from None

    def _alembic_config(self, conn: Connection) -> Config:
        # Alembic is imported where it is used: the window starts without it.
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = conn
        return config

    def _schema_state(self, conn: Connection) -> tuple[str | None, str, set[str]]:
        """Returns the database's schema revision, the newest known one, and all known."""
        heads = current_heads(conn)
        known = set(KNOWN_REVISIONS)
        unknown = sorted(set(heads) - known)
        if unknown:
            raise SchemaTooNew(
                f"The shared database {self.url_for_display} was made by a newer version "
                f"of reviewer_app (schema {', '.join(unknown)}); upgrade the app."
            )
        current = heads[0] if heads else None
        return current, HEAD, known

    def schema_revision(self) -> str | None:
        """Returns the schema revision of the database (None if it has no schema)."""
        with self._connection() as conn:
            heads = current_heads(conn)
        return heads[0] if heads else None

    def check_schema(self) -> None:
        """Checks that the database has exactly the schema this app expects.

        Raises:
            SchemaNotMigrated: The schema is missing or older than this app's.
            SchemaTooNew: The schema was made by a newer version of the app.
            SharedDatabaseUnavailable: The database cannot be reached.
        """
        with self._connection() as conn:
            current, head, _known = self._schema_state(conn)
        if current != head:
            state = "has no reviewer_app schema" if current is None else f"has schema {current}"
            raise SchemaNotMigrated(
                f"The shared database {self.url_for_display} {state}, this app needs "
                f"{head}; run `uv run main.py migrate --shared {self.url_for_display}`."
            )

    def migrate(self) -> MigrationResult:
        """Creates or upgrades the schema to the newest revision, in one transaction.

        Raises:
            SchemaTooNew: The schema was made by a newer version; nothing is changed.
            SharedDatabaseUnavailable: The database cannot be reached.
        """
        with self._connection() as conn:
            self._lift_statement_timeout(conn)
            if self.dialect == "postgresql":
                # Two laptops migrating at once: the second waits, then finds nothing to do.
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                )
            current, head, _known = self._schema_state(conn)
            if current != head:
                from alembic import command

                command.upgrade(self._alembic_config(conn), "head")
        return MigrationResult(from_revision=current, to_revision=head)

    def upgrade_to(self, revision: str) -> None:
        """Upgrades the schema to one given revision (for tests of migrations)."""
        with self._connection() as conn:
            self._lift_statement_timeout(conn)
            self._schema_state(conn)
            from alembic import command

            command.upgrade(self._alembic_config(conn), revision)

    def _lift_statement_timeout(self, conn: Connection) -> None:
        # A migration may rewrite a large table: the timeout is for everyday statements.
        if self.dialect == "postgresql":
            conn.execute(text("SET LOCAL statement_timeout = 0"))

    def dispose(self) -> None:
        """Closes every pooled connection."""
        self._engine.dispose()


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling would commit before DDL and cannot begin
    # IMMEDIATE; _begin_sqlite_immediate emits BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        # An erased applicant's rows are overwritten, not left in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        # Readers no longer block the writer (and the writer not the readers).
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def _begin_sqlite_immediate(conn: Connection) -> None:
    # A deferred transaction that reads, then writes, fails at once with "database is
    # locked" if another writer committed meanwhile (the busy timeout does not help);
    # taking the write lock at BEGIN makes writers simply wait their turn.
    conn.exec_driver_sql("BEGIN IMMEDIATE")
