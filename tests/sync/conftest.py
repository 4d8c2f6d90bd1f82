"""Fixtures of the sync tests: one local cache per named laptop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.cache import LocalCache
from tests.sync_support import OpenCache


@pytest.fixture
def open_cache(tmp_path: Path) -> Iterator[OpenCache]:
    """Opens the local cache of a named laptop (one data folder each)."""
    opened: list[LocalCache] = []

    def open_(name: str) -> LocalCache:
        cache = LocalCache.open(tmp_path / name)
        opened.append(cache)
        return cache

    yield open_
    for cache in opened:
        cache.close()
