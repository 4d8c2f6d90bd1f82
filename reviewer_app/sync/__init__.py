"""Sync of a reviewer's local cache with the shared database (no Qt).

:class:`Syncer` pushes the outbox (:mod:`~reviewer_app.sync.push`), pulls what changed
(:mod:`~reviewer_app.sync.pull`) and, when the counts disagree, downloads the cache
afresh (:mod:`~reviewer_app.sync.rebuild`).
"""

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
    "SyncResult",
    "SyncUnavailable",
    "Syncer",
]
