"""Sync of a reviewer's local cache with the shared database (no Qt).

:class:`Syncer` pushes the outbox (:mod:`~reviewer_app.sync.push`), pulls what changed
(:mod:`~reviewer_app.sync.pull`) and, when the counts disagree or the server has lost
history the cache saw (:mod:`~reviewer_app.sync.history`), downloads the cache afresh
(:mod:`~reviewer_app.sync.rebuild`), keeping every local change the server does not
have (:mod:`~reviewer_app.sync.journal`). A stalled connection fails the sync in
bounded time (:mod:`~reviewer_app.sync.stall`).
"""

from reviewer_app.sync.errors import SyncCancelled, SyncStalled
from reviewer_app.sync.syncer import (
    CacheOfOtherDatabase,
    CacheOwnedByOther,
    Progress,
    PullOutcome,
    Syncer,
    SyncResult,
    SyncUnavailable,
)

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
