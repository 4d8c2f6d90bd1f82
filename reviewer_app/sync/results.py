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
