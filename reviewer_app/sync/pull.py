"""Pull: copy every shared row changed since the cache's last revision, page by page.

A page is read from the server in one snapshot (:mod:`~reviewer_app.sync.page`, which
explains why no row is ever missed) and applied here in one local transaction that also
moves the cursor, so an interrupted pull resumes after the last page it applied.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CacheBase,
    Conflict,
    OutboxOperation,
)
from reviewer_app.cache.name_keys import NAME_KEY, with_name_keys
from reviewer_app.domain.changes import Changes
from reviewer_app.review.operations import (
    ASSIGN,
    ASSIGN_POSITION,
    NOTE_KINDS,
    RECORD_CONTACT,
    SET_CHECK,
    SET_DECISION,
    SET_INTERVIEW,
)
from reviewer_app.sync import journal
from reviewer_app.sync.history import witness_of
from reviewer_app.sync.page import (
    ATTACHED,
    COUNTED,
    MIRRORED,
    SHAPES,
    Page,
    Row,
    ServerCounts,
    count_query,
    excluded_key,
    read_page,
)
from reviewer_app.sync.rows import KEYS, LOCAL_IDS, is_skipped

__all__ = [
    "COUNTED",
    "MIRRORED",
    "Page",
    "ServerCounts",
    "apply_page",
    "cache_counts",
    "excluded_key",
    "page_changes",
    "pending_applications",
    "read_page",
]

_CACHE = CacheBase.metadata.tables


def cache_counts(session: Session, excluded_applications: Sequence[str]) -> dict[str, int]:
    """Counts the cache's rows of :data:`COUNTED`, leaving out the given applications."""
    query = select(
        *(
            count_query(_CACHE[name], column, excluded_applications).scalar_subquery().label(name)
            for name, column in COUNTED.items()
        )
    )
    return {name: int(value) for name, value in session.execute(query).one()._mapping.items()}


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
    assignments: set[tuple[str, str]] = field(default_factory=set)
    contacts: set[str] = field(default_factory=set)
    interviews: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, session: Session) -> _Pending:
        pending = cls()
        query = select(
            OutboxOperation.kind, OutboxOperation.application_id, OutboxOperation.payload
        )
        for kind, application_id, payload in session.execute(query):
            if kind == SET_CHECK:
                pending.checks.add((application_id, payload["check_key"]))
            elif kind in NOTE_KINDS:
                pending.notes.add(payload["note_id"])
            elif kind == SET_DECISION:
                pending.decisions.add(application_id)
            elif kind == ASSIGN_POSITION:
                pending.positions.add(application_id)
            elif kind == ASSIGN:
                pending.assignments.add((application_id, payload["reviewer"]))
            elif kind == RECORD_CONTACT:
                pending.contacts.add(payload["contact_id"])
            elif kind == SET_INTERVIEW:
                pending.interviews.add(application_id)
        return pending


# Columns the cache computes from a pulled row, written after its stored values.
_KEYED = {"applications": (NAME_KEY,)}


@cache
def _upsert_sql(name: str, keys: tuple[str, ...], keep: tuple[str, ...] | None) -> str:
    """INSERT of a page's rows; on a key conflict, update all but ``keep`` (None: skip)."""
    columns = (*SHAPES[name].stored, *_KEYED.get(name, ()))
    listed = ", ".join(f'"{column}"' for column in columns)
    placeholders = ", ".join("?" for _ in columns)
    conflict = ", ".join(f'"{key}"' for key in keys)
    if keep is None:
        action = "NOTHING"
    else:
        frozen = set(keys) | set(keep)
        action = "UPDATE SET " + ", ".join(
            f'"{column}" = excluded."{column}"' for column in columns if column not in frozen
        )
    return (
        f'INSERT INTO "{name}" ({listed}) VALUES ({placeholders}) '
        f"ON CONFLICT ({conflict}) DO {action}"
    )


def _upsert(
    session: Session,
    name: str,
    rows: list[Row],
    keys: tuple[str, ...],
    *,
    keep_existing: bool = False,
    keep_columns: tuple[str, ...] = (),
    name_keys: Mapping[str, str] | None = None,
) -> None:
    if not rows:
        return
    shape = SHAPES[name]
    stored = len(shape.stored)
    if name in _KEYED:
        values = with_name_keys(rows, shape.at("name"), stored, name_keys, shape.at("id"))
    else:
        values = [row[:stored] for row in rows] if shape.extra else rows
    sql = _upsert_sql(name, keys, None if keep_existing else keep_columns)
    # The values are already in the cache's storage form: no type processing per value.
    session.connection().exec_driver_sql(sql, values)


def _split(
    rows: list[Row], pending: Collection[object], held: Callable[[Row], bool]
) -> tuple[list[Row], list[Row]]:
    """The rows no pending change holds, and those it does (``held``)."""
    if not pending:  # as in a first sync: no test per row (200,000 calls at 100,000)
        return rows, []
    free: list[Row] = []
    kept: list[Row] = []
    for row in rows:
        (kept if held(row) else free).append(row)
    return free, kept


def _delete_application(session: Session, application_id: str) -> bool:
    for name in ATTACHED:
        session.execute(delete(_CACHE[name]).where(_CACHE[name].c.application_id == application_id))
    # Pending changes to an erased application can never be applied; conflicts about it
    # would keep its data (reasons) on the laptop.
    session.execute(delete(OutboxOperation).where(OutboxOperation.application_id == application_id))
    session.execute(delete(Conflict).where(Conflict.application_id == application_id))
    # Nor may a restored backup bring it back through this laptop's journal.
    journal.forget_application(session, application_id)
    applications = _CACHE["applications"]
    session.execute(
        update(applications)
        .where(applications.c.duplicate_of == application_id)
        .values(duplicate_of=None)
    )
    result = session.execute(delete(applications).where(applications.c.id == application_id))
    return bool(getattr(result, "rowcount", 0))


# What a page's rows of each table change in what the window shows.
_TABLE_CHANGES: dict[str, dict[str, bool]] = {
    "applications": {"applicants": True, "membership": True, "counts": True},
    "requirement_checks": {"checks": True, "counts": True},
    "notes": {"notes": True},
    "decisions": {"decision": True, "membership": True, "counts": True},
    "decision_history": {"decision": True},
    "assignments": {"assignments": True, "membership": True, "counts": True},
    "contacts": {"contacts": True},
    "interviews": {"interview": True},
}


def page_changes(page: Page) -> Changes:
    """What applying ``page`` changes, for the window to refresh only that."""
    changes = Changes()
    tombstones = page.rows.get("tombstones", [])
    entity, entity_id = SHAPES["tombstones"].at("entity"), SHAPES["tombstones"].at("entity_id")
    erased = [row[entity_id] for row in tombstones if row[entity] == "application"]
    if erased:
        changes |= Changes.of(erased, applicants=True, membership=True, counts=True)
    if page.rows.get("positions") or page.ahead.get("positions"):
        # New checks may make applications need a review again.
        changes |= Changes(positions=True, checks=True, counts=True)
    if page.rows.get("reviewers"):
        changes |= Changes(checks=True, notes=True, decision=True)
    for name, flags in _TABLE_CHANGES.items():
        rows = page.rows.get(name, []) + page.ahead.get(name, [])
        if rows:
            at = SHAPES[name].at("id" if name == "applications" else "application_id")
            changes |= Changes.of((row[at] for row in rows), **flags)
    return changes


def apply_page(session: Session, page: Page, reviewer_name: str) -> tuple[int, int]:
    """Applies a page to the cache and moves its cursor, in the caller's transaction.

    Rows that a pending local change holds are not overwritten: that change is pushed
    at the next sync, and the server's answer comes back then. Rows the server found
    faulty (see :mod:`~reviewer_app.sync.rows`) are skipped, as are children whose
    application the cache does not have; both are added to ``page.anomalies``.

    Returns:
        How many rows were pulled (tombstones excepted) and applications deleted.
    """
    pending = _Pending.read(session)
    deleted = 0
    tombstones = page.rows.get("tombstones", [])
    entity, entity_id = SHAPES["tombstones"].at("entity"), SHAPES["tombstones"].at("entity_id")
    for tombstone in tombstones:
        if tombstone[entity] == "application" and not is_skipped("tombstones", tombstone):
            deleted += _delete_application(session, tombstone[entity_id])
    pulled = len(page) - len(tombstones)

    _upsert(session, "reviewers", page.rows.get("reviewers", []), ("id",))
    positions = page.rows.get("positions", []) + page.ahead.get("positions", [])
    _upsert(session, "positions", positions, ("id",))

    applications = page.rows.get("applications", []) + page.ahead.get("applications", [])
    at = SHAPES["applications"].at("id")
    free, held = _split(applications, pending.positions, lambda row: row[at] in pending.positions)
    keys = page.name_keys
    _upsert(session, "applications", free, ("id",), name_keys=keys)
    kept = ("position_id", "revision")
    _upsert(session, "applications", held, ("id",), keep_columns=kept, name_keys=keys)

    children = _applicable_children(session, page)
    shape = SHAPES["requirement_checks"]
    app, key, name = (shape.at(c) for c in ("application_id", "check_key", "reviewer_name"))
    free, held = _split(
        children["requirement_checks"],
        pending.checks,
        lambda row: row[name] == reviewer_name and (row[app], row[key]) in pending.checks,
    )
    natural_key = ("application_id", "check_key", "reviewer_name")
    _upsert(session, "requirement_checks", free, natural_key)
    _upsert(session, "requirement_checks", held, natural_key, keep_existing=True)

    at = SHAPES["notes"].at("id")
    free, held = _split(children["notes"], pending.notes, lambda row: row[at] in pending.notes)
    _upsert(session, "notes", free, ("id",))
    _upsert(session, "notes", held, ("id",), keep_existing=True)

    at = SHAPES["decisions"].at("application_id")
    free, held = _split(
        children["decisions"], pending.decisions, lambda row: row[at] in pending.decisions
    )
    _upsert(session, "decisions", free, ("application_id",))
    _upsert(session, "decisions", held, ("application_id",), keep_existing=True)

    _upsert(session, "decision_history", children["decision_history"], ("id",))
    _apply_coordination(session, children, pending)

    if page.upper is not None:
        state = _CACHE["sync_state"]
        witness_table, witness_key, witness_application = _witness(page, page.upper)
        session.execute(
            update(state)
            .where(state.c.id == SYNC_STATE_ID)
            .values(
                last_revision=page.upper,
                witness_table=witness_table,
                witness_key=witness_key,
                witness_application=witness_application,
            )
        )
    return pulled, deleted


def _apply_coordination(
    session: Session, children: dict[str, list[Row]], pending: _Pending
) -> None:
    """Applies a page's assignments, contacts and interviews, keeping pending local ones."""
    shape = SHAPES["assignments"]
    app, name = shape.at("application_id"), shape.at("reviewer_name")
    free, held = _split(
        children["assignments"],
        pending.assignments,
        lambda row: (row[app], row[name]) in pending.assignments,
    )
    natural_key = ("application_id", "reviewer_name")
    _upsert(session, "assignments", free, natural_key)
    _upsert(session, "assignments", held, natural_key, keep_existing=True)
    at = SHAPES["contacts"].at("id")
    free, held = _split(
        children["contacts"], pending.contacts, lambda row: row[at] in pending.contacts
    )
    _upsert(session, "contacts", free, ("id",))
    _upsert(session, "contacts", held, ("id",), keep_existing=True)
    at = SHAPES["interviews"].at("application_id")
    free, held = _split(
        children["interviews"], pending.interviews, lambda row: row[at] in pending.interviews
    )
    _upsert(session, "interviews", free, ("application_id",))
    _upsert(session, "interviews", held, ("application_id",), keep_existing=True)


def _applicable_children(session: Session, page: Page) -> dict[str, list[Row]]:
    """The page's checks, notes and decisions that can be applied, per table.

    Leaves out those the server found faulty (see :mod:`~reviewer_app.sync.rows`) and
    those whose application is in neither the page nor the cache (a cache changed behind
    the app's back): their commit would break a foreign key and fail every sync. Those
    are added to the page's anomalies; the count check then rebuilds the cache.
    """
    sound = {
        name: [row for row in page.rows.get(name, []) if not is_skipped(name, row)]
        for name in ATTACHED
    }
    at = SHAPES["applications"].at("id")
    in_page = {row[at] for row in page.rows.get("applications", [])}
    in_page |= {row[at] for row in page.ahead.get("applications", [])}
    wanted = {row[SHAPES[name].at("application_id")] for name in ATTACHED for row in sound[name]}
    wanted -= in_page
    if not wanted:
        return sound
    # One statement for the whole page, whatever its size.
    missing = set(
        session.connection()
        .exec_driver_sql(
            "SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM applications)",
            (json.dumps(sorted(wanted)),),
        )
        .scalars()
    )
    if not missing:
        return sound
    for name in ATTACHED:
        shape = SHAPES[name]
        application = shape.at("application_id")
        key = shape.at("server_id" if name in LOCAL_IDS else KEYS[name])
        kept = []
        for row in sound[name]:
            if row[application] in missing:
                page.anomalies.append(
                    f"{name} {row[key]}: its application {row[application]} is not in "
                    "the cache; skipped"
                )
            else:
                kept.append(row)
        sound[name] = kept
    return sound


def _witness(page: Page, revision: int) -> tuple[str | None, str | None, str | None]:
    """The page's row at ``revision`` (see :mod:`reviewer_app.sync.history`)."""
    for name, rows in page.rows.items():
        shape = SHAPES[name]
        at = shape.at("revision")
        for row in rows:
            if row[at] == revision:
                return witness_of(name, dict(zip((*shape.stored, *shape.extra), row, strict=True)))
    return None, None, None
