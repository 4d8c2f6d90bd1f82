"""Writing an import's rows so that a row the database refuses is named, never its values."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from reviewer_app.errors import UserError

# Bound parameters per IN (...) query, and rows per write while a refused row is looked
# for: well under SQLite's and psycopg's limits.
CHUNK = 500
# Errors of the database that one row's values cause (too long, a constraint).
ROW_ERRORS = (DataError, IntegrityError)

T = TypeVar("T")


class ImportFailed(UserError):
    """The shared database refused the import; nothing of it was written."""


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Splits ``items`` into consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def db_message(exc: DBAPIError) -> str:
    """The database's message without its details, which may quote the values."""
    diag = getattr(exc.orig, "diag", None)
    primary = getattr(diag, "message_primary", None)
    if primary:
        return str(primary)
    lines = str(exc.orig).strip().splitlines()
    return lines[0] if lines else type(exc.orig).__name__


def refused_row(row_number: int, source: str, exc: DBAPIError) -> ImportFailed:
    """The error naming the row whose values the database refused."""
    return ImportFailed(
        f"{source} row {row_number} could not be stored in the shared database "
        f"({db_message(exc)}); nothing was imported. Correct or remove that row "
        "in the file and import it again."
    )


def guarded(
    session: Session,
    items: Sequence[T],
    write: Callable[[Sequence[T]], None],
    row_of: Callable[[T], int],
    source: str,
    size: int = CHUNK,
) -> None:
    """Writes ``items`` in chunks, each in a savepoint; if a row's values fail, names it.

    Raises:
        ImportFailed: The database refused one row's values.
    """
    for chunk in chunks(items, size):
        try:
            with session.begin_nested():
                write(chunk)
            continue
        except ROW_ERRORS:
            pass  # find which row: each alone, in its own savepoint
        for item in chunk:
            try:
                with session.begin_nested():
                    write([item])
            except ROW_ERRORS as exc:
                raise refused_row(row_of(item), source, exc) from None
