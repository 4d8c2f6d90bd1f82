"""Writes read form responses into the shared database, idempotently, in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from reviewer_app.domain.vocabulary import new_id, utcnow
from reviewer_app.intake.matching import PositionMatcher
from reviewer_app.intake.responses import FormResponse
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.publish import latest_positions
from reviewer_app.server.revisions import reserve_revisions

# Bound parameters per IN (...) query: well under SQLite's and psycopg's limits.
_CHUNK = 500
# Above this many responses, existing applications are found by one table scan.
_SCAN_ABOVE = 5_000

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
    # No autoflush: with 100,000 responses, a flush check before every query would walk
    # every loaded object each time.
    with db.session() as session, session.no_autoflush:
        matcher, position_ids = position_matcher(session)
        known = _known_applications(session, [r.response_id for r in batch])
        first_by_email = _first_by_email(session)
        new_rows: list[dict[str, object]] = []
        changed: dict[str, FormResponse] = {}
        for response in batch:
            entry = known.get(response.response_id)
            if entry is None:
                row = _new_row(response, matcher, position_ids)
                app_id = str(row["id"])
                first = first_by_email.get(response.email_key) if response.email_key else None
                if first is not None:
                    row["duplicate_of"] = first
                    report.duplicates += 1
                elif response.email_key:
                    first_by_email[response.email_key] = app_id
                if row["position_id"] is None:
                    report.unmatched += 1
                new_rows.append(row)
                known[response.response_id] = (app_id, response.content_hash)
                report.imported += 1
            elif entry[1] == response.content_hash:
                report.unchanged += 1
            else:
                changed[entry[0]] = response
                report.updated += 1
        _update_applications(session, changed, matcher, position_ids)
        _insert_applications(session, new_rows)
    return report


def _known_applications(
    session: Session, response_ids: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """Maps each response id already imported to its application id and content hash."""
    app = models.Application
    found: dict[str, tuple[str, str]] = {}
    wanted = set(response_ids)
    if len(wanted) > _SCAN_ABOVE:
        # A big export touches most rows anyway: one pass over the table is cheaper than
        # hundreds of IN (...) queries, and does not depend on fresh planner statistics.
        query = select(app.response_id, app.id, app.content_hash)
        found.update(
            (rid, (app_id, digest))
            for rid, app_id, digest in session.execute(query)
            if rid in wanted
        )
        return found
    for chunk in _chunks(sorted(wanted)):
        query = select(app.response_id, app.id, app.content_hash).where(app.response_id.in_(chunk))
        found.update((rid, (app_id, digest)) for rid, app_id, digest in session.execute(query))
    return found


def _first_by_email(session: Session) -> dict[str, str]:
    """Maps each email (casefolded) to the id of its earliest application."""
    app = models.Application
    # One pass over the stored emails: cheaper than many lower(email) IN (...) queries,
    # which no index serves.
    query = (
        select(app.email, app.id)
        .where(app.email != "")
        .order_by(app.submitted_at.is_(None), app.submitted_at, app.response_id)
    )
    first: dict[str, str] = {}
    for email, app_id in session.execute(query):
        first.setdefault(email.strip().casefold(), app_id)
    return first


def _insert_applications(session: Session, rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    # A bulk INSERT bypasses the per-object flush that stamps revisions: take them here.
    first = reserve_revisions(session, len(rows))
    for offset, row in enumerate(rows):
        row["revision"] = first + offset
    for chunk in _chunks(rows):
        session.execute(insert(models.Application), list(chunk))
    if len(rows) > _SCAN_ABOVE and session.get_bind().dialect.name == "postgresql":
        # Fresh statistics, so that the next queries on a table that just grew a lot
        # (sync pulls, the next import) use its indexes.
        session.execute(text("ANALYZE applications"))


def _update_applications(
    session: Session,
    changed: dict[str, FormResponse],
    matcher: PositionMatcher,
    position_ids: dict[str, int],
) -> None:
    for chunk in _chunks(sorted(changed)):
        query = select(models.Application).where(models.Application.id.in_(chunk))
        for app in session.scalars(query):
            _update_application(app, changed[app.id], matcher, position_ids)


def _new_row(
    response: FormResponse, matcher: PositionMatcher, position_ids: dict[str, int]
) -> dict[str, object]:
    now = utcnow()
    row: dict[str, object] = {
        "id": new_id(),
        "response_id": response.response_id,
        "imported_at": now,
        "updated_at": now,
    }
    row.update(_fields(response, matcher, position_ids))
    return row


def _update_application(
    app: models.Application,
    response: FormResponse,
    matcher: PositionMatcher,
    position_ids: dict[str, int],
) -> None:
    fields = _fields(response, matcher, position_ids)
    # A reviewer may have assigned the position by hand: keep it unless the typed
    # position itself changed.
    if app.position_typed == response.position_typed:
        del fields["position_id"]
    for name, value in fields.items():
        setattr(app, name, value)
    app.updated_at = utcnow()


def _fields(
    response: FormResponse, matcher: PositionMatcher, position_ids: dict[str, int]
) -> dict[str, object]:
    """The columns an application takes from its form response."""
    slug = matcher.match(response.position_typed)
    return {
        "submitted_at": response.submitted_at,
        "name": response.name,
        "email": response.email,
        "position_typed": response.position_typed,
        "position_id": position_ids.get(slug) if slug else None,
        "answers": [[question, answer] for question, answer in response.answers],
        "content_hash": response.content_hash,
    }
