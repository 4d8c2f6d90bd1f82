"""Tests of reviewer_app.intake.new_applications: the bulk load, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from reviewer_app.config.paths import positions_dir
from reviewer_app.intake import importer, new_applications
from reviewer_app.intake.importer import ImportFailed, import_responses
from reviewer_app.intake.responses import FormResponse
from reviewer_app.positions.parsing import load_positions
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.publish import publish_positions

ODD = (
    "tab\there, back\\slash, \\N and \\. (COPY's own escapes), a lone \\",
    "new\nline, Windows\r\nline, carriage\rreturn",
    'quotes " \' "" and JSON\'s own: \\" \\u0000 [["x"]]',
    "émoji 🌍, right-to-left مرحبا, zero\u200bwidth, \u2028separator, \x7f, \x1f",
)


def response(row: int, **fields: object) -> FormResponse:
    values: dict[str, object] = {
        "row_number": row,
        "response_id": f"r{row}",
        "submitted_at": datetime(2026, 10, 1, 9, row % 60, tzinfo=UTC),
        "name": f"Person {row}",
        "email": f"p{row}@example.org",
        "position_typed": "Backend Developer",
        "answers": (("Why?", f"Answer {row}"),),
    }
    values.update(fields)
    return FormResponse(**values)  # type: ignore[arg-type]


@pytest.fixture
def published(db: SharedDatabase) -> SharedDatabase:
    publish_positions(db, load_positions(positions_dir()))
    return db


def stored(db: SharedDatabase) -> list[models.Application]:
    with db.session() as session:
        query = select(models.Application).order_by(models.Application.revision)
        return list(session.scalars(query))


def test_odd_characters_are_stored_exactly(published: SharedDatabase) -> None:
    batch = [
        response(2, name=ODD[0], position_typed=ODD[1], answers=tuple((t, t) for t in ODD)),
        response(3, response_id=ODD[2][:40], name=ODD[3], email="odd\t@example.org"),
    ]
    report = import_responses(published, batch)
    assert report.imported == 2
    first, second = stored(published)
    assert (first.name, first.position_typed) == (ODD[0], ODD[1])
    assert first.answers == [[t, t] for t in ODD]
    assert (second.response_id, second.name, second.email) == (ODD[2][:40], ODD[3], batch[1].email)
    assert first.content_hash == batch[0].content_hash
    # SQLite keeps no offset: read back naive, as a time stored by any insert is.
    when = first.submitted_at
    assert when is not None
    assert when.replace(tzinfo=when.tzinfo or UTC) == batch[0].submitted_at
    # Read back as the import stored it: the same content, so nothing changed.
    assert import_responses(published, batch).unchanged == 2


def test_new_applications_take_consecutive_revisions_in_submission_order(
    published: SharedDatabase,
) -> None:
    start = datetime(2026, 10, 1, tzinfo=UTC)
    batch = [response(row, submitted_at=start - timedelta(hours=row)) for row in range(2, 30)]
    import_responses(published, batch)
    apps = stored(published)
    assert [a.response_id for a in apps] == [f"r{row}" for row in reversed(range(2, 30))]
    revisions = [a.revision for a in apps]
    assert revisions == list(range(revisions[0], revisions[0] + len(batch)))
    assert len({a.imported_at for a in apps}) == 1


def test_a_refused_row_deep_in_a_big_load_is_named_and_nothing_is_kept(
    published: SharedDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The database refuses a row: a response id that another import, running at the
    # same time, took after this one looked. The load is written again to name the row.
    monkeypatch.setattr(importer, "_known_applications", lambda *_: {})
    batch = [response(row) for row in range(2, 1_300)]
    with published.session() as session:
        session.add(
            models.Application(
                response_id="r1207",
                name="Other",
                email="other@example.org",
                answers=[],
                content_hash="x",
            )
        )
    with pytest.raises(ImportFailed, match=r"^the export row 1207 could not be stored"):
        import_responses(published, batch)
    assert [a.response_id for a in stored(published)] == ["r1207"]


def test_revisions_follow_the_time_then_the_row_and_no_time_comes_last(
    published: SharedDatabase,
) -> None:
    early, late = datetime(2026, 9, 1, tzinfo=UTC), datetime(2026, 9, 2, tzinfo=UTC)
    batch = [
        response(5, submitted_at=None),
        response(4, submitted_at=late),
        response(3, submitted_at=early),
        response(2, submitted_at=late),
        response(6, submitted_at=None),
    ]
    import_responses(published, batch)
    assert [a.response_id for a in stored(published)] == ["r3", "r2", "r4", "r5", "r6"]


def test_a_big_import_refreshes_the_statistics_of_postgresql(
    published: SharedDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(new_applications, "ANALYZE_ABOVE", 2)
    import_responses(published, [response(row) for row in range(2, 7)])
    if published.dialect != "postgresql":
        return  # SQLite keeps no statistics to refresh
    with published.engine.connect() as conn:
        analysed = conn.execute(
            text(
                "SELECT count(*) FROM pg_stats "
                "WHERE tablename = 'applications' AND schemaname = current_schema()"
            )
        ).scalar_one()
    assert analysed > 0
