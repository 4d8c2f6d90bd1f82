"""Tests of erasing an application from the shared database."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.errors import UserError
from reviewer_app.server import models
from reviewer_app.server.compaction import compact_erased_space
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import erase_application, erasure_lookup
from reviewer_app.server.revisions import reserve_revisions

ATTACHED = (
    models.RequirementCheck,
    models.Note,
    models.Decision,
    models.DecisionHistory,
    models.Assignment,
    models.Contact,
    models.Interview,
)


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
                models.Assignment(application_id=application_id, reviewer_id=reviewer_id),
                models.Contact(
                    application_id=application_id,
                    reviewer_id=reviewer_id,
                    template_slug="decline",
                    subject="Your application",
                ),
                models.Interview(application_id=application_id, timezone="UTC"),
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
        "assignments": 1,
        "contacts": 1,
        "interviews": 1,
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
    assert str(report).startswith(f"erased application {erased} (1 application)")


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


# --- the erasure record, the person's other applications, compaction -------------------


def _erasure_rows(db: SharedDatabase) -> list[tuple[str, str | None, str]]:
    with db.session() as session:
        rows = session.scalars(select(models.Erasure)).all()
        return [(r.response_hash, r.email_hash, r.application_id) for r in rows]


def test_an_erasure_keeps_keyed_hashes_never_the_values(
    db: SharedDatabase, add_application: Callable[..., str]
) -> None:
    erased = add_application(response_id="form-7731", email="Ada.L@Example.org")
    erase_application(db, erased)

    [(response_hash, email_hash, application_id)] = _erasure_rows(db)
    assert application_id == erased
    assert len(response_hash) == 64 and len(email_hash or "") == 64
    # Hex digits only: nothing of the values is stored as text.
    assert set(response_hash + (email_hash or "")) <= set("0123456789abcdef")
    # Keyed: an unkeyed hash of the values, which anyone could compute, is not it.
    for value in ("form-7731", "ada.l@example.org", "Ada.L@Example.org"):
        assert hashlib.sha256(value.encode()).hexdigest() not in (response_hash, email_hash)
    with db.session() as session:
        lookup = erasure_lookup(session)
    assert lookup.response_erased("form-7731")
    assert lookup.email_erased("\uff41\uff44\uff41.l@example.ORG")  # full-width letters
    assert not lookup.response_erased("form-7732")


def test_each_database_has_its_own_erasure_key(db: SharedDatabase, tmp_path: Path) -> None:
    other = SharedDatabase(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        other.migrate()
        with db.session() as one, other.session() as two:
            secrets = {s.get_one(models.ErasureKey, 1).secret for s in (one, two)}
    finally:
        other.dispose()
    assert len(secrets) == 2 and all(len(secret) == 64 for secret in secrets)


def test_the_person_s_other_applications_are_named_and_kept_without_the_flag(
    db: SharedDatabase, add_application: Callable[..., str]
) -> None:
    erased = add_application(email="ada@example.org")
    look_alike = add_application(email="\uff41\uff44\uff41@EXAMPLE.org")  # full-width
    add_application(email="bo@example.org")

    report = erase_application(db, erased)

    assert report.same_email == [look_alike]
    assert report.also_erased == []
    assert (
        f"1 other application(s) share its email address ({look_alike}) and were kept; to "
        f"erase them too, run: uv run main.py erase {erased} --all-for-email"
    ) in str(report)
    with db.session() as session:
        assert session.get(models.Application, look_alike) is not None


def test_all_for_email_erases_the_person_s_other_applications_with_it(
    db: SharedDatabase, add_application: Callable[..., str], reviewer_id: int
) -> None:
    first = add_application(email="ada@example.org")
    second = add_application(email="ada\u200b@example.org", duplicate_of=first)
    third = add_application(email="ADA@example.org", duplicate_of=first)
    kept = add_application(email="bo@example.org")
    _attach_records(db, third, reviewer_id)

    report = erase_application(db, first, all_for_email=True)

    assert report.also_erased == sorted([second, third])
    assert report.same_email == []
    assert report.deleted_rows["applications"] == 3
    assert report.deleted_rows["notes"] == 1
    assert report.unlinked_duplicates == []
    with db.session() as session:
        assert session.scalars(select(models.Application.id)).all() == [kept]
        tombstoned = session.scalars(select(models.Tombstone.entity_id)).all()
    assert sorted(tombstoned) == sorted([first, second, third])
    assert len(_erasure_rows(db)) == 3
    assert str(report).startswith(f"erased application {first} and 2 other application(s)")


def test_all_for_email_after_the_fact_erases_what_is_left(
    db: SharedDatabase, add_application: Callable[..., str]
) -> None:
    erased = add_application(response_id="form-1", email="ada@example.org")
    other = add_application(email="Ada@Example.org")
    erase_application(db, erased)

    with pytest.raises(UserError, match=rf"already erased on .*\({other}\).*--all-for-email"):
        erase_application(db, erased)
    report = erase_application(db, "form-1", all_for_email=True)

    assert report.erased_before and report.also_erased == [other]
    assert str(report).startswith(f"application {erased} was erased before; erased 1 other")
    with pytest.raises(UserError, match="nothing is left to erase"):
        erase_application(db, erased, all_for_email=True)


def test_an_application_without_email_shares_it_with_nobody(
    db: SharedDatabase, add_application: Callable[..., str]
) -> None:
    erased = add_application(email="")
    kept = add_application(email="")
    report = erase_application(db, erased, all_for_email=True)
    assert report.also_erased == [] and report.same_email == []
    with db.session() as session:
        assert session.get(models.Application, kept) is not None


def test_compaction_rewrites_the_tables_of_erased_rows(
    db: SharedDatabase, add_application: Callable[..., str]
) -> None:
    for _ in range(40):
        # Random text: compressed, repeated text would fit in the pages already there.
        add_application(answers=[["Why?", os.urandom(4000).hex()]])
    with db.session() as session:
        ids = session.scalars(select(models.Application.id)).all()
    for application_id in ids[:35]:
        erase_application(db, application_id)
    before = _storage_identity(db)

    report = compact_erased_space(db)
    for _ in range(10):
        # A snapshot another connection of the server still held (a parallel test's,
        # say) keeps the erased rows' versions: compacting again once it has ended.
        if report.bytes_after < report.bytes_before or db.dialect != "postgresql":
            break
        time.sleep(0.5)
        report = compact_erased_space(db)

    assert _storage_identity(db) != before  # new files, without the erased rows' space
    if db.dialect == "postgresql":
        assert report.command.startswith("VACUUM (FULL, ANALYZE) applications, ")
    else:
        assert report.command == "VACUUM"
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA freelist_count").scalar_one() == 0
    assert report.bytes_after < report.bytes_before
    assert "bytes before" in str(report)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Application)) == 5


def _storage_identity(db: SharedDatabase) -> object:
    """What changes when a table (PostgreSQL) or the file (SQLite) is rewritten."""
    with db.engine.connect() as connection:
        if db.dialect == "postgresql":
            return connection.execute(text("SELECT pg_relation_filenode('applications')")).one()
        return (
            connection.exec_driver_sql("PRAGMA page_count").scalar_one(),
            connection.exec_driver_sql("PRAGMA freelist_count").scalar_one(),
        )
