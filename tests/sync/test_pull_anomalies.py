"""A pull never crashes or freezes on rows the app never writes (forged in direct SQL).

Each test forges rows on the shared database as its owner, bypassing the ORM's revision
stamping (revisions taken from sync_counter by hand) and, where needed, the foreign keys
and CHECK constraints; then a laptop syncs: the sync succeeds, reports the row by table
and key, leaves the cache consistent, and a legitimate change made after the forged one
still arrives at the next sync.
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

from sqlalchemy import select, text

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication, CachedDecision, CachedNote
from reviewer_app.domain.vocabulary import CheckResult, NoteKind
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.sync import Syncer, SyncResult
from tests.sync_support import OpenCache, add_applications

_TIME = "2026-01-02 03:04:05.000000"
# The next revision, taken by hand as a writer would (the counter first).
_TAKE = "UPDATE sync_counter SET value = value + 1 WHERE id = 1"
_REVISION = "(SELECT value FROM sync_counter WHERE id = 1)"


def forge(db: SharedDatabase, *statements: str, **parameters: Any) -> None:
    """Runs SQL on the shared database as its owner, foreign keys and CHECKs bypassed."""
    if db.dialect == "sqlite":
        path = db.engine.url.database
        assert path is not None
        # A plain sqlite3 connection has foreign keys off.
        connection = sqlite3.connect(path)
        try:
            connection.execute("PRAGMA ignore_check_constraints = ON")
            with connection:
                for statement in statements:
                    connection.execute(statement, parameters)
        finally:
            connection.close()
        return
    with db.engine.begin() as connection:
        # As the superuser: no foreign key triggers fire.
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for statement in statements:
            connection.execute(text(statement), parameters)


def add_reviewer(db: SharedDatabase, name: str) -> int:
    with db.session() as session:
        reviewer = models.Reviewer(name=name)
        session.add(reviewer)
        session.flush()
        return reviewer.id


def add_note_and_check(db: SharedDatabase, application_id: str, reviewer_id: int) -> str:
    """A note and a check on an application, as a push makes them; returns the note's id."""
    with db.session() as session:
        note = models.Note(
            id=str(uuid.uuid4()),
            application_id=application_id,
            author_id=reviewer_id,
            kind=NoteKind.TRIAGE,
            body="Strong",
        )
        check = models.RequirementCheck(
            application_id=application_id,
            check_key="python",
            reviewer_id=reviewer_id,
            result=CheckResult.MET,
        )
        session.add_all([note, check])
        session.flush()
        return note.id


def forged_note(application_id: str, author_id: int) -> tuple[str, dict[str, Any]]:
    note_id = str(uuid.uuid4())
    statement = (
        "INSERT INTO notes (id, application_id, author_id, kind, body, created_at, revision) "
        f"VALUES (:note_id, :note_application, :note_author, 'triage', 'forged', '{_TIME}', "
        f"{_REVISION})"
    )
    return statement, {
        "note_id": note_id,
        "note_application": application_id,
        "note_author": author_id,
    }


def assert_consistent(cache: LocalCache) -> None:
    with cache.read_session() as session:
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []
    assert cache.sync_state().last_revision < 9_000_000_000_000_000_000


def reported(result: SyncResult, *words: str) -> bool:
    return any(all(word in anomaly for word in words) for anomaly in result.anomalies)


def cached_ids(cache: LocalCache) -> set[str]:
    with cache.read_session() as session:
        return set(session.scalars(select(CachedApplication.id)))


def assert_later_change_arrives(db: SharedDatabase, syncer: Syncer, cache: LocalCache) -> None:
    """A legitimate change made after the forged rows reaches the laptop."""
    (later,) = add_applications(db, 1)
    result = syncer.sync()
    assert later in cached_ids(cache)
    assert not result.rebuilt, "the anomaly made the count check fail again"
    assert_consistent(cache)


def test_forged_tombstone_of_an_application_with_a_note_and_a_check(
    db: SharedDatabase, open_cache: OpenCache
) -> None:
    app, _other = add_applications(db, 2)
    rae = add_reviewer(db, "Rae")
    add_note_and_check(db, app, rae)
    sam = open_cache("sam")
    syncer = Syncer(sam, db, "Sam")
    syncer.sync()
    note, parameters = forged_note(app, rae)
    forge(
        db,
        _TAKE,
        "INSERT INTO tombstones (entity, entity_id, deleted_at, revision) "
        f"VALUES ('application', :app, '{_TIME}', {_REVISION})",
        _TAKE,
        note,
        app=app,
        **parameters,
    )

    result = syncer.sync()

    assert reported(result, "tombstones", "still on the server")
    assert result.anomaly_count == 1
    assert_consistent(sam)
    # The server still has the application: the cache keeps it, with every note.
    assert app in cached_ids(sam)
    with sam.read_session() as session:
        assert session.get(CachedNote, parameters["note_id"]) is not None
    assert_later_change_arrives(db, syncer, sam)
    # A laptop syncing for the first time gets the same picture, without a rebuild.
    fresh = open_cache("fresh")
    first = Syncer(fresh, db, "Fresh").sync()
    assert not first.rebuilt
    assert cached_ids(fresh) == cached_ids(sam)


def test_note_of_an_application_that_does_not_exist(
    db: SharedDatabase, open_cache: OpenCache
) -> None:
    add_applications(db, 2)
    rae = add_reviewer(db, "Rae")
    sam = open_cache("sam")
    syncer = Syncer(sam, db, "Sam")
    syncer.sync()
    note, parameters = forged_note("no-such-application", rae)
    forge(db, _TAKE, note, **parameters)

    result = syncer.sync()

    assert reported(result, "notes", parameters["note_id"], "no-such-application")
    assert_consistent(sam)
    with sam.read_session() as session:
        assert session.get(CachedNote, parameters["note_id"]) is None
    assert_later_change_arrives(db, syncer, sam)


def test_check_of_a_reviewer_that_does_not_exist(db: SharedDatabase, open_cache: OpenCache) -> None:
    app, _other = add_applications(db, 2)
    sam = open_cache("sam")
    syncer = Syncer(sam, db, "Sam")
    forge(
        db,
        _TAKE,
        "INSERT INTO requirement_checks "
        "(application_id, check_key, reviewer_id, result, comment, updated_at, revision) "
        f"VALUES (:app, 'python', 4242, 'met', '', '{_TIME}', {_REVISION})",
        app=app,
    )

    result = syncer.sync()

    assert reported(result, "requirement_checks", "reviewer_id=4242")
    assert_consistent(sam)
    assert_later_change_arrives(db, syncer, sam)


def test_revision_far_above_the_counter_does_not_freeze_sync(
    db: SharedDatabase, open_cache: OpenCache
) -> None:
    app, _other = add_applications(db, 2)
    sam = open_cache("sam")
    syncer = Syncer(sam, db, "Sam")
    syncer.sync()
    forge(db, "UPDATE applications SET revision = 9000000000000000000 WHERE id = :app", app=app)

    result = syncer.sync()

    assert reported(result, "applications", app, "9000000000000000000", "not pulled")
    assert_consistent(sam)
    # Another reviewer's later edit still arrives.
    rae = add_reviewer(db, "Rae")
    (other,) = add_applications(db, 1)
    note_id = add_note_and_check(db, other, rae)
    again = syncer.sync()
    assert reported(again, "applications", app, "not pulled")
    with sam.read_session() as session:
        assert session.get(CachedNote, note_id) is not None
    assert_later_change_arrives(db, syncer, sam)


def test_negative_revision_is_reported(db: SharedDatabase, open_cache: OpenCache) -> None:
    app, _other = add_applications(db, 2)
    forge(db, "UPDATE applications SET revision = -7 WHERE id = :app", app=app)
    sam = open_cache("sam")
    syncer = Syncer(sam, db, "Sam")

    result = syncer.sync()

    assert reported(result, "applications", app, "revision -7")
    assert app not in cached_ids(sam)
    assert not result.rebuilt
    assert_consistent(sam)
    assert_later_change_arrives(db, syncer, sam)


def test_unknown_stage_of_a_decision(db: SharedDatabase, open_cache: OpenCache) -> None:
    app, other = add_applications(db, 2)
    if db.dialect == "postgresql":
        # No CHECK constraint is bypassed by replica mode: this test's own database.
        forge(db, "ALTER TABLE decisions DROP CONSTRAINT ck_decisions_stage")
    sam = open_cache("sam")
    syncer = Syncer(sam, db, "Sam")
    syncer.sync()
    forge(
        db,
        _TAKE,
        "INSERT INTO decisions (application_id, stage, decided_at, revision) "
        f"VALUES (:app, 'bribed', '{_TIME}', {_REVISION})",
        app=app,
    )

    result = syncer.sync()

    assert reported(result, "decisions", app, "unknown stage 'bribed'")
    assert_consistent(sam)
    with sam.read_session() as session:
        assert session.get(CachedDecision, app) is None
    assert_later_change_arrives(db, syncer, sam)
    assert other in cached_ids(sam)


def test_answers_that_are_not_a_json_list_are_stored_as_none(
    db: SharedDatabase, open_cache: OpenCache
) -> None:
    app, other = add_applications(db, 2)
    sam = open_cache("sam")
    syncer = Syncer(sam, db, "Sam")
    syncer.sync()
    answers = {"sqlite": "not json {", "postgresql": '{"a": 1}'}[db.dialect]
    forge(
        db,
        _TAKE,
        f"UPDATE applications SET answers = :answers, revision = {_REVISION} WHERE id = :app",
        _TAKE,
        f"UPDATE applications SET answers = '\"text\"', revision = {_REVISION} WHERE id = :other",
        app=app,
        other=other,
        answers=answers,
    )

    result = syncer.sync()

    assert reported(result, "applications", app, "not a JSON list")
    assert reported(result, "applications", other, "not a JSON list")
    with sam.read_session() as session:
        assert session.get_one(CachedApplication, app).answers == []
        assert session.get_one(CachedApplication, other).answers == []
    assert_consistent(sam)
    assert_later_change_arrives(db, syncer, sam)


def test_erasure_with_children_left_on_the_server(
    db: SharedDatabase, open_cache: OpenCache
) -> None:
    app, _other = add_applications(db, 2)
    rae = add_reviewer(db, "Rae")
    note_id = add_note_and_check(db, app, rae)
    sam = open_cache("sam")
    syncer = Syncer(sam, db, "Sam")
    syncer.sync()
    # The application deleted with its tombstone, its note and check left behind.
    note, parameters = forged_note(app, rae)
    forge(
        db,
        "DELETE FROM applications WHERE id = :app",
        _TAKE,
        "INSERT INTO tombstones (entity, entity_id, deleted_at, revision) "
        f"VALUES ('application', :app, '{_TIME}', {_REVISION})",
        _TAKE,
        note,
        app=app,
        **parameters,
    )

    result = syncer.sync()

    assert result.deleted == 1
    assert reported(result, "notes", parameters["note_id"], "is missing")
    assert app not in cached_ids(sam)
    with sam.read_session() as session:
        assert session.get(CachedNote, note_id) is None
    assert_consistent(sam)
    assert_later_change_arrives(db, syncer, sam)
