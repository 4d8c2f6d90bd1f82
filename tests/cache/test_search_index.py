"""Tests of reviewer_app/cache/search_index.py: the search table follows the applications."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import delete, select, update

from reviewer_app.cache import CACHE_FILE, LocalCache, migrations
from reviewer_app.cache.models import CachedApplication
from reviewer_app.cache.search_index import SEARCH_TABLE, search_table

ANSWERS = [["Why do you want to help?", "I like <b>Python</b>"], ["Empty", None], "odd"]


def _application(app_id: str, name: str = "Ada Lovelace") -> CachedApplication:
    return CachedApplication(
        id=app_id,
        response_id=f"resp-{app_id}",
        name=name,
        email=f"{app_id}@example.org",
        answers=ANSWERS,
        content_hash="h",
        revision=1,
    )


def _texts(cache: LocalCache) -> dict[str, str]:
    with cache.read_session() as session:
        rows = session.execute(select(search_table.c.id, search_table.c.text))
        return {row.id: row.text for row in rows}


def test_the_table_follows_inserts_updates_and_deletes(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache:
        with cache.session() as session:
            session.add_all([_application("a"), _application("b")])
        # The answers only, decoded: not the questions, nor a null answer.
        assert _texts(cache)["a"] == "Ada Lovelace\na@example.org\nI like <b>Python</b>\nodd"
        with cache.session() as session:
            session.execute(
                update(CachedApplication)
                .where(CachedApplication.id == "a")
                .values(name="Grace", answers=[["Q", "Rust"]])
            )
            session.execute(delete(CachedApplication).where(CachedApplication.id == "b"))
        assert _texts(cache) == {"a": "Grace\na@example.org\nRust"}


def test_a_version_2_cache_gets_the_search_table_filled(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache, cache.session() as session:
        session.add(_application("a"))
    with closing(sqlite3.connect(data_dir / CACHE_FILE)) as conn:
        for trigger in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER {SEARCH_TABLE}_{trigger}")
        conn.execute(f"DROP TABLE {SEARCH_TABLE}")
        conn.execute("PRAGMA user_version = 2")
        conn.commit()
    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == migrations.latest_version()
        assert _texts(cache) == {"a": "Ada Lovelace\na@example.org\nI like <b>Python</b>\nodd"}
        with cache.session() as session:
            session.add(_application("c", name="Chidi"))
        assert set(_texts(cache)) == {"a", "c"}
