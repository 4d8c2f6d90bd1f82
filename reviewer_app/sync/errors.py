"""Why a sync stopped, when the user can do something about it."""

from __future__ import annotations

from typing import Protocol

from reviewer_app.errors import UserError
from reviewer_app.server.database import SharedDatabaseUnavailable

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


class CacheOfOtherDatabase(UserError):
    """The cache mirrors another shared database; mixing them would corrupt it."""


class CacheOwnedByOther(UserError):
    """The cache holds another reviewer's unsynced work."""


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
