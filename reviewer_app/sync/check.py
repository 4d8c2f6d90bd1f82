"""``sync --check``: what differs between the cache and the shared database, changing nothing.

Reads the cache in one read transaction and the server in one snapshot: the revisions
on both sides, whether the server lost history the cache saw (restored from a backup),
the pending changes, the confirmed changes the server no longer has, and the rows per
table (the applications with pending changes left out on both sides, as sync's own
count check does).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import OutboxOperation
from reviewer_app.server.database import SharedDatabase, SharedDatabaseUnavailable
from reviewer_app.sync import history, journal, pull
from reviewer_app.sync.errors import server_error
from reviewer_app.sync.page import server_counts
from reviewer_app.sync.stall import StallGuard, default_stall_timeout

# As in the syncer: beyond this many applications with pending changes, no counts.
_MAX_EXCLUDED = 5_000


@dataclass(frozen=True)
class SyncCheck:
    """What differs between a cache and the shared database.

    Attributes:
        server: The shared database (no password).
        cache: The cache file.
        other_database: The cache mirrors another shared database (nothing compared).
        cache_revision: The last revision the cache pulled.
        server_revision: The server's revision counter.
        history_lost: Why the server has lost history the cache saw, or None.
        rebuild_pending: An earlier sync found history lost and did not finish.
        pending: Pending local changes per kind of operation.
        unconfirmed: Changes the server confirmed once and no longer has.
        tables: (cache, server) rows per table; empty when not counted.
    """

    server: str
    cache: str
    other_database: bool
    cache_revision: int
    server_revision: int
    history_lost: str | None
    rebuild_pending: bool
    pending: dict[str, int]
    unconfirmed: int
    tables: dict[str, tuple[int, int]]

    @property
    def in_step(self) -> bool:
        """Whether a sync would have nothing to do."""
        return (
            not self.other_database
            and self.history_lost is None
            and not self.rebuild_pending
            and self.cache_revision == self.server_revision
            and not self.pending
            and not self.unconfirmed
            and all(cache == server for cache, server in self.tables.values())
        )

    def to_json(self) -> dict[str, Any]:
        """The report as JSON values."""
        return {
            "in_step": self.in_step,
            "other_database": self.other_database,
            "cache_revision": self.cache_revision,
            "server_revision": self.server_revision,
            "history_lost": self.history_lost,
            "rebuild_pending": self.rebuild_pending,
            "pending": self.pending,
            "unconfirmed": self.unconfirmed,
            "tables": {name: {"cache": c, "server": s} for name, (c, s) in self.tables.items()},
        }

    def lines(self) -> list[str]:
        """The report for a person."""
        lines = [
            f"shared database: {self.server} (revision {self.server_revision})",
            f"local cache: {self.cache} (revision {self.cache_revision})",
        ]
        if self.other_database:
            lines.append("the cache mirrors ANOTHER shared database: nothing compared")
            return [*lines, "Nothing was changed."]
        lines.append(self._history())
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.pending.items()))
        total = sum(self.pending.values())
        lines.append(f"pending local changes: {total}" + (f" ({kinds})" if kinds else ""))
        lines.append(f"confirmed changes the shared database no longer has: {self.unconfirmed}")
        if self.tables:
            lines.append("rows per table (applications with pending changes left out):")
            lines.append(f"  {'table':<20} {'cache':>8} {'server':>8}")
            for name, (cache, server) in self.tables.items():
                more = server - cache
                side = "more" if more > 0 else "fewer"
                mark = f"   {abs(more)} {side} on the server" if more else ""
                lines.append(f"  {name:<20} {cache:>8} {server:>8}{mark}")
        else:
            lines.append("rows per table: not counted (too many applications with changes)")
        lines.append("in step" if self.in_step else "the next sync brings them in step")
        return [*lines, "Nothing was changed."]

    def _history(self) -> str:
        if self.history_lost is not None or self.rebuild_pending:
            why = self.history_lost or "found by an earlier sync"
            return (
                f"history: the shared database has LOST changes this cache saw ({why}); "
                "was it restored from a backup? The next sync sends this laptop's lost "
                "changes again and downloads the cache afresh, keeping pending changes."
            )
        gap = self.server_revision - self.cache_revision
        if gap > 0:
            return f"history: the shared database is {gap} revision(s) ahead (to pull)"
        return "history: the cache has seen everything the shared database has"


def check_sync(
    cache: LocalCache, shared: SharedDatabase, stall_timeout_s: float | None = None
) -> SyncCheck:
    """Compares a cache with the shared database; writes nothing to either.

    Raises:
        SyncUnavailable: The shared database cannot be reached, or the connection
            stalled.
    """
    with cache.read_session() as session:
        seen = history.Seen.read(session)
        pending = Counter(session.scalars(select(OutboxOperation.kind)))
        excluded = pull.pending_applications(session)
        ids = journal.op_ids(session)
        counted = len(excluded) <= _MAX_EXCLUDED
        local = pull.cache_counts(session, excluded) if counted else {}
    timeout = default_stall_timeout() if stall_timeout_s is None else stall_timeout_s
    with StallGuard(shared, timeout) as guard:
        try:
            with guard.waiting(), shared.engine.connect() as connection:
                if shared.dialect == "postgresql":
                    connection = connection.execution_options(
                        isolation_level="REPEATABLE READ", postgresql_readonly=True
                    )
                with connection.begin():
                    server = history.inspect(connection, seen)
                    other = seen.instance is not None and seen.instance != server.instance
                    unknown = set() if other else journal.unknown_to_server(connection, ids)
                    remote = server_counts(connection, excluded) if counted else {}
        except (SharedDatabaseUnavailable, OperationalError, InterfaceError) as exc:
            raise server_error(exc, guard, shared.url_for_display) from exc
    return SyncCheck(
        server=shared.url_for_display,
        cache=str(cache.path),
        other_database=other,
        cache_revision=seen.revision,
        server_revision=server.revision,
        history_lost=None if other else server.lost,
        rebuild_pending=seen.rebuild_pending,
        pending=dict(pending),
        unconfirmed=len(unknown),
        tables={} if other else {name: (local[name], remote[name]) for name in local},
    )
