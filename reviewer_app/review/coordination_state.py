"""What the review panel shows of an application's coordination: who is assigned, who
contacted the applicant with which template, and when the interview is.

A read (it never imports the actions). Independent review hides none of it: it is the
team's shared plan, not anyone's judgement of the applicant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.cache.models import CachedAssignment, CachedContact, CachedInterview
from reviewer_app.domain.name_order import name_order
from reviewer_app.domain.vocabulary import in_zone


@dataclass(frozen=True)
class ContactView:
    """An applicant contacted: "emailed: decline, by Ana, 3 Dec".

    ``pending`` is True while the record is not yet pushed to the server.
    """

    id: str
    reviewer_name: str
    template_slug: str
    subject: str
    contacted_at: datetime
    pending: bool = False


@dataclass(frozen=True)
class InterviewView:
    """An interview time: the instant in its zone (``starts_at`` is aware, in ``timezone``
    when the computer knows the zone, else UTC), and who set it."""

    starts_at: datetime
    timezone: str
    set_by_name: str | None
    pending: bool = False


@dataclass(frozen=True)
class Coordination:
    """Assignees (names, sorted), contacts (newest first), the interview (None: none)."""

    assignees: tuple[str, ...] = ()
    contacts: tuple[ContactView, ...] = field(default_factory=tuple)
    interview: InterviewView | None = None


def read_coordination(session: Session, application_id: str) -> Coordination:
    """Reads an application's assignees, contacts and interview within ``session``."""
    assignees = tuple(
        sorted(
            session.scalars(
                select(CachedAssignment.reviewer_name).where(
                    CachedAssignment.application_id == application_id,
                    CachedAssignment.removed_at.is_(None),
                )
            ),
            key=name_order,
        )
    )
    contacts = tuple(
        ContactView(
            id=row.id,
            reviewer_name=row.reviewer_name,
            template_slug=row.template_slug,
            subject=row.subject,
            contacted_at=row.contacted_at,
            pending=row.revision is None,
        )
        for row in session.scalars(
            select(CachedContact)
            .where(
                CachedContact.application_id == application_id,
                CachedContact.removed_at.is_(None),
            )
            .order_by(CachedContact.contacted_at.desc(), CachedContact.id.desc())
        )
    )
    row = session.get(CachedInterview, application_id)
    interview = None
    if row is not None and row.starts_at is not None and row.timezone is not None:
        interview = InterviewView(
            in_zone(row.starts_at, row.timezone),
            row.timezone,
            row.set_by_name,
            row.revision is None,
        )
    return Coordination(assignees, contacts, interview)


__all__ = ["ContactView", "Coordination", "InterviewView", "read_coordination"]
