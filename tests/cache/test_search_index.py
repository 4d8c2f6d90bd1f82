"""Tests of reviewer_app/cache/search_index.py: the search text made from the applications."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import delete, update

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import CACHE_FILE, LocalCache, migrations
from reviewer_app.cache.models import CachedApplication
from reviewer_app.cache.search_index import OLD_SEARCH_TABLE

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


def _texts(cache: LocalCache, ids: list[str]) -> list[str]:
    return list(ApplicantQuery(cache, "Ada").search_texts(ids))


def _tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}


def test_the_text_follows_inserts_updates_and_deletes(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache:
        with cache.session() as session:
            session.add_all([_application("a"), _application("b")])
        # The answers only, decoded: not the questions, nor a null answer.
        expected = "Ada Lovelace\na@example.org\nI like <b>Python</b>\nodd"
        assert _texts(cache, ["a"]) == [expected]
        with cache.session() as session:
            session.execute(
                update(CachedApplication)
                .where(CachedApplication.id == "a")
                .values(name="Grace", answers=[["Q", "Rust"]])
            )
            session.execute(delete(CachedApplication).where(CachedApplication.id == "b"))
        # In the order asked; one not cached gives "".
        assert _texts(cache, ["b", "a", "zz"]) == ["", "Grace\na@example.org\nRust", ""]


def test_answers_that_are_not_json_give_name_and_email(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache, cache.session() as session:
        session.add(_application("a"))
    with closing(sqlite3.connect(data_dir / CACHE_FILE)) as conn:
        conn.execute("UPDATE applications SET answers = '[broken' WHERE id = 'a'")
        conn.commit()
    with LocalCache.open(data_dir) as cache:
        assert _texts(cache, ["a"]) == ["Ada Lovelace\na@example.org\n"]


def test_a_version_10_cache_loses_its_stored_search_table(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache, cache.session() as session:
        session.add(_application("a"))
    path = data_dir / CACHE_FILE
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"CREATE TABLE {OLD_SEARCH_TABLE} (id VARCHAR PRIMARY KEY, text TEXT)")
        conn.execute(
            f"CREATE TRIGGER {OLD_SEARCH_TABLE}_insert AFTER INSERT ON applications "
            f"BEGIN INSERT INTO {OLD_SEARCH_TABLE} VALUES (NEW.id, NEW.name); END"
        )
        conn.execute("PRAGMA user_version = 10")
        conn.commit()
    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == migrations.latest_version()
        with cache.session() as session:
            session.add(_application("c", name="Chidi"))
        assert _texts(cache, ["c"]) == ["Chidi\nc@example.org\nI like <b>Python</b>\nodd"]
    assert not {n for n in _tables(path) if n.startswith(OLD_SEARCH_TABLE)}


def test_a_new_cache_stores_no_search_text(data_dir: Path) -> None:
    with LocalCache.open(data_dir):
        pass
    assert not {n for n in _tables(data_dir / CACHE_FILE) if n.startswith(OLD_SEARCH_TABLE)}
