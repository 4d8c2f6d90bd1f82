"""Tests of reviewer_app/cache/file_preparation.py: a file made ready, and a reader's open."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import inspect

from reviewer_app.cache import CACHE_FILE, LocalCache, migrations
from reviewer_app.cache.models import OutboxOperation
from tests.cache.busy_writer import write_lock_held


def test_a_reader_opens_and_reads_beside_a_writer_without_waiting(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache, cache.session() as session:
        session.add(OutboxOperation(kind="set_check", application_id="a", payload={}))
    with (
        write_lock_held(data_dir / CACHE_FILE),
        # A writer's open would give up after this wait: a reader takes no write lock.
        LocalCache.open(data_dir, busy_timeout_s=0.05, for_reading=True) as reader,
    ):
        assert reader.schema_version == migrations.latest_version()
        assert reader.pending_operations() == 1


def test_a_reader_leaves_indexes_a_first_sync_left_out_to_the_load(data_dir: Path) -> None:
    LocalCache.open(data_dir).close()
    with closing(sqlite3.connect(data_dir / CACHE_FILE)) as conn:
        conn.execute("DROP INDEX ix_applications_duplicate_of")
        conn.commit()
    with LocalCache.open(data_dir, for_reading=True) as reader:
        names = {index["name"] for index in inspect(reader.engine).get_indexes("applications")}
        assert "ix_applications_duplicate_of" not in names
    with LocalCache.open(data_dir) as writer:
        names = {index["name"] for index in inspect(writer.engine).get_indexes("applications")}
        assert "ix_applications_duplicate_of" in names


def test_a_reader_still_migrates_an_older_file(data_dir: Path) -> None:
    LocalCache.open(data_dir).close()
    with closing(sqlite3.connect(data_dir / CACHE_FILE)) as conn:
        conn.execute("PRAGMA user_version = 11")
        conn.commit()
    with LocalCache.open(data_dir, for_reading=True) as reader:
        assert reader.schema_version == migrations.latest_version()
    with closing(sqlite3.connect(data_dir / CACHE_FILE)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.latest_version()
