"""The detail of one application: everything the window shows of it, read in one session.

:func:`read_detail` reads within the caller's transaction, so that the review panel's
state can be read in the same one (see :mod:`reviewer_app.review.selection`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewer_app.applicants.records import (
    ApplicantDetail,
    ApplicantRef,
    PositionVersion,
    stage_or_new,
)
from reviewer_app.cache import UnknownApplication
from reviewer_app.cache.models import (
    CachedApplication,
    CachedDecision,
    CachedPosition,
    Conflict,
)

_NO_TIME = datetime.min.replace(tzinfo=UTC)


def read_detail(session: Session, application_id: str) -> ApplicantDetail:
    """Returns everything about one application, read in ``session``'s transaction.

    Args:
        session: A session of the local cache.
        application_id: The application.

    Raises:
        UnknownApplication: It is not in the cache (never synced, or erased).
    """
    app = session.get(CachedApplication, application_id)
    if app is None:
        raise UnknownApplication(application_id)
    decision = session.get(CachedDecision, application_id)
    position = session.get(CachedPosition, app.position_id) if app.position_id is not None else None
    original = (
        session.get(CachedApplication, app.duplicate_of) if app.duplicate_of is not None else None
    )
    # Sorted here: an ORDER BY makes SQLite walk the submitted_at index and look up
    # every application (~250 ms at 100,000), where a scan takes ~40 ms.
    others = sorted(
        session.execute(
            select(
                CachedApplication.id,
                CachedApplication.name,
                CachedApplication.submitted_at,
            ).where(CachedApplication.duplicate_of == application_id)
        ).all(),
        key=lambda r: (r.submitted_at is None, r.submitted_at or _NO_TIME, r.id),
    )
    has_conflict = (
        session.scalar(
            select(func.count())
            .select_from(Conflict)
            .where(Conflict.application_id == application_id)
            .where(Conflict.resolved_at.is_(None))
        )
        or 0
    ) > 0
    return ApplicantDetail(
        id=app.id,
        name=app.name,
        email=app.email,
        submitted_at=app.submitted_at,
        position_typed=app.position_typed,
        stage=stage_or_new(decision.stage if decision else None),
        reason=decision.reason if decision else None,
        answers=[_answer_pair(item) for item in app.answers or []],
        position=(
            PositionVersion(
                id=position.id,
                slug=position.slug,
                version=position.version,
                title=position.title,
                source=position.source,
            )
            if position is not None
            else None
        ),
        duplicate_of=(
            ApplicantRef(original.id, original.name, original.submitted_at)
            if original is not None
            else None
        ),
        duplicates=[ApplicantRef(r.id, r.name, r.submitted_at) for r in others],
        has_conflict=has_conflict,
    )


def _answer_pair(item: Any) -> tuple[str, str]:
    if isinstance(item, list | tuple) and len(item) == 2:
        return str(item[0]), "" if item[1] is None else str(item[1])
    return "", str(item)


__all__ = ["read_detail"]
