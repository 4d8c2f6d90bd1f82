"""Tests of reviewer_app.server.bulk_load, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, Table, Text, select, text
from sqlalchemy.exc import IntegrityError

from reviewer_app.server.bulk_load import bind_processor, load_rows
from reviewer_app.server.database import SharedDatabase

ODD_TEXTS = [
    "tab\there",
    "back\\slash \\N \\. \\t",  # COPY's own escapes, written as text
    "new\nline and\r\nWindows line and\rcarriage return",
    'quotes " and \' and ""',
    "émoji 🌍, right-to-left مرحبا, zero\u200bwidth, \u2028separator",
    "",
    "\\",
    "end with a backslash \\",
    "comma, semicolon; pipe |",
]


@pytest.fixture
def table(db: SharedDatabase) -> Iterator[Table]:
    """A scratch table in the shared database."""
    scratch = Table(
        "bulk_load_scratch",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("body", Text),
        Column("data", JSON),
        Column("at", DateTime(timezone=True)),
    )
    scratch.create(db.engine)
    yield scratch
    scratch.drop(db.engine)


def test_odd_characters_arrive_unchanged(db: SharedDatabase, table: Table) -> None:
    at = datetime(2026, 10, 1, 9, 30, 15, 123456, tzinfo=UTC)
    with db.session() as session:
        to_driver = bind_processor(session, table.c.at)
        stored_at = to_driver(at) if to_driver is not None else at
        rows = (
            (i, text, json.dumps([[text, text]], ensure_ascii=False), stored_at)
            for i, text in enumerate(ODD_TEXTS)
        )
        load_rows(session, table, ["id", "body", "data", "at"], rows)
        load_rows(session, table, ["id"], iter([(len(ODD_TEXTS),)]))
    with db.session() as session:
        read = session.execute(select(table).order_by(table.c.id)).all()
    assert [row.body for row in read] == [*ODD_TEXTS, None]
    assert [row.data for row in read] == [[[text, text]] for text in ODD_TEXTS] + [None]
    # SQLite keeps no offset: SQLAlchemy reads its time back naive, as for any insert.
    assert {row.at.replace(tzinfo=row.at.tzinfo or UTC) for row in read[:-1]} == {at}
    assert read[-1].at is None


def test_times_are_stored_as_sqlalchemy_stores_them(db: SharedDatabase, table: Table) -> None:
    at = datetime(2026, 10, 1, 9, 30, 15, 120, tzinfo=UTC)
    with db.session() as session:
        to_driver = bind_processor(session, table.c.at)
        load_rows(session, table, ["id", "at"], [(1, to_driver(at) if to_driver else at)])
        session.execute(table.insert().values(id=2, at=at))
    with db.engine.connect() as connection:
        stored = connection.execute(text("SELECT CAST(at AS TEXT) FROM bulk_load_scratch"))
        assert len({value for (value,) in stored}) == 1


def test_a_refused_row_raises_integrity_error_without_the_values(
    db: SharedDatabase, table: Table
) -> None:
    with pytest.raises(IntegrityError) as failure, db.session() as session:
        load_rows(session, table, ["id", "body"], [(1, "Secret One"), (1, "Secret Two")])
    assert "Secret" not in str(failure.value)
    assert failure.value.orig is not None
    with db.session() as session:
        assert session.execute(select(table)).all() == []


def test_a_refused_load_in_a_savepoint_leaves_the_transaction_usable(
    db: SharedDatabase, table: Table
) -> None:
    with db.session() as session:
        load_rows(session, table, ["id", "body"], [(1, "kept")])
        with pytest.raises(IntegrityError), session.begin_nested():
            load_rows(session, table, ["id", "body"], [(2, "gone"), (1, "clash")])
        load_rows(session, table, ["id", "body"], [(3, "after")])
    with db.session() as session:
        read = session.execute(select(table.c.id, table.c.body).order_by(table.c.id)).all()
    assert [tuple(row) for row in read] == [(1, "kept"), (3, "after")]


def test_rows_from_a_generator_are_all_written(db: SharedDatabase, table: Table) -> None:
    taken: list[int] = []

    def rows() -> Iterator[tuple[int, str]]:
        for i in range(2_000):
            taken.append(i)
            yield (i, f"row {i}")

    with db.session() as session:
        load_rows(session, table, ["id", "body"], rows())
    assert len(taken) == 2_000
    with db.session() as session:
        assert len(session.execute(select(table.c.id)).all()) == 2_000


def test_a_refused_row_after_many_keeps_none_of_them(db: SharedDatabase, table: Table) -> None:
    rows = [(i, f"Secret {i}") for i in range(12)] + [(3, "Secret clash")]
    rows += [(i, "after") for i in range(100, 120)]
    with pytest.raises(IntegrityError) as failure, db.session() as session:
        load_rows(session, table, ["id", "body"], rows)
    assert "Secret" not in str(failure.value)
    with db.session() as session:
        assert session.execute(select(table)).all() == []


def test_an_error_making_the_rows_is_raised_as_it_is(db: SharedDatabase, table: Table) -> None:
    def rows() -> Iterator[tuple[int, str]]:
        yield from ((i, "fine") for i in range(9))
        raise LookupError("made while copying")

    with pytest.raises(LookupError, match="while copying"), db.session() as session:
        load_rows(session, table, ["id", "body"], rows())
    with db.session() as session:
        assert session.execute(select(table)).all() == []
