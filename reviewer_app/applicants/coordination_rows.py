"""What the list shows of coordination for a block of rows: assignees, interview times.

Read for the block's ids at once (as :meth:`ApplicantQuery.rows` reads the rest), two
indexed queries per block, never one per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewer_app.cache.models import CachedAssignment, CachedInterview
from reviewer_app.domain.name_order import name_order
from reviewer_app.domain.vocabulary import in_zone


def read_assignees(session: Session, ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The names assigned to each of ``ids`` (in name order; applications with none left out)."""
    found: dict[str, list[str]] = {}
    query = select(CachedAssignment.application_id, CachedAssignment.reviewer_name).where(
        CachedAssignment.application_id.in_(ids), CachedAssignment.removed_at.is_(None)
    )
    for application_id, name in session.execute(query):
        found.setdefault(application_id, []).append(name)
    return {
        application_id: tuple(sorted(names, key=name_order))
        for application_id, names in found.items()
    }


def read_interviews(session: Session, ids: Sequence[str]) -> dict[str, tuple[datetime, str]]:
    """The interview time of each of ``ids`` that has one, in its zone, and the zone."""
    query = select(
        CachedInterview.application_id, CachedInterview.starts_at, CachedInterview.timezone
    ).where(
        CachedInterview.application_id.in_(ids),
        CachedInterview.starts_at.is_not(None),
        CachedInterview.timezone.is_not(None),
    )
    found: dict[str, tuple[datetime, str]] = {}
    for application_id, starts_at, zone in session.execute(query):
        if starts_at is not None and zone is not None:
            found[application_id] = (in_zone(starts_at, zone), zone)
    return found


# Ids per query, well under SQLite's limit of bound values (Ctrl+A selects them all).
_IDS_PER_QUERY = 5_000


def count_assigned_to(session: Session, ids: Sequence[str], reviewer: str) -> int:
    """How many of ``ids`` (each once) are assigned to ``reviewer`` now."""
    found = 0
    for start in range(0, len(ids), _IDS_PER_QUERY):
        block = ids[start : start + _IDS_PER_QUERY]
        count = select(func.count(func.distinct(CachedAssignment.application_id))).where(
            CachedAssignment.application_id.in_(block),
            CachedAssignment.reviewer_name == reviewer,
            CachedAssignment.removed_at.is_(None),
        )
        found += session.scalar(count) or 0
    return found


__all__ = ["count_assigned_to", "read_assignees", "read_interviews"]
