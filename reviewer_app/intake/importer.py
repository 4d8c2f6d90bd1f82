"""Writes read form responses into the shared database, idempotently, in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewer_app.intake.matching import PositionMatcher
from reviewer_app.intake.reader import FormResponse
from reviewer_app.shared import models
from reviewer_app.shared.database import SharedDatabase
from reviewer_app.shared.publish import latest_positions

# Bound parameters per IN (...) query: well under SQLite's and psycopg's limits.
_CHUNK = 500

T = TypeVar("T")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class ImportReport:
    """What an import did, counted per response."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    unmatched: int = 0
    duplicates: int = 0
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Returns the counts in the order the ``--json`` summary prints them."""
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "unmatched": self.unmatched,
            "duplicates": self.duplicates,
        }

    def summary(self) -> str:
        """Returns a one-line readable summary."""
        return (
            f"{self.imported} imported, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected} rejected, {self.unmatched} unmatched, "
            f"{self.duplicates} possible duplicates"
        )


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def position_matcher(session: Session) -> tuple[PositionMatcher, dict[str, int]]:
    """Builds a matcher over the latest published positions.

    Returns:
        The matcher (typed text to slug) and each slug's latest position id.
    """
    latest = latest_positions(session)
    matcher = PositionMatcher((p.slug, (p.title, p.crumb, p.apply_as)) for p in latest)
    return matcher, {p.slug: p.id for p in latest}


def import_responses(
    db: SharedDatabase, responses: Iterable[FormResponse], *, rejected: int = 0
) -> ImportReport:
    """Imports responses; importing the same responses again changes nothing.

    A response already imported (same response id) whose content changed is updated.
    A new response whose email was seen before is marked as a possible duplicate of the
    first application with that email, never merged.

    Args:
        db: The shared database.
        responses: The valid responses read from an export.
        rejected: How many rows the reader rejected, carried into the report.
    """
    report = ImportReport(rejected=rejected)
    # Earliest first, so the first application of an email is the one others point to.
    batch = sorted(
        responses,
        key=lambda r: (r.submitted_at is None, r.submitted_at or _EPOCH, r.row_number),
    )
    with db.session() as session:
        matcher, position_ids = position_matcher(session)
        existing = _existing_by_response_id(session, [r.response_id for r in batch])
        first_by_email = _first_by_email(session, {r.email_key for r in batch if r.email_key})
        for response in batch:
            app = existing.get(response.response_id)
            if app is None:
                app = _new_application(response, matcher, position_ids)
                first = first_by_email.get(response.email_key) if response.email_key else None
                if first is not None:
                    app.duplicate_of = first
                    report.duplicates += 1
                elif response.email_key:
                    first_by_email[response.email_key] = app.id
                if app.position_id is None:
                    report.unmatched += 1
                session.add(app)
                existing[response.response_id] = app
                report.imported += 1
            elif app.content_hash == response.content_hash:
                report.unchanged += 1
            else:
                _update_application(app, response, matcher, position_ids)
                report.updated += 1
    return report


def _existing_by_response_id(
    session: Session, response_ids: Sequence[str]
) -> dict[str, models.Application]:
    found: dict[str, models.Application] = {}
    for chunk in _chunks(sorted(set(response_ids))):
        query = select(models.Application).where(models.Application.response_id.in_(chunk))
        found.update((app.response_id, app) for app in session.scalars(query))
    return found


def _first_by_email(session: Session, email_keys: set[str]) -> dict[str, str]:
    """Maps each email (casefolded) to the id of its earliest application."""
    first: dict[str, tuple[tuple[bool, str, str], str]] = {}
    email = func.lower(func.trim(models.Application.email))
    for chunk in _chunks(sorted(email_keys)):
        query = select(
            email,
            models.Application.submitted_at,
            models.Application.response_id,
            models.Application.id,
        ).where(email.in_(chunk))
        for key, submitted_at, response_id, app_id in session.execute(query):
            # Earliest submitted first; unknown times last; response id breaks ties.
            order = (
                submitted_at is None,
                submitted_at.isoformat() if submitted_at else "",
                response_id,
            )
            if key not in first or order < first[key][0]:
                first[key] = (order, app_id)
    return {key: app_id for key, (_, app_id) in first.items()}


def _new_application(
    response: FormResponse, matcher: PositionMatcher, position_ids: dict[str, int]
) -> models.Application:
    app = models.Application(id=models.new_id(), response_id=response.response_id)
    _fill(app, response, matcher, position_ids)
    return app


def _update_application(
    app: models.Application,
    response: FormResponse,
    matcher: PositionMatcher,
    position_ids: dict[str, int],
) -> None:
    typed_before = app.position_typed
    position_before = app.position_id
    _fill(app, response, matcher, position_ids)
    # A reviewer may have assigned the position by hand: keep it unless the typed
    # position itself changed.
    if typed_before == response.position_typed:
        app.position_id = position_before
    app.updated_at = models.utcnow()


def _fill(
    app: models.Application,
    response: FormResponse,
    matcher: PositionMatcher,
    position_ids: dict[str, int],
) -> None:
    app.submitted_at = response.submitted_at
    app.name = response.name
    app.email = response.email
    app.position_typed = response.position_typed
    slug = matcher.match(response.position_typed)
    app.position_id = position_ids.get(slug) if slug else None
    app.answers = [[question, answer] for question, answer in response.answers]
    app.content_hash = response.content_hash
