"""Reading a pull page: the rows above the cache's cursor, in one server snapshot.

Why "revision > N" misses nothing: revisions come from one counter row that a writer
updates (``UPDATE sync_counter ... RETURNING``) before it writes anything, and the row
lock taken by that update is held until the writer's transaction ends. A second writer
therefore cannot even obtain a revision before the first has committed or rolled back,
so writers commit in revision order. PostgreSQL marks a transaction committed (visible
to new snapshots) before it releases its locks, so any snapshot that shows a revision R
also shows every committed revision below R. A pull that read up to R in one snapshot
has seen every revision <= R that will ever exist, and "revision > R" is the complete
remainder. (Rolled-back transactions give their revisions back with the counter.)

Hence a page is read in ONE snapshot (REPEATABLE READ on PostgreSQL, the write lock on
SQLite): separate statements on separate tables would each see a later set of commits,
and a table read early could miss a row below a revision seen later in another table.
A pull never touches the counter, so it never waits for writers.

Rows come as tuples already in the cache's storage form: times as the text the cache
keeps (written by the server), JSON and enum values as text. Applying a page is then
one ``executemany`` per table with no work per value in Python; decoding every
application's answers and encoding them again took most of a first sync's time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain, repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, CursorResult, Select, Table, bindparam, func, select

from reviewer_app.cache.name_keys import keys_by_id
from reviewer_app.server import models
from reviewer_app.sync.rows import (
    ATTACHED,
    COUNTED,
    MIRRORED,
    SHAPES,
    Row,
    describe,
    out_of_range,
    read_ceiling,
    rows_select,
    valid_count_query,
)

__all__ = [
    "ATTACHED",
    "COUNTED",
    "MIRRORED",
    "SHAPES",
    "Page",
    "Row",
    "ServerCounts",
    "count_query",
    "excluded_key",
    "read_page",
    "server_counts",
]

_SHARED = models.Base.metadata.tables


@cache
def _page_select(name: str, dialect: str) -> Select[Any]:
    table = _SHARED[name]
    return (
        rows_select(name, dialect)
        .where(table.c.revision > bindparam("cursor"))
        .where(table.c.revision <= bindparam("ceiling"))
        .order_by(table.c.revision)
        .limit(bindparam("limit"))
    )


@dataclass(frozen=True)
class ServerCounts:
    """Row counts of :data:`COUNTED` on the server at one revision.

    Every change to a mirrored table takes a revision, so the counts at a revision never
    change: a syncer that finds the server where its last count left it compares the
    cache with these instead of counting the server's rows again (11-40 ms for 100,000
    applications, most of a sync with nothing to do).

    Attributes:
        revision: The revision the counts were taken at.
        excluded: A digest of the applications left out (see :func:`excluded_key`).
        counts: Rows per table.
    """

    revision: int
    excluded: str
    counts: dict[str, int]


def excluded_key(excluded: Sequence[str]) -> str:
    """Returns a digest of the applications left out of the counts."""
    return hashlib.sha256("\n".join(sorted(excluded)).encode()).hexdigest()


@dataclass
class Page:
    """Rows of one pull page, grouped by table, as tuples in :data:`SHAPES` order.

    Attributes:
        rows: Rows per table name.
        ahead: Applications and positions that rows of the page point to, read from the
            same snapshot although their revision is above the page's (they come again
            with a later page). Without them a page could hold a check whose application
            changed after the check was made, and its commit would break a foreign key.
        upper: The highest revision in the page (None for an empty page).
        complete: Whether the page holds every row above the cursor (the last page).
        remaining: Rows above the cursor when the page was read (only if asked for).
        server_counts: The server's counts in the page's snapshot, only for a complete
            page (and when asked for).
        counted: Whether ``server_counts`` were counted now rather than remembered.
        ceiling: The server's counter in the page's snapshot: the page asked for no
            revision above it, so the cursor never moves past it.
        anomalies: Rows the server should not hold (see :mod:`~reviewer_app.sync.rows`),
            each naming its table, key and what is wrong; ``apply_page`` adds those it
            finds against the cache.
        name_keys: The sort key of each application's name in ``rows`` and ``ahead``,
            by id, made as the page is read (see :func:`~reviewer_app.cache.name_keys.
            keys_by_id`); a key missing is made as the row is written.
    """

    rows: dict[str, list[Row]] = field(default_factory=dict)
    ahead: dict[str, list[Row]] = field(default_factory=dict)
    upper: int | None = None
    complete: bool = False
    remaining: int | None = None
    server_counts: ServerCounts | None = None
    counted: bool = False
    ceiling: int = 0
    anomalies: list[str] = field(default_factory=list)
    name_keys: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def read_page(
    connection: Connection,
    cursor: int,
    page_size: int,
    *,
    count_remaining: bool,
    excluded_applications: Sequence[str] | None,
    remembered: ServerCounts | None = None,
    name_keys: bool = True,
) -> Page:
    """Reads the ``page_size`` rows with the smallest revisions above ``cursor``.

    Args:
        connection: A connection inside one snapshot transaction.
        cursor: The cache's last revision.
        page_size: How many rows at most.
        count_remaining: Also count every row above the cursor (for progress).
        excluded_applications: Applications left out of the sanity counts (those with
            pending local changes); None: no counts wanted.
        remembered: Counts from an earlier sync, used if still valid.
        name_keys: Make the applications' name keys (``Page.name_keys``) now, on the
            reading thread. Not while the window waits on the GIL: a page's keys made
            in one go held up its key presses (their longest 91 -> 148 ms in
            bench/sync_stall_bench.py); made part by part as the rows are written,
            they did not.
    """
    dialect = connection.dialect.name
    tables: Sequence[str] = MIRRORED
    # Only revisions the counter handed out: a forged one far above it must not move the
    # cursor past every later change.
    ceiling = read_ceiling(connection)
    page = Page(ceiling=ceiling)
    if count_remaining:
        # One round trip; in the same snapshot, so tables with nothing above the
        # cursor need no query of their own.
        above = _remaining(connection, cursor, ceiling)
        page.remaining = sum(above.values())
        tables = [name for name in MIRRORED if above[name]]
        # Once per pull: such rows are never in a page.
        page.anomalies += out_of_range(connection, ceiling)
    found: list[tuple[int, str, Row]] = []
    parameters = {"cursor": cursor, "limit": page_size, "ceiling": ceiling}
    for name in tables:
        rows = _fetch(connection.execute(_page_select(name, dialect), parameters))
        revisions = map(itemgetter(SHAPES[name].at("revision")), rows)
        found.extend(zip(revisions, repeat(name), rows, strict=False))
    # Each table gave its page_size smallest, so the page_size smallest overall are
    # among them, and none below the largest kept revision is missing.
    found.sort(key=lambda item: item[0])
    kept = found[:page_size]
    page.complete = len(found) < page_size
    for _revision, name, row in kept:
        page.rows.setdefault(name, []).append(row)
        anomaly = describe(name, row)
        if anomaly is not None:
            page.anomalies.append(anomaly)
    if kept:
        page.upper = kept[-1][0]
        if not page.complete:
            page.ahead = _rows_ahead(connection, page.rows, page.upper, ceiling)
    if name_keys:
        shape = SHAPES["applications"]
        read = chain(page.rows.get("applications", ()), page.ahead.get("applications", ()))
        page.name_keys = keys_by_id(read, shape.at("id"), shape.at("name"))
    if page.complete and excluded_applications is not None:
        revision = cursor if page.upper is None else page.upper
        key = excluded_key(excluded_applications)
        if remembered is not None and (remembered.revision, remembered.excluded) == (
            revision,
            key,
        ):
            page.server_counts = remembered
        else:
            counts = server_counts(connection, excluded_applications, ceiling)
            page.server_counts = ServerCounts(revision, key, counts)
            page.counted = True
    return page


_FETCH_BATCH = 1_000


def _fetch(result: CursorResult[Any]) -> list[Row]:
    """The rows as the driver gives them, plain tuples.

    The pull's selects return only text and numbers, made by the server in the cache's
    own forms (see :func:`~reviewer_app.sync.rows.rows_select`): nothing for SQLAlchemy
    to convert, and building its row objects cost a third of reading a page.
    """
    # In batches: the driver builds a batch's tuples holding the GIL, and the window's
    # thread must not wait for a whole page's.
    rows: list[Row] = []
    try:
        while batch := result.cursor.fetchmany(_FETCH_BATCH):
            rows += batch
        return rows
    finally:
        result.close()


def _remaining(connection: Connection, cursor: int, ceiling: int) -> dict[str, int]:
    query = select(
        *(
            select(func.count())
            .select_from(_SHARED[name])
            .where(_SHARED[name].c.revision > cursor, _SHARED[name].c.revision <= ceiling)
            .scalar_subquery()
            .label(name)
            for name in MIRRORED
        )
    )
    return {name: int(value) for name, value in connection.execute(query).one()._mapping.items()}


def count_query(table: Table, column: str | None, excluded: Sequence[str]) -> Select[Any]:
    """Counts a table's rows, leaving out the rows of the given applications."""
    query = select(func.count()).select_from(table)
    if column is not None and excluded:
        query = query.where(table.c[column].not_in(excluded))
    return query


def server_counts(
    connection: Connection, excluded: Sequence[str], ceiling: int | None = None
) -> dict[str, int]:
    """Counts the server's rows of :data:`COUNTED` that a pull applies, in one statement.

    Args:
        connection: A connection inside one snapshot transaction.
        excluded: Applications whose rows are left out.
        ceiling: The counter in this snapshot (read here when None).
    """
    if ceiling is None:
        ceiling = read_ceiling(connection)
    dialect = connection.dialect.name
    query = select(
        *(
            valid_count_query(name, column, excluded, dialect).scalar_subquery().label(name)
            for name, column in COUNTED.items()
        )
    )
    found = connection.execute(query, {"ceiling": ceiling}).one()._mapping
    return {name: int(value) for name, value in found.items()}


_PARENT_CHUNK = 1000


def _by_id(connection: Connection, name: str, ids: set[Any], ceiling: int) -> list[Row]:
    table = _SHARED[name]
    query = rows_select(name, connection.dialect.name)
    ordered = sorted(ids)
    found: list[Row] = []
    for start in range(0, len(ordered), _PARENT_CHUNK):
        chunk = ordered[start : start + _PARENT_CHUNK]
        chosen = query.where(table.c.id.in_(chunk))
        found += _fetch(connection.execute(chosen, {"ceiling": ceiling}))
    return found


def _newer(rows: Sequence[Row], value: int, revision: int, upper: int) -> set[Any]:
    """The values at ``value`` of rows whose value at ``revision`` is above ``upper``."""
    return {row[value] for row in rows if row[revision] is not None and row[revision] > upper}


def _rows_ahead(
    connection: Connection, rows: dict[str, list[Row]], upper: int, ceiling: int
) -> dict[str, list[Row]]:
    """Reads the parents of the page's rows that changed after ``upper`` (see Page.ahead).

    A parent at or below ``upper`` is in this page or an earlier one; in one snapshot
    every reference resolves, since erasure removes or unlinks whatever points at the
    erased application. A parent whose revision is out of range comes as None (see
    :mod:`~reviewer_app.sync.rows`), so it is never read here.
    """
    shape = SHAPES["applications"]
    duplicate, duplicate_revision = shape.at("duplicate_of"), shape.at("duplicate_revision")
    applications = rows.get("applications", [])
    have = {row[shape.at("id")] for row in applications}
    wanted: set[Any] = set()
    for name in ATTACHED:
        child = SHAPES[name]
        wanted |= _newer(
            rows.get(name, []), child.at("application_id"), child.at("application_revision"), upper
        )
    ahead_applications: list[Row] = []
    new_rows = applications
    while True:
        wanted |= _newer(new_rows, duplicate, duplicate_revision, upper)
        wanted -= have
        if not wanted:
            break
        new_rows = _by_id(connection, "applications", wanted, ceiling)
        ahead_applications.extend(new_rows)
        have |= wanted
        wanted = set()
    positions = {row[SHAPES["positions"].at("id")] for row in rows.get("positions", [])}
    wanted_positions = (
        _newer(
            applications + ahead_applications,
            shape.at("position_id"),
            shape.at("position_revision"),
            upper,
        )
        - positions
    )
    ahead: dict[str, list[Row]] = {}
    if wanted_positions:
        ahead["positions"] = _by_id(connection, "positions", wanted_positions, ceiling)
    if ahead_applications:
        ahead["applications"] = ahead_applications
    return ahead
