"""Sync after the shared database was restored from a backup (issue 11, item 3).

A backup is taken (pg_dump on PostgreSQL, SQLite's backup API on SQLite), reviewers go
on working, then the backup is restored into the same database (on PostgreSQL: drop,
create, pg_restore). Whatever only the laptops still hold must come back, once.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedNote, OutboxOperation, PushedOperation
from reviewer_app.cli import main
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.review.actions import ReviewService
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import erase_application
from reviewer_app.sync import Syncer
from tests.sync_support import (
    OpenCache,
    add_applications,
    cache_rows,
    recreate_pg_database,
    server_count,
    server_rows,
)


class Interrupted(Exception):
    """Raised by a progress callback to cut a sync short."""


class Backup:
    """Takes a backup of the shared database and restores it into the same database."""

    def __init__(self, db: SharedDatabase, url: str, folder: Path) -> None:
        self._db = db
        self._url = make_url(url)
        self._file = folder / "backup.dump"

    def _pg_args(self) -> list[str]:
        url = self._url
        return [
            "-h",
            url.host or "127.0.0.1",
            "-p",
            str(url.port or 5432),
            "-U",
            url.username or "",
        ]

    def take(self) -> None:
        if self._db.dialect == "postgresql":
            subprocess.run(
                [
                    "pg_dump",
                    "-Fc",
                    *self._pg_args(),
                    "-f",
                    str(self._file),
                    self._url.database or "",
                ],
                check=True,
                env={**os.environ, "PGPASSWORD": self._url.password or ""},
            )
            return
        with (
            closing(sqlite3.connect(self._url.database or "")) as source,
            closing(sqlite3.connect(self._file)) as target,
        ):
            source.backup(target)

    def restore(self) -> None:
        self._db.dispose()
        if self._db.dialect == "postgresql":
            name = self._url.database
            recreate_pg_database(self._url)
            subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    *self._pg_args(),
                    "-d",
                    name or "",
                    str(self._file),
                ],
                check=True,
                env={**os.environ, "PGPASSWORD": self._url.password or ""},
            )
            return
        path = Path(self._url.database or "")
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        restored = path.with_name("restored.sqlite3")
        shutil.copyfile(self._file, restored)
        restored.chmod(0o600)
        restored.replace(path)


@pytest.fixture
def backup(db: SharedDatabase, shared_url: str, tmp_path: Path) -> Backup:
    """The backup of the test's shared database (SQLite and PostgreSQL)."""
    return Backup(db, shared_url, tmp_path)


def _notes(cache: LocalCache) -> dict[str, str]:
    with cache.read_session() as session:
        return {note.id: note.body for note in session.scalars(select(CachedNote))}


def _server_notes(db: SharedDatabase) -> dict[str, str]:
    with db.session() as session:
        return {note.id: note.body for note in session.scalars(select(models.Note))}


def _local_state(cache: LocalCache) -> tuple[object, ...]:
    with cache.read_session() as session:
        outbox = session.scalars(select(OutboxOperation.op_id).order_by(OutboxOperation.seq)).all()
        journal = session.scalars(select(PushedOperation.op_id).order_by(PushedOperation.seq)).all()
    return cache_rows(cache), outbox, journal, cache.sync_state().last_revision


def test_notes_pushed_after_the_backup_survive_its_restore_once_each(
    db: SharedDatabase, shared_url: str, backup: Backup, open_cache: OpenCache
) -> None:
    apps = add_applications(db, 10)
    rae, sam = open_cache("rae"), open_cache("sam")
    Syncer(rae, db, "Rae").sync()
    Syncer(sam, db, "Sam").sync()
    review = ReviewService(rae, "Rae")
    before = [review.save_note(apps[i], NoteKind.TRIAGE, f"before {i}").note_id for i in range(3)]
    Syncer(rae, db, "Rae").sync()
    backup.take()

    # After the backup: 20 notes, and an edit of a note the backup has, pushed...
    twenty = {
        review.save_note(apps[i % 10], NoteKind.TRIAGE, f"after {i}").note_id: f"after {i}"
        for i in range(20)
    }
    review.save_note(apps[0], NoteKind.TRIAGE, "before 0, edited", note_id=before[0])
    assert Syncer(rae, db, "Rae").sync().pushed == 21
    # ...which Sam pulls, before checking two things himself...
    Syncer(sam, db, "Sam").sync()
    sams = ReviewService(sam, "Sam")
    sams.set_check(apps[1], "python", CheckResult.MET)
    sams.set_check(apps[2], "english", CheckResult.UNSURE)
    assert Syncer(sam, db, "Sam").sync().pushed == 2
    # ...and a decision of Rae's not pushed yet.
    review.set_decision(apps[3], Stage.INTERVIEW)

    backup.restore()
    assert server_count(db, models.Note) == 3
    assert server_count(db, models.RequirementCheck) == 0

    # sync --check reports it and changes nothing, on either side.
    state, counter = _local_state(rae), server_count(db, models.AppliedOperation)
    out = io.StringIO()
    args = ["sync", "--check", "--json", "--shared", shared_url, "--data-dir", str(rae.path.parent)]
    assert main(args, out) == 0
    report = json.loads(out.getvalue())
    assert report["history_lost"] and "behind" in report["history_lost"]
    assert report["cache_revision"] > report["server_revision"]
    assert (report["pending"], report["unconfirmed"]) == ({"set_decision": 1}, 21)
    # (Rae's two notes on the application with her pending decision are left out.)
    assert report["tables"]["notes"] == {"cache": 21, "server": 3}
    assert not report["in_step"]
    assert _local_state(rae) == state
    assert server_count(db, models.AppliedOperation) == counter

    result = Syncer(rae, db, "Rae").sync()
    assert result.history_lost is not None and result.rebuilt
    assert (result.recovered, result.pushed, result.conflicts) == (21, 22, 0)
    assert result.changes.everything
    expected = {
        **twenty,
        before[0]: "before 0, edited",
        before[1]: "before 1",
        before[2]: "before 2",
    }
    assert _server_notes(db) == expected
    assert _notes(rae) == expected
    assert rae.pending_operations() == 0
    with db.session() as session:
        assert session.get_one(models.Decision, apps[3]).stage == Stage.INTERVIEW

    # Sam finds the same, and sends his two checks again.
    result = Syncer(sam, db, "Sam").sync()
    assert result.history_lost is not None and (result.recovered, result.pushed) == (2, 2)
    Syncer(rae, db, "Rae").sync()
    assert cache_rows(rae) == cache_rows(sam) == server_rows(db)

    # Nothing doubled: every operation applied once; then the syncs have nothing to do.
    assert server_count(db, models.AppliedOperation) == 3 + 21 + 1 + 2
    assert server_count(db, models.Note) == 23
    assert server_count(db, models.RequirementCheck) == 2
    assert server_count(db, models.DecisionHistory) == 1
    for cache, name in ((rae, "Rae"), (sam, "Sam")):
        again = Syncer(cache, db, name).sync()
        assert (again.pushed, again.rebuilt, again.history_lost) == (0, False, None)


def test_a_reader_notices_lost_history_even_when_the_revisions_were_handed_out_again(
    db: SharedDatabase, backup: Backup, open_cache: OpenCache
) -> None:
    apps = add_applications(db, 5)
    rae, tom, reader = open_cache("rae"), open_cache("tom"), open_cache("reader")
    for cache, name in ((rae, "Rae"), (tom, "Tom"), (reader, "Reader")):
        Syncer(cache, db, name).sync()
    ReviewService(tom, "Tom").save_note(apps[0], NoteKind.TRIAGE, "Tom was here")
    ReviewService(rae, "Rae").save_note(apps[0], NoteKind.TRIAGE, "Rae was here")
    Syncer(tom, db, "Tom").sync()
    Syncer(rae, db, "Rae").sync()
    backup.take()
    rae_review = ReviewService(rae, "Rae")
    for i in range(20):
        rae_review.save_note(apps[i % 5], NoteKind.TRIAGE, f"Rae {i}")
    Syncer(rae, db, "Rae").sync()
    Syncer(reader, db, "Reader").sync()
    seen = reader.sync_state().last_revision

    backup.restore()
    # Tom pushes as many notes as Rae had: the server's counter is back where the reader
    # stopped, and its counts agree with the reader's cache. Only the rows differ.
    tom_review = ReviewService(tom, "Tom")
    for i in range(20):
        tom_review.save_note(apps[i % 5], NoteKind.TRIAGE, f"Tom {i}")
    Syncer(tom, db, "Tom").sync()
    with db.session() as session:
        assert session.scalar(select(models.SyncCounter.value)) == seen

    result = Syncer(reader, db, "Reader").sync()
    assert result.history_lost is not None and "missing" in result.history_lost
    assert result.rebuilt and result.recovered == 0
    assert cache_rows(reader) == server_rows(db)
    assert sorted(body for body in _notes(reader).values() if body.startswith("Rae")) == [
        "Rae was here"
    ]
    # Rae, when she syncs, brings her 20 notes back.
    assert Syncer(rae, db, "Rae").sync().recovered == 20
    Syncer(reader, db, "Reader").sync()
    assert cache_rows(reader) == server_rows(db)
    assert server_count(db, models.Note) == 42


def test_a_restore_never_brings_back_notes_on_an_application_erased_since(
    db: SharedDatabase, backup: Backup, open_cache: OpenCache
) -> None:
    erased, kept = add_applications(db, 2)
    rae = open_cache("rae")
    Syncer(rae, db, "Rae").sync()
    backup.take()
    review = ReviewService(rae, "Rae")
    review.save_note(erased, NoteKind.TRIAGE, "about the person who asked to be erased")
    review.save_note(kept, NoteKind.TRIAGE, "kept")
    Syncer(rae, db, "Rae").sync()
    erase_application(db, erased)
    assert Syncer(rae, db, "Rae").sync().deleted == 1

    backup.restore()  # the backup still has the erased application (no notes)
    result = Syncer(rae, db, "Rae").sync()
    assert result.history_lost is not None and result.recovered == 1
    assert server_count(db, models.Note, application_id=erased) == 0
    assert list(_server_notes(db).values()) == ["kept"]


def test_a_recovery_cut_short_is_finished_by_the_next_sync(
    db: SharedDatabase, backup: Backup, open_cache: OpenCache
) -> None:
    apps = add_applications(db, 4)
    rae = open_cache("rae")
    Syncer(rae, db, "Rae").sync()
    backup.take()
    review = ReviewService(rae, "Rae")
    for i in range(8):
        review.save_note(apps[i % 4], NoteKind.TRIAGE, f"note {i}")
    Syncer(rae, db, "Rae").sync()
    backup.restore()

    def stop_after_first_batch(phase: str, _done: int, _total: int) -> None:
        if phase == "push":
            raise Interrupted

    # The lost notes went back to the outbox and the first batch reached the server;
    # then the sync died, before the cache was downloaded afresh.
    with pytest.raises(Interrupted):
        Syncer(rae, db, "Rae", push_batch_size=3, progress=stop_after_first_batch).sync()
    assert rae.pending_operations() == 8
    result = Syncer(rae, db, "Rae").sync()
    assert result.rebuilt and result.pushed == 8
    assert server_count(db, models.Note) == 8
    assert server_count(db, models.AppliedOperation) == 8
    assert cache_rows(rae) == server_rows(db)


def test_changes_on_an_application_the_restore_lost_are_counted_not_hidden(
    db: SharedDatabase, backup: Backup, open_cache: OpenCache
) -> None:
    (kept,) = add_applications(db, 1)
    rae = open_cache("rae")
    Syncer(rae, db, "Rae").sync()
    backup.take()
    (imported_after,) = add_applications(db, 1)
    Syncer(rae, db, "Rae").sync()
    review = ReviewService(rae, "Rae")
    review.save_note(imported_after, NoteKind.TRIAGE, "on an application the backup lacks")
    review.save_note(kept, NoteKind.TRIAGE, "kept")
    Syncer(rae, db, "Rae").sync()

    backup.restore()
    result = Syncer(rae, db, "Rae").sync()
    assert result.history_lost is not None
    assert (result.recovered, result.dropped) == (2, 1)
    assert list(_server_notes(db).values()) == ["kept"]
    assert cache_rows(rae) == server_rows(db)
