"""Tests of reviewer_app/cache/bulk_load.py: a load into an empty cache, indexes after."""

from __future__ import annotations

import gc
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Connection, select

from reviewer_app.cache import CACHE_FILE, LocalCache, bulk_load
from reviewer_app.cache.errors import CacheError
from reviewer_app.cache.models import CachedApplication, CachedNote
from reviewer_app.domain.vocabulary import NoteKind
from reviewer_app.sync.rows import MIRRORED


def _application(application_id: str, name: str) -> CachedApplication:
    return CachedApplication(
        id=application_id, response_id=application_id, name=name,
        email=f"{application_id}@example.org", answers=[], content_hash="h", revision=1,
    )  # fmt: skip


def _missing(cache: LocalCache) -> list[str]:
    with cache.read_session() as session:
        return bulk_load.missing_indexes(session.connection())


# Page cache, automatic checkpoint, sync level (OFF), foreign keys enforced.
BULK = (-32768, 0, 0, 0)
USUAL = (-2000, 1000, 1, 1)  # (NORMAL)


def _pragmas(cache: LocalCache) -> tuple[int, int, int, int]:
    with cache.session() as session:
        connection = session.connection()
        values = (
            connection.exec_driver_sql(f"PRAGMA {name}").scalar_one()
            for name in ("cache_size", "wal_autocheckpoint", "synchronous", "foreign_keys")
        )
        size, checkpoint, synchronous, keys = values
        return int(size), int(checkpoint), int(synchronous), int(keys)


def _last_connections_sync_level(cache: LocalCache) -> int:
    with cache.engine.connect() as connection:  # the pool's last: the load's own
        raw = connection.connection.dbapi_connection
        assert raw is not None
        return int(raw.execute("PRAGMA synchronous").fetchone()[0])


def test_an_empty_cache_loads_without_its_plain_indexes_and_gets_them_back(
    data_dir: Path,
) -> None:
    with LocalCache.open(data_dir) as cache:
        assert _pragmas(cache) == USUAL
        with bulk_load.loading_into(cache, MIRRORED):
            missing = _missing(cache)
            assert "ix_applications_name_key" in missing and "ix_checks_mine" in missing
            # Unique indexes stay: the sync's upserts find existing rows through them.
            assert not any("autoindex" in name for name in missing)
            # Kept for the list the window shows meanwhile.
            assert "ix_applications_duplicate_of" not in missing
            # The load checkpoints between pages, without flushing to disk.
            assert _pragmas(cache) == BULK
        assert _missing(cache) == []
        # Every write after it flushes as usual, whichever connection checkpointed.
        assert _pragmas(cache) == USUAL


def test_the_cycle_collector_rests_while_an_empty_cache_loads(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache:
        with bulk_load.loading_into(cache, MIRRORED):
            assert not gc.isenabled()
        assert gc.isenabled()
        with pytest.raises(RuntimeError), bulk_load.loading_into(cache, MIRRORED):
            raise RuntimeError("the pull failed")
        assert gc.isenabled()
        with cache.session() as session:
            session.add(_application("a1", "Ana"))
        with bulk_load.loading_into(cache, MIRRORED):  # not empty: no bulk load
            assert gc.isenabled()


def test_the_indexes_are_built_one_transaction_each(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalCache.open(data_dir) as cache:
        with bulk_load.loading_into(cache, MIRRORED):
            dropped = len(_missing(cache))
            built_per_session: list[int] = []
            restore = bulk_load.restore_indexes

            def counted(connection: Connection, at_most: int | None = None) -> int:
                built = restore(connection, at_most)
                built_per_session.append(built)
                return built

            monkeypatch.setattr(bulk_load, "restore_indexes", counted)
        # A key press's write waits for one build at most, not for all of them.
        assert built_per_session == [1] * dropped + [0]
        assert _missing(cache) == []


def test_the_indexes_come_back_when_the_load_fails(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache:
        with pytest.raises(RuntimeError), bulk_load.loading_into(cache, MIRRORED):
            assert _missing(cache)
            raise RuntimeError("the server went away")
        assert _missing(cache) == []


def test_a_failed_load_tells_its_own_error_not_the_index_builds(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(cache: LocalCache) -> None:
        raise CacheError(cache.path, "The disk is full.")

    monkeypatch.setattr(bulk_load, "build_indexes", disk_full)
    with LocalCache.open(data_dir) as cache:
        with pytest.raises(RuntimeError, match="server"), bulk_load.loading_into(cache, MIRRORED):
            raise RuntimeError("the server went away")
        assert not cache.bulk_loading
    other = data_dir / "other"
    other.mkdir(mode=0o700)
    with LocalCache.open(other) as cache:
        with pytest.raises(CacheError, match="full"), bulk_load.loading_into(cache, MIRRORED):
            pass  # a load that went through: the error of its indexes is the one
        assert not cache.bulk_loading


def test_a_cache_with_applications_keeps_its_indexes(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache:
        with cache.session() as session:
            session.add(_application("a", "Ada"))
        with bulk_load.loading_into(cache, MIRRORED):
            assert _missing(cache) == []
            assert _pragmas(cache) == USUAL


def test_opening_a_cache_a_killed_load_left_without_indexes_builds_them(
    data_dir: Path,
) -> None:
    with LocalCache.open(data_dir):
        pass
    with closing(sqlite3.connect(data_dir / CACHE_FILE)) as conn:
        conn.execute("DROP INDEX ix_applications_submitted_at")
        conn.execute("DROP INDEX ix_notes_application_id")
        conn.commit()
    with LocalCache.open(data_dir) as cache:
        assert _missing(cache) == []


def test_a_checkpoint_between_pages_keeps_the_loads_settings(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache, bulk_load.loading_into(cache, MIRRORED):
        assert _pragmas(cache) == BULK
        cache.checkpoint_passive()  # on the load's own connection (the pool's last)
        with cache.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            size = raw.execute("PRAGMA cache_size").fetchone()[0]
            synchronous = raw.execute("PRAGMA synchronous").fetchone()[0]
        assert size == -32768  # its page cache kept, not shrunk and grown every page
        assert synchronous == 0  # and not flushed to disk at every page


def test_the_loads_last_checkpoint_is_tried_again_while_a_reader_holds_the_log(
    data_dir: Path,
) -> None:
    with LocalCache.open(data_dir) as cache:
        with cache.session() as session:
            session.add(_application("a", "Ada"))
        # A reader of the window, in the middle of a read of the state before a write.
        reader = sqlite3.connect(data_dir / CACHE_FILE)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM applications").fetchone()
        with cache.session() as session:
            session.get_one(CachedApplication, "a").name = "Ada Lovelace"
        assert not bulk_load.finish_checkpoint(cache, tries=2)
        reader.execute("COMMIT")
        reader.close()
        assert bulk_load.finish_checkpoint(cache, tries=2)


def test_building_the_indexes_gives_way_to_a_write(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first build is a statement of many seconds, as an index of a huge cache would
    # be: a write that arrives meanwhile interrupts it and goes first.
    slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n"
    restore = bulk_load.restore_indexes
    started = threading.Event()
    builds: list[str] = []

    def slow_first(connection: Connection, at_most: int | None = None) -> int:
        if not builds:
            builds.append("slow")
            started.set()
            connection.exec_driver_sql(slow).all()  # endless unless interrupted
        builds.append("build")
        return restore(connection, at_most)

    waited: list[float] = []

    def write(cache: LocalCache) -> None:
        started.wait(10)
        time.sleep(0.05)  # the slow statement runs now
        began = time.perf_counter()
        with cache.session() as session:
            session.add(_application("w", "Wu"))
        waited.append(time.perf_counter() - began)

    with LocalCache.open(data_dir) as cache:
        monkeypatch.setattr(bulk_load, "restore_indexes", slow_first)
        writer = threading.Thread(target=write, args=(cache,))
        writer.start()
        with bulk_load.loading_into(cache, MIRRORED):
            pass
        writer.join(10)
        assert waited and waited[0] < 2
        assert _missing(cache) == []
        with cache.read_session() as session:
            assert session.get(CachedApplication, "w") is not None


def test_a_checkpoint_leaves_the_connections_sync_level_as_it_was(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache:
        assert _pragmas(cache) == USUAL
        with bulk_load.loading_into(cache, MIRRORED):
            cache.checkpoint_passive()  # at OFF, on the pool's last connection
        cache.checkpoint_passive()
        assert _pragmas(cache) == USUAL
        assert _last_connections_sync_level(cache) == 1


def test_links_left_dangling_by_a_load_are_cut_as_their_keys_say(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache:
        with bulk_load.loading_into(cache, MIRRORED), cache.session() as session:
            # No foreign keys enforced meanwhile: a parent may come later in a page.
            session.add(_application("a1", "Ana"))
            kept = _application("a2", "Bo")
            kept.duplicate_of = "a1"
            gone = _application("a3", "Cy")
            gone.duplicate_of = "never-pulled"
            session.add_all([kept, gone])
            session.add(CachedNote(application_id="a1", author_name="Rae", kind=NoteKind.TRIAGE))
            session.add(
                CachedNote(application_id="never-pulled", author_name="Rae", kind=NoteKind.TRIAGE)
            )
        with cache.read_session() as session:
            query = select(CachedApplication.id, CachedApplication.duplicate_of)
            links = {app_id: link for app_id, link in session.execute(query)}
            notes = session.scalars(select(CachedNote.application_id)).all()
    assert links == {"a1": None, "a2": "a1", "a3": None}  # ON DELETE SET NULL
    assert notes == ["a1"]  # ON DELETE CASCADE
