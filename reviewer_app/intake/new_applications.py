"""Writing an import's new applications: one bulk load, streamed, in the import's transaction.

PostgreSQL takes them with one ``COPY``, SQLite with one ``executemany``
(:mod:`reviewer_app.server.bulk_load`). Each row's answers are serialised once, as it
is written, for both the stored JSON and the content hash; no row is held as a dict.
Should the database refuse the load, the rows are written again in chunks to find and
name the row it refuses, then the import fails whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

from reviewer_app.domain.vocabulary import utcnow
from reviewer_app.intake.guarded_writes import ROW_ERRORS, guarded
from reviewer_app.intake.responses import FormResponse
from reviewer_app.server import models
from reviewer_app.server.bulk_load import bind_processor, load_rows
from reviewer_app.server.revisions import reserve_revisions

# Above this many new applications, PostgreSQL's statistics are refreshed afterwards.
ANALYZE_ABOVE = 5_000

# The columns whose statistics it refreshes then (see insert_new_applications).
_ANALYZED: tuple[str, ...] = ("id", "response_id", "email", "submitted_at", "position_id")
_ANALYZED += ("duplicate_of", "revision")
# The statistics target of that refresh (PostgreSQL's default is 100).
_STATISTICS_TARGET = 10

COLUMNS = (
    "id",
    "response_id",
    "submitted_at",
    "name",
    "email",
    "position_typed",
    "position_id",
    "answers",
    "duplicate_of",
    "content_hash",
    "imported_at",
    "updated_at",
    "revision",
)


class NewApplication(NamedTuple):
    """A response to add as an application, with what the import decided for it."""

    response: FormResponse
    app_id: str
    position_id: int | None
    duplicate_of: str | None


def insert_new_applications(
    session: Session,
    fresh: Sequence[FormResponse],
    decide: Callable[[FormResponse], NewApplication],
    source: str,
) -> None:
    """Inserts an application for each of ``fresh``, in order, with consecutive revisions.

    Args:
        session: The import's session.
        fresh: The new responses.
        decide: What each one's application gets; called once for each, in order, as the
            rows are written (so that this work is done while the database takes them).
        source: The export's name, for messages.

    Raises:
        ImportFailed: The database refused a row's values; the row is named.
    """
    if not fresh:
        return
    # A bulk load bypasses the per-object flush that stamps revisions: take them here.
    first = reserve_revisions(session, len(fresh))
    table = models.Application.__table__
    assert isinstance(table, Table)
    rows = _Rows(session, table, first)
    new: list[NewApplication] = []

    def decided() -> Iterator[NewApplication]:
        for response in fresh[len(new) :]:
            new.append(decide(response))
            yield new[-1]

    try:
        with session.begin_nested():
            load_rows(session, table, COLUMNS, rows.values(enumerate(decided())))
    except ROW_ERRORS:
        # Which row? The rest decided, all written again in chunks, then one by one.
        for _ in decided():
            pass
        offsets = list(range(len(new)))
        guarded(
            session,
            offsets,
            lambda chunk: load_rows(
                session, table, COLUMNS, rows.values((i, new[i]) for i in chunk)
            ),
            lambda offset: new[offset].response.row_number,
            source,
        )
    if len(fresh) > ANALYZE_ABOVE and session.get_bind().dialect.name == "postgresql":
        # Fresh statistics, so that the next queries on a table that just grew a lot
        # (sync pulls, the next import) use its indexes: the table's size, and the columns
        # that queries look rows up, join or order by (the texts and answers are left to
        # autovacuum: sampling them took most of the time).
        # A tenth of the usual sample (3,000 rows): enough to tell a table's size and
        # its unique columns (the full sample took 0.15 s of 100,000); autovacuum
        # analyses it fully later. For this transaction only.
        session.execute(text(f"SET LOCAL default_statistics_target = {_STATISTICS_TARGET:d}"))
        session.execute(text(f"ANALYZE applications ({', '.join(_ANALYZED)})"))


class _Rows:
    """Makes each new application's row, as the driver takes it."""

    def __init__(self, session: Session, table: Table, first_revision: int) -> None:
        self._first = first_revision
        self._time = bind_processor(session, table.c.submitted_at)
        self._now = self._stored_time(utcnow())
        # PostgreSQL reads a time's ISO text: the one the content hash was made of.
        self._iso = session.get_bind().dialect.name == "postgresql"

    def _stored_time(self, value: datetime | None) -> Any:
        return value if self._time is None or value is None else self._time(value)

    def values(self, items: Iterable[tuple[int, NewApplication]]) -> Iterator[tuple[Any, ...]]:
        """Yields the row of each (offset, new application), in ``COLUMNS`` order."""
        now, first, iso = self._now, self._first, self._iso
        for offset, (response, app_id, position_id, duplicate_of) in items:
            submitted_at, answers, digest = response.stored_form()
            yield (
                app_id,
                response.response_id,
                submitted_at if iso else self._stored_time(response.submitted_at),
                response.name,
                response.email,
                response.position_typed,
                position_id,
                answers,
                duplicate_of,
                digest,
                now,
                now,
                first + offset,
            )
