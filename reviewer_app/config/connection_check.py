"""Test connection: can this URL and password reach a shared database this app can use?

:func:`check_connection` connects once, reads the schema revision, the database's
instance id, the login (``session_user``) and the reviewer mapped to it, and whether the
login may read the applications; it writes nothing and creates nothing (a SQLite file
that does not exist stays so). Every failure is one of the problems below, with a
message that names the host and the database and says what to do; no message ever holds
a password.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from reviewer_app.config.credentials import split_password
from reviewer_app.config.databases import describe_url
from reviewer_app.errors import UserError
from reviewer_app.server.connections import (
    BAD_PASSWORD,
    LOGIN_DISABLED,
    NO_SUCH_DATABASE,
    OTHER,
    TLS,
    UNREACHABLE,
    connection_refusal,
    driver_detail,
    pg_connect_args,
    redact_url,
)
from reviewer_app.server.schema_version import HEAD, KNOWN_REVISIONS, current_heads

__all__ = [
    "BAD_PASSWORD",
    "LOGIN_DISABLED",
    "NOT_A_REVIEWER",
    "NO_PRIVILEGE",
    "NO_SUCH_DATABASE",
    "OTHER",
    "SCHEMA_MISSING",
    "SCHEMA_NEW",
    "SCHEMA_OLD",
    "TLS",
    "UNREACHABLE",
    "ConnectionReport",
    "check_connection",
]

NOT_A_REVIEWER = "not_a_reviewer"
NO_PRIVILEGE = "no_privilege"
SCHEMA_MISSING = "schema_missing"
SCHEMA_OLD = "schema_old"
SCHEMA_NEW = "schema_new"

# SQLSTATEs of a statement (a connection failure has none: see connection_refusal).
_INSUFFICIENT_PRIVILEGE = "42501"
_UNDEFINED_COLUMN = "42703"
_T = TypeVar("_T")


@dataclass(frozen=True)
class ConnectionReport:
    """What a test of the connection found.

    Attributes:
        ok: Whether this app can sync with the database as this login.
        problem: None when ok, else one of this module's constants.
        message: What was found, or what is wrong and what to do, in plain words.
        instance_id: The database's identity (its ``shared_instance``), when read.
        login: The login the server knows the connection as (PostgreSQL).
        reviewer_name: The reviewer mapped from the login, disabled or not.
        label: The database, for display ("host/database", or the SQLite file).
    """

    ok: bool
    problem: str | None
    message: str
    instance_id: str | None = None
    login: str | None = None
    reviewer_name: str | None = None
    label: str = ""


class _Problem(Exception):
    def __init__(self, problem: str, message: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message


@dataclass
class _Found:
    instance_id: str | None = None
    login: str | None = None
    reviewer_name: str | None = None


def check_connection(url: str, password: str | None, *, timeout_s: float = 10) -> ConnectionReport:
    """Connects to the shared database at ``url`` and says whether this app can use it.

    Call it off the GUI thread: it waits on the network for up to about ``timeout_s``
    per step.

    Args:
        url: The database URL; a password in it is used unless ``password`` is given.
        password: The password to try, or None.
        timeout_s: How long connecting, and each statement, may take.
    """
    from reviewer_app.server.database import parse_shared_url  # not on the window's start

    bare, in_url = split_password(url)
    label = describe_url(bare)
    try:
        parsed = parse_shared_url(bare)
    except UserError as exc:
        return ConnectionReport(False, OTHER, redact_url(str(exc)), label=label)
    chosen = password if password is not None else in_url
    if chosen is not None:
        parsed = parsed.set(password=chosen)
    found = _Found()
    try:
        engine = _engine(parsed, timeout_s)
        try:
            with _connected(engine, parsed) as conn:
                message = _inspect(conn, parsed, label, found)
        finally:
            engine.dispose()
    except _Problem as problem:
        return ConnectionReport(
            False,
            problem.problem,
            redact_url(problem.message),
            found.instance_id,
            found.login,
            found.reviewer_name,
            label,
        )
    return ConnectionReport(
        True, None, message, found.instance_id, found.login, found.reviewer_name, label
    )


def _engine(url: URL, timeout_s: float) -> Engine:
    if url.get_backend_name() == "postgresql":
        args = pg_connect_args(url, max(1, math.ceil(timeout_s)))
        if "options" in args:  # ours, not the URL's: the check waits timeout_s at most
            args["options"] = re.sub(
                r"statement_timeout=\d+",
                f"statement_timeout={round(timeout_s * 1000)}",
                str(args["options"]),
            )
        return create_engine(url, connect_args=args, poolclass=NullPool)
    if url.database in (None, "", ":memory:"):
        raise _Problem(OTHER, "an in-memory SQLite database cannot be a shared database")
    path = Path(url.database).expanduser()
    if not path.is_file():
        raise _Problem(
            NO_SUCH_DATABASE,
            f"there is no database file at {path}: check the path (nothing was created)",
        )
    # mode=rw never creates the file, query_only refuses every write, and unlike
    # mode=ro the last connection to close removes the -wal and -shm files it made: a
    # check leaves nothing behind, not even a changed file mode.
    uri = f"{path.resolve().as_uri()}?mode=rw"
    timeout = max(0.1, timeout_s)

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout)
        conn.execute("PRAGMA query_only = ON")
        return conn

    return create_engine("sqlite://", creator=connect, poolclass=NullPool)


@contextmanager
def _connected(engine: Engine, url: URL) -> Iterator[Connection]:
    try:
        conn = engine.connect()
    except DBAPIError as exc:
        if url.get_backend_name() == "sqlite":
            raise _Problem(OTHER, f"cannot open {url.database}: {driver_detail(exc)}") from None
        refusal = connection_refusal(exc, url)
        raise _Problem(refusal.problem, refusal.message) from None
    try:
        # One statement, one transaction: a refused one does not spoil the next.
        yield conn.execution_options(isolation_level="AUTOCOMMIT")
    finally:
        conn.close()


def _step(label: str, what: str, run: Callable[[], _T]) -> _T:
    """Runs one read, turning a refused privilege or another failure into a _Problem."""
    try:
        return run()
    except DBAPIError as exc:
        raise _read_failed(exc, label, what) from None


def _read_failed(exc: DBAPIError, label: str, what: str) -> _Problem:
    if getattr(exc.orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE:
        return _Problem(
            NO_PRIVILEGE,
            f"this login may not read {what} in {label} ({driver_detail(exc)}): ask the "
            "coordinator to run add-reviewer (or grant-reviewer) for it",
        )
    return _Problem(OTHER, f"reading {what} in {label} failed: {driver_detail(exc)}")


def _inspect(conn: Connection, url: URL, label: str, found: _Found) -> str:
    postgres = url.get_backend_name() == "postgresql"
    if postgres:
        found.login = _step(
            label, "its login", lambda: str(conn.execute(text("SELECT session_user")).scalar())
        )
    heads = _step(label, "the schema version", lambda: current_heads(conn))
    if heads:
        found.instance_id = _instance_id(conn)
    _check_schema(set(heads), label)
    _step(
        label,
        "the applications",
        lambda: conn.execute(text("SELECT 1 FROM applications LIMIT 1")).all(),
    )
    if not postgres:
        # The embedded database is single-user: its reviewer is the laptop's.
        return f"Connected to {label}: it is ready to use."
    return _check_reviewer(conn, label, found)


def _instance_id(conn: Connection) -> str | None:
    try:
        value = conn.execute(text("SELECT instance_id FROM shared_instance LIMIT 1")).scalar()
    except SQLAlchemyError:
        return None  # an old schema (no table yet) or no privilege: said by later steps
    return None if value is None else str(value)


def _check_schema(heads: set[str], label: str) -> None:
    if not heads:
        raise _Problem(
            SCHEMA_MISSING,
            f"{label} has no reviewer_app schema yet: ask the coordinator to run migrate",
        )
    unknown = sorted(heads - set(KNOWN_REVISIONS))
    if unknown:
        raise _Problem(
            SCHEMA_NEW,
            f"{label} was made by a newer version of reviewer_app (schema "
            f"{', '.join(unknown)}): update reviewer_app",
        )
    if heads != {HEAD}:
        raise _Problem(
            SCHEMA_OLD,
            f"{label} has the older schema {', '.join(sorted(heads))}, this app needs {HEAD}: "
            "ask the coordinator to run migrate",
        )


def _check_reviewer(conn: Connection, label: str, found: _Found) -> str:
    login = found.login
    try:
        row: Any = conn.execute(
            text("SELECT name, disabled_at FROM reviewers WHERE login = session_user")
        ).first()
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != _UNDEFINED_COLUMN:
            raise _read_failed(exc, label, "the reviewers") from None
        # A schema without logins: nobody is mapped, and nothing can be said of it.
        return f"Connected to {label} as {login}."
    if row is not None:
        found.reviewer_name = str(row.name)
        if row.disabled_at is not None:
            raise _Problem(
                LOGIN_DISABLED,
                f"your login {login} was disabled by the coordinator (team database {label})",
            )
        return f"Connected to {label} as {login} (reviewer {row.name})."
    if _owns_the_tables(conn):
        return (
            f"Connected to {label} as {login}, the coordinator's role that owns the tables "
            "(no reviewer is mapped to it)."
        )
    raise _Problem(
        NOT_A_REVIEWER,
        f"the login {login} is no reviewer of {label}: ask the coordinator to run "
        f"add-reviewer for you",
    )


def _owns_the_tables(conn: Connection) -> bool:
    owner = conn.execute(
        text(
            "SELECT r.rolsuper OR pg_has_role(session_user, t.tableowner, 'MEMBER') "
            "FROM pg_tables t, pg_roles r WHERE t.schemaname = current_schema() "
            "AND t.tablename = 'reviewers' AND r.rolname = session_user"
        )
    ).scalar()
    return bool(owner)
