"""Tests of reviewer_app/applicants/position_list.py: the newest version of each position."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.applicants.position_list import newest_positions
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedPosition
from tests.applicants.cache_support import BACKEND


def test_positions_are_the_newest_versions_by_title(cache: LocalCache) -> None:
    with cache.session() as session:
        session.add_all(
            [
                CachedPosition(
                    id=3, slug="backend", version=2, title="Backend Developer (v2)",
                    source=BACKEND + "- SQL\n", content_hash="b2",
                ),
                CachedPosition(
                    id=4, slug="archive", version=1, title="archivist",
                    source="", content_hash="a1",
                ),
            ]
        )  # fmt: skip
    with cache.read_session() as session:
        positions = newest_positions(session)
    # By title whatever its case.
    assert [(p.id, p.slug, p.version) for p in positions] == [
        (4, "archive", 1), (3, "backend", 2), (2, "ux", 1),
    ]  # fmt: skip
    assert positions[1].source.endswith("- SQL\n")


def test_an_empty_cache_has_no_positions(tmp_path: Path) -> None:
    with LocalCache.open(tmp_path / "empty") as empty, empty.read_session() as session:
        assert newest_positions(session) == []
