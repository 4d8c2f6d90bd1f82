"""Writes read form responses into the shared database, idempotently, in one transaction.

Every response is checked against what the database can hold before anything is
written, so a bad row is rejected with its number on SQLite and PostgreSQL alike;
an unexpected database error names the row, never another applicant's values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import insert, select, text
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from reviewer_app.domain.emails import normalise_email
from reviewer_app.domain.vocabulary import new_id, utcnow
from reviewer_app.errors import UserError
from reviewer_app.intake.matching import PositionMatcher
from reviewer_app.intake.responses import FormResponse
from reviewer_app.intake.storable import storage_problem
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import ErasureLookup, erasure_lookup
from reviewer_app.server.publish import latest_positions
from reviewer_app.server.revisions import reserve_revisions

# Bound parameters per IN (...) query: well under SQLite's and psycopg's limits.
_CHUNK = 500
# Above this many responses, existing applications are found by one table scan.
_SCAN_ABOVE = 5_000
# Errors of the database that one row's values cause (too long, a constraint).
_ROW_ERRORS = (DataError, IntegrityError)

T = TypeVar("T")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ImportFailed(UserError):
    """The shared database refused the import; nothing of it was written."""


@dataclass(frozen=True)
class RefusedRow:
    """A response that was not imported: the database could not hold it."""

    row_number: int
    reason: str


@dataclass
class ImportReport:
    """What an import did, counted per response."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    unmatched: int = 0
    duplicates: int = 0
    erased: int = 0
    warnings: list[str] = field(default_factory=list)
    # Row numbers of the responses skipped because they were erased.
    erased_rows: list[int] = field(default_factory=list)
    # Responses refused here (counted in ``rejected``); the reader's are not listed.
    refused: list[RefusedRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Returns the counts in the order the ``--json`` summary prints them."""
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "unmatched": self.unmatched,
            "duplicates": self.duplicates,
            "erased": self.erased,
        }

    def summary(self) -> str:
        """Returns a one-line readable summary."""
        return (
            f"{self.imported} imported, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected} rejected, {self.unmatched} unmatched, "
            f"{self.duplicates} possible duplicates, {self.erased} erased (skipped)"
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
    db: SharedDatabase,
    responses: Iterable[FormResponse],
    *,
    rejected: int = 0,
    source: str = "the export",
) -> ImportReport:
    """Imports responses; importing the same responses again changes nothing.

    A response already imported (same response id) whose content changed is updated.
    A new response whose email (normalised: :mod:`reviewer_app.domain.emails`) was
    seen before is marked as a possible duplicate of the first application with that
    email, never merged. A response that was erased is skipped; one the database
    cannot hold is refused (:func:`storage_problem`).

    Args:
        db: The shared database.
        responses: The valid responses read from an export.
        rejected: How many rows the reader rejected, carried into the report.
        source: The export's name, for messages.

    Raises:
        ImportFailed: The database refused a write; nothing was imported.
    """
    report = ImportReport(rejected=rejected)
    # Earliest first, so the first application of an email is the one others point to.
    batch = sorted(
        responses,
        key=lambda r: (r.submitted_at is None, r.submitted_at or _EPOCH, r.row_number),
    )
    storable = []
    for response in batch:
        problem = storage_problem(response)
        if problem is None:
            storable.append(response)
        else:
            report.refused.append(RefusedRow(response.row_number, problem))
    report.rejected += len(report.refused)
    try:
        # No autoflush: with 100,000 responses, a flush check before every query would
        # walk every loaded object each time.
        with db.session() as session, session.no_autoflush:
            _import(session, storable, report, source)
    except DBAPIError as exc:
        # The statement's parameters hold other applicants' data: never shown.
        raise ImportFailed(
            f"The shared database {db.url_for_display} refused the import of {source} "
            f"({_db_message(exc)}); nothing was imported. Try again; if it fails again, "
            "tell the database's administrator."
        ) from None
    return report


def _import(session: Session, batch: list[FormResponse], report: ImportReport, source: str) -> None:
    matcher, position_ids = position_matcher(session)
    erased = erasure_lookup(session)
    known = _known_applications(session, [r.response_id for r in batch])
    first_by_email = _first_by_email(session)
    new_rows: list[dict[str, object]] = []
    row_numbers: dict[str, int] = {}
    changed: dict[str, FormResponse] = {}
    for response in batch:
        entry = known.get(response.response_id)
        if erased.response_erased(response.response_id):
            report.erased += 1
            report.erased_rows.append(response.row_number)
        elif entry is None:
            row = _new_row(response, matcher, position_ids)
            app_id = str(row["id"])
            _note_erased_email(erased, response, app_id, report, source)
            email_key = normalise_email(response.email)
            first = first_by_email.get(email_key) if email_key else None
            if first is not None:
                row["duplicate_of"] = first
                report.duplicates += 1
            elif email_key:
                first_by_email[email_key] = app_id
            if row["position_id"] is None:
                report.unmatched += 1
            new_rows.append(row)
            row_numbers[app_id] = response.row_number
            known[response.response_id] = (app_id, response.content_hash)
            report.imported += 1
        elif entry[1] == response.content_hash:
            report.unchanged += 1
        else:
            changed[entry[0]] = response
            report.updated += 1
    _update_applications(session, changed, matcher, position_ids, source)
    _insert_applications(session, new_rows, row_numbers, source)


def _note_erased_email(
    erased: ErasureLookup, response: FormResponse, app_id: str, report: ImportReport, source: str
) -> None:
    # A new response, from an address whose application was erased: the person may
    # have applied again, or this is an older response the erasure did not cover.
    if erased.email_erased(response.email):
        report.warnings.append(
            f"{source} row {response.row_number}: a new application (id {app_id}) from the "
            "email address of an erased application. If the person asked for all their "
            f"data to be erased, run: uv run main.py erase {app_id}"
        )


def _db_message(exc: DBAPIError) -> str:
    """The database's message without its details, which may quote the values."""
    diag = getattr(exc.orig, "diag", None)
    primary = getattr(diag, "message_primary", None)
    if primary:
        return str(primary)
    lines = str(exc.orig).strip().splitlines()
    return lines[0] if lines else type(exc.orig).__name__


def _guarded(
    session: Session,
    items: Sequence[T],
    write: Callable[[Sequence[T]], None],
    row_of: Callable[[T], int],
    source: str,
) -> None:
    """Writes ``items`` in a savepoint; if a row's values fail, finds and names the row.

    Raises:
        ImportFailed: The database refused one row's values.
    """
    try:
        with session.begin_nested():
            write(items)
        return
    except _ROW_ERRORS:
        pass  # find which row: each alone, in its own savepoint
    for item in items:
        try:
            with session.begin_nested():
                write([item])
        except _ROW_ERRORS as exc:
            raise ImportFailed(
                f"{source} row {row_of(item)} could not be stored in the shared database "
                f"({_db_message(exc)}); nothing was imported. Correct or remove that row "
                "in the file and import it again."
            ) from None


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
    """Maps each normalised email to the id of its earliest application."""
    app = models.Application
    # One pass over the stored emails: their normal form is computed, not stored.
    query = (
        select(app.email, app.id)
        .where(app.email != "")
        .order_by(app.submitted_at.is_(None), app.submitted_at, app.response_id)
    )
    first: dict[str, str] = {}
    for email, app_id in session.execute(query):
        first.setdefault(normalise_email(email), app_id)
    return first


def _insert_applications(
    session: Session, rows: list[dict[str, object]], row_numbers: dict[str, int], source: str
) -> None:
    if not rows:
        return
    # A bulk INSERT bypasses the per-object flush that stamps revisions: take them here.
    first = reserve_revisions(session, len(rows))
    for offset, row in enumerate(rows):
        row["revision"] = first + offset

    def write(chunk: Sequence[dict[str, object]]) -> None:
        session.execute(insert(models.Application), list(chunk))

    for chunk in _chunks(rows):
        _guarded(session, chunk, write, lambda row: row_numbers[str(row["id"])], source)
    if len(rows) > _SCAN_ABOVE and session.get_bind().dialect.name == "postgresql":
        # Fresh statistics, so that the next queries on a table that just grew a lot
        # (sync pulls, the next import) use its indexes.
        session.execute(text("ANALYZE applications"))


def _update_applications(
    session: Session,
    changed: dict[str, FormResponse],
    matcher: PositionMatcher,
    position_ids: dict[str, int],
    source: str,
) -> None:
    def write(chunk: Sequence[str]) -> None:
        query = select(models.Application).where(models.Application.id.in_(chunk))
        for app in session.scalars(query):
            _update_application(app, changed[app.id], matcher, position_ids)
        session.flush()

    for chunk in _chunks(sorted(changed)):
        _guarded(session, chunk, write, lambda app_id: changed[app_id].row_number, source)


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
