"""The positions one can apply to: the newest cached version of each, by title."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from reviewer_app.applicants.records import PositionVersion
from reviewer_app.cache.models import CachedPosition


def newest_positions(session: Session) -> list[PositionVersion]:
    """Returns the newest version of every cached position, by title (then slug).

    Args:
        session: A session of the local cache.
    """
    newest = (
        select(CachedPosition.slug, func.max(CachedPosition.version).label("version"))
        .group_by(CachedPosition.slug)
        .subquery()
    )
    result = session.scalars(
        select(CachedPosition)
        .join(
            newest,
            and_(
                CachedPosition.slug == newest.c.slug,
                CachedPosition.version == newest.c.version,
            ),
        )
        .order_by(func.lower(CachedPosition.title), CachedPosition.slug)
    )
    return [PositionVersion(p.id, p.slug, p.version, p.title, p.source) for p in result]


__all__ = ["newest_positions"]
