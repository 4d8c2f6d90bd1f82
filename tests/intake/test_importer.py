"""Tests of reviewer_app.intake.importer, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from reviewer_app.config.paths import positions_dir
from reviewer_app.intake import importer
from reviewer_app.intake.demo_import import ensure_embedded_demo
from reviewer_app.intake.importer import import_responses
from reviewer_app.intake.reader import FormResponse, read_responses
from reviewer_app.positions.parsing import load_positions
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.publish import publish_positions


@pytest.fixture
def published(db: SharedDatabase) -> SharedDatabase:
    """The shared database with the shipped positions published."""
    publish_positions(db, load_positions(positions_dir()))
    return db


def response(
    response_id: str,
    *,
    name: str = "Ana",
    email: str = "ana@example.org",
    position: str = "Backend Developer",
    answers: Sequence[tuple[str, str]] = (("Why?", "Python for 5 years"),),
    day: int = 1,
    row: int = 2,
) -> FormResponse:
    return FormResponse(
        row_number=row,
        response_id=response_id,
        submitted_at=datetime(2026, 10, day, 12, tzinfo=UTC),
        name=name,
        email=email,
        position_typed=position,
        answers=tuple(answers),
    )


def applications(db: SharedDatabase) -> dict[str, models.Application]:
    with db.session() as session:
        return {a.response_id: a for a in session.scalars(select(models.Application))}


def slug_of(db: SharedDatabase, position_id: int | None) -> str | None:
    if position_id is None:
        return None
    with db.session() as session:
        return session.get_one(models.Position, position_id).slug


def test_importing_twice_changes_nothing(published: SharedDatabase) -> None:
    batch = [response("r1"), response("r2", email="bo@example.org", name="Bo")]
    first = import_responses(published, batch)
    before = {k: (a.id, a.revision) for k, a in applications(published).items()}
    second = import_responses(published, batch)
    assert (first.imported, second.imported, second.unchanged) == (2, 0, 2)
    assert {k: (a.id, a.revision) for k, a in applications(published).items()} == before


def test_changed_answers_update_the_application(published: SharedDatabase) -> None:
    import_responses(published, [response("r1")])
    old = applications(published)["r1"]
    report = import_responses(published, [response("r1", answers=(("Why?", "Go, actually"),))])
    new = applications(published)["r1"]
    assert (report.updated, report.imported) == (1, 0)
    assert new.id == old.id
    assert new.answers == [["Why?", "Go, actually"]]
    assert new.revision > old.revision


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("backend developer ", "backend-developer"),
        ("Backend-Developer", "backend-developer"),
        ("Backend Developer (Python/Django)", "backend-developer"),
        ("Translator - German", "translator"),
        ("Anything that helps!", None),
    ],
)
def test_typed_position_is_matched(published: SharedDatabase, typed: str, slug: str | None) -> None:
    report = import_responses(published, [response("r1", position=typed)])
    assert slug_of(published, applications(published)["r1"].position_id) == slug
    assert report.unmatched == (1 if slug is None else 0)


def test_same_email_is_marked_duplicate_of_the_earliest(published: SharedDatabase) -> None:
    # The later application comes first in the file: the earliest is still "the first".
    later = response("late", email="ANA@example.org ", day=9, row=2)
    earlier = response("early", day=2, row=3, position="Translator")
    report = import_responses(published, [later, earlier])
    apps = applications(published)
    assert report.duplicates == 1
    assert apps["early"].duplicate_of is None
    assert apps["late"].duplicate_of == apps["early"].id
    # And across imports: a third application points at the same first one.
    import_responses(published, [response("third", email="ana@example.org", day=20)])
    assert applications(published)["third"].duplicate_of == apps["early"].id


def test_text_is_kept_exactly(published: SharedDatabase) -> None:
    answers = (
        ("HTML", "<b>bold</b> &amp; <script>alert(1)</script>"),
        ("Formula", '=HYPERLINK("http://x","click")'),
        ("Emoji and RTL", "مرحبا 🌍 שלום"),
        ("Long", "x" * 200_000),
    )
    import_responses(published, [response("r1", answers=answers)])
    assert applications(published)["r1"].answers == [list(pair) for pair in answers]


def test_failed_import_leaves_database_unchanged(
    published: SharedDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_responses(published, [response("r0")])
    before = {k: (a.answers, a.revision) for k, a in applications(published).items()}
    # Fail while writing the second chunk of new rows, after an update was made.
    monkeypatch.setattr(importer, "_CHUNK", 2)
    calls = 0
    real_insert = importer.insert

    def failing_insert(*args: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError("connection lost")
        return real_insert(*args)  # type: ignore[call-overload]

    monkeypatch.setattr(importer, "insert", failing_insert)
    batch = [response("r0", answers=(("Why?", "changed"),))]
    batch += [response(f"r{i}", email=f"p{i}@example.org") for i in range(1, 6)]
    with pytest.raises(OSError, match="connection lost"):
        import_responses(published, batch)
    assert calls == 2
    after = {k: (a.answers, a.revision) for k, a in applications(published).items()}
    assert after == before


def test_xlsx_export_imports_end_to_end(published: SharedDatabase, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Item ID", "Creation log", "Name", "Email", "Position Applying For", "Hours?"])
    sheet.append([101, datetime(2026, 10, 1, 9, 30), "Zoë", "zoe@example.org", "UX designer", 6])
    sheet.append([102, datetime(2026, 10, 2, 9, 30), "Iâ€™m Bo", "bo@example.org", "?", "2"])
    path = tmp_path / "export.xlsx"
    book.save(path)

    result = read_responses(path)
    report = import_responses(published, result.responses, rejected=len(result.rejected))
    apps = applications(published)
    assert report.counts() == {
        "imported": 2, "updated": 0, "unchanged": 0, "rejected": 0,
        "unmatched": 1, "duplicates": 0,
    }  # fmt: skip
    assert slug_of(published, apps["101"].position_id) == "ux-designer"
    assert apps["102"].name == "I’m Bo"  # noqa: RUF001 (the repaired apostrophe)
    assert apps["101"].answers == [["Hours?", "6"]]


def test_import_of_many_rows_uses_few_queries(published: SharedDatabase) -> None:
    batch = [response(f"r{i}", email=f"p{i}@example.org", row=i) for i in range(1200)]
    assert import_responses(published, batch).imported == 1200
    with published.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Application)) == 1200
    assert import_responses(published, batch).unchanged == 1200


def test_a_csv_with_nul_characters_imports_on_both_databases(
    published: SharedDatabase, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b'Name,Email,Why?\n"Nul\x00Name",nul@example.org,"a \x00 b"\n')
    report = import_responses(published, read_responses(path).responses)
    assert report.counts()["imported"] == 1
    (stored,) = applications(published).values()
    assert stored.name == "NulName"


def test_embedded_demo_database_is_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert ensure_embedded_demo(data_dir)
    assert (data_dir / "shared.sqlite3").stat().st_mode & 0o777 == 0o600
    assert data_dir.stat().st_mode & 0o777 == 0o700
    assert not ensure_embedded_demo(data_dir)
