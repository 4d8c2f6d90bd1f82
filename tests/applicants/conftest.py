"""Fixtures of the applicant reads' tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.cache import LocalCache
from tests.applicants.cache_support import fill_sample_cache


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    """A local cache with two positions and five applications (see cache_support).

    test_search.py has a cache of its own (a local fixture of the same name).
    """
    opened = LocalCache.open(tmp_path)
    fill_sample_cache(opened)
    yield opened
    opened.close()
