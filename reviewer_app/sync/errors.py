"""Why a sync stopped, when the user can do something about it."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from reviewer_app.errors import UserError
from reviewer_app.server.connections import (
    BAD_PASSWORD,
    LOGIN_DISABLED,
    SharedDatabaseUnavailable,
    connection_refusal,
    driver_detail,
)

KEPT = "Your changes are kept in the local cache and sent at the next sync."
CANCELLED = f"The sync was stopped. {KEPT}"
# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout.
_QUERY_CANCELED = "57014"


class SyncUnavailable(UserError):
    """The shared database could not be reached; local changes stay in the outbox."""


class SyncStalled(SyncUnavailable):
    """The connection went silent for longer than the stall timeout."""


class SyncCancelled(SyncUnavailable):
    """The sync was stopped on purpose (the window is closing)."""


class LoginRefused(SyncUnavailable):
    """The server refused this login: disabled by the coordinator, or a wrong password.

    The window says so without a dialog and keeps working offline; the outbox stays.

    Attributes:
        problem: ``LOGIN_DISABLED`` or ``BAD_PASSWORD`` (reviewer_app.server.connections).
    """

    def __init__(self, message: str, problem: str) -> None:
        super().__init__(message)
        self.problem = problem


class CacheOfOtherDatabase(UserError):
    """The cache mirrors another shared database; mixing them would corrupt it.

    Attributes:
        cache_instance: The instance id of the database the cache belongs to.
        server_instance: The instance id of the database the sync reached.
    """

    def __init__(
        self, message: str, cache_instance: str | None = None, server_instance: str | None = None
    ) -> None:
        super().__init__(message)
        self.cache_instance = cache_instance
        self.server_instance = server_instance


def cache_of_other_database(
    cache: Path, cache_instance: str, url: str, server_instance: str | None
) -> CacheOfOtherDatabase:
    """The error of a sync that reached another database than the cache mirrors.

    Args:
        cache: The cache file.
        cache_instance: The instance id the cache is bound to.
        url: The database reached (no password).
        server_instance: Its instance id.
    """
    return CacheOfOtherDatabase(
        f"The local cache {cache} belongs to another shared database (instance "
        f"{cache_instance}) than {url} (instance {server_instance}): nothing was sent or "
        "received. Its pending changes stay in it and are only ever sent to the database "
        "it belongs to; the app keeps one cache per shared database and opens the right "
        "one when you open that database again.",
        cache_instance,
        server_instance,
    )


class CacheOwnedByOther(UserError):
    """The cache holds another reviewer's unsynced work."""


def cache_owned_by_other(cache: Path, owner: str, reviewer: str) -> CacheOwnedByOther:
    """The error of a sync by ``reviewer`` of a cache that ``owner`` synced before."""
    return CacheOwnedByOther(
        f"The local cache {cache} belongs to {owner!r}, not {reviewer!r}. Set the reviewer "
        f"back to {owner!r} in the settings, or give {reviewer!r} a data folder of their "
        "own (--data-dir on the command line)."
    )


class _Guard(Protocol):
    cancelled: bool
    stalled: bool
    timeout_s: float


def server_error(exc: Exception, guard: _Guard, url: str) -> UserError:
    """The error a failed wait on the shared database stands for.

    Args:
        exc: What the driver or the connection raised.
        guard: The sync's stall guard: was the wait broken on purpose?
        url: The shared database, for the message (no password).
    """
    if guard.cancelled:
        return SyncCancelled(CANCELLED)
    if guard.stalled:
        return SyncStalled(
            f"Sync stopped: the connection stalled (nothing came back from the shared "
            f"database {url} for {guard.timeout_s:g} s). Check the network or VPN. {KEPT}"
        )
    refused = login_refused(exc, url)
    if refused is not None:
        return refused
    if isinstance(exc, SharedDatabaseUnavailable):
        return SyncUnavailable(f"{exc} {KEPT}")
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) == _QUERY_CANCELED:
        return SyncUnavailable(
            f"The shared database {url} did not answer within its statement timeout: it "
            f"may be busy (a large import or a migration). Try again later. {KEPT}"
        )
    detail = " ".join(str(orig).split())
    return SyncUnavailable(f"Lost the connection to the shared database {url} ({detail}). {KEPT}")


def login_refused(exc: BaseException, url: str) -> LoginRefused | None:
    """A :class:`LoginRefused` if ``exc`` is the server refusing the login, else None.

    Args:
        exc: What the driver raised, or SharedDatabaseUnavailable made of it (whose
            ``__context__`` is the driver's error: it is raised ``from None``).
        url: The shared database (no password), for the message.
    """
    driver_error: BaseException | None = exc
    while isinstance(driver_error, SharedDatabaseUnavailable):
        driver_error = driver_error.__cause__ or driver_error.__context__
    if driver_error is None or not driver_detail(driver_error):
        return None
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        parsed = URL.create("postgresql")
    refusal = connection_refusal(driver_error, parsed)
    if refusal.problem not in (LOGIN_DISABLED, BAD_PASSWORD):
        return None
    return LoginRefused(f"Sync stopped: {refusal.message}. {KEPT}", refusal.problem)
