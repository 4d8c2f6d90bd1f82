"""Has the shared database lost history this cache saw? (It was restored from a backup.)

A backup holds every revision up to some point and none after: the server commits in
revision order (see :mod:`reviewer_app.sync.page`). Restored, the server hands out the
lost revisions again, to other rows, and a cache that pulled up to revision R would
never ask for them ("revision > R"), while keeping rows the server no longer has. Three
signs, read in one statement with the instance id:

- the revision counter is below R;
- the *witness*, the row that took revision R when the cache pulled it, is older on
  the server or gone (without an erasure of its application after R): rows change only
  to higher revisions, and only an erasure deletes them;
- the newest operation this laptop pushed is missing from the server's record of
  applied operations (see :mod:`reviewer_app.sync.journal`).

A missed sign still ends in a count mismatch, which downloads the cache afresh too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Integer, exists, func, select
from sqlalchemy.orm import Session

from reviewer_app.cache.models import SYNC_STATE_ID, SyncStateRow
from reviewer_app.server import models
from reviewer_app.sync import journal

_SHARED = models.Base.metadata.tables


@dataclass(frozen=True)
class Seen:
    """What the cache has seen of the server's history.

    Attributes:
        revision: The cache's last revision (R).
        instance: The shared database the cache mirrors (None before the first sync).
        witness: (table, key, application) of the row that took revision R, if known.
        latest_op: The newest operation of the journal, if any.
        rebuild_pending: An earlier sync found history lost and has not rebuilt yet.
    """

    revision: int
    instance: str | None
    witness: tuple[str, str, str | None] | None
    latest_op: str | None
    rebuild_pending: bool

    @classmethod
    def read(cls, session: Session) -> Seen:
        """Reads it from the cache."""
        state = session.get_one(SyncStateRow, SYNC_STATE_ID)
        witness = None
        if state.witness_table is not None and state.witness_key is not None:
            witness = (state.witness_table, state.witness_key, state.witness_application)
        return cls(
            revision=state.last_revision,
            instance=state.shared_instance,
            witness=witness,
            latest_op=journal.latest_op_id(session),
            rebuild_pending=bool(state.rebuild_pending),
        )


@dataclass(frozen=True)
class ServerHistory:
    """The server as the cache's history check found it.

    Attributes:
        instance: The server's instance id.
        revision: The server's revision counter.
        lost: Why the server has lost history the cache saw; None when it has not.
    """

    instance: str | None
    revision: int
    lost: str | None


def witness_key_column(table: str) -> str:
    """The column that identifies a row of a mirrored table on the server."""
    return "application_id" if table in ("decisions", "interviews") else "id"


def witness_of(table: str, row: dict[str, Any]) -> tuple[str, str, str | None]:
    """The witness of a pulled row: its table, key as text and application (if any)."""
    local_id = table in ("requirement_checks", "assignments")
    key = row["server_id"] if local_id else row[witness_key_column(table)]
    if table == "applications":
        application = row["id"]
    elif table == "tombstones":
        application = None
    else:
        application = row.get("application_id")
    return table, str(key), application


def _key_value(table: str, key: str) -> Any:
    column = _SHARED[table].c[witness_key_column(table)]
    return int(key) if isinstance(column.type, Integer) else key


def inspect(connection: Connection, seen: Seen) -> ServerHistory:
    """Reads the server's side of the check, in one statement, and compares."""
    columns: dict[str, Any] = {
        "instance": select(models.SharedInstance.instance_id).limit(1).scalar_subquery(),
        "counter": select(models.SyncCounter.value)
        .where(models.SyncCounter.id == 1)
        .scalar_subquery(),
    }
    if seen.witness is not None and seen.witness[0] in _SHARED:
        table_name, key, application = seen.witness
        table = _SHARED[table_name]
        columns["witness"] = (
            select(table.c.revision)
            .where(table.c[witness_key_column(table_name)] == _key_value(table_name, key))
            .scalar_subquery()
        )
        if application is not None:
            tombstones = models.Tombstone.__table__.c
            columns["erased"] = (
                select(func.max(tombstones.revision))
                .where(tombstones.entity == "application", tombstones.entity_id == application)
                .scalar_subquery()
            )
    if seen.latest_op is not None:
        columns["op_known"] = (
            select(func.count())
            .select_from(models.AppliedOperation)
            .where(models.AppliedOperation.op_id == seen.latest_op)
            .scalar_subquery()
        )
    row = connection.execute(select(*(v.label(k) for k, v in columns.items()))).one()._mapping
    counter = int(row["counter"] or 0)
    return ServerHistory(row["instance"], counter, _lost(seen, counter, row))


def _lost(seen: Seen, counter: int, row: Any) -> str | None:
    if seen.revision > 0 and counter < seen.revision:
        return f"its revision is {counter}, behind the {seen.revision} this cache has already seen"
    if "witness" in row and seen.witness is not None:
        table, _key, _application = seen.witness
        witness, erased = row["witness"], row.get("erased")
        if witness is not None and witness < seen.revision:
            return f"its copy of the {table} row seen at revision {seen.revision} is older"
        if witness is None and (erased is None or erased <= seen.revision):
            return f"the {table} row seen at revision {seen.revision} is missing"
    if "op_known" in row and not row["op_known"]:
        return "it has no record of the last change this laptop pushed"
    return None


def is_empty(connection: Connection) -> bool:
    """Whether the server holds no application and never erased one.

    Such a database is no backup to download afresh: a cache that holds applications
    came from another (see :mod:`~reviewer_app.sync.holdings`).
    """
    tombstones = models.Tombstone.__table__.c
    held = exists().where(models.Application.__table__.c.id.is_not(None))
    erased = exists().where(tombstones.entity == "application")
    row = connection.execute(select(held.label("held"), erased.label("erased"))).one()
    return not row.held and not row.erased
