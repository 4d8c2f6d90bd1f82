"""Test data shared by the window tests: a decision conflict as a sync records it."""

from __future__ import annotations

from datetime import UTC, datetime

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import Conflict


def add_decision_conflict(cache: LocalCache, application_id: str) -> int:
    """Records Ana's Interview against my Declined ("Too few hours"), unresolved; its id."""
    with cache.session() as session:
        conflict = Conflict(
            application_id=application_id,
            entity="decision",
            theirs={"stage": "interview", "reason": None},
            mine={"stage": "declined", "reason": "Too few hours"},
            their_author="Ana",
            their_time=datetime(2026, 11, 3, 14, 2, tzinfo=UTC),
        )
        session.add(conflict)
        session.flush()
        return conflict.id
