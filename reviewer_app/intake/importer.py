"""Writes read form responses into the shared database, idempotently, in one transaction.

Every response is checked against what the database can hold before anything is
written, so a bad row is rejected with its number on SQLite and PostgreSQL alike;
an unexpected database error names the row, never another applicant's values.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from reviewer_app.domain.emails import normalise_email
from reviewer_app.domain.vocabulary import new_id, new_ids, utcnow
from reviewer_app.intake.earlier_imports import earlier_applications
from reviewer_app.intake.erased_responses import erased_under_another_id
from reviewer_app.intake.guarded_writes import ImportFailed, chunks, db_message, guarded
from reviewer_app.intake.matching import PositionMatcher, several_positions_warning
from reviewer_app.intake.new_applications import NewApplication, insert_new_applications
from reviewer_app.intake.responses import FormResponse
from reviewer_app.intake.storable import storage_problem
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import ErasureLookup, erasure_lookup
from reviewer_app.server.publish import latest_positions
from reviewer_app.storage.gc_pause import cycle_collector_paused

__all__ = ["ImportFailed", "ImportReport", "RefusedRow", "import_responses", "position_matcher"]

# Above this many responses, existing applications are found by one table scan.
_SCAN_ABOVE = 5_000


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

    A response already imported (same response id) whose content changed is updated;
    so is one imported before under another derived id (:mod:`.earlier_imports`), which
    keeps its stored id.
    A new response whose email (normalised: :mod:`reviewer_app.domain.emails`) was
    seen before is marked as a possible duplicate of the first application with that
    email, never merged. A response that was erased is skipped, also when its derived
    id was read otherwise since (:mod:`.erased_responses`); one the database cannot
    hold is refused (:func:`storage_problem`).

    Args:
        db: The shared database.
        responses: The valid responses read from an export.
        rejected: How many rows the reader rejected, carried into the report.
        source: The export's name, for messages.

    Raises:
        ImportFailed: The database refused a write; nothing was imported.
    """
    report = ImportReport(rejected=rejected)
    batch = _in_submission_order(responses)
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
        with cycle_collector_paused(), db.session() as session, session.no_autoflush:
            _import(session, storable, report, source)
    except DBAPIError as exc:
        # The statement's parameters hold other applicants' data: never shown.
        raise ImportFailed(
            f"The shared database {db.url_for_display} refused the import of {source} "
            f"({db_message(exc)}); nothing was imported. Try again; if it fails again, "
            "tell the database's administrator."
        ) from None
    return report


def _in_submission_order(responses: Iterable[FormResponse]) -> list[FormResponse]:
    """Earliest first, those without a time last, each time's in row order.

    So the first application of an email is the one the others point to. Two sorts by
    attribute (stable), not one by a key made in Python for each of 100,000 responses.
    """
    by_row = sorted(responses, key=attrgetter("row_number"))
    timed = [r for r in by_row if r.submitted_at is not None]
    timed.sort(key=attrgetter("submitted_at"))
    return timed + [r for r in by_row if r.submitted_at is None]


def _import(session: Session, batch: list[FormResponse], report: ImportReport, source: str) -> None:
    matcher, position_ids = position_matcher(session)
    erased = erasure_lookup(session)
    known = _known_applications(session, {r.response_id for r in batch})
    # Rows imported before under a derived id that a newer reading of the file changed.
    claimed = {app_id for app_id, _ in known.values()}
    unknown = [r for r in batch if r.response_id not in known]
    known.update(earlier_applications(session, unknown, claimed))
    first_by_email = _first_by_email(session)
    fresh: list[FormResponse] = []
    # Responses added by this import, by response id: one met again is compared with it.
    added: dict[str, FormResponse] = {}
    changed: dict[str, FormResponse] = {}
    any_erased = bool(erased.responses)  # asked once: most databases have no erasures
    for response in batch:
        response_id = response.response_id
        entry = known.get(response_id)
        if any_erased and erased.response_erased(response_id):
            report.erased += 1
            report.erased_rows.append(response.row_number)
        elif any_erased and entry is None and erased_under_another_id(erased, response):
            report.erased += 1
            report.erased_rows.append(response.row_number)
            report.warnings.append(_erased_under_another_id_warning(response, source))
        elif entry is None and response_id not in added:
            added[response_id] = response
            fresh.append(response)
        elif entry is None:
            # The same response id twice in the batch: the first one is added; a changed
            # second one is counted, and has nothing stored to update yet.
            if added[response_id].content_hash == response.content_hash:
                report.unchanged += 1
            else:
                report.updated += 1
        elif entry[1] == response.content_hash:
            report.unchanged += 1
        else:
            changed[entry[0]] = response
            report.updated += 1
    report.imported = len(fresh)
    _update_applications(session, changed, matcher, position_ids, source)
    # What each new application gets (its id, position, first application of its email)
    # is decided as it is written: that work is done while the database takes the rows.
    decide = _NewApplicationDecider(matcher, position_ids, erased, first_by_email, report, source)
    decide.take_ids(len(fresh))
    insert_new_applications(session, fresh, decide, source)
    if decide.several:
        report.warnings.append(several_positions_warning(source, decide.several))


class _NewApplicationDecider:
    """Decides, for each new response in the batch's order, what its application gets.

    Call it once for each, in order: the first application of an email is the first
    decided, and the report counts duplicates and unmatched positions as it goes.
    """

    def __init__(
        self,
        matcher: PositionMatcher,
        position_ids: dict[str, int],
        erased: ErasureLookup,
        first_by_email: dict[str, str],
        report: ImportReport,
        source: str,
    ) -> None:
        self._matcher = matcher
        self._position_ids = position_ids
        self._erased = erased
        self._any_erased_email = bool(erased.emails)
        self._first_by_email = first_by_email
        self._report = report
        self._source = source
        self._position_of: dict[str, int | None] = {}  # position typed -> position id
        self.several: list[int] = []  # rows of new responses that name several positions
        self._ids: Iterator[str] = iter(())

    def take_ids(self, count: int) -> None:
        """Makes the ids of the next ``count`` applications, handed out in sorted order.

        Random ids all the same; in order, the primary key's index takes each at its
        end instead of anywhere (a tenth of the database's time for 100,000).
        """
        self._ids = iter(sorted(new_ids(count)))

    def __call__(self, response: FormResponse) -> NewApplication:
        app_id = next(self._ids, None) or new_id()
        report = self._report
        if self._any_erased_email:
            _note_erased_email(self._erased, response, app_id, report, self._source)
        email_key = normalise_email(response.email)
        first = self._first_by_email.get(email_key) if email_key else None
        if first is not None:
            report.duplicates += 1
        elif email_key:
            self._first_by_email[email_key] = app_id
        typed = response.position_typed
        if typed not in self._position_of:
            slug = self._matcher.match(typed)
            self._position_of[typed] = self._position_ids.get(slug) if slug else None
        position_id = self._position_of[typed]
        if position_id is None:
            report.unmatched += 1
            if self._matcher.names_several(typed):
                self.several.append(response.row_number)
        return NewApplication(response, app_id, position_id, first)


def _erased_under_another_id_warning(response: FormResponse, source: str) -> str:
    return (
        f"{source} row {response.row_number}: skipped as erased: its email address and "
        "its time or answers match an erased application's, imported under another "
        "derived id (the file's dates, time zone or position read otherwise since)"
    )


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


def _known_applications(session: Session, wanted: set[str]) -> dict[str, tuple[str, str]]:
    """Maps each response id already imported to its application id and content hash."""
    app = models.Application
    found: dict[str, tuple[str, str]] = {}
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
    for chunk in chunks(sorted(wanted)):
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

    guarded(session, sorted(changed), write, lambda app_id: changed[app_id].row_number, source)


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
