"""Tests of reviewer_app/cache/name_keys.py: the name's sort key kept in the cache."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import insert, inspect, select

from reviewer_app.applicants.queries import ApplicantQuery, SortKey
from reviewer_app.cache import CACHE_FILE, LocalCache, migrations
from reviewer_app.cache.models import CachedApplication
from reviewer_app.domain.name_order import name_sort_key

NAMES = {"app-1": "Zoë Adeyemi", "app-2": "ana lima", "app-3": "Ágata", "app-4": "Bruno"}


def _keys(cache: LocalCache) -> dict[str, str]:
    with cache.read_session() as session:
        rows = session.execute(select(CachedApplication.id, CachedApplication.name_key))
        return {id_: key for id_, key in rows}


def _fill(cache: LocalCache) -> None:
    with cache.session() as session:
        session.execute(
            insert(CachedApplication),
            [
                {"id": i, "response_id": f"r-{i}", "name": n, "content_hash": "h", "revision": 1}
                for i, n in NAMES.items()
            ],
        )


def test_an_insert_through_the_models_writes_the_key_of_each_name(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache:
        _fill(cache)
        assert _keys(cache) == {i: name_sort_key(n) for i, n in NAMES.items()}


def test_a_version_12_cache_gets_the_keys_of_its_names_and_their_index(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache:
        _fill(cache)
    with closing(sqlite3.connect(data_dir / CACHE_FILE)) as conn:
        # As version 12 made it: no key, and the name's own NOCASE index.
        conn.execute("DROP INDEX ix_applications_name_key")
        conn.execute("ALTER TABLE applications DROP COLUMN name_key")
        conn.execute("CREATE INDEX ix_applications_name ON applications (name COLLATE NOCASE)")
        conn.execute("PRAGMA user_version = 12")
        conn.commit()
    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == migrations.latest_version() == 13
        assert _keys(cache) == {i: name_sort_key(n) for i, n in NAMES.items()}
        indexes = {i["name"] for i in inspect(cache.engine).get_indexes("applications")}
        assert "ix_applications_name_key" in indexes
        assert "ix_applications_name" not in indexes
        ids = ApplicantQuery(cache, "Rae").ids(sort=SortKey.NAME, descending=False)
        assert ids == ["app-3", "app-2", "app-4", "app-1"]
