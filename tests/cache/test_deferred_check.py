"""Tests of LocalCache.open(check=False) and check_once: the quick check off the start."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from reviewer_app.cache import CACHE_FILE, CacheCorrupt, LocalCache
from reviewer_app.cache.models import CachedApplication


def _damage_a_leaf_page(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache, cache.session() as session:
        session.add_all(
            CachedApplication(
                id=f"app-{i}", response_id=f"r-{i}", name="Ada", content_hash="h", revision=1
            )
            for i in range(400)
        )
    path = data_dir / CACHE_FILE
    with closing(sqlite3.connect(path)) as conn:
        query = "SELECT pageno FROM dbstat WHERE name = 'applications' AND pagetype = 'leaf'"
        pages = [row[0] for row in conn.execute(query)]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as file:
        file.seek((pages[len(pages) // 2] - 1) * size)
        file.write(bytes(range(256)) * (size // 256))


def test_a_deferred_check_finds_the_damage_open_did_not_look_for(data_dir: Path) -> None:
    _damage_a_leaf_page(data_dir)
    with (
        LocalCache.open(data_dir, check=False) as cache,
        pytest.raises(CacheCorrupt, match="salvage"),
    ):
        cache.check_once()


def test_a_sound_cache_is_checked_once(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with LocalCache.open(data_dir, check=False) as cache:
        cache.check_once()
        calls: list[object] = []
        monkeypatch.setattr(
            "reviewer_app.cache.file_preparation.quick_check", lambda *a: calls.append(a)
        )
        cache.check_once()
        assert calls == []
