"""Tests of one local cache per shared database (databases.json and the cache folders)."""

from __future__ import annotations

import io
import json
import shutil
import stat
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication
from reviewer_app.cache.store import CACHE_FILE as STORE_CACHE_FILE
from reviewer_app.cli import main
from reviewer_app.config.databases import (
    CACHE_FILE,
    Databases,
    DatabasesFileError,
    bound_instance,
)
from reviewer_app.config.settings import Settings
from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.review.actions import ReviewService
from reviewer_app.server.database import SharedDatabase
from reviewer_app.sync import Syncer
from tests.sync_support import add_applications

TEAM = "postgresql://alice@db.example.org/team"
OTHER = "postgresql://alice@other.example.org/club"


def _shared_copy(template: Path, path: Path) -> tuple[str, str]:
    """A migrated SQLite shared database with its own instance id and two applications."""
    shutil.copy(template, path)
    instance = str(uuid.uuid4())
    db = SharedDatabase(f"sqlite:///{path}")
    try:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE shared_instance SET instance_id = :i"), {"i": instance})
        add_applications(db, 2)
    finally:
        db.dispose()
    return f"sqlite:///{path}", instance


def _synced_with_pending(folder: Path, url: str, pending: int) -> None:
    """Syncs the cache in ``folder`` with ``url``, then records ``pending`` checks offline."""
    db = SharedDatabase(url)
    with LocalCache.open(folder) as cache:
        try:
            Syncer(cache, db, "Rae").sync()
        finally:
            db.dispose()
        with cache.read_session() as session:
            application = session.scalars(select(CachedApplication.id).limit(1)).one()
        review = ReviewService(cache, "Rae")
        for number in range(pending):
            review.set_check(application, f"check{number}", CheckResult.MET, "offline")


def test_the_cache_file_name_is_the_caches() -> None:
    assert CACHE_FILE == STORE_CACHE_FILE


def test_the_first_database_keeps_the_data_folder_and_others_get_their_own(
    data_dir: Path,
) -> None:
    databases = Databases(data_dir)
    assert databases.cache_folder(TEAM, "1111-aaaa") == data_dir
    other = databases.cache_folder(OTHER, "2222-bbbb")
    assert other == data_dir / "databases" / "2222-bbbb"
    assert stat.S_IMODE(other.stat().st_mode) == 0o700
    assert stat.S_IMODE(other.parent.stat().st_mode) == 0o700
    # Switching back continues where it was, by instance or by URL alone (offline).
    assert Databases(data_dir).cache_folder(TEAM, "1111-aaaa") == data_dir
    assert Databases(data_dir).cache_folder(OTHER, None) == other


def test_an_existing_cache_stays_the_database_it_is_bound_to(
    data_dir: Path, sqlite_template: Path, tmp_path: Path
) -> None:
    url, instance = _shared_copy(sqlite_template, tmp_path / "first.sqlite3")
    _synced_with_pending(data_dir, url, 0)
    before = (data_dir / CACHE_FILE).read_bytes()

    databases = Databases(data_dir)
    assert databases.cache_folder(TEAM, "9999-new") == data_dir / "databases" / "9999-new"
    assert databases.cache_folder(url, instance) == data_dir
    assert (data_dir / CACHE_FILE).read_bytes() == before  # read, never migrated
    assert bound_instance(data_dir / CACHE_FILE) == instance


def test_a_database_first_met_offline_keeps_its_folder_once_its_id_is_known(
    data_dir: Path,
) -> None:
    databases = Databases(data_dir)
    databases.cache_folder(TEAM, "1111-aaaa")
    offline = databases.cache_folder(OTHER, None)
    assert offline.parent == data_dir / "databases" and offline.name.startswith("url-")
    assert databases.cache_folder(OTHER, "2222-bbbb") == offline
    # The same database reached by another URL finds its cache.
    alias = "postgresql://alice@10.0.0.7:5432/club"
    assert databases.cache_folder(alias, "2222-bbbb") == offline
    known = databases.find("2222-bbbb")
    assert known is not None and known.url == "postgresql://alice@10.0.0.7/club"
    assert set(known.urls) == {alias.replace(":5432", ""), OTHER}


def test_urls_are_recorded_without_passwords(data_dir: Path) -> None:
    databases = Databases(data_dir)
    databases.cache_folder("postgresql+psycopg://alice:hunter2@db.example.org/team", "1-a")
    databases.remember(
        "postgres://alice:hunter2@db.example.org:5432/team?sslpassword=key",
        "1-a",
        label="Team",
        login="alice",
        reviewer_name="Alice",
    )
    assert "hunter2" not in databases.path.read_text() and "key" not in databases.path.read_text()
    (known,) = databases.known()
    assert (known.url, known.label, known.login, known.reviewer_name) == (
        TEAM,
        "Team",
        "alice",
        "Alice",
    )
    assert known.last_used is not None and known.folder == data_dir


def test_pending_changes_of_the_other_databases_are_counted_read_only(
    data_dir: Path, sqlite_template: Path, tmp_path: Path
) -> None:
    first_url, first = _shared_copy(sqlite_template, tmp_path / "first.sqlite3")
    second_url, second = _shared_copy(sqlite_template, tmp_path / "second.sqlite3")
    databases = Databases(data_dir)
    first_folder = databases.cache_folder(first_url, first)
    second_folder = databases.cache_folder(second_url, second)
    databases.remember(second_url, second, label="Club")
    _synced_with_pending(first_folder, first_url, 1)
    _synced_with_pending(second_folder, second_url, 3)
    before = (second_folder / CACHE_FILE).read_bytes()

    (waiting,) = databases.pending_elsewhere(first_folder)
    assert (waiting.label, waiting.count, waiting.folder, waiting.problem) == (
        "Club",
        3,
        second_folder,
        None,
    )
    (waiting,) = databases.pending_elsewhere(second_folder)
    assert (waiting.label, waiting.count) == (str(tmp_path / "first.sqlite3"), 1)
    assert (second_folder / CACHE_FILE).read_bytes() == before


def test_a_damaged_cache_of_another_database_is_reported_not_fatal(data_dir: Path) -> None:
    databases = Databases(data_dir)
    databases.cache_folder(TEAM, "1-a")
    broken = databases.cache_folder(OTHER, "2-b")
    (broken / CACHE_FILE).write_bytes(b"this is no database" * 100)
    (waiting,) = databases.pending_elsewhere(data_dir)
    assert waiting.folder == broken and waiting.count == 0
    assert waiting.problem is not None and str(broken / CACHE_FILE) in waiting.problem


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '{"version": 1, "databases": [{"folder": "../../etc"}]}',
        '{"version": 1, "databases": {"a": 1}}',
        "[]",
    ],
)
def test_a_damaged_list_is_set_aside_and_the_caches_found_again(
    data_dir: Path, content: str
) -> None:
    databases = Databases(data_dir)
    databases.cache_folder(TEAM, "1-a")
    other = databases.cache_folder(OTHER, "2-b")
    LocalCache.open(other).close()
    databases.path.write_text(content)

    again = Databases(data_dir)
    assert again.cache_folder(OTHER, "2-b") == other
    assert again.recovered is not None and again.recovered.read_text() == content
    assert json.loads(again.path.read_text())["version"] == 1


def test_a_list_from_a_newer_app_is_refused_and_left_alone(data_dir: Path) -> None:
    path = data_dir / "databases.json"
    path.write_text('{"version": 99, "databases": []}')
    with pytest.raises(DatabasesFileError, match=r"databases\.json.*newer version"):
        Databases(data_dir).cache_folder(TEAM, "1-a")
    assert path.read_text() == '{"version": 99, "databases": []}'


def test_an_instance_id_is_never_a_path(data_dir: Path) -> None:
    databases = Databases(data_dir)
    databases.cache_folder(TEAM, "1-a")
    folder = databases.cache_folder(OTHER, "../../escape")
    assert folder.parent == data_dir / "databases"


def test_cli_sync_uses_one_cache_per_shared_database(
    data_dir: Path, sqlite_template: Path, tmp_path: Path
) -> None:
    first_url, _first = _shared_copy(sqlite_template, tmp_path / "first.sqlite3")
    second_url, second = _shared_copy(sqlite_template, tmp_path / "second.sqlite3")
    Settings(reviewer_name="Rae").save(data_dir)
    for url in (first_url, second_url, first_url):
        assert main(["sync", "--shared", url, "--data-dir", str(data_dir)], io.StringIO()) == 0
    assert bound_instance(data_dir / CACHE_FILE) != second
    assert bound_instance(data_dir / "databases" / second / CACHE_FILE) == second
