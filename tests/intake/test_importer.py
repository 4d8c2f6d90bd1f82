"""Tests of reviewer_app.intake.importer, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import Table, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from reviewer_app.config.paths import positions_dir
from reviewer_app.intake import importer, new_applications
from reviewer_app.intake.demo_import import ensure_embedded_demo
from reviewer_app.intake.importer import import_responses
from reviewer_app.intake.reader import FormResponse, read_responses
from reviewer_app.positions.parsing import load_positions
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import erase_application
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


def test_a_row_naming_two_positions_is_left_unmatched_and_named(
    published: SharedDatabase,
) -> None:
    batch = [
        response("r1", position="UX Designer, Translator", row=2),
        response("r2", position="Translator and Backend Developer", email="b@x.org", row=3),
        response("r3", position="Backend Developer (Python/Django)", email="c@x.org", row=4),
    ]
    report = import_responses(published, batch, source="form.csv")
    stored = applications(published)
    assert [slug_of(published, stored[r].position_id) for r in ("r1", "r2", "r3")] == [
        None,
        None,
        "backend-developer",
    ]
    assert report.unmatched == 2
    [warning] = report.warnings
    assert warning.startswith("form.csv rows 2, 3: the position named there is more than one")


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
    # Fail while the new rows stream into the database, after an update was made.
    written = 0
    real_load = new_applications.load_rows

    def failing_load(session: Session, table: Table, columns: Sequence[str], rows: Any) -> None:
        def cut() -> Iterator[Any]:
            nonlocal written
            for row in rows:
                if written == 3:
                    raise OSError("connection lost")
                written += 1
                yield row

        real_load(session, table, columns, cut())

    monkeypatch.setattr(new_applications, "load_rows", failing_load)
    batch = [response("r0", answers=(("Why?", "changed"),))]
    batch += [response(f"r{i}", email=f"p{i}@example.org") for i in range(1, 6)]
    with pytest.raises(OSError, match="connection lost"):
        import_responses(published, batch)
    assert written == 3
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
        "unmatched": 1, "duplicates": 0, "erased": 0,
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


# --- erasures, per-row refusals, email identity -------------------------------------------


def test_a_re_import_after_an_erasure_skips_the_erased_response(
    published: SharedDatabase,
) -> None:
    # The form tool's export is cumulative: the erased applicant is in it every time.
    export = [
        response("r1", name="Ada", email="ada@example.org", row=2),
        response("r2", name="Bo", email="bo@example.org", row=3),
    ]
    import_responses(published, export)
    erase_application(published, "r1")

    report = import_responses(published, export)

    assert (report.erased, report.erased_rows, report.unchanged, report.imported) == (
        1,
        [2],
        1,
        0,
    )
    assert report.counts()["erased"] == 1
    assert "1 erased (skipped)" in report.summary()
    assert set(applications(published)) == {"r2"}
    # Changed in the export since: still erased.
    changed = [response("r1", name="Ada L.", answers=(("Why?", "new"),), row=2)]
    assert import_responses(published, changed).erased == 1
    assert set(applications(published)) == {"r2"}


def test_a_new_response_from_an_erased_address_is_imported_with_a_warning(
    published: SharedDatabase,
) -> None:
    import_responses(published, [response("r1", email="ada@example.org")])
    erase_application(published, "r1")

    report = import_responses(
        published, [response("r9", email="ADA@example.org", row=7)], source="export.csv"
    )

    assert (report.imported, report.erased) == (1, 0)
    new_id = applications(published)["r9"].id
    assert report.warnings == [
        f"export.csv row 7: a new application (id {new_id}) from the email address of an "
        "erased application. If the person asked for all their data to be erased, run: "
        f"uv run main.py erase {new_id}"
    ]
    assert "ada" not in report.warnings[0].casefold().replace("a new application", "")


def test_look_alike_emails_are_duplicates_of_the_plain_address(
    published: SharedDatabase, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "ID,Submitted at,Name,Email\n"
        "1,2026-10-01 09:00,Ada,ada@example.org\n"
        "2,2026-10-02 09:00,Ada Z,ada\u200b@example.org\n"  # a zero-width space inside
        "3,2026-10-03 09:00,Ada R,\u202eada@example.org\n"  # a right-to-left override
        "4,2026-10-04 09:00,Ada F,\uff41\uff44\uff41@example.org\n"  # full-width letters
        "5,2026-10-05 09:00,Bo,bo@example.org\n",
        encoding="utf-8",
    )
    result = read_responses(path)
    assert result.rejected == []

    report = import_responses(published, result.responses)

    apps = applications(published)
    assert report.duplicates == 3
    assert [apps[i].duplicate_of for i in "234"] == [apps["1"].id] * 3
    assert apps["5"].duplicate_of is None
    # The raw value is kept, for display.
    assert apps["4"].email == "\uff41\uff44\uff41@example.org"
    assert apps["3"].email == "\u202eada@example.org"


def test_values_the_database_cannot_hold_are_refused_by_row_on_both_databases(
    published: SharedDatabase,
) -> None:
    report = import_responses(
        published,
        [
            response("r" * 201, row=2),
            response("r3", email="a" * 300 + "@" + "b" * 30 + ".org", row=3),
            response("r4", name="Nul\x00Name", row=4),
            response("r5", answers=(("Why?", "half \ud83d of an emoji"),), row=5),
            response("ok", row=6),
        ],
        rejected=1,
    )
    assert (report.imported, report.rejected) == (1, 5)
    assert [(r.row_number, r.reason) for r in report.refused] == [
        (
            2,
            "The response id is 201 characters long; the shared database holds at most 200. "
            "Correct it in the file and import it again.",
        ),
        (
            3,
            "The email is 335 characters long; the shared database holds at most 320. "
            "Correct it in the file and import it again.",
        ),
        (4, "A cell holds a NUL character. Remove it in the file and import again."),
        (
            5,
            "A cell (answer to 'Why?') holds U+D83D, half of a character (a damaged export). "
            "Correct the cell in the file and import it again.",
        ),
    ]
    assert set(applications(published)) == {"ok"}


def _refuse_the_name(db: SharedDatabase, name: str) -> None:
    """Makes the database itself refuse an application with this name (a trigger)."""
    with db.engine.begin() as connection:
        if db.dialect == "sqlite":
            for event in ("INSERT", "UPDATE"):
                connection.exec_driver_sql(
                    f"CREATE TRIGGER refuse_{event.lower()} BEFORE {event} ON applications "
                    f"WHEN NEW.name = '{name}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            return
        connection.exec_driver_sql(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF NEW.name = '{name}' THEN RAISE EXCEPTION 'refused' USING ERRCODE = "
            "'check_violation'; END IF; RETURN NEW; END $$"
        )
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON applications "
            "FOR EACH ROW EXECUTE FUNCTION refuse()"
        )


def test_a_database_error_names_the_row_never_the_values(published: SharedDatabase) -> None:
    import_responses(published, [response("r0", name="Zed Kept", email="zed@example.org")])
    before = {k: (a.name, a.revision) for k, a in applications(published).items()}
    _refuse_the_name(published, "Refused")
    batch = [
        response(f"r{i}", name=f"Secret Person {i}", email=f"secret{i}@example.org", row=i)
        for i in range(1, 9)
    ]
    batch.insert(5, response("bad", name="Refused", email="refused@example.org", row=40))

    with pytest.raises(importer.ImportFailed) as failure:
        import_responses(published, batch, source="export.csv")

    message = str(failure.value)
    assert message.startswith("export.csv row 40 could not be stored in the shared database (")
    assert "nothing was imported" in message
    for leaked in ("Secret", "secret", "Refused", "refused@", "@example.org"):
        assert leaked not in message
    assert failure.value.__cause__ is None and failure.value.__suppress_context__
    assert {k: (a.name, a.revision) for k, a in applications(published).items()} == before

    # The same for a changed response, updated rather than inserted.
    with pytest.raises(importer.ImportFailed, match=r"^export.csv row 9 could not be stored"):
        import_responses(published, [response("r0", name="Refused", row=9)], source="export.csv")
    assert {k: (a.name, a.revision) for k, a in applications(published).items()} == before


def test_an_unexpected_database_error_quotes_no_values(
    published: SharedDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lost(*_args: object) -> int:
        raise OperationalError(
            "INSERT INTO applications ...", {"name": "Secret Person"}, Exception("gone away")
        )

    monkeypatch.setattr(new_applications, "reserve_revisions", lost)
    with pytest.raises(importer.ImportFailed) as failure:
        import_responses(published, [response("r1", name="Secret Person")], source="e.csv")
    assert "Secret" not in str(failure.value)
    assert "refused the import of e.csv (gone away); nothing was imported" in str(failure.value)
    assert applications(published) == {}
