"""Sync of a reviewer's local cache with the shared database (no Qt).

:class:`Syncer` pushes the outbox (:mod:`~reviewer_app.sync.push`), pulls what changed
(:mod:`~reviewer_app.sync.pull`) and, when the counts disagree or the server has lost
history the cache saw (:mod:`~reviewer_app.sync.history`), downloads the cache afresh
(:mod:`~reviewer_app.sync.rebuild`), keeping every local change the server does not
have (:mod:`~reviewer_app.sync.journal`). A stalled connection fails the sync in
bounded time (:mod:`~reviewer_app.sync.stall`).
"""

from typing import TYPE_CHECKING

from reviewer_app.sync.errors import SyncCancelled, SyncStalled
from reviewer_app.sync.results import PullOutcome, SyncResult

if TYPE_CHECKING:
    from reviewer_app.sync.syncer import (
        CacheOfOtherDatabase,
        CacheOwnedByOther,
        Progress,
        Syncer,
        SyncUnavailable,
    )

# The syncer imports the server's models (40 ms): the window imports it once it syncs,
# after its first paint, not with the results and errors it shows.
_FROM_SYNCER = frozenset(
    {"CacheOfOtherDatabase", "CacheOwnedByOther", "Progress", "Syncer", "SyncUnavailable"}
)


def __getattr__(name: str) -> object:
    if name in _FROM_SYNCER:
        from reviewer_app.sync import syncer

        return getattr(syncer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CacheOfOtherDatabase",
    "CacheOwnedByOther",
    "Progress",
    "PullOutcome",
    "SyncCancelled",
    "SyncResult",
    "SyncStalled",
    "SyncUnavailable",
    "Syncer",
]
