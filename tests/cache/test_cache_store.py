"""Tests of reviewer_app/cache/store.py: the local cache file and its schema versions."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Connection, inspect, select
from sqlalchemy.exc import IntegrityError

from reviewer_app.cache import (
    CACHE_FILE,
    CacheBusy,
    CacheCorrupt,
    CacheDiskFull,
    CacheReadOnly,
    CacheTooNew,
    LocalCache,
    SyncState,
    migrations,
)
from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CachedApplication,
    CachedDecision,
    CachedNote,
    CachedRequirementCheck,
    Draft,
    OutboxOperation,
    Revealed,
    SyncStateRow,
)
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.errors import UserError

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX only")


@pytest.fixture
def cache(data_dir: Path) -> Iterator[LocalCache]:
    """A new cache, closed after the test."""
    opened = LocalCache.open(data_dir)
    try:
        yield opened
    finally:
        opened.close()


def _user_version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _application(app_id: str = "app-1") -> CachedApplication:
    return CachedApplication(
        id=app_id, response_id=f"resp-{app_id}", name="Ada", content_hash="h", revision=1
    )


def _operation(application_id: str = "app-1") -> OutboxOperation:
    return OutboxOperation(kind="set_check", application_id=application_id, payload={"k": 1})


@posix_only
def test_new_cache_file_is_owner_only_and_in_wal_mode(cache: LocalCache) -> None:
    with cache.session() as session:
        session.add(_operation())
    assert cache.path.name == CACHE_FILE
    for path in cache.path.parent.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    with cache.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


@posix_only
def test_missing_data_folder_is_made_owner_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "missing" / "data"
    with LocalCache.open(data_dir) as cache:
        assert cache.path.exists()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


@posix_only
def test_open_tightens_a_world_readable_cache(data_dir: Path) -> None:
    LocalCache.open(data_dir).close()
    path = data_dir / CACHE_FILE
    path.chmod(0o644)
    with LocalCache.open(data_dir):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_new_cache_has_latest_schema_version(cache: LocalCache) -> None:
    assert cache.schema_version == migrations.latest_version() == 13
    assert _user_version(cache.path) == migrations.latest_version()
    assert cache.sync_state() == SyncState(
        last_revision=0, last_sync_at=None, last_attempt_at=None, last_error=None
    )


def test_reopening_runs_no_migration_and_changes_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    LocalCache.open(data_dir).close()
    path = data_dir / CACHE_FILE
    before = path.read_bytes()

    def must_not_run(connection: Connection) -> None:
        raise AssertionError("a migration ran on an up-to-date cache")

    latest = migrations.latest_version()
    monkeypatch.setattr(migrations, "MIGRATIONS", [must_not_run] * latest)
    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == latest
    assert path.read_bytes() == before


def test_too_new_cache_is_refused_and_left_untouched(data_dir: Path) -> None:
    path = data_dir / CACHE_FILE
    # Made by "a newer app" in rollback-journal mode: switching it to WAL would write.
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE future (x)")
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns

    with pytest.raises(CacheTooNew) as excinfo:
        LocalCache.open(data_dir)

    assert str(path) in str(excinfo.value)
    assert excinfo.value.found == 99
    assert isinstance(excinfo.value, UserError)
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in data_dir.iterdir()) == [CACHE_FILE]


def test_garbage_file_is_reported_corrupt_with_its_path(data_dir: Path) -> None:
    path = data_dir / CACHE_FILE
    path.write_bytes(b"this is not an SQLite database\n" * 200)
    before = path.read_bytes()

    with pytest.raises(CacheCorrupt) as excinfo:
        LocalCache.open(data_dir)

    message = str(excinfo.value)
    assert str(path) in message
    assert "salvage" in message
    assert path.read_bytes() == before


def test_pending_operations_counts_the_outbox(cache: LocalCache) -> None:
    assert cache.pending_operations() == 0
    with cache.session() as session:
        session.add_all([_operation(), _operation(), _operation("app-2")])
    assert cache.pending_operations() == 3


def test_outbox_operations_get_increasing_seq_and_unique_op_ids(cache: LocalCache) -> None:
    with cache.session() as session:
        session.add_all([_operation() for _ in range(3)])
    with cache.read_session() as session:
        rows = session.scalars(select(OutboxOperation).order_by(OutboxOperation.seq)).all()
    assert [row.seq for row in rows] == [1, 2, 3]
    assert len({row.op_id for row in rows}) == 3


def test_session_rolls_back_on_exception(cache: LocalCache) -> None:
    with pytest.raises(RuntimeError, match="boom"), cache.session() as session:
        session.add(_operation())
        session.flush()
        raise RuntimeError("boom")
    assert cache.pending_operations() == 0


def test_session_commits_on_success(cache: LocalCache) -> None:
    now = datetime(2025, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    with cache.session() as session:
        state = session.get_one(SyncStateRow, SYNC_STATE_ID)
        state.last_revision = 42
        state.last_sync_at = now
    snapshot = cache.sync_state()
    assert snapshot.last_revision == 42
    # Read back as the same instant, in UTC.
    assert snapshot.last_sync_at == now
    assert snapshot.last_sync_at is not None and snapshot.last_sync_at.tzinfo == UTC


def test_rows_may_arrive_before_the_application_they_point_to(cache: LocalCache) -> None:
    with cache.session() as session:
        session.add(
            CachedNote(application_id="app-1", author_name="Bo", kind=NoteKind.TRIAGE, revision=3)
        )
        session.flush()
        session.add(_application("app-1"))
    with pytest.raises(IntegrityError), cache.session() as session:
        session.add(CachedNote(application_id="nowhere", author_name="Bo", kind=NoteKind.TRIAGE))


def _index_columns(cache: LocalCache, table: str, name: str) -> list[str | None]:
    (index,) = (i for i in inspect(cache.engine).get_indexes(table) if i["name"] == name)
    return list(index["column_names"])


def test_a_version_8_cache_gets_the_check_times_in_its_index(data_dir: Path) -> None:
    with LocalCache.open(data_dir):
        pass
    with closing(sqlite3.connect(data_dir / CACHE_FILE)) as conn:
        conn.execute("DROP INDEX ix_checks_mine")
        conn.execute(
            "CREATE INDEX ix_checks_mine ON requirement_checks "
            "(reviewer_name, application_id, check_key, result)"
        )  # as version 8 made it
        conn.execute("PRAGMA user_version = 8")
        conn.commit()
    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == migrations.latest_version()
        assert _index_columns(cache, "requirement_checks", "ix_checks_mine") == [
            "reviewer_name", "application_id", "check_key", "result", "updated_at"
        ]  # fmt: skip


def test_declined_without_reason_is_a_bug_not_a_user_error(cache: LocalCache) -> None:
    with pytest.raises(IntegrityError), cache.session() as session:
        session.add(_application())
        session.add(CachedDecision(application_id="app-1", stage=Stage.DECLINED, reason=None))


def test_list_columns_are_indexed(cache: LocalCache) -> None:
    inspector = inspect(cache.engine)
    indexed = {
        (table, tuple(index["column_names"]))
        for table in ("applications", "decisions")
        for index in inspector.get_indexes(table)
    }
    for column in ("submitted_at", "name_key", "position_id", "duplicate_of"):
        assert ("applications", (column,)) in indexed
    assert ("decisions", ("stage",)) in indexed


def test_a_version_11_cache_loses_the_email_index_that_no_query_used(data_dir: Path) -> None:
    LocalCache.open(data_dir).close()
    path = data_dir / CACHE_FILE
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE INDEX ix_applications_email ON applications (email)")
        conn.execute("PRAGMA user_version = 11")
        conn.commit()
    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == migrations.latest_version()
        names = {index["name"] for index in inspect(cache.engine).get_indexes("applications")}
    assert "ix_applications_email" not in names
    assert "ix_applications_name_key" in names


def test_migration_steps_run_in_order_and_only_once(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_schema = migrations.MIGRATIONS[0]
    monkeypatch.setattr(migrations, "MIGRATIONS", [create_schema])
    LocalCache.open(data_dir).close()
    ran: list[int] = []

    def to_v2(connection: Connection) -> None:
        ran.append(2)
        connection.exec_driver_sql("ALTER TABLE applications ADD COLUMN flagged INTEGER")

    def to_v3(connection: Connection) -> None:
        ran.append(3)
        connection.exec_driver_sql("CREATE INDEX ix_applications_flagged ON applications (flagged)")

    monkeypatch.setattr(migrations, "MIGRATIONS", [create_schema, to_v2, to_v3])
    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == 3
    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == 3
        columns = {c["name"] for c in inspect(cache.engine).get_columns("applications")}
    assert ran == [2, 3]
    assert "flagged" in columns
    assert _user_version(data_dir / CACHE_FILE) == 3


def test_new_cache_skips_upgrade_steps(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def to_v2(connection: Connection) -> None:
        raise AssertionError("the first step already makes the latest schema")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], to_v2])
    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == 2


def test_failed_migration_leaves_the_old_version_intact(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    LocalCache.open(data_dir).close()

    def broken(connection: Connection) -> None:
        connection.exec_driver_sql("CREATE TABLE half_done (x)")
        raise RuntimeError("step failed")

    before = migrations.latest_version()
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    with pytest.raises(RuntimeError, match="step failed"):
        LocalCache.open(data_dir)

    path = data_dir / CACHE_FILE
    assert _user_version(path) == before
    with closing(sqlite3.connect(path)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables


def test_full_disk_is_a_user_error(cache: LocalCache) -> None:
    with pytest.raises(CacheDiskFull) as excinfo, cache.session() as session:
        # Caps the file at its current size, as a full disk would.
        session.connection().exec_driver_sql("PRAGMA max_page_count = 1")
        session.add(
            OutboxOperation(kind="save_note", application_id="a", payload={"x": "y" * 10**6})
        )
    assert str(cache.path) in str(excinfo.value)


def test_read_only_cache_is_a_user_error(cache: LocalCache) -> None:
    with pytest.raises(CacheReadOnly), cache.session() as session:
        session.connection().exec_driver_sql("PRAGMA query_only = ON")
        session.add(_operation())
        session.flush()


def test_cache_locked_by_another_program_is_a_user_error(data_dir: Path) -> None:
    with (
        LocalCache.open(data_dir) as first,
        LocalCache.open(data_dir, busy_timeout_s=0.05) as second,
        first.session() as session,
    ):
        session.add(_operation())
        session.flush()
        with pytest.raises(CacheBusy), second.session() as other:
            other.add(_operation())
        # In WAL mode a reader is not blocked by the writer; it sees the last commit.
        assert second.pending_operations() == 0


def test_a_version_1_cache_gets_the_duplicate_of_index(data_dir: Path) -> None:
    LocalCache.open(data_dir).close()
    path = data_dir / CACHE_FILE
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP INDEX ix_applications_duplicate_of")
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == migrations.latest_version()
        names = {index["name"] for index in inspect(cache.engine).get_indexes("applications")}
    assert "ix_applications_duplicate_of" in names


def test_a_version_3_cache_learns_which_shared_database_it_mirrors(data_dir: Path) -> None:
    LocalCache.open(data_dir).close()
    with closing(sqlite3.connect(data_dir / CACHE_FILE)) as conn:
        conn.execute("ALTER TABLE sync_state DROP COLUMN shared_instance")
        conn.execute("PRAGMA user_version = 3")
        conn.commit()
    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == migrations.latest_version()
        columns = {c["name"] for c in inspect(cache.engine).get_columns("sync_state")}
    assert "shared_instance" in columns


def test_a_version_4_cache_gets_the_journal_and_the_witness_keeping_its_rows(
    data_dir: Path,
) -> None:
    with LocalCache.open(data_dir) as cache, cache.session() as session:
        session.add(_operation())
    with closing(sqlite3.connect(data_dir / CACHE_FILE)) as conn:
        conn.execute("DROP TABLE pushed_operations")
        for column in ("witness_table", "witness_key", "witness_application", "rebuild_pending"):
            conn.execute(f"ALTER TABLE sync_state DROP COLUMN {column}")
        conn.execute("PRAGMA user_version = 4")
        conn.commit()
    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == migrations.latest_version()
        assert cache.pending_operations() == 1
        with cache.read_session() as session:
            state = session.get_one(SyncStateRow, SYNC_STATE_ID)
            assert (state.witness_table, state.rebuild_pending) == (None, False)
        assert "pushed_operations" in inspect(cache.engine).get_table_names()


def test_damage_in_the_middle_of_the_file_is_found_when_the_cache_opens(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache, cache.session() as session:
        session.add_all(_application(f"app-{i}") for i in range(400))
    path = data_dir / CACHE_FILE
    with closing(sqlite3.connect(path)) as conn:
        query = "SELECT pageno FROM dbstat WHERE name = 'applications' AND pagetype = 'leaf'"
        pages = [row[0] for row in conn.execute(query)]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    page = pages[len(pages) // 2]
    with path.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(bytes(range(256)) * (size // 256))
    # No query of the opening touches that page: only the integrity check finds it.
    with pytest.raises(CacheCorrupt, match="salvage"):
        LocalCache.open(data_dir)


def test_a_version_6_cache_learns_to_clear_delete_and_keep_drafts_keeping_its_rows(
    data_dir: Path,
) -> None:
    with LocalCache.open(data_dir) as cache, cache.session() as session:
        session.add(_application())
        session.add(_operation())
        session.add(_operation())
        session.add(
            CachedRequirementCheck(
                application_id="app-1", check_key="python", reviewer_name="Ada",
                result=CheckResult.MET, comment="PyPI", revision=4,
            )
        )  # fmt: skip
    with closing(sqlite3.connect(data_dir / CACHE_FILE)) as conn:
        conn.execute("DROP TABLE drafts")
        conn.execute("DROP TABLE revealed")
        conn.execute("ALTER TABLE notes DROP COLUMN deleted_at")
        conn.execute("ALTER TABLE sync_state DROP COLUMN sent_through")
        # As version 6 made it: a result could not be NULL.
        (sql,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'requirement_checks'"
        ).fetchone()
        conn.execute("ALTER TABLE requirement_checks RENAME TO old_checks")
        conn.execute(sql.replace("result VARCHAR(16),", "result VARCHAR(16) NOT NULL,"))
        conn.execute("INSERT INTO requirement_checks SELECT * FROM old_checks")
        conn.execute("DROP TABLE old_checks")
        conn.execute("PRAGMA user_version = 6")
        conn.commit()
        assert (
            "NOT NULL"
            in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'requirement_checks'")
            .fetchone()[0]
            .split("result", 1)[1]
            .split(",", 1)[0]
        )

    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == migrations.latest_version()
        columns = {c["name"]: c for c in inspect(cache.engine).get_columns("requirement_checks")}
        assert columns["result"]["nullable"]
        with cache.session() as session:
            # Both waiting operations may have been sent by the older app.
            assert session.get_one(SyncStateRow, SYNC_STATE_ID).sent_through == 2
            check = session.scalars(select(CachedRequirementCheck)).one()
            assert (check.result, check.comment, check.revision) == (CheckResult.MET, "PyPI", 4)
            check.result = None
            session.add(Draft(application_id="app-1", slot="decision", value={"stage": "new"}))
            session.add(Revealed(application_id="app-1"))
        names = {index["name"] for index in inspect(cache.engine).get_indexes("applications")}
        assert "ix_applications_duplicate_of" in names
        assert _index_columns(cache, "requirement_checks", "ix_checks_mine")[-1] == "updated_at"
        uniques = inspect(cache.engine).get_unique_constraints("requirement_checks")
        assert sorted(u["column_names"] for u in uniques) == [
            ["application_id", "check_key", "reviewer_name"],
            ["server_id"],
        ]
