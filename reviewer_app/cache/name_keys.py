"""The sort key of each application's name in the cache (``applications.name_key``).

The list sorts by name through it (see :mod:`reviewer_app.domain.name_order`), so every
write of a name writes its key: an insert through SQLAlchemy by the column's default
(:func:`key_of_inserted_name`), a pull's rows, which go to the driver as they came, by
:func:`with_name_keys`, and a cache made before the key by its migration to v13
(:func:`fill_name_keys`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import Connection

from reviewer_app.domain.name_order import name_sort_key

NAME_KEY = "name_key"


class _InsertContext(Protocol):
    """What SQLAlchemy gives a column's default: the values of the row inserted."""

    def get_current_parameters(self, isolate_multiinsert_groups: bool = True) -> dict[str, Any]:
        """Returns the row's values by column name."""
        ...


def key_of_inserted_name(context: _InsertContext) -> str:
    """Returns the key of the name an insert writes (the column's default)."""
    return name_sort_key(context.get_current_parameters().get("name") or "")


def with_name_keys(
    rows: Sequence[tuple[Any, ...]],
    name_at: int,
    stored: int,
    known: Mapping[str, str] | None = None,
    id_at: int = 0,
) -> list[tuple[Any, ...]]:
    """Returns each row's first ``stored`` values followed by the key of its name.

    Args:
        rows: Pulled application rows.
        name_at: Where a row holds the name.
        stored: How many of a row's values the cache stores.
        known: Keys made already, by application id (:func:`keys_by_id`).
        id_at: Where a row holds the application's id.
    """
    key = name_sort_key
    if not known:
        return [(*row[:stored], key(row[name_at] or "")) for row in rows]
    made = known.get
    return [(*row[:stored], made(row[id_at]) or key(row[name_at] or "")) for row in rows]


def keys_by_id(rows: Iterable[tuple[Any, ...]], id_at: int, name_at: int) -> dict[str, str]:
    """The key of each row's name, by the row's application id.

    Made by the sync's reading thread for the page it reads ahead, while the page
    before is written: writing a page lets go of the GIL, and a first sync of 100,000
    applications spent 0.4-0.55 s making keys on the writing thread.
    """
    key = name_sort_key
    return {row[id_at]: key(row[name_at] or "") for row in rows}


def fill_name_keys(connection: Connection) -> int:
    """Writes the key of every application's name, in the caller's transaction.

    Returns:
        How many applications there are.
    """
    # By rowid: the table's own order, no lookup through the primary key's index.
    rows = connection.exec_driver_sql("SELECT rowid, name FROM applications").fetchall()
    if rows:
        connection.exec_driver_sql(
            f"UPDATE applications SET {NAME_KEY} = ? WHERE rowid = ?",
            [(name_sort_key(name or ""), rowid) for rowid, name in rows],
        )
    return len(rows)


__all__ = ["NAME_KEY", "fill_name_keys", "key_of_inserted_name", "with_name_keys"]
