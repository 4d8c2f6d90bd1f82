"""Export of decisions to one flat CSV file, read from the local cache (works offline).

The columns, the grammar of "Reviewer results" and the spreadsheet safety rules are
documented in ``docs/export.md``; keep the two in step.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    String,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CachedApplication,
    CachedDecision,
    CachedNote,
    CachedPosition,
    CachedRequirementCheck,
    OutboxOperation,
    SyncStateRow,
)
from reviewer_app.cache.store import LocalCache
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.errors import UserError
from reviewer_app.export.columns import (
    CheckLayout,
    ExportedPosition,
    check_layout,
)
from reviewer_app.export.files import RowWriter, check_target, csv_file
from reviewer_app.export.rows import note_texts, row_maker
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.storage.spreadsheet_cells import as_text_cell

FIXED_HEADERS_BEFORE_CHECKS = (
    "Application ID",
    "Submitted at",
    "Name",
    "Email",
    "Position",
    "Position slug",
    "Stage",
    "Decision reason",
    "Decided by",
    "Decided at",
)
FIXED_HEADERS_AFTER_CHECKS = ("Reviewer results", "Notes", "As of")
NOTE_TEXTS_HEADER = "Note texts"
FIXED_HEADERS = (*FIXED_HEADERS_BEFORE_CHECKS, *FIXED_HEADERS_AFTER_CHECKS, NOTE_TEXTS_HEADER)
IDENTITY_HEADERS = frozenset({"Name", "Email"})
ISO_UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

# Rows fetched, written and reported to ``progress`` at a time: the export streams, it
# never holds every row.
_CHUNK_ROWS = 1000


@dataclass(frozen=True)
class ExportOptions:
    """Which applications to export, and how.

    Attributes:
        positions: Position slugs to keep (any version); empty keeps all.
        stages: Stage values to keep ("new" also matches no decision); empty keeps all.
        since: Keep applications submitted on or after this date (UTC).
        include_identity: Whether to write the Name and Email columns.
        excel: UTF-8 with BOM and CRLF (for spreadsheets), else plain UTF-8 with LF.
        include_notes: Whether to write the "Note texts" column.
    """

    positions: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    since: date | None = None
    include_identity: bool = True
    excel: bool = True
    include_notes: bool = False


class NeverSynced(UserError):
    """The local cache has never synced: it holds nothing worth exporting."""

    def __init__(self) -> None:
        super().__init__(
            "Nothing exported: this computer has never synced with the shared database, so "
            "its local cache holds no applications yet. Sync first (uv run main.py sync, "
            "or Sync now in the window), then export again."
        )


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote.

    Attributes:
        rows: How many applications (data rows, without the header).
        path: The file written.
        as_of: When the cache last synced successfully, None if never.
        columns: The header row.
        unsynced: The reviewer's changes in the export that the shared database does not
            have yet (the outbox), so that the rest of the team does not see them.
    """

    rows: int
    path: Path
    as_of: datetime | None
    columns: list[str]
    unsynced: int = 0


def export_decisions(
    cache: LocalCache,
    path: Path,
    options: ExportOptions,
    *,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    application_ids: Sequence[str] | None = None,
    catalogue: PositionCatalogue | None = None,
) -> ExportReport:
    """Writes the applications of the local cache, with their decisions, to a CSV file.

    Args:
        cache: The local cache to read.
        path: The CSV file to write; replaced as a whole or not at all.
        options: Filters and format.
        force: Replace ``path`` if it exists.
        progress: Called with (rows written, rows in total) now and then, and at the end.
        application_ids: Export only these applications (further narrowed by ``options``),
            e.g. what the window's filter shows.
        catalogue: Parses the positions' checks (the window's, shared with its other
            reads; a new one if None).

    Raises:
        NeverSynced: The cache has never synced (nothing is written).
        ExportTargetExists: ``path`` exists and ``force`` is false.
        UserError: ``path`` cannot be written, a position slug or stage is unknown, or
            the cache cannot be read.
    """
    stages = _parse_stages(options.stages)
    with cache.read_session() as session:
        as_of = _last_sync_at(session)
        if as_of is None:
            raise NeverSynced()
        unsynced = session.scalar(select(func.count()).select_from(OutboxOperation)) or 0
        check_target(path, force=force, cache_file=cache.path)
        versions = _position_versions(
            session, PositionCatalogue() if catalogue is None else catalogue
        )
        position_ids = _position_ids(versions, options.positions)
        query = _applications_query(options, stages, position_ids, application_ids)
        present = [versions[i] for i in _present_position_ids(session, query) if i in versions]
        layout = check_layout(present, reserved=FIXED_HEADERS)
        columns = _columns(layout, options)
        total = _count(session, query) if progress is not None else 0
        # Filtered: only the chosen applications' checks are loaded.
        chosen = query if _is_filtered(options, application_ids) else None
        make_row = row_maker(
            versions,
            layout,
            _checks(session, chosen),
            format_utc(as_of),
            include_identity=options.include_identity,
            notes=note_texts(session, chosen) if options.include_notes else None,
        )
        rows = _applications_query(
            options, stages, position_ids, application_ids, with_decision=True
        ).add_columns(*_row_columns())
        rows = rows.order_by(
            CachedApplication.submitted_at.is_(None),
            CachedApplication.submitted_at,
            CachedApplication.id,
        )
        result = session.connection().execute(rows.execution_options(yield_per=_CHUNK_ROWS))
        written = 0
        with csv_file(path, excel=options.excel) as handle:
            writer = RowWriter(handle, excel=options.excel)
            writer.writerows([[as_text_cell(header) for header in columns]])
            for chunk in result.partitions(_CHUNK_ROWS):
                writer.writerows([make_row(row) for row in chunk])
                written += len(chunk)
                if progress is not None and written % _CHUNK_ROWS == 0:
                    progress(written, total)
            if progress is not None:
                progress(written, max(total, written))
    return ExportReport(written, path, as_of, columns, unsynced)


@dataclass(frozen=True)
class ExportScope:
    """What the cache holds to export, for a dialog to say before asking anything.

    Attributes:
        total: How many applications the cache holds.
        as_of: When the cache last synced successfully, None if never.
    """

    total: int
    as_of: datetime | None


def export_scope(cache: LocalCache) -> ExportScope:
    """Counts the applications in the cache and reads when it last synced."""
    with cache.read_session() as session:
        total = session.scalar(select(func.count()).select_from(CachedApplication)) or 0
        return ExportScope(total=total, as_of=_last_sync_at(session))


def _parse_stages(values: Sequence[str]) -> tuple[Stage, ...]:
    known = {stage.value: stage for stage in Stage}
    unknown = [value for value in values if value not in known]
    if unknown:
        raise UserError(f"Unknown stage {unknown[0]!r}; valid stages are: {', '.join(known)}.")
    return tuple(known[value] for value in values)


def _last_sync_at(session: Session) -> datetime | None:
    state = session.get(SyncStateRow, SYNC_STATE_ID)
    return None if state is None else state.last_sync_at


def _position_versions(
    session: Session, catalogue: PositionCatalogue
) -> dict[int, ExportedPosition]:
    versions: dict[int, ExportedPosition] = {}
    rows = session.execute(
        select(
            CachedPosition.id,
            CachedPosition.slug,
            CachedPosition.version,
            CachedPosition.title,
            CachedPosition.source,
        )
    )
    for position_id, slug, version, title, source in rows:
        checks = catalogue.parsed(slug, source).checks
        versions[position_id] = ExportedPosition(
            id=position_id,
            slug=slug,
            version=version,
            title=title,
            check_keys=tuple(check.key for check in checks),
            check_labels=tuple(check.label for check in checks),
        )
    return versions


def _position_ids(versions: dict[int, ExportedPosition], slugs: Sequence[str]) -> list[int] | None:
    if not slugs:
        return None
    known = {version.slug for version in versions.values()}
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        listing = ", ".join(sorted(known)) or "none; run sync first"
        raise UserError(
            f"No position {unknown[0]!r} in the local cache; known positions: {listing}."
        )
    return [version.id for version in versions.values() if version.slug in slugs]


def _applications_query(
    options: ExportOptions,
    stages: Sequence[Stage],
    position_ids: list[int] | None,
    application_ids: Sequence[str] | None,
    *,
    with_decision: bool = False,
) -> Select[str]:
    app = CachedApplication
    query = select(app.id)
    if position_ids is not None:
        query = query.where(app.position_id.in_(position_ids))
    if stages or with_decision:
        query = query.outerjoin(CachedDecision, CachedDecision.application_id == app.id)
    if stages:
        matches_stage: ColumnElement[bool] = CachedDecision.stage.in_(stages)
        if Stage.NEW in stages:
            matches_stage = or_(matches_stage, CachedDecision.application_id.is_(None))
        query = query.where(matches_stage)
    if options.since is not None:
        query = query.where(app.submitted_at >= datetime.combine(options.since, time(), UTC))
    if application_ids is not None:
        # One JSON parameter instead of one per id: SQLite limits bound parameters.
        chosen = func.json_each(json.dumps(list(application_ids))).table_valued("value")
        query = query.where(app.id.in_(select(chosen.c.value)))
    return query


def _present_position_ids(session: Session, query: Select[str]) -> list[int]:
    # Only positions that have an exported application get check columns.
    found = query.with_only_columns(CachedApplication.position_id).distinct()
    return [position_id for position_id in session.scalars(found) if position_id is not None]


def _count(session: Session, query: Select[str]) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _is_filtered(options: ExportOptions, application_ids: Sequence[str] | None) -> bool:
    return bool(options.positions or options.stages or options.since or application_ids is not None)


def _checks(session: Session, chosen: Select[str] | None) -> dict[str, str]:
    check = CachedRequirementCheck
    # One grouped pass over the checks (in index order), grouped by SQLite in C; Python
    # parses one JSON text per application with checks.
    query = select(
        check.application_id,
        func.json_group_array(func.json_array(check.reviewer_name, check.check_key, check.result)),
    ).group_by(check.application_id)
    # A cleared result (NULL) is "not checked": never exported as if it were a result.
    query = query.where(check.result.is_not(None))
    if chosen is not None:
        query = query.where(check.application_id.in_(chosen))
    return {app_id: entries for app_id, entries in session.execute(query)}


def _row_columns() -> tuple[SQLColumnExpression[Any], ...]:
    """The columns added to the applications query (joined with decisions) for a row."""
    app = CachedApplication
    decision = CachedDecision
    notes = (
        select(func.count())
        .where(CachedNote.application_id == app.id, CachedNote.deleted_at.is_(None))
        .correlate(app)
        .scalar_subquery()
    )
    # Decisions are joined and notes counted per row through their indexes: measured at
    # 100,000 applications this costs about what reading each table whole into a dict
    # did, with less memory and less Python per row.
    # Text is neutralised in Python (make_row), by the one rule of spreadsheet_cells: a
    # second copy of it in SQL could drift, and the rule (invisible characters before a
    # trigger, full-width triggers) does not fit a CASE on the first character. The
    # export takes the same time as with that CASE (bench/bench_export.py, within noise).
    return (
        _iso_utc(app.submitted_at),
        func.coalesce(app.name, ""),
        func.coalesce(app.email, ""),
        app.position_id,
        func.coalesce(app.position_typed, ""),
        # Text as stored: SQLAlchemy's per-value enum conversion is needless here.
        func.coalesce(type_coerce(decision.stage, String), Stage.NEW.value),
        func.coalesce(decision.reason, ""),
        func.coalesce(decision.decided_by_name, ""),
        _iso_utc(decision.decided_at),
        notes,
    )


def _iso_utc(column: SQLColumnExpression[Any]) -> SQLColumnExpression[str]:
    # The cache stores naive UTC text ("2024-05-01 09:30:00.000000"); SQLite formats it
    # as ISO 8601 like format_utc, far faster than SQLAlchemy parsing it into datetimes.
    return func.coalesce(func.strftime(ISO_UTC_FORMAT, column), "")


def _columns(layout: CheckLayout, options: ExportOptions) -> list[str]:
    before = [
        header
        for header in FIXED_HEADERS_BEFORE_CHECKS
        if options.include_identity or header not in IDENTITY_HEADERS
    ]
    after = list(FIXED_HEADERS_AFTER_CHECKS)
    if options.include_notes:
        after.insert(after.index("Notes") + 1, NOTE_TEXTS_HEADER)
    return [*before, *layout.headers, *after]


def format_utc(value: datetime) -> str:
    """Returns ISO 8601 UTC to the second, e.g. ``2024-05-01T09:30:00Z``."""
    return value.astimezone(UTC).strftime(ISO_UTC_FORMAT)
