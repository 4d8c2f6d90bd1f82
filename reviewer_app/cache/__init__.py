"""The local cache: a reviewer's offline copy of the shared database (no Qt)."""

from reviewer_app.cache.errors import (
    CacheBusy,
    CacheCorrupt,
    CacheDiskFull,
    CacheError,
    CacheReadOnly,
    CacheTooNew,
    CacheUnavailable,
    UnknownApplication,
)
from reviewer_app.cache.store import CACHE_FILE, LocalCache, SyncState

__all__ = [
    "CACHE_FILE",
    "CacheBusy",
    "CacheCorrupt",
    "CacheDiskFull",
    "CacheError",
    "CacheReadOnly",
    "CacheTooNew",
    "CacheUnavailable",
    "LocalCache",
    "SyncState",
    "UnknownApplication",
]
