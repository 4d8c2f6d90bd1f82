"""Tests of reviewer_app/sync/holdings.py: a missing or empty shared database keeps the cache.

And of the push's side of it (reviewer_app/sync/push_batch.py): a change on an application
the server has no row for, and never erased, stays pending instead of counting as sent.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import make_url

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import SYNC_STATE_ID, OutboxOperation, SyncStateRow
from reviewer_app.domain.vocabulary import NoteKind
from reviewer_app.review.actions import ReviewService
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import erase_application
from reviewer_app.sync import Syncer
from reviewer_app.sync.holdings import (
    SharedDatabaseEmpty,
    SharedFileMissing,
    refuse_missing_file,
)
from tests.sync_support import (
    OpenCache,
    add_applications,
    cache_rows,
    recreate_pg_database,
    server_count,
)


def _recreated_empty(db: SharedDatabase, url: str) -> SharedDatabase:
    """Puts a new, empty (migrated) database behind ``url``, as a recreated one would be."""
    db.dispose()
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        recreate_pg_database(parsed)
    else:
        path = Path(parsed.database or "")
        for name in (path.name, path.name + "-wal", path.name + "-shm"):
            path.with_name(name).unlink(missing_ok=True)
    fresh = SharedDatabase(url)
    fresh.migrate()
    return fresh


def _outbox(cache: LocalCache) -> list[str]:
    with cache.read_session() as session:
        return list(session.scalars(select(OutboxOperation.op_id).order_by(OutboxOperation.seq)))


def _forget_instance(cache: LocalCache) -> None:
    # A cache synced before instance ids were recorded: only the emptiness protects it.
    with cache.session() as session:
        session.get_one(SyncStateRow, SYNC_STATE_ID).shared_instance = None


def test_a_new_cache_lets_the_demo_be_made(open_cache: OpenCache, tmp_path: Path) -> None:
    refuse_missing_file(open_cache("new"), tmp_path / "shared.sqlite3")  # raises nothing


def test_a_missing_file_is_refused_while_the_cache_holds_work(
    db: SharedDatabase, open_cache: OpenCache, tmp_path: Path
) -> None:
    first, _second = add_applications(db, 2)
    rae = open_cache("rae")
    Syncer(rae, db, "Rae").sync()
    ReviewService(rae, "Rae").save_note(first, NoteKind.TRIAGE, "not sent yet")
    missing = tmp_path / "moved" / "shared.sqlite3"
    with pytest.raises(SharedFileMissing) as raised:
        refuse_missing_file(rae, missing)
    message = str(raised.value)
    assert str(missing) in message and str(rae.path) in message
    assert "2 applications and 1 change not yet sent" in message
    assert "Settings" in message
    assert "move the cache file aside" in message  # the way to start afresh on purpose
    assert (raised.value.holdings.applications, raised.value.holdings.pending) == (2, 1)


@pytest.mark.parametrize("instance_known", [True, False])
def test_an_empty_database_behind_the_same_url_is_refused_and_the_cache_kept(
    db: SharedDatabase, shared_url: str, open_cache: OpenCache, instance_known: bool
) -> None:
    first, _second, _third = add_applications(db, 3)
    rae = open_cache("rae")
    Syncer(rae, db, "Rae").sync()
    ReviewService(rae, "Rae").save_note(first, NoteKind.TRIAGE, "not sent yet")
    if not instance_known:
        _forget_instance(rae)
    before, outbox = cache_rows(rae), _outbox(rae)
    empty = _recreated_empty(db, shared_url)
    try:
        with pytest.raises(SharedDatabaseEmpty) as raised:
            Syncer(rae, empty, "Rae").sync()
        assert empty.url_for_display in str(raised.value)
        assert "3 applications and 1 change not yet sent" in str(raised.value)
        assert "move the cache file aside" in str(raised.value)  # a fresh start meant
        assert cache_rows(rae) == before
        assert _outbox(rae) == outbox
        assert rae.sync_state().last_error == str(raised.value)
        assert server_count(empty, models.Note) == 0  # nothing was sent either
    finally:
        empty.dispose()


def test_a_new_cache_syncs_with_an_empty_database(
    db: SharedDatabase, open_cache: OpenCache
) -> None:
    result = Syncer(open_cache("rae"), db, "Rae").sync()
    assert (result.pulled, result.rebuilt) == (0, False)


def _application_row(db: SharedDatabase, application_id: str) -> dict[str, Any]:
    table = models.Application.__table__
    with db.engine.connect() as connection:
        row = connection.execute(select(table).where(table.c.id == application_id)).one()
    return dict(row._mapping)


def test_a_change_on_an_application_the_server_lacks_stays_pending_until_it_is_back(
    db: SharedDatabase, open_cache: OpenCache
) -> None:
    lost, kept = add_applications(db, 2)
    rae = open_cache("rae")
    Syncer(rae, db, "Rae").sync()
    review = ReviewService(rae, "Rae")
    review.save_note(lost, NoteKind.TRIAGE, "on an application the server lost")
    review.save_note(kept, NoteKind.TRIAGE, "kept")
    review.save_note(lost, NoteKind.TRIAGE, "a second one")
    row = _application_row(db, lost)
    table = models.Application.__table__
    with db.engine.begin() as connection:  # gone without an erasure (no tombstone)
        connection.execute(delete(table).where(table.c.id == lost))

    result = Syncer(rae, db, "Rae").sync()
    assert (result.pushed, result.dropped) == (1, 0)  # the note on the kept one only
    assert rae.pending_operations() == 2
    assert server_count(db, models.AppliedOperation) == 1
    assert server_count(db, models.Note) == 1

    with db.engine.begin() as connection:  # the application is back (the file put back)
        connection.execute(insert(table).values(row))
    result = Syncer(rae, db, "Rae").sync()
    assert result.pushed == 2
    assert rae.pending_operations() == 0
    assert server_count(db, models.Note) == 3


def test_a_change_on_an_erased_application_is_still_dropped(
    db: SharedDatabase, open_cache: OpenCache
) -> None:
    # Every application erased: no application, but tombstones, so the database is not
    # "empty" and the cache follows it.
    (gone,) = add_applications(db, 1)
    rae = open_cache("rae")
    Syncer(rae, db, "Rae").sync()
    ReviewService(rae, "Rae").save_note(gone, NoteKind.TRIAGE, "too late")
    erase_application(db, gone)
    result = Syncer(rae, db, "Rae").sync()
    assert (result.pushed, result.dropped) == (1, 1)
    assert rae.pending_operations() == 0
    assert cache_rows(rae)["applications"] == []


def test_copying_the_folder_without_the_database_is_what_the_missing_file_means(
    tmp_path: Path, open_cache: OpenCache
) -> None:
    # The defect's own path: a data folder copied elsewhere, its shared file left behind.
    source = SharedDatabase(f"sqlite:///{tmp_path / 'shared.sqlite3'}")
    source.migrate()
    add_applications(source, 1)
    rae = open_cache("rae")
    Syncer(rae, source, "Rae").sync()
    source.dispose()
    copy = tmp_path / "copy"
    shutil.copytree(rae.path.parent, copy)
    with LocalCache.open(copy) as copied, pytest.raises(SharedFileMissing):
        refuse_missing_file(copied, copy / "shared.sqlite3")
