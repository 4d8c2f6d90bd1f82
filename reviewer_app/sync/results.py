"""What a sync did, as the command line and the window show it."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer_app.domain.changes import Changes


def describe_bug(exc: Exception) -> str:
    first_line = (str(exc).strip().splitlines() or [""])[0]
    return f"Sync failed unexpectedly ({type(exc).__name__}: {first_line}); please report it."


@dataclass(frozen=True)
class SyncResult:
    """What a sync did.

    Attributes:
        pushed: Local operations sent to the server.
        pulled: Rows copied from the server (deletions not included).
        deleted: Applications removed from the cache (erased on the server).
        conflicts: Local decisions the server refused, now listed as conflicts.
        revision: The server revision the cache now holds.
        rebuilt: Whether the cache was downloaded afresh (a count mismatch, or history
            lost by the server).
        changes: What the window must show again (everything after a rebuild).
        history_lost: Why the server was found to have lost history this cache saw
            (restored from a backup), or None.
        recovered: Changes the server had confirmed, then lost, sent again.
        dropped: Changes the server could not apply because their application is gone
            (erased; or, after a restore, imported after the backup).
        anomalies: Rows of the shared database a pull does not expect (written in
            direct SQL), skipped or repaired; a few examples, each naming the table,
            the key and what was wrong (see :mod:`~reviewer_app.sync.rows`).
        anomaly_count: How many there were in all.
        recorded_as: The name the server recorded this laptop's changes as, when it
            differs from the name the laptop claimed (a reviewer login on PostgreSQL
            is always itself), else None.
    """

    pushed: int
    pulled: int
    deleted: int
    conflicts: int
    revision: int
    rebuilt: bool = False
    changes: Changes = field(default_factory=Changes)
    history_lost: str | None = None
    recovered: int = 0
    dropped: int = 0
    anomalies: tuple[str, ...] = ()
    anomaly_count: int = 0
    recorded_as: str | None = None

    def counts(self) -> dict[str, int]:
        """Returns the counts for ``--json`` output."""
        return {
            "pushed": self.pushed,
            "pulled": self.pulled,
            "deleted": self.deleted,
            "conflicts": self.conflicts,
            "revision": self.revision,
            "recovered": self.recovered,
        }


@dataclass(frozen=True)
class PullOutcome:
    """What ``Syncer.pull_into`` did; ``consistent`` is None when not checked."""

    pulled: int
    deleted: int
    consistent: bool | None
    changes: Changes = field(default_factory=Changes)
    anomalies: tuple[str, ...] = ()
    anomaly_count: int = 0


# How many anomalies a sync keeps to show (all are counted).
ANOMALY_EXAMPLES = 20


def anomaly_summary(found: list[str]) -> tuple[tuple[str, ...], int]:
    """The first distinct anomalies (a pull and a rebuild may report one twice), and a count."""
    distinct = list(dict.fromkeys(found))
    return tuple(distinct[:ANOMALY_EXAMPLES]), len(distinct)
