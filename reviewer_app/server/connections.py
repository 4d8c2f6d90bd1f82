"""How PostgreSQL connections are made and watched, so that none can hang for ever.

Every connection to a PostgreSQL shared database gets TCP keepalives (a dead peer is
noticed within about 25 s of silence), ``tcp_user_timeout`` (data unacknowledged for
30 s breaks the connection; Linux only, ignored elsewhere) and a statement timeout
(:data:`STATEMENT_TIMEOUT_ENV`, 45 s by default), unless the URL sets them itself
(``postgresql://host/db?keepalives_idle=60``).

A connection can also go silent while the kernel still acknowledges every packet (a
stalled VPN or proxy): nothing at the TCP level ever fails. :class:`LiveConnections`
therefore knows every open connection of an engine, how long the ones in use have
heard nothing from the server, and can break them all from another thread (a blocked
call then fails at once); sync uses that to bound a stalled sync.

URLs in messages go through :func:`redact_url`: a URL that does not even parse must
not print its password either.
"""

from __future__ import annotations

import os
import re
import socket
import struct
import sys
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import URL

from reviewer_app.errors import UserError

STATEMENT_TIMEOUT_ENV = "REVIEWER_PG_STATEMENT_TIMEOUT"
"""Seconds a statement may run on the PostgreSQL server (0: no limit)."""
DEFAULT_STATEMENT_TIMEOUT_S = 45.0
# libpq's keepalive and timeout parameters, unless the URL gives its own.
KEEPALIVE_DEFAULTS: dict[str, int] = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,  # milliseconds
}
# struct tcp_info (linux/tcp.h): tcpi_last_data_recv, ms since data last arrived.
_TCP_INFO_SIZE = 104
_LAST_DATA_RECV_OFFSET = 52

_PASSWORD_IN_AUTHORITY = re.compile(r"^(?P<head>[^:/?#]+://[^:/@?#]*:)(?P<password>.*)@")
_PASSWORD_IN_QUERY = re.compile(r"(?P<key>[?&](?:ssl)?password=)[^&]*", re.IGNORECASE)


class SharedDatabaseUnavailable(UserError):
    """The shared database cannot be reached or refused the connection."""


def redact_url(text: str) -> str:
    """Returns a database URL (parsable or not) with any password replaced by ``***``."""
    redacted = _PASSWORD_IN_AUTHORITY.sub(r"\g<head>***@", text.strip(), count=1)
    return _PASSWORD_IN_QUERY.sub(r"\g<key>***", redacted)


def seconds_from_env(name: str, default: float) -> float:
    """Reads a number of seconds (0 or more) from an environment variable.

    Raises:
        UserError: The variable is set to something else.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise UserError(f"{name}={raw!r} is not a number of seconds (0 or more); fix or unset it.")
    return value


def statement_timeout_s() -> float:
    """The statement timeout for new PostgreSQL connections (0: none)."""
    return seconds_from_env(STATEMENT_TIMEOUT_ENV, DEFAULT_STATEMENT_TIMEOUT_S)


def pg_connect_args(url: URL, connect_timeout_s: int) -> dict[str, Any]:
    """Returns the libpq parameters of every connection, leaving alone those of the URL."""
    given = set(url.query)
    args: dict[str, Any] = {"connect_timeout": connect_timeout_s}
    args.update(KEEPALIVE_DEFAULTS)
    args = {key: value for key, value in args.items() if key not in given}
    timeout_ms = round(statement_timeout_s() * 1000)
    options = url.query.get("options", "")
    if isinstance(options, tuple):
        options = " ".join(options)
    if "statement_timeout" not in options:
        args["options"] = f"{options} -c statement_timeout={timeout_ms}".strip()
    return args


def _socket_of(dbapi_connection: Any) -> int | None:
    try:
        fd = int(dbapi_connection.pgconn.socket)
    except Exception:  # closed, broken, or not psycopg
        return None
    return fd if fd >= 0 else None


def _quiet_ms(fd: int) -> int | None:
    """Milliseconds since data last arrived on the socket (Linux), else None."""
    if not sys.platform.startswith("linux"):
        return None
    sock = socket.socket(fileno=fd)
    try:
        info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, _TCP_INFO_SIZE)
        (quiet,) = struct.unpack_from("I", info, _LAST_DATA_RECV_OFFSET)
        return int(quiet)
    except (OSError, struct.error):  # a Unix-domain socket, an old kernel
        return None
    finally:
        sock.detach()


def _break(fd: int) -> None:
    sock = socket.socket(fileno=fd)
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed by the peer
    finally:
        sock.detach()  # the driver still owns the descriptor and closes it


class LiveConnections:
    """The open DBAPI connections of one engine, which ones are in use, and since when."""

    def __init__(self, engine: Engine) -> None:
        self._lock = threading.Lock()
        self._open: weakref.WeakSet[Any] = weakref.WeakSet()
        # id of the DBAPI connection -> monotonic time of its checkout.
        self._in_use: dict[int, float] = {}
        # Why new connections are refused (see interrupt), or None.
        self._refusing: str | None = None
        event.listen(engine, "do_connect", self._on_do_connect)
        event.listen(engine, "connect", self._on_connect)
        event.listen(engine, "checkout", self._on_checkout)
        event.listen(engine, "checkin", self._on_checkin)
        event.listen(engine, "invalidate", self._on_gone)
        event.listen(engine, "close", self._on_checkin)

    def _on_do_connect(self, dialect: Any, _record: Any, _args: Any, _params: Any) -> None:
        reason = self._refusing
        if reason is not None:
            # A DBAPI error: it reaches the caller as SQLAlchemy's OperationalError.
            raise dialect.loaded_dbapi.OperationalError(reason)

    def _on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        with self._lock:
            self._open.add(dbapi_connection)

    def _on_checkout(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        with self._lock:
            self._in_use[id(dbapi_connection)] = time.monotonic()

    def _on_checkin(self, dbapi_connection: Any, _record: Any) -> None:
        with self._lock:
            self._in_use.pop(id(dbapi_connection), None)

    def _on_gone(self, dbapi_connection: Any, record: Any, _exception: Any) -> None:
        self._on_checkin(dbapi_connection, record)

    def quiet_seconds(self) -> float | None:
        """How long the connections in use have heard nothing from the server.

        The least of them (one that hears something is not stalled), counted from
        checkout at most. None when unknown: none is in use, or the platform does not
        say when data last arrived.
        """
        now = time.monotonic()
        with self._lock:
            in_use = [(c, self._in_use[id(c)]) for c in self._open if id(c) in self._in_use]
        quiet: list[float] = []
        for connection, since in in_use:
            fd = _socket_of(connection)
            heard = None if fd is None else _quiet_ms(fd)
            if heard is None:
                return None
            quiet.append(min(now - since, heard / 1000))
        return min(quiet) if quiet else None

    def interrupt(self, refuse_new: str | None = None) -> None:
        """Breaks every open connection: a call waiting on one fails at once.

        Args:
            refuse_new: If given, new connections fail at once with this reason until
                :meth:`accept_new` (else the pool would replace a broken connection by
                one that waits out the connect timeout on the same stalled network).
        """
        with self._lock:
            if refuse_new is not None:
                self._refusing = refuse_new
            connections = list(self._open)
        for connection in connections:
            fd = _socket_of(connection)
            if fd is not None:
                _break(fd)

    def accept_new(self) -> None:
        """Lets new connections be made again (after :meth:`interrupt` refused them)."""
        with self._lock:
            self._refusing = None


# Why a server refused a connection, as the user can act on it (see connection_refusal).
UNREACHABLE = "unreachable"
BAD_PASSWORD = "bad_password"
LOGIN_DISABLED = "login_disabled"
NO_SUCH_DATABASE = "no_such_database"
TLS = "tls"
OTHER = "other"
# libpq's words, as the server or the client library writes them (PostgreSQL 12 to 17).
# A connection failure carries no SQLSTATE in psycopg: only the text tells them apart.
_REFUSALS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (LOGIN_DISABLED, re.compile(r"is not permitted to log in")),
    (BAD_PASSWORD, re.compile(r"password authentication failed|no password supplied")),
    (BAD_PASSWORD, re.compile(r'role "[^"]*" does not exist')),
    (NO_SUCH_DATABASE, re.compile(r'database "[^"]*" does not exist')),
    (TLS, re.compile(r"SSL|certificate|sslmode|no encryption|TLS", re.IGNORECASE)),
    (OTHER, re.compile(r"pg_hba\.conf")),
    (
        UNREACHABLE,
        re.compile(
            r"Connection refused|could not translate host name|failed to resolve host|"
            r"timeout expired|timed out|No route to host|Network is unreachable|"
            r"could not connect|Is the server running|server closed the connection|"
            r"Connection reset|the database system is (?:starting|shutting) ",
            re.IGNORECASE,
        ),
    ),
)
_SQLSTATE_REFUSALS = {"28P01": BAD_PASSWORD, "3D000": NO_SUCH_DATABASE}
_LIBPQ_PREFIX = re.compile(
    r'^(?:connection failed: )?(?:connection to server at "[^"]*"'
    r"(?: \([^)]*\))?, port \d+ failed: )?(?:FATAL:\s+)?"
)


@dataclass(frozen=True)
class Refusal:
    """Why the server refused a connection (one of the constants above), in plain words."""

    problem: str
    message: str


def driver_detail(exc: BaseException) -> str:
    """The driver's own words for a failure, on one line, without libpq's preamble."""
    orig = getattr(exc, "orig", None) or exc
    lines = [_LIBPQ_PREFIX.sub("", line.strip()) for line in str(orig).strip().splitlines()]
    return " ".join(line for line in lines if line)


def connection_refusal(exc: BaseException, url: URL) -> Refusal:
    """Sorts a failed connection into one of the problems above, with a message naming the
    host, the database and the login (never the password)."""
    orig = getattr(exc, "orig", None) or exc
    detail = driver_detail(exc)
    problem = _SQLSTATE_REFUSALS.get(str(getattr(orig, "sqlstate", None) or ""))
    if problem is None:
        problem = next((p for p, pattern in _REFUSALS if pattern.search(str(orig))), OTHER)
    host = f"{url.host or 'localhost'}:{url.port or 5432}"
    where = f"{url.host or 'localhost'}/{url.database or ''}"
    login = url.username or "(your user name)"
    if problem == LOGIN_DISABLED:
        message = f"your login {login} was disabled by the coordinator (team database {where})"
    elif problem == BAD_PASSWORD and "does not exist" in detail:
        message = (
            f"the server {host} knows no login {login}: check the login, open a new "
            "invitation, or ask the coordinator for one"
        )
    elif problem == BAD_PASSWORD and "no password supplied" in detail:
        message = (
            f"the team database {where} asks for the password of {login} and none was "
            "given: open the invitation again, or type the password"
        )
    elif problem == BAD_PASSWORD:
        message = (
            f"the password was refused (login {login} on {where}): open a new invitation, "
            "or ask the coordinator for one"
        )
    elif problem == NO_SUCH_DATABASE:
        message = (
            f"the server {host} has no database {url.database!r}: check the database name, "
            "or ask the coordinator"
        )
    elif problem == TLS:
        message = (
            f"the secure connection (TLS) to {host} failed ({detail}). Check the TLS "
            "settings (sslmode, root certificate) of the invitation, or ask the coordinator"
        )
    elif problem == UNREACHABLE:
        message = (
            f"cannot reach {host} ({detail}). Check the address, the network or VPN, and "
            "that the server is running"
        )
    elif "pg_hba.conf" in detail:
        message = (
            f"the server {host} does not accept login {login} from this computer for the "
            f"database {url.database!r} (pg_hba.conf): ask the coordinator"
        )
    else:
        message = f"the team database {where} refused the connection: {detail}"
    return Refusal(problem, redact_url(message))
