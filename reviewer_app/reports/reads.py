"""The report's reads of the local cache: one pass per table, streamed.

Each function takes the connection of one read transaction, so that every figure of a
report sees the same cache, and gives the rows of a whole table as the cursor's
iterator: SQLite steps to the next row only when it is asked for, and
:mod:`reviewer_app.reports.tally` keeps only their columns, so a report never holds a
table's rows (at 100,000 applications, that held about 100 MB at once).

Times come back as Julian days (SQLite's ``julianday`` of the cache's naive UTC text),
so no datetime is built per row, and the passes read whole tables: which applications a
report covers is decided in Python, by one dictionary lookup per row (made in C,
:mod:`reviewer_app.reports.tally`). Measured at 100,000 applications
(``bench/bench_reports.py``), that is faster than joining the applications in SQL to
each table, or than one correlated subquery per application; and SQLite groups only the
checks (a reviewer's verdicts on an application), whose rows are three times the
applications, in the order of the covering index ``ix_checks_mine`` (cache v9: no sort
and no table row read): grouping the notes, the decisions or the history in SQL costs
more than reading their rows.

Erased applications are deleted from the cache with everything attached to them
(:mod:`reviewer_app.sync.pull`), so no read here can count them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

_STORED = "%Y-%m-%d %H:%M:%S.%f"

VERDICT_SEPARATOR = "\x1e"
"""Between two keys, or two results, of a :data:`CheckGroup`."""


def stored_time(moment: datetime) -> str:
    """The cache's text of ``moment`` (naive UTC, as the cache stores times)."""
    return moment.astimezone(UTC).strftime(_STORED)


def parse_stored(value: str) -> datetime:
    """A time as the cache stores it, made aware (UTC)."""
    # fromisoformat reads the stored form ten times faster than strptime(_STORED).
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


@dataclass(frozen=True)
class CachedVersion:
    """One cached position version, as the report needs it."""

    id: int
    slug: str
    version: int
    title: str
    source: str


def position_versions(connection: Connection) -> list[CachedVersion]:
    """Every cached position version, oldest first within a slug."""
    rows = connection.exec_driver_sql(
        "SELECT id, slug, version, title, source FROM positions ORDER BY slug, version"
    )
    return [CachedVersion(*row) for row in rows]


def last_sync_at(connection: Connection) -> datetime | None:
    """When the cache last synced successfully (None: never)."""
    value = connection.exec_driver_sql("SELECT last_sync_at FROM sync_state").scalar()
    return None if value is None else parse_stored(value)


def _stream(connection: Connection, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
    """The rows as the driver's tuples, read as they are asked for: SQLAlchemy's row
    objects would double the time of a 100,000-row read. On the session's own
    connection, so in its transaction; read them before the session ends."""
    driver = connection.connection.driver_connection
    assert driver is not None, "the cache's connection is open"
    return iter(driver.execute(sql, tuple(params)))


def _fetch(connection: Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """All rows of a small read, as :func:`_stream` gives them."""
    return list(_stream(connection, sql, params))


ApplicationRow = tuple[str, int | None, float | None]
"""(id, position version, submitted as a Julian day or None)."""


def applications(connection: Connection) -> Iterator[ApplicationRow]:
    """Every cached application (its decision is read apart: a join costs more)."""
    return _stream(connection, "SELECT id, position_id, julianday(submitted_at) FROM applications")


DecisionRow = tuple[str, str, float | None]
"""(application, stage, decided as a Julian day) of an application's current decision."""


def decisions(connection: Connection) -> Iterator[DecisionRow]:
    """Each decided application's current stage and when it was decided."""
    return _stream(connection, "SELECT application_id, stage, julianday(decided_at) FROM decisions")


CheckGroup = tuple[str, str, float, int, int, str, str]
"""One reviewer's checks with a result on one application (a cleared one is none):
(application, reviewer, when the earliest was last changed as a Julian day, how many,
how many were last changed in the range, the keys, the results). The keys and the
results are joined by :data:`VERDICT_SEPARATOR`, in the same order: two texts cost
SQLite a third less than one text of "key, result" pairs. Tuples, not objects: there
is one per reviewer and application."""


def _in_range(column: str, since: str | None, until: str | None) -> tuple[str, list[Any]]:
    conditions, params = [], []
    if since is not None:
        conditions.append(f"{column} >= ?")
        params.append(since)
    if until is not None:
        conditions.append(f"{column} < ?")
        params.append(until)
    if not conditions:
        return "count(*)", []
    return f"sum({' AND '.join(conditions)})", params


def check_groups(
    connection: Connection, since: str | None, until: str | None
) -> Iterator[CheckGroup]:
    """Every reviewer's checks on every application, grouped (one pass of the index).

    Args:
        since: Work recorded at or after this stored time counts as in range (None: all).
        until: Work recorded before this stored time counts as in range (None: all).
    """
    in_range, params = _in_range("updated_at", since, until)
    return _stream(
        connection,
        f"SELECT application_id, reviewer_name, julianday(min(updated_at)), count(*), "
        f"{in_range}, group_concat(check_key, char(30)), group_concat(result, char(30)) "
        "FROM requirement_checks WHERE result IS NOT NULL "
        "GROUP BY application_id, reviewer_name",
        params,
    )


NoteRow = tuple[str, str, float]
"""(application, author, written as a Julian day) of a note not deleted."""


def notes(connection: Connection) -> Iterator[NoteRow]:
    """Every note not deleted, one row each (grouping them in SQL costs more)."""
    return _stream(
        connection,
        "SELECT application_id, author_name, julianday(created_at) FROM notes "
        "WHERE deleted_at IS NULL",
    )


HistoryRow = tuple[str, str, float]
"""(application, stage, decided as a Julian day): one decision as the server recorded it."""


def decision_history(connection: Connection) -> Iterator[HistoryRow]:
    """Every recorded decision, one row each."""
    return _stream(
        connection, "SELECT application_id, stage, julianday(decided_at) FROM decision_history"
    )


def named_applications(
    connection: Connection, ids: Sequence[str]
) -> dict[str, tuple[str, datetime | None]]:
    """The name and submission time of each of ``ids`` (missing ones left out)."""
    rows = _fetch(
        connection,
        "SELECT a.id, a.name, a.submitted_at FROM json_each(?) AS j "
        "JOIN applications AS a ON a.id = j.value",
        (json.dumps(list(ids)),),
    )
    return {
        app_id: (name or "", None if at is None else parse_stored(at)) for app_id, name, at in rows
    }


__all__ = [
    "VERDICT_SEPARATOR",
    "ApplicationRow",
    "CachedVersion",
    "CheckGroup",
    "DecisionRow",
    "HistoryRow",
    "NoteRow",
    "applications",
    "check_groups",
    "decision_history",
    "decisions",
    "last_sync_at",
    "named_applications",
    "notes",
    "parse_stored",
    "position_versions",
    "stored_time",
]
