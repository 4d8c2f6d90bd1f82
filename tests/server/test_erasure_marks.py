"""Tests of the erasure records' marks and of migration 0010, which adds them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import erasure_lookup
from reviewer_app.server.erasure_marks import (
    MarkedFields,
    make_marks,
    same_application,
    time_readings,
)

_SECRET = bytes(range(32))
_AT = datetime(2026, 3, 4, 9, 15, 2, tzinfo=UTC)


def _fields(
    when: datetime | None = _AT, answer: str = "because", name: str = "Ana"
) -> MarkedFields:
    return MarkedFields("Ana@X.org", when, name, "Mentor", [("Why", answer)])


@pytest.fixture
def fresh(shared_url: str) -> Iterator[SharedDatabase]:
    database = SharedDatabase(shared_url)
    yield database
    database.dispose()


def test_0010_keeps_the_erasure_records_made_before_it_without_marks(
    fresh: SharedDatabase,
) -> None:
    fresh.upgrade_to("0009_coordination")
    with fresh.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO erasures (response_hash, email_hash, application_id, erased_at) "
                "VALUES (:r, :e, 'app-1', CURRENT_TIMESTAMP)"
            ),
            {"r": "a" * 64, "e": "b" * 64},
        )

    result = fresh.migrate()

    assert (result.from_revision, result.to_revision) == ("0009_coordination", "0010_erasure_marks")
    with fresh.session() as session:
        [record] = session.scalars(select(models.Erasure)).all()
        assert (record.application_id, record.marks) == ("app-1", None)
        lookup = erasure_lookup(session)
    assert lookup.marks == {"b" * 64: (None,)}


def test_the_marks_know_the_application_read_otherwise_and_no_other() -> None:
    marks = make_marks(_SECRET, _fields())
    swapped = _AT.replace(month=4, day=3)
    for read in (_fields(swapped), _fields(_AT.replace(second=0)), _fields(None, name="A. S.")):
        assert same_application(_SECRET, marks, read)
    for other in (_fields(_AT.replace(day=5)), _fields(answer="other"), _fields(None, "x", "B")):
        assert not same_application(_SECRET, marks, other)


def test_a_time_s_readings_are_its_swapped_date_and_other_zones() -> None:
    readings = time_readings(_AT)
    assert readings[:2] == [_AT, _AT.replace(month=4, day=3)]
    assert _AT.replace(hour=23, minute=0) in readings  # 09:15 read at UTC-13:45
    assert len(readings) == len(set(readings))
    # A date that cannot be swapped in any zone (20 March) has half as many.
    assert len(time_readings(_AT.replace(day=20))) == len(readings) // 2


def test_a_time_s_swapped_readings_swap_the_date_its_own_zone_showed() -> None:
    # "03/04/2026 01:30 +02:00": 3 April read day first, 4 March month first; in UTC
    # both fall on the day before, whose date swapped is neither reading.
    day_first = datetime(2026, 4, 2, 23, 30, tzinfo=UTC)
    month_first = datetime(2026, 3, 3, 23, 30, tzinfo=UTC)
    assert day_first in time_readings(month_first)
    assert month_first in time_readings(day_first)
    marks = make_marks(_SECRET, _fields(day_first))
    assert same_application(_SECRET, marks, _fields(month_first))
    readings = time_readings(month_first)
    assert len(readings) == len(set(readings))
