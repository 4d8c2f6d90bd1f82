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
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    DateTime,
    Enum,
    Select,
    String,
    Table,
    Text,
    bindparam,
    cast,
    func,
    select,
    type_coerce,
)
from sqlalchemy.sql.elements import ColumnElement

from reviewer_app.cache.models import CacheBase
from reviewer_app.server import models

_SHARED = models.Base.metadata.tables
_CACHE = CacheBase.metadata.tables

# Mirrored tables, in the order a page is applied: tombstones first, so a deleted
# application's rows are gone before a row that might reuse one of their unique keys.
MIRRORED = (
    "tombstones",
    "reviewers",
    "positions",
    "applications",
    "requirement_checks",
    "notes",
    "decisions",
    "decision_history",
)
# Tables whose row counts the sanity check compares (every mirrored one), with the
# column that names a row's application (None: rows of no application).
COUNTED: dict[str, str | None] = {
    "reviewers": None,
    "positions": None,
    "applications": "id",
    "requirement_checks": "application_id",
    "notes": "application_id",
    "decisions": "application_id",
    "decision_history": "application_id",
}
# Tables whose rows belong to one application.
ATTACHED = ("requirement_checks", "notes", "decisions", "decision_history")
# Rows name their reviewer (the cache keys its own rows by name): (id column, name column).
_NAMED_BY = {
    "requirement_checks": ("reviewer_id", "reviewer_name"),
    "notes": ("author_id", "author_name"),
    "decisions": ("decided_by", "decided_by_name"),
}
# The text SQLAlchemy's SQLite DATETIME keeps, as PostgreSQL's to_char writes it.
_PG_TIME = "YYYY-MM-DD HH24:MI:SS.US"

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Shape:
    """The positions of a pulled row's values.

    Attributes:
        stored: The cache columns the row fills, in order; a row starts with them.
        extra: After them, the server revisions of the rows it points to (None when it
            points to none); they tell which of those may be missing from the cache.
    """

    stored: tuple[str, ...]
    extra: tuple[str, ...] = ()

    def at(self, name: str) -> int:
        """Returns the position of a value in a row."""
        return (*self.stored, *self.extra).index(name)


def _shape(name: str) -> Shape:
    if name not in _CACHE:
        return Shape(tuple(column.name for column in _SHARED[name].columns))
    # A check's own id is the cache's; the server's travels as server_id.
    local = {"id"} if name == "requirement_checks" else set()
    stored = tuple(column.name for column in _CACHE[name].columns if column.name not in local)
    if name == "applications":
        return Shape(stored, ("duplicate_revision", "position_revision"))
    if name in ATTACHED:
        return Shape(stored, ("application_revision",))
    return Shape(stored)


SHAPES = {name: _shape(name) for name in MIRRORED}


def _stored_form(column: Column[Any], dialect: str) -> ColumnElement[Any]:
    """The column as the cache stores it, computed by the server."""
    if isinstance(column.type, DateTime):
        if dialect == "postgresql":
            return func.to_char(func.timezone("UTC", column), _PG_TIME)
        # SQLite keeps times as this very text (UTC).
        return type_coerce(column, String)
    if isinstance(column.type, JSON):
        return cast(column, Text)
    if isinstance(column.type, Enum):
        return type_coerce(column, String)
    return column


@cache
def _rows_select(name: str, dialect: str) -> Select[Any]:
    """Selects a table's rows in :data:`SHAPES` order (no WHERE clause)."""
    table = _SHARED[name]
    values: dict[str, ColumnElement[Any]] = {
        column.name: _stored_form(column, dialect) for column in table.columns
    }
    source: Any = table
    if name == "requirement_checks":
        values["server_id"] = values.pop("id")
    if name in _NAMED_BY:
        key, label = _NAMED_BY[name]
        reviewer = _SHARED["reviewers"].alias("named")
        source = source.outerjoin(reviewer, reviewer.c.id == table.c[key])
        values[label] = reviewer.c.name
    if name == "applications":
        duplicate = table.alias("duplicate")
        position = _SHARED["positions"].alias("position")
        source = source.outerjoin(duplicate, duplicate.c.id == table.c.duplicate_of)
        source = source.outerjoin(position, position.c.id == table.c.position_id)
        values["duplicate_revision"] = duplicate.c.revision
        values["position_revision"] = position.c.revision
    elif name in ATTACHED:
        application = _SHARED["applications"].alias("application")
        source = source.outerjoin(application, application.c.id == table.c.application_id)
        values["application_revision"] = application.c.revision
    shape = SHAPES[name]
    labelled = [values[column].label(column) for column in (*shape.stored, *shape.extra)]
    return select(*labelled).select_from(source)


@cache
def _page_select(name: str, dialect: str) -> Select[Any]:
    table = _SHARED[name]
    return (
        _rows_select(name, dialect)
        .where(table.c.revision > bindparam("cursor"))
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
    """

    rows: dict[str, list[Row]] = field(default_factory=dict)
    ahead: dict[str, list[Row]] = field(default_factory=dict)
    upper: int | None = None
    complete: bool = False
    remaining: int | None = None
    server_counts: ServerCounts | None = None
    counted: bool = False

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
    """
    dialect = connection.dialect.name
    tables: Sequence[str] = MIRRORED
    page = Page()
    if count_remaining:
        # One round trip; in the same snapshot, so tables with nothing above the
        # cursor need no query of their own.
        above = _remaining(connection, cursor)
        page.remaining = sum(above.values())
        tables = [name for name in MIRRORED if above[name]]
    found: list[tuple[int, str, Row]] = []
    parameters = {"cursor": cursor, "limit": page_size}
    for name in tables:
        at = SHAPES[name].at("revision")
        rows = connection.execute(_page_select(name, dialect), parameters).all()
        found.extend((row[at], name, tuple(row)) for row in rows)
    # Each table gave its page_size smallest, so the page_size smallest overall are
    # among them, and none below the largest kept revision is missing.
    found.sort(key=lambda item: item[0])
    kept = found[:page_size]
    page.complete = len(found) < page_size
    for _revision, name, row in kept:
        page.rows.setdefault(name, []).append(row)
    if kept:
        page.upper = kept[-1][0]
        if not page.complete:
            page.ahead = _rows_ahead(connection, page.rows, page.upper)
    if page.complete and excluded_applications is not None:
        revision = cursor if page.upper is None else page.upper
        key = excluded_key(excluded_applications)
        if remembered is not None and (remembered.revision, remembered.excluded) == (
            revision,
            key,
        ):
            page.server_counts = remembered
        else:
            counts = server_counts(connection, excluded_applications)
            page.server_counts = ServerCounts(revision, key, counts)
            page.counted = True
    return page


def _remaining(connection: Connection, cursor: int) -> dict[str, int]:
    query = select(
        *(
            select(func.count())
            .select_from(_SHARED[name])
            .where(_SHARED[name].c.revision > cursor)
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


def server_counts(connection: Connection, excluded: Sequence[str]) -> dict[str, int]:
    """Counts the server's rows of :data:`COUNTED` in one statement."""
    query = select(
        *(
            count_query(_SHARED[name], column, excluded).scalar_subquery().label(name)
            for name, column in COUNTED.items()
        )
    )
    return {name: int(value) for name, value in connection.execute(query).one()._mapping.items()}


_PARENT_CHUNK = 1000


def _by_id(connection: Connection, name: str, ids: set[Any]) -> list[Row]:
    table = _SHARED[name]
    query = _rows_select(name, connection.dialect.name)
    ordered = sorted(ids)
    found: list[Row] = []
    for start in range(0, len(ordered), _PARENT_CHUNK):
        chunk = ordered[start : start + _PARENT_CHUNK]
        found.extend(tuple(row) for row in connection.execute(query.where(table.c.id.in_(chunk))))
    return found


def _newer(rows: Sequence[Row], value: int, revision: int, upper: int) -> set[Any]:
    """The values at ``value`` of rows whose value at ``revision`` is above ``upper``."""
    return {row[value] for row in rows if row[revision] is not None and row[revision] > upper}


def _rows_ahead(
    connection: Connection, rows: dict[str, list[Row]], upper: int
) -> dict[str, list[Row]]:
    """Reads the parents of the page's rows that changed after ``upper`` (see Page.ahead).

    A parent at or below ``upper`` is in this page or an earlier one; in one snapshot
    every reference resolves, since erasure removes or unlinks whatever points at the
    erased application.
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
        new_rows = _by_id(connection, "applications", wanted)
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
        ahead["positions"] = _by_id(connection, "positions", wanted_positions)
    if ahead_applications:
        ahead["applications"] = ahead_applications
    return ahead
