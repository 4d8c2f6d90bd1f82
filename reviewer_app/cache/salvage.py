"""Salvage: copy what only this laptop has out of a damaged cache into a fresh one.

Most of a cache is a copy of the shared database and comes back with the next sync.
What does not: the outbox (changes not yet pushed), the journal of pushed changes (see
``reviewer_app.sync.journal``), unresolved conflicts, any table of drafts, and which
reviewer and shared database the cache belongs to. :func:`salvage_cache` reads those
from a copy of the damaged file, whatever SQLite can still read, row by row past a
damaged page, into a new cache; the damaged file (with its -wal and -shm) is renamed
aside, never deleted; the next sync downloads everything else. A file that passes
SQLite's quick check (the check the app runs when it opens the cache) is left as it is,
unless the salvage is forced.

The fresh cache is made completely in a work folder before anything is renamed, and
put in place last, so an interruption leaves either the damaged cache where it was or
the salvaged one in its place (the damaged file then set aside).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON

from reviewer_app.cache.errors import translate_os_error
from reviewer_app.cache.models import SYNC_STATE_ID, CacheBase
from reviewer_app.cache.store import CACHE_FILE, LocalCache
from reviewer_app.errors import UserError

SALVAGE_DIR = ".cache-salvage"
# Tables holding what the shared database does not have (and drafts, if a table of
# them exists: any table whose name says so). "revealed": which applicants' other
# reviews this reviewer chose to see before recording their own.
SALVAGED = ("outbox", "pushed_operations", "conflicts", "revealed")
# Keys probed one by one past a damaged page before giving up, when the end is unknown.
_MAX_BLIND_PROBES = 10_000
_SIDE_FILES = ("-wal", "-shm")


@dataclass(frozen=True)
class SalvageReport:
    """What a salvage did.

    Attributes:
        cache: The new cache (the cache left as it was, when it was sound).
        damaged: Where the damaged file was set aside; None when nothing was done.
        damage: What SQLite's integrity check said of it ("ok" when it found nothing).
        copied: Rows copied per table.
        unreadable: Per table, the ranges of row keys that could not be read.
        reviewer: Whose cache it is, if that could be read.
    """

    cache: Path
    damaged: Path | None
    damage: str
    copied: dict[str, int]
    unreadable: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    reviewer: str | None = None

    @property
    def salvaged(self) -> bool:
        """Whether a new cache took the place of the old one."""
        return self.damaged is not None

    def to_json(self) -> dict[str, Any]:
        """The report as JSON values."""
        return {
            "salvaged": self.salvaged,
            "cache": str(self.cache),
            "damaged": None if self.damaged is None else str(self.damaged),
            "damage": self.damage,
            "copied": self.copied,
            "unreadable": {
                name: [list(keys) for keys in ranges] for name, ranges in self.unreadable.items()
            },
            "reviewer": self.reviewer,
        }

    def lines(self) -> list[str]:
        """The report for a person."""
        if self.damaged is None:
            return [
                f"no damage found: the local cache {self.cache} passed SQLite's quick "
                "check; it was left as it is (nothing was changed).",
                "If the app still says it is damaged, run salvage again with --force to "
                "rebuild it anyway.",
            ]
        copied = ", ".join(f"{n} {name}" for name, n in self.copied.items())
        lines = [
            f"damage found: {self.damage}",
            f"copied into a new cache {self.cache}: {copied or 'nothing'}",
        ]
        for name, ranges in self.unreadable.items():
            keys = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)
            lines.append(f"could not read {name} rows with keys {keys}")
        lines.append(
            f"the damaged file is kept as {self.damaged} (it still holds applicants' data: "
            "delete it once a sync has run)"
        )
        lines.append("Sync now: it sends the salvaged changes and downloads everything else again.")
        return lines


def salvage_cache(data_dir: Path, *, force: bool = False) -> SalvageReport:
    """Moves a damaged cache aside and puts a fresh one with its local-only rows in place.

    Quit the app first: a window still open on the old file would go on writing to it.
    A cache that passes the quick check is left as it is (the report says so), unless
    ``force``: the quick check does not compare indexes with their tables, so damage it
    misses may still need the rebuild.

    Raises:
        UserError: There is no cache in ``data_dir``.
        CacheError: The folder cannot be written.
    """
    path = data_dir / CACHE_FILE
    if not path.exists():
        raise UserError(f"There is no local cache {path} to salvage; check --data-dir.")
    work = data_dir / SALVAGE_DIR
    try:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(mode=0o700)
        copy = work / "damaged.sqlite3"
        for suffix in ("", "-wal"):  # the -shm is only an index SQLite rebuilds
            source = path.with_name(path.name + suffix)
            if source.exists():
                shutil.copyfile(source, copy.with_name(copy.name + suffix))
    except OSError as exc:
        raise translate_os_error(exc, path) from exc
    with closing(sqlite3.connect(copy, isolation_level=None)) as damaged:
        damage = _integrity(damaged)
        leave_it = damage == "ok" and not force
        if not leave_it:
            try:
                tables = _tables(damaged)
            except sqlite3.DatabaseError as exc:
                shutil.rmtree(work, ignore_errors=True)
                raise UserError(
                    f"Nothing can be read from the local cache {path} ({exc}): the part "
                    "that lists its tables is damaged. It was left as it is; keep it (it "
                    "holds the changes not yet synced) and ask for help."
                ) from None
            read = _Reader(damaged)
            rows = {name: read.rows(name) for name in tables}
            owner = read.sync_state()
    if leave_it:
        shutil.rmtree(work, ignore_errors=True)
        return SalvageReport(cache=path, damaged=None, damage=damage, copied={})
    fresh_dir = work / "fresh"
    copied = _fill(fresh_dir, rows, owner)
    aside = _set_aside(path)
    try:
        (fresh_dir / CACHE_FILE).replace(path)
    except OSError as exc:
        raise translate_os_error(exc, path) from exc
    shutil.rmtree(work, ignore_errors=True)
    return SalvageReport(
        cache=path,
        damaged=aside,
        damage=damage,
        copied=copied,
        unreadable={name: ranges for name, (_rows, ranges) in rows.items() if ranges},
        reviewer=owner.get("reviewer_name"),
    )


def _integrity(connection: sqlite3.Connection) -> str:
    try:
        found = [str(row[0]) for row in connection.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "; ".join(found) or "ok"


def _tables(connection: sqlite3.Connection) -> list[str]:
    """The salvaged tables that the damaged file has and a fresh cache has too."""
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    wanted = [*SALVAGED, *(n for n in CacheBase.metadata.tables if "draft" in n.lower())]
    return [name for name in wanted if name in names and name in CacheBase.metadata.tables]


Rows = tuple[list[dict[str, Any]], list[tuple[int, int]]]


class _Reader:
    """Reads a damaged file's rows in key order, probing key by key past a bad page."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def _columns(self, table: str) -> list[str]:
        found = [row[1] for row in self._connection.execute(f'PRAGMA table_info("{table}")')]
        known = set(CacheBase.metadata.tables[table].columns.keys())
        return [name for name in found if name in known]

    def _upper(self, table: str) -> int | None:
        found: list[int] = []
        for sql, args in (
            (f'SELECT max(rowid) FROM "{table}"', ()),
            ("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)),
        ):
            try:
                value = self._connection.execute(sql, args).fetchone()
            except sqlite3.DatabaseError:
                continue
            if value is not None and value[0] is not None:
                found.append(int(value[0]))
        return max(found) if found else None

    def rows(self, table: str) -> Rows:
        """Every readable row of ``table``, and the key ranges that could not be read."""
        try:
            columns = self._columns(table)
        except sqlite3.DatabaseError:
            return [], []
        listed = ", ".join(f'"{name}"' for name in columns)
        upper = self._upper(table)
        rows: list[dict[str, Any]] = []
        bad: list[int] = []
        key: int | None = None  # None: from the first row
        blind = 0
        while key is None or upper is None or key <= upper:
            read = 0
            try:
                where = "" if key is None else "WHERE rowid >= ?"
                cursor = self._connection.execute(
                    f'SELECT rowid, {listed} FROM "{table}" {where} ORDER BY rowid',
                    () if key is None else (key,),
                )
                for row in cursor:
                    read += 1
                    key, blind = int(row[0]) + 1, 0
                    values = dict(zip(columns, row[1:], strict=True))
                    if _sound(table, values):
                        rows.append(values)
                    else:
                        bad.append(key - 1)
                break
            except sqlite3.DatabaseError:
                if read:
                    continue  # from just after the last row read: is the next one?
                if key is None:
                    key = 1  # the first page is damaged: keys of the cache start at 1
                    continue
                bad.append(key)
                key += 1
                blind = blind + 1 if upper is None else 0
                if blind > _MAX_BLIND_PROBES:
                    break
        return rows, _ranges(bad)

    def sync_state(self) -> dict[str, Any]:
        try:
            cursor = self._connection.execute(
                "SELECT * FROM sync_state WHERE id = ?", (SYNC_STATE_ID,)
            )
            row = cursor.fetchone()
        except sqlite3.DatabaseError:
            return {}
        if row is None:
            return {}
        # device_id too (absent from older files): the server tells this laptop's own
        # decisions from another device's by it.
        found = dict(zip((d[0] for d in cursor.description), row, strict=True))
        wanted = ("reviewer_name", "shared_instance", "device_id")
        return {name: found[name] for name in wanted if found.get(name) is not None}


def _sound(table: str, row: dict[str, Any]) -> bool:
    """Whether a row read from a damaged page still makes sense (its JSON parses)."""
    columns = CacheBase.metadata.tables[table].columns
    for name, value in row.items():
        if isinstance(columns[name].type, JSON) and value is not None:
            try:
                json.loads(value)
            except (TypeError, ValueError):
                return False
        elif not columns[name].nullable and value is None:
            return False
    return True


def _ranges(keys: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for key in sorted(set(keys)):
        if ranges and key == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], key)
        else:
            ranges.append((key, key))
    return ranges


def _fill(fresh_dir: Path, rows: dict[str, Rows], owner: dict[str, Any]) -> dict[str, int]:
    copied: dict[str, int] = {}
    with LocalCache.open(fresh_dir) as fresh, fresh.session() as session:
        connection = session.connection()
        for table, (found, _bad) in rows.items():
            if not found:
                copied[table] = 0
                continue
            columns = list(found[0])
            listed = ", ".join(f'"{name}"' for name in columns)
            marks = ", ".join("?" for _ in columns)
            connection.exec_driver_sql(
                f'INSERT OR IGNORE INTO "{table}" ({listed}) VALUES ({marks})',
                [tuple(row[name] for name in columns) for row in found],
            )
            copied[table] = len(found)
        # Whether the salvaged outbox was sent before is not known: undo must take it
        # as sent (see sync_state.sent_through).
        connection.exec_driver_sql(
            "UPDATE sync_state SET reviewer_name = ?, shared_instance = ?, "
            "device_id = coalesce(?, device_id), "
            "sent_through = (SELECT coalesce(max(seq), 0) FROM outbox) WHERE id = ?",
            (
                owner.get("reviewer_name"),
                owner.get("shared_instance"),
                owner.get("device_id"),
                SYNC_STATE_ID,
            ),
        )
    return copied


def _set_aside(path: Path) -> Path:
    """Renames the damaged file and its -wal and -shm; returns its new name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.stem}.damaged-{stamp}-{n}{path.suffix}")
    try:
        # The side files first: SQLite must never pair the fresh cache with the old log.
        for suffix in _SIDE_FILES:
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.replace(aside.with_name(aside.name + suffix))
        path.replace(aside)
    except OSError as exc:
        raise translate_os_error(exc, path) from exc
    return aside


__all__ = ["SALVAGE_DIR", "SalvageReport", "salvage_cache"]
