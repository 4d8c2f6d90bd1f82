"""An erased application stays erased when a re-import derives its response id anew."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, update

from reviewer_app.intake.importer import ImportReport, import_responses
from reviewer_app.intake.reader import read_responses
from reviewer_app.intake.responses import FormResponse, derived_response_id
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import erase_application
from tests.intake.test_name_columns import write_csv

_MARCH_4 = datetime(2026, 3, 4, 9, 15, 2, tzinfo=UTC)


def _response(
    when: datetime | None,
    *,
    answer: str = "because",
    position: str = "Mentor",
    email: str = "ana@x.org",
    row: int = 2,
    extra: tuple[tuple[str, str], ...] = (),
) -> FormResponse:
    return FormResponse(
        row_number=row,
        response_id=derived_response_id(when, email, position),
        submitted_at=when,
        name="Ana Souza",
        email=email,
        position_typed=position,
        answers=(*extra, ("Why", answer)),
    )


def _erase_the_only_application(db: SharedDatabase) -> None:
    with db.session() as session:
        [application_id] = session.scalars(select(models.Application.id)).all()
    erase_application(db, application_id)


def _stored_emails(db: SharedDatabase) -> list[str]:
    with db.session() as session:
        return sorted(session.scalars(select(models.Application.email)))


def _erased_again(db: SharedDatabase, before: FormResponse, now: FormResponse) -> ImportReport:
    """Imports ``before``, erases it, and imports ``now``, the same row read anew."""
    assert before.response_id != now.response_id
    import_responses(db, [before])
    _erase_the_only_application(db)
    return import_responses(db, [now], source="export.csv")


def _assert_skipped_as_erased(db: SharedDatabase, report: ImportReport, row: int) -> None:
    assert (report.imported, report.erased, report.erased_rows) == (0, 1, [row])
    assert _stored_emails(db) == []
    assert "1 erased (skipped)" in report.summary()
    # The coordinator is told which row, and why, and nothing of the person.
    [warning] = report.warnings
    assert warning.startswith(f"export.csv row {row}: ")
    assert "erased" in warning and "ana" not in warning.casefold()


def test_an_erased_row_read_with_day_and_month_swapped_stays_erased(
    db: SharedDatabase,
) -> None:
    april_3 = _MARCH_4.replace(month=4, day=3)
    report = _erased_again(db, _response(_MARCH_4), _response(april_3, row=5))
    _assert_skipped_as_erased(db, report, 5)


def test_an_erased_row_read_in_another_time_zone_stays_erased(db: SharedDatabase) -> None:
    # "2026/03/04 10:15:02 GMT+1" read first without its zone, now with it.
    report = _erased_again(db, _response(_MARCH_4.replace(hour=10)), _response(_MARCH_4))
    _assert_skipped_as_erased(db, report, 2)


def test_an_erased_row_without_a_time_whose_position_was_retyped_stays_erased(
    db: SharedDatabase,
) -> None:
    before = _response(None, position="Mentor")
    report = _erased_again(db, before, _response(None, position="Mentor (Python)", row=3))
    _assert_skipped_as_erased(db, report, 3)


def test_an_erased_row_whose_time_is_no_longer_read_stays_erased(db: SharedDatabase) -> None:
    # The time column no longer recognised: the time is an answer, the id derived without.
    now = _response(None, extra=(("Quando", "04.03.2026 09.15.02"),))
    report = _erased_again(db, _response(_MARCH_4), now)
    _assert_skipped_as_erased(db, report, 2)


def test_an_erased_row_of_a_file_whose_time_column_is_newly_recognised_stays_erased(
    db: SharedDatabase, tmp_path: Path
) -> None:
    rows = ["15/03/2026 14:05:09,Ana Souza,ana@x.org,Mentor,because"]
    before = read_responses(write_csv(tmp_path, ["Quando,Name,Email,Position,Why", *rows]))
    now = read_responses(write_csv(tmp_path, ["Marca temporal,Name,Email,Position,Why", *rows]))
    report = _erased_again(db, before.responses[0], now.responses[0])
    _assert_skipped_as_erased(db, report, 2)


def test_an_erasure_recorded_before_its_marks_still_recognises_a_swapped_date(
    db: SharedDatabase,
) -> None:
    import_responses(db, [_response(_MARCH_4)])
    _erase_the_only_application(db)
    with db.session() as session:  # as an erasure made before migration 0010 left it
        session.execute(update(models.Erasure).values(marks=None))
    april_3 = _MARCH_4.replace(month=4, day=3)
    report = import_responses(db, [_response(april_3, row=4)], source="export.csv")
    _assert_skipped_as_erased(db, report, 4)


def test_the_erased_person_applying_again_is_imported_with_the_warning(
    db: SharedDatabase,
) -> None:
    import_responses(db, [_response(_MARCH_4)])
    _erase_the_only_application(db)
    # Another day, the same answers; and another day with other answers.
    same = _response(_MARCH_4.replace(day=20), row=3)
    other = _response(_MARCH_4.replace(month=5), answer="changed my mind", row=4)
    report = import_responses(db, [same, other], source="export.csv")
    assert (report.imported, report.erased) == (2, 0)
    assert _stored_emails(db) == ["ana@x.org", "ana@x.org"]
    assert all("a new application" in warning for warning in report.warnings)


def test_a_kept_application_of_the_erased_person_is_still_found_under_its_new_id(
    db: SharedDatabase,
) -> None:
    kept = _response(_MARCH_4.replace(day=1), answer="second try", row=3)
    erased = _response(_MARCH_4)
    import_responses(db, [erased, kept])
    with db.session() as session:
        app = models.Application
        [erased_id] = session.scalars(
            select(app.id).where(app.response_id == erased.response_id)
        ).all()
    erase_application(db, erased_id)
    swapped = [
        _response(_MARCH_4.replace(month=4, day=3)),
        _response(_MARCH_4.replace(month=1, day=3), answer="second try", row=3),
    ]
    report = import_responses(db, swapped)
    assert (report.imported, report.unchanged, report.updated, report.erased) == (0, 0, 1, 1)
    assert _stored_emails(db) == ["ana@x.org"]


def test_an_erasure_keeps_its_marks_as_keyed_hashes_only(db: SharedDatabase) -> None:
    import_responses(db, [_response(_MARCH_4)])
    _erase_the_only_application(db)
    with db.session() as session:
        [marks] = session.scalars(select(models.Erasure.marks)).all()
    assert marks is not None
    texts = [str(marks["time"]), str(marks["name_position"]), *marks["answers"].items()]
    for text in texts:
        parts = text if isinstance(text, tuple) else (text,)
        assert all(len(part) == 64 and set(part) <= set("0123456789abcdef") for part in parts)
