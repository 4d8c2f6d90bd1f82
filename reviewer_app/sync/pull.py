"""Pull: copy every shared row changed since the cache's last revision, page by page.

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
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CacheBase,
    Conflict,
    OutboxOperation,
    SyncStateRow,
)
from reviewer_app.review import ASSIGN_POSITION, SAVE_NOTE, SET_CHECK, SET_DECISION
from reviewer_app.shared import models

_SHARED = models.Base.metadata.tables
_CACHE = CacheBase.metadata.tables
_REVIEWERS = _SHARED["reviewers"]

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
# Applications attached rows are deleted with, by table.
_ATTACHED = ("requirement_checks", "notes", "decisions", "decision_history")


@dataclass
class Page:
    """Rows of one pull page, grouped by table.

    Attributes:
        rows: Rows per table name, as plain dicts.
        upper: The highest revision in the page (None for an empty page).
        complete: Whether the page holds every row above the cursor (the last page).
        remaining: Rows above the cursor when the page was read (only if asked for).
        server_counts: Row counts of :data:`COUNTED` in the page's snapshot, only for a
            complete page.
        ahead: Applications and positions that rows of the page point to, read from the
            same snapshot although their revision is above the page's (they come again
            with a later page). Without them a page could hold a check whose application
            changed after the check was made, and its commit would break a foreign key.
    """

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    ahead: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    upper: int | None = None
    complete: bool = False
    remaining: int | None = None
    server_counts: dict[str, int] | None = None

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def _page_query(name: str, cursor: int, limit: int) -> Any:
    table = _SHARED[name]
    # Names travel with checks, notes and decisions: the cache keys its own rows by
    # reviewer name, and the reviewer row itself may come in a later page.
    if name == "requirement_checks":
        query = select(table, _REVIEWERS.c.name.label("reviewer_name")).join(
            _REVIEWERS, _REVIEWERS.c.id == table.c.reviewer_id
        )
    elif name == "notes":
        query = select(table, _REVIEWERS.c.name.label("author_name")).join(
            _REVIEWERS, _REVIEWERS.c.id == table.c.author_id
        )
    elif name == "decisions":
        query = select(table, _REVIEWERS.c.name.label("decided_by_name")).outerjoin(
            _REVIEWERS, _REVIEWERS.c.id == table.c.decided_by
        )
    else:
        query = select(table)
    return query.where(table.c.revision > cursor).order_by(table.c.revision).limit(limit)


def read_page(
    connection: Connection,
    cursor: int,
    page_size: int,
    *,
    count_remaining: bool,
    excluded_applications: Sequence[str],
) -> Page:
    """Reads the ``page_size`` rows with the smallest revisions above ``cursor``.

    Args:
        connection: A connection inside one snapshot transaction.
        cursor: The cache's last revision.
        page_size: How many rows at most.
        count_remaining: Also count every row above the cursor (for progress).
        excluded_applications: Applications left out of the sanity counts (those with
            pending local changes).
    """
    found: list[tuple[int, str, dict[str, Any]]] = []
    for name in MIRRORED:
        for mapping in connection.execute(_page_query(name, cursor, page_size)).mappings():
            found.append((int(mapping["revision"]), name, dict(mapping)))
    # Each table gave its page_size smallest, so the page_size smallest overall are
    # among them, and none below the largest kept revision is missing.
    found.sort(key=lambda item: item[0])
    kept = found[:page_size]
    page = Page(complete=len(found) < page_size)
    for _revision, name, row in kept:
        page.rows.setdefault(name, []).append(row)
    if kept:
        page.upper = kept[-1][0]
        if not page.complete:
            page.ahead = _rows_ahead(connection, page.rows, page.upper)
    if count_remaining:
        page.remaining = sum(
            int(
                connection.execute(
                    select(func.count()).where(_SHARED[name].c.revision > cursor)
                ).scalar_one()
            )
            for name in MIRRORED
        )
    if page.complete:
        page.server_counts = {
            name: int(
                connection.execute(
                    _count_query(_SHARED[name], column, excluded_applications)
                ).scalar_one()
            )
            for name, column in COUNTED.items()
        }
    return page


def _count_query(table: Table, column: str | None, excluded_applications: Sequence[str]) -> Any:
    query = select(func.count()).select_from(table)
    if column is not None:
        query = query.where(table.c[column].not_in(excluded_applications))
    return query


_PARENT_CHUNK = 1000


def _newer_than(
    connection: Connection, name: str, ids: set[Any], upper: int
) -> list[dict[str, Any]]:
    table = _SHARED[name]
    ordered = sorted(ids)
    found: list[dict[str, Any]] = []
    for start in range(0, len(ordered), _PARENT_CHUNK):
        chunk = ordered[start : start + _PARENT_CHUNK]
        query = select(table).where(table.c.id.in_(chunk), table.c.revision > upper)
        found.extend(dict(row) for row in connection.execute(query).mappings())
    return found


def _rows_ahead(
    connection: Connection, rows: dict[str, list[dict[str, Any]]], upper: int
) -> dict[str, list[dict[str, Any]]]:
    """Reads the parents of the page's rows that changed after ``upper`` (see Page.ahead).

    A parent at or below ``upper`` is in this page or an earlier one; in one snapshot
    every reference resolves, since erasure removes or unlinks whatever points at the
    erased application.
    """
    applications = list(rows.get("applications", []))
    have = {row["id"] for row in applications}
    wanted = {row["application_id"] for name in _ATTACHED for row in rows.get(name, [])}
    ahead_applications: list[dict[str, Any]] = []
    new_rows = applications
    while True:
        wanted |= {row["duplicate_of"] for row in new_rows if row["duplicate_of"] is not None}
        wanted -= have
        if not wanted:
            break
        new_rows = _newer_than(connection, "applications", wanted, upper)
        ahead_applications.extend(new_rows)
        have |= wanted
        wanted = set()
    positions = {row["id"] for row in rows.get("positions", [])}
    wanted_positions = {
        row["position_id"]
        for row in applications + ahead_applications
        if row["position_id"] is not None
    } - positions
    ahead: dict[str, list[dict[str, Any]]] = {}
    if wanted_positions:
        ahead_positions = _newer_than(connection, "positions", wanted_positions, upper)
        if ahead_positions:
            ahead["positions"] = ahead_positions
    if ahead_applications:
        ahead["applications"] = ahead_applications
    return ahead


def cache_counts(session: Session, excluded_applications: Sequence[str]) -> dict[str, int]:
    """Counts the cache's rows of :data:`COUNTED`, leaving out the given applications."""
    return {
        name: int(
            session.execute(_count_query(_CACHE[name], column, excluded_applications)).scalar_one()
        )
        for name, column in COUNTED.items()
    }


def pending_applications(session: Session) -> list[str]:
    """Returns the applications that have local changes waiting in the outbox."""
    return sorted(session.scalars(select(OutboxOperation.application_id).distinct()))


@dataclass
class _Pending:
    """Rows that local, unpushed changes hold: a pulled row must not overwrite them."""

    checks: set[tuple[str, str]] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)
    decisions: set[str] = field(default_factory=set)
    positions: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, session: Session) -> _Pending:
        pending = cls()
        query = select(
            OutboxOperation.kind, OutboxOperation.application_id, OutboxOperation.payload
        )
        for kind, application_id, payload in session.execute(query):
            if kind == SET_CHECK:
                pending.checks.add((application_id, payload["check_key"]))
            elif kind == SAVE_NOTE:
                pending.notes.add(payload["note_id"])
            elif kind == SET_DECISION:
                pending.decisions.add(application_id)
            elif kind == ASSIGN_POSITION:
                pending.positions.add(application_id)
        return pending


def _upsert(
    session: Session,
    table: Table,
    rows: list[dict[str, Any]],
    keys: Iterable[str],
    *,
    keep_existing: bool = False,
    keep_columns: Iterable[str] = (),
) -> None:
    if not rows:
        return
    keys = list(keys)
    statement = sqlite_insert(table)
    if keep_existing:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    else:
        frozen = set(keys) | set(keep_columns)
        statement = statement.on_conflict_do_update(
            index_elements=keys,
            set_={column: statement.excluded[column] for column in rows[0] if column not in frozen},
        )
    session.execute(statement, rows)


def _split(
    rows: list[dict[str, Any]], held: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    free = [row for row in rows if not held(row)]
    kept = [row for row in rows if held(row)]
    return free, kept


def _delete_application(session: Session, application_id: str) -> bool:
    for name in _ATTACHED:
        session.execute(delete(_CACHE[name]).where(_CACHE[name].c.application_id == application_id))
    # Pending changes to an erased application can never be applied; conflicts about it
    # would keep its data (reasons) on the laptop.
    session.execute(delete(OutboxOperation).where(OutboxOperation.application_id == application_id))
    session.execute(delete(Conflict).where(Conflict.application_id == application_id))
    applications = _CACHE["applications"]
    session.execute(
        update(applications)
        .where(applications.c.duplicate_of == application_id)
        .values(duplicate_of=None)
    )
    result = session.execute(delete(applications).where(applications.c.id == application_id))
    return bool(getattr(result, "rowcount", 0))


def apply_page(session: Session, page: Page, reviewer_name: str) -> tuple[int, int]:
    """Applies a page to the cache and moves its cursor, in the caller's transaction.

    Rows that a pending local change holds are not overwritten: that change is pushed
    at the next sync, and the server's answer comes back then.

    Returns:
        How many rows were pulled (tombstones excepted) and applications deleted.
    """
    pending = _Pending.read(session)
    deleted = 0
    for tombstone in page.rows.get("tombstones", []):
        if tombstone["entity"] == "application":
            deleted += _delete_application(session, tombstone["entity_id"])
    pulled = len(page) - len(page.rows.get("tombstones", []))

    _upsert(session, _CACHE["reviewers"], page.rows.get("reviewers", []), ["id"])
    positions = page.rows.get("positions", []) + page.ahead.get("positions", [])
    _upsert(session, _CACHE["positions"], positions, ["id"])

    applications = page.rows.get("applications", []) + page.ahead.get("applications", [])
    free, held = _split(applications, lambda row: row["id"] in pending.positions)
    _upsert(session, _CACHE["applications"], free, ["id"])
    _upsert(
        session,
        _CACHE["applications"],
        held,
        ["id"],
        keep_columns=("position_id", "revision"),
    )

    checks = [
        {**{k: v for k, v in row.items() if k != "id"}, "server_id": row["id"]}
        for row in page.rows.get("requirement_checks", [])
    ]
    free, held = _split(
        checks,
        lambda row: (
            row["reviewer_name"] == reviewer_name
            and (row["application_id"], row["check_key"]) in pending.checks
        ),
    )
    natural_key = ["application_id", "check_key", "reviewer_name"]
    _upsert(session, _CACHE["requirement_checks"], free, natural_key)
    _upsert(session, _CACHE["requirement_checks"], held, natural_key, keep_existing=True)

    free, held = _split(page.rows.get("notes", []), lambda row: row["id"] in pending.notes)
    _upsert(session, _CACHE["notes"], free, ["id"])
    _upsert(session, _CACHE["notes"], held, ["id"], keep_existing=True)

    free, held = _split(
        page.rows.get("decisions", []), lambda row: row["application_id"] in pending.decisions
    )
    _upsert(session, _CACHE["decisions"], free, ["application_id"])
    _upsert(session, _CACHE["decisions"], held, ["application_id"], keep_existing=True)

    _upsert(session, _CACHE["decision_history"], page.rows.get("decision_history", []), ["id"])

    if page.upper is not None:
        state = session.get_one(SyncStateRow, SYNC_STATE_ID)
        state.last_revision = page.upper
    return pulled, deleted
