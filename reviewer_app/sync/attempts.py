"""What the cache remembers of the last sync attempt, for the window's status."""

from __future__ import annotations

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import SYNC_STATE_ID, SyncStateRow
from reviewer_app.domain.vocabulary import utcnow


def record_failure(cache: LocalCache, message: str) -> None:
    """Records a failed attempt and why."""
    with cache.session() as session:
        state = session.get_one(SyncStateRow, SYNC_STATE_ID)
        state.last_attempt_at = utcnow()
        state.last_error = message


def record_success(cache: LocalCache) -> int:
    """Records a sync that ran through; returns the cache's revision."""
    now = utcnow()
    with cache.session() as session:
        state = session.get_one(SyncStateRow, SYNC_STATE_ID)
        state.last_attempt_at = now
        state.last_sync_at = now
        state.last_error = None
        return state.last_revision
