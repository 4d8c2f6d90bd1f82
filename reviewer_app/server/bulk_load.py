"""Loading many rows into a table at once, in the session's transaction.

PostgreSQL takes them with one ``COPY ... FROM STDIN`` (psycopg escapes tabs, newlines
and backslashes), SQLite with one ``executemany``. The rows are an iterable, consumed
as they are written, so that a caller can stream them without holding them all.

The values are written as the driver takes them, without SQLAlchemy's type processing:
a caller hands text for JSON columns and what :func:`bind_processor` makes of times. A
driver error is raised as SQLAlchemy's (``IntegrityError``, ``DataError``, ...), as a
statement through the session would raise it, without the values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

Processor = Callable[[Any], Any] | None


def bind_processor(session: Session, column: ColumnElement[Any]) -> Processor:
    """The conversion of a column's Python value into what :func:`load_rows` writes.

    On SQLite, the dialect's own (a time becomes the text SQLAlchemy stores); on
    PostgreSQL a time becomes its ISO text, which ``COPY`` reads as it reads any text
    (psycopg's conversion of a datetime object takes three times as long). None: the
    value as it is. Not for JSON columns: :func:`load_rows` takes their text as it is.
    """
    dialect = session.get_bind().dialect
    if dialect.name == "postgresql":
        return _iso_text if isinstance(column.type, DateTime) else None
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _iso_text(value: datetime) -> str:
    return value.isoformat()


def load_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Inserts ``rows`` (values in the order of ``columns``) into ``table``.

    Args:
        session: The session whose transaction the rows are written in.
        table: The table.
        columns: The columns the rows fill; the others take their server defaults.
        rows: The rows, consumed once.

    Raises:
        sqlalchemy.exc.DBAPIError: The database refused the rows (nothing of them stays
            once the caller's transaction or savepoint is rolled back).
    """
    connection = session.connection()
    driver = connection.connection.driver_connection
    names = ", ".join(connection.dialect.identifier_preparer.quote(c) for c in columns)
    quoted_table = connection.dialect.identifier_preparer.format_table(table)
    dbapi = connection.dialect.loaded_dbapi
    if connection.dialect.name == "postgresql":
        statement = f"COPY {quoted_table} ({names}) FROM STDIN"
        try:
            with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
                for row in rows:
                    copy.write_row(row)
        except dbapi.Error as exc:
            raise _wrapped(statement, exc, dbapi) from exc
        return
    marks = ", ".join("?" for _ in columns)
    statement = f"INSERT INTO {quoted_table} ({names}) VALUES ({marks})"
    cursor = driver.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(statement, rows)
    except dbapi.Error as exc:
        raise _wrapped(statement, exc, dbapi) from exc
    finally:
        cursor.close()


def _wrapped(statement: str, exc: Exception, dbapi: Any) -> DBAPIError:
    # The parameters are other people's data: never kept in the error.
    error = DBAPIError.instance(statement, None, exc, dbapi.Error, hide_parameters=True)
    assert isinstance(error, DBAPIError)
    return error
