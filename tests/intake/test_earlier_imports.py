"""Importing the same rows again never duplicates them, however their derived id changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from reviewer_app.intake.importer import import_responses
from reviewer_app.intake.reader import read_responses
from reviewer_app.intake.responses import FormResponse, derived_response_id
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from tests.intake.test_name_columns import write_csv

_ROWS = [
    "15/03/2026 14:05:09,Ana Souza,ana@x.org,Mentor,because",
    "16/03/2026 10:00:00,Bo Lin,bo@x.org,Mentor,why not",
]


def stored(db: SharedDatabase) -> list[tuple[str, str, str]]:
    """(application id, response id, email) of every application, by email."""
    with db.session() as session:
        apps = session.scalars(select(models.Application).order_by(models.Application.email))
        return [(app.id, app.response_id, app.email) for app in apps]


def test_a_time_column_newly_recognised_does_not_duplicate_a_re_import(
    db: SharedDatabase, tmp_path: Path
) -> None:
    # Read as before "Marca temporal" was known: an answer, the ids derived without time.
    old = read_responses(write_csv(tmp_path, ["Quando,Name,Email,Position,Why", *_ROWS]))
    assert import_responses(db, old.responses).imported == 2
    before = stored(db)
    lines = ["Marca temporal,Name,Email,Position,Why", *_ROWS]
    new = read_responses(write_csv(tmp_path, lines)).responses
    assert {r.response_id for r in new}.isdisjoint(rid for _, rid, _ in before)
    report = import_responses(db, new)
    assert (report.imported, report.updated, report.duplicates) == (0, 2, 0)
    assert stored(db) == before  # the same applications, each keeping its response id
    again = import_responses(db, new)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 2)


def _response(answer: str, when: datetime | None, row: int = 2) -> FormResponse:
    return FormResponse(
        row_number=row,
        response_id=derived_response_id(when, "ana@x.org", "Mentor"),
        submitted_at=when,
        name="Ana",
        email="ana@x.org",
        position_typed="Mentor",
        answers=(("Why", answer),),
    )


def test_a_time_newly_read_or_read_the_other_way_round_finds_the_application(
    db: SharedDatabase,
) -> None:
    unread = _response("because", None)
    march = _response("other", datetime(2026, 3, 4, 9, tzinfo=UTC), row=3)
    import_responses(db, [unread, march])
    # The first row's time now read, the second's day and month read the other way round.
    read = _response("because", datetime(2026, 3, 15, 9, tzinfo=UTC))
    april = _response("other", datetime(2026, 4, 3, 9, tzinfo=UTC), row=3)
    report = import_responses(db, [read, april])
    assert (report.imported, report.updated, report.duplicates) == (0, 2, 0)
    assert len(stored(db)) == 2


def test_two_submissions_of_one_email_with_other_answers_stay_two(db: SharedDatabase) -> None:
    import_responses(db, [_response("because", None)])
    later = _response("changed my mind", datetime(2026, 3, 4, 9, tzinfo=UTC))
    report = import_responses(db, [later])
    assert (report.imported, report.duplicates) == (1, 1)
    assert len(stored(db)) == 2


def test_the_same_answers_submitted_at_two_times_stay_two(db: SharedDatabase) -> None:
    import_responses(db, [_response("because", datetime(2026, 3, 4, 9, tzinfo=UTC))])
    report = import_responses(db, [_response("because", datetime(2026, 3, 5, 9, tzinfo=UTC))])
    assert (report.imported, report.duplicates) == (1, 1)


def test_a_zoned_time_near_midnight_read_the_other_way_round_finds_the_application(
    db: SharedDatabase,
) -> None:
    # "03/04/2026 01:30 +02:00": 2 April 23:30 UTC read day first, 3 March 23:30 UTC
    # read month first. The date swapped is the file's, in its zone: not UTC's.
    zone = timezone(timedelta(hours=2))
    day_first = datetime(2026, 4, 3, 1, 30, tzinfo=zone).astimezone(UTC)
    month_first = datetime(2026, 3, 4, 1, 30, tzinfo=zone).astimezone(UTC)
    assert day_first.date() != month_first.date().replace(month=4, day=3)
    import_responses(db, [_response("because", day_first)])
    report = import_responses(db, [_response("because", month_first)])
    assert (report.imported, report.updated, report.duplicates) == (0, 1, 0)
    assert len(stored(db)) == 1
