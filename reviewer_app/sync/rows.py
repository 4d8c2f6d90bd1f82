"""The rows a pull reads, as the cache stores them, and the server's verdict on each.

Anyone with direct SQL on the shared database can write rows the app never writes: a
check, note or decision whose application (or reviewer) is gone, a tombstone of an
application that still exists, a revision above the counter or below 1, an unknown
enum value, answers that are not a JSON list. A pull must neither crash on them nor let
them stop it. So the select of each table computes, on the server and in the page's own
snapshot, a ``fault`` per row (NULL for a sound row):

- a row whose revision is outside 1..counter (the counter read in the same snapshot) is
  never asked for: its revision would move the cache's cursor past every later change.
  :func:`out_of_range` reports such rows;
- a row that cannot be applied (an orphan, an unknown value, a tombstone of a live
  application) is skipped and reported;
- an application that can be applied safely is repaired and reported: answers that are
  not a JSON list become an empty list, a link to a missing position or duplicate is cut.

The server's counts for the sanity check (:func:`valid_count_query`) count exactly the
rows a pull applies, with the same expressions: an anomaly on the server never makes
every later sync download the cache afresh.

Everything is set-based: the verdicts are columns of the page's one select per table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    DateTime,
    Enum,
    Select,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.sql.elements import ColumnElement

from reviewer_app.cache.models import CacheBase
from reviewer_app.cache.name_keys import NAME_KEY
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
    "assignments",
    "contacts",
    "interviews",
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
    "assignments": "application_id",
    "contacts": "application_id",
    "interviews": "application_id",
}
# Tables whose rows belong to one application.
ATTACHED = (
    "requirement_checks",
    "notes",
    "decisions",
    "decision_history",
    "assignments",
    "contacts",
    "interviews",
)
# Tables whose rows the cache keys by its own id: the server's travels as server_id.
LOCAL_IDS = ("requirement_checks", "assignments")
# Tables with one row per application, keyed by it.
_PER_APPLICATION = ("decisions", "interviews")
# The column that names a row on the server, in reports.
KEYS = {name: "application_id" if name in _PER_APPLICATION else "id" for name in MIRRORED}
# Rows name their reviewers (the cache keys its own rows by name): (id column, name
# column, whether the row is unsound without that reviewer).
_NAMED_BY = {
    "requirement_checks": (("reviewer_id", "reviewer_name", True),),
    "notes": (("author_id", "author_name", True),),
    # A decision's reviewer may be unknown (None).
    "decisions": (("decided_by", "decided_by_name", False),),
    "assignments": (
        ("reviewer_id", "reviewer_name", True),
        ("assigned_by", "assigned_by_name", False),
    ),
    "contacts": (("reviewer_id", "reviewer_name", True),),
    "interviews": (("set_by", "set_by_name", False),),
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
            points to none, or to a row a pull never brings); they tell which of those
            may be missing from the cache. Last, ``fault``: why the row is skipped or
            was repaired (None for a sound row).
    """

    stored: tuple[str, ...]
    extra: tuple[str, ...] = ()

    def at(self, name: str) -> int:
        """Returns the position of a value in a row."""
        return (*self.stored, *self.extra).index(name)


def _shape(name: str) -> Shape:
    if name not in _CACHE:
        return Shape(tuple(column.name for column in _SHARED[name].columns), ("fault",))
    # A check's own id is the cache's; the server's travels as server_id. The name's
    # sort key is the cache's own too (see pull.py).
    local = {"id"} if name in LOCAL_IDS else {NAME_KEY} if name == "applications" else set()
    stored = tuple(column.name for column in _CACHE[name].columns if column.name not in local)
    if name == "applications":
        return Shape(stored, ("duplicate_revision", "position_revision", "fault"))
    if name in ATTACHED:
        return Shape(stored, ("application_revision", "fault"))
    return Shape(stored)


SHAPES = {name: _shape(name) for name in MIRRORED}


def read_ceiling(connection: Connection) -> int:
    """The server's revision counter: no sound row has a revision above it."""
    counter = _SHARED["sync_counter"]
    value = connection.execute(select(counter.c.value).where(counter.c.id == 1)).scalar_one()
    return int(value)


def _ceiling() -> ColumnElement[int]:
    return bindparam("ceiling", type_=BigInteger)


def in_range(revision: ColumnElement[Any]) -> ColumnElement[bool]:
    """Whether a revision is one the counter handed out (1..ceiling)."""
    return and_(revision >= 1, revision <= _ceiling())


def _ranged(revision: ColumnElement[Any]) -> ColumnElement[Any]:
    """The revision, or NULL when a pull never brings its row."""
    return case((in_range(revision), revision), else_=None)


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


def _text(*parts: ColumnElement[Any] | str) -> ColumnElement[str]:
    """Text joined in SQL (``||``), for a fault that quotes a value."""
    joined: ColumnElement[str] = literal("", String)
    for part in parts:
        joined = joined + (literal(part, String) if isinstance(part, str) else cast(part, Text))
    return joined


def _answers_sound(column: Column[Any], dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        # The json type is valid JSON by construction; its first token gives its type.
        # The prefix test first: json_typeof alone costs ~20% of a first sync's reads.
        return or_(cast(column, Text).like("[%"), func.json_typeof(column) == "array")
    # json_type fails on malformed text: it only sees what json_valid let through.
    valid = case((func.json_valid(column) == 1, column), else_=None)
    return func.coalesce(func.json_type(valid), "") == "array"


def _enum_faults(name: str) -> list[tuple[ColumnElement[bool], ColumnElement[str]]]:
    faults: list[tuple[ColumnElement[bool], ColumnElement[str]]] = []
    for column in _SHARED[name].columns:
        if isinstance(column.type, Enum):
            value = type_coerce(column, String)
            faults.append(
                (
                    value.not_in(list(column.type.enums)),
                    _text(f"unknown {column.name} '", value, "'"),
                )
            )
    return faults


@cache
def _parts(name: str, dialect: str) -> tuple[Any, dict[str, ColumnElement[Any]]]:
    """The FROM clause of a table's rows and their values, ``fault`` included."""
    table = _SHARED[name]
    values: dict[str, ColumnElement[Any]] = {
        column.name: _stored_form(column, dialect) for column in table.columns
    }
    source: Any = table
    faults: list[tuple[ColumnElement[bool], ColumnElement[str]]] = []
    if name in LOCAL_IDS:
        values["server_id"] = values.pop("id")
    if name == "tombstones":
        applications = _SHARED["applications"]
        alive = exists().where(applications.c.id == table.c.entity_id)
        faults.append(
            (
                and_(table.c.entity == "application", alive),
                literal("its application is still on the server", String),
            )
        )
    for key, label, required in _NAMED_BY.get(name, ()):
        reviewer = _SHARED["reviewers"].alias(f"named_{key}")
        source = source.outerjoin(reviewer, reviewer.c.id == table.c[key])
        values[label] = reviewer.c.name
        if required:
            faults.append(
                (
                    reviewer.c.name.is_(None),
                    _text(f"its reviewer {key}=", table.c[key], " is missing"),
                )
            )
    if name == "applications":
        duplicate = table.alias("duplicate")
        position = _SHARED["positions"].alias("position")
        source = source.outerjoin(duplicate, duplicate.c.id == table.c.duplicate_of)
        source = source.outerjoin(position, position.c.id == table.c.position_id)
        values["duplicate_revision"] = _ranged(duplicate.c.revision)
        values["position_revision"] = _ranged(position.c.revision)
        # Links to rows a pull never brings are cut, the application kept.
        values["duplicate_of"] = case((in_range(duplicate.c.revision), table.c.duplicate_of))
        values["position_id"] = case((in_range(position.c.revision), table.c.position_id))
        sound = _answers_sound(table.c.answers, dialect)
        values["answers"] = case((sound, values["answers"]), else_=literal("[]", Text))
        faults += [
            (not_(sound), literal("answers are not a JSON list: stored as none", String)),
            (
                and_(table.c.position_id.is_not(None), values["position_id"].is_(None)),
                _text("its position ", table.c.position_id, " is missing: link cut"),
            ),
            (
                and_(table.c.duplicate_of.is_not(None), values["duplicate_of"].is_(None)),
                _text("its duplicate ", table.c.duplicate_of, " is missing: link cut"),
            ),
        ]
    elif name in ATTACHED:
        application = _SHARED["applications"].alias("application")
        source = source.outerjoin(application, application.c.id == table.c.application_id)
        values["application_revision"] = _ranged(application.c.revision)
        faults.append(
            (
                values["application_revision"].is_(None),
                _text("its application ", table.c.application_id, " is missing"),
            )
        )
    faults += _enum_faults(name)
    if "fault" in SHAPES[name].extra:
        values["fault"] = case(*faults, else_=None) if faults else literal(None, String)
    return source, values


@cache
def rows_select(name: str, dialect: str) -> Select[Any]:
    """Selects a table's rows in :data:`SHAPES` order (no WHERE clause).

    Takes the parameter ``ceiling``: the counter (see :func:`read_ceiling`).
    """
    source, values = _parts(name, dialect)
    shape = SHAPES[name]
    labelled = [values[column].label(column) for column in (*shape.stored, *shape.extra)]
    return select(*labelled).select_from(source)


def is_skipped(name: str, row: Row) -> bool:
    """Whether a pull leaves the row out (an application is repaired instead)."""
    shape = SHAPES[name]
    return name != "applications" and "fault" in shape.extra and row[-1] is not None


def describe(name: str, row: Row) -> str | None:
    """What is wrong with a pulled row and what the pull did, or None for a sound row."""
    shape = SHAPES[name]
    if "fault" not in shape.extra or row[-1] is None:
        return None
    key = "server_id" if name in LOCAL_IDS else KEYS[name]
    done = "repaired" if name == "applications" else "skipped"
    return f"{name} {row[shape.at(key)]}: {row[-1]}; {done}"


def valid_count_query(name: str, column: str | None, excluded: Sequence[str], dialect: str) -> Any:
    """Counts the rows of a table that a pull applies, leaving out the given applications."""
    table = _SHARED[name]
    source: Any = table
    query = select(func.count())
    if name in ATTACHED:
        source, values = _parts(name, dialect)
        query = query.where(values["fault"].is_(None))
    query = query.select_from(source).where(in_range(table.c.revision))
    if column is not None and excluded:
        query = query.where(table.c[column].not_in(excluded))
    return query


_EXAMPLES = 5


def _outside(revision: ColumnElement[Any]) -> ColumnElement[bool]:
    # Not "NOT in_range": two ranges of the revision index, not a scan of the table.
    return or_(revision < 1, revision > _ceiling())


def out_of_range(connection: Connection, ceiling: int) -> list[str]:
    """Reports rows whose revision a pull never asks for (outside 1..ceiling)."""
    counts = select(
        *(
            select(func.count())
            .select_from(_SHARED[name])
            .where(_outside(_SHARED[name].c.revision))
            .scalar_subquery()
            .label(name)
            for name in MIRRORED
        )
    )
    found = connection.execute(counts, {"ceiling": ceiling}).one()._mapping
    reports = []
    for name in MIRRORED:
        if not found[name]:
            continue
        table = _SHARED[name]
        key = table.c[KEYS[name]]
        examples = connection.execute(
            select(key, table.c.revision)
            .where(_outside(table.c.revision))
            .order_by(key)
            .limit(_EXAMPLES),
            {"ceiling": ceiling},
        ).all()
        reports += [
            f"{name} {value}: revision {revision} is outside 1..{ceiling} "
            "(the server's counter); not pulled"
            for value, revision in examples
        ]
        if found[name] > len(examples):
            reports.append(f"{name}: {found[name] - len(examples)} more rows like these")
    return reports
