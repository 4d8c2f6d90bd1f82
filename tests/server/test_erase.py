"""Tests of erasing an application from the shared database."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.errors import UserError
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import erase_application
from reviewer_app.server.revisions import reserve_revisions

ATTACHED = (models.RequirementCheck, models.Note, models.Decision, models.DecisionHistory)


def _attach_records(db: SharedDatabase, application_id: str, reviewer_id: int) -> None:
    with db.session() as session:
        session.add_all(
            [
                models.RequirementCheck(
                    application_id=application_id,
                    check_key="python",
                    reviewer_id=reviewer_id,
                    result=CheckResult.MET,
                    comment="Knows Python",
                ),
                models.Note(
                    application_id=application_id,
                    author_id=reviewer_id,
                    kind=NoteKind.TRIAGE,
                    body="Strong candidate",
                ),
                models.Decision(
                    application_id=application_id,
                    stage=Stage.DECLINED,
                    reason="Not enough time",
                    decided_by=reviewer_id,
                ),
                models.DecisionHistory(
                    application_id=application_id,
                    stage=Stage.DECLINED,
                    reason="Not enough time",
                    decided_by=reviewer_id,
                ),
            ]
        )


def _count(db: SharedDatabase, model: type[models.Base], application_id: str) -> int:
    column = model.__table__.c.application_id
    with db.session() as session:
        return int(session.scalar(select(func.count()).where(column == application_id)) or 0)


def test_erasure_deletes_the_application_and_everything_attached(
    db: SharedDatabase, add_application: Callable[..., str], reviewer_id: int
) -> None:
    erased = add_application(name="Ada Lovelace", email="ada@example.org")
    kept = add_application()
    _attach_records(db, erased, reviewer_id)
    _attach_records(db, kept, reviewer_id)

    report = erase_application(db, erased)

    assert report.deleted_rows == {
        "requirement_checks": 1,
        "notes": 1,
        "decisions": 1,
        "decision_history": 1,
        "applications": 1,
    }
    with db.session() as session:
        assert session.get(models.Application, erased) is None
        assert session.get(models.Application, kept) is not None
    for model in ATTACHED:
        assert _count(db, model, erased) == 0
        assert _count(db, model, kept) == 1


def test_erasure_leaves_a_tombstone_without_personal_data(
    db: SharedDatabase, add_application: Callable[..., str]
) -> None:
    erased = add_application(name="Ada Lovelace", email="ada@example.org")
    report = erase_application(db, erased)
    with db.session() as session:
        tombstones = session.scalars(select(models.Tombstone)).all()
        highest = session.scalar(select(func.max(models.Application.revision)))
    assert [(t.entity, t.entity_id) for t in tombstones] == [("application", erased)]
    assert tombstones[0].revision == report.tombstone_revision
    assert highest is None or report.tombstone_revision > highest
    stored = repr([(t.entity, t.entity_id, t.deleted_at) for t in tombstones])
    assert "Ada" not in stored and "ada@example.org" not in stored
    assert "Ada" not in repr(report)
    assert str(report).startswith(f"erased application {erased} (1 applications)")


def test_erasure_unlinks_duplicates_with_a_new_revision(
    db: SharedDatabase, add_application: Callable[..., str]
) -> None:
    original = add_application()
    duplicate = add_application(duplicate_of=original)
    with db.session() as session:
        revision_before = session.get_one(models.Application, duplicate).revision

    report = erase_application(db, original)

    assert report.unlinked_duplicates == [duplicate]
    with db.session() as session:
        row = session.get_one(models.Application, duplicate)
        assert row.duplicate_of is None
        assert row.revision > revision_before
        assert row.revision < report.tombstone_revision


def test_an_application_can_be_erased_by_its_form_response_id(
    db: SharedDatabase, add_application: Callable[..., str]
) -> None:
    erased = add_application(response_id="form-7731")
    kept = add_application()
    report = erase_application(db, "form-7731")
    assert report.application_id == erased
    with db.session() as session:
        assert session.get(models.Application, erased) is None
        assert session.get(models.Application, kept) is not None
        tombstone = session.scalars(select(models.Tombstone)).one()
    assert tombstone.entity_id == erased  # the laptops know it by its id


def test_erasing_an_unknown_application_is_a_user_error(db: SharedDatabase) -> None:
    with pytest.raises(UserError, match="no-such-id"):
        erase_application(db, "no-such-id")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Tombstone)) == 0


def test_erasure_takes_the_revision_counter_before_any_row_so_it_cannot_deadlock(
    pg_url: str,
) -> None:
    # Every writer (a push, an import, a publish) takes the counter first and then rows;
    # an erasure that locked rows first could deadlock with them.
    db = SharedDatabase(pg_url)
    db.migrate()
    with db.session() as session:
        reviewer = models.Reviewer(name="Rae")
        application = models.Application(response_id="r1", content_hash="0" * 64)
        session.add_all([reviewer, application])
    _attach_records(db, application.id, reviewer.id)

    errors: list[BaseException] = []

    def erase() -> None:
        try:
            erase_application(db, application.id)
        except BaseException as exc:
            errors.append(exc)

    eraser = threading.Thread(target=erase)
    with db.session() as writer:
        reserve_revisions(writer, 1)  # a writer holds the counter...
        eraser.start()
        _wait_for_a_lock_wait(db)
        # ...and then changes a row of the application, as a push does.
        decision = writer.get_one(models.Decision, application.id)
        decision.stage = Stage.INTERVIEW
        decision.reason = None
        writer.flush()
    eraser.join(10)
    assert errors == []
    assert _count(db, models.Decision, application.id) == 0
    db.dispose()


def _wait_for_a_lock_wait(db: SharedDatabase) -> None:
    query = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + 10
    with db.engine.connect() as connection:
        while not connection.execute(query).scalar_one():
            assert time.monotonic() < deadline, "the erasure never waited for the counter"
            time.sleep(0.02)
            connection.rollback()


def test_nothing_of_an_erased_applicant_stays_in_an_sqlite_file(
    sqlite_url: str, tmp_path: Path
) -> None:
    # Deleted rows would stay readable in free pages and in the write-ahead log.
    db = SharedDatabase(sqlite_url)
    db.migrate()
    try:
        with db.session() as session:
            application = models.Application(
                response_id="r-erased",
                name="Zenobia Quartermaine",
                email="zenobia.q@example.org",
                answers=[["Why?", "A very particular answer, Xylophone-42"]],
                content_hash="e" * 64,
            )
            session.add(application)
            session.flush()
            erased = application.id
        erase_application(db, erased)
        # While the database is still open (closing it would empty the log anyway).
        files = [path for path in tmp_path.rglob("*.sqlite3*") if path.is_file()]
        assert files
        for path in files:
            content = path.read_bytes()
            for secret in (b"Zenobia", b"zenobia.q@", b"Xylophone-42"):
                assert secret not in content, f"{secret!r} still in {path.name}"
        with db.engine.connect() as connection:  # whatever the platform's default
            assert connection.exec_driver_sql("PRAGMA secure_delete").scalar_one() == 1
    finally:
        db.dispose()
