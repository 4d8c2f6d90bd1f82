"""A first sync (into an empty cache, without its plain indexes) killed at every step.

Whatever the step, the next open of the cache builds the indexes again and the next
sync ends with the same rows and cursor as a sync that was never interrupted.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reviewer_app.cache import LocalCache, bulk_load
from reviewer_app.server.database import SharedDatabase
from reviewer_app.sync import Syncer
from tests.sync.test_sync_crash import (
    BATCH_SIZE,
    PAGE_SIZE,
    ForkServer,
    _make_changes,
    fork_server,
    shared,
)
from tests.sync_support import add_applications, add_position, cache_rows

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")

__all__ = ["fork_server", "shared"]  # fixtures used by name


def _missing(cache: LocalCache) -> list[str]:
    with cache.read_session() as session:
        return bulk_load.missing_indexes(session.connection())


@pytest.mark.parametrize("rows_per_part", [None, 3])
def test_a_first_sync_killed_at_every_step_ends_as_an_uninterrupted_one(
    pg_url: str,
    shared: SharedDatabase,
    tmp_path: Path,
    fork_server: ForkServer,
    rows_per_part: int | None,
) -> None:
    # With 3 rows per transaction, a page of 4 rows is applied in parts, as the window does.
    apps = add_applications(shared, 10)
    position = add_position(shared)
    with LocalCache.open(tmp_path / "author") as author:
        Syncer(author, shared, "Author").sync()
        _make_changes(author, "Author", apps, position)
        Syncer(author, shared, "Author").sync()
    reference = LocalCache.open(tmp_path / "reference")
    Syncer(reference, shared, "Reference", page_size=PAGE_SIZE).sync()
    assert _missing(reference) == []

    killed_at: list[str] = []
    call = 0
    while True:
        call += 1
        assert call < 200, "the sync never ran through"
        data_dir = tmp_path / f"first{call}"
        outcome = fork_server.sync_killed_at(
            call,
            data_dir=str(data_dir),
            url=pg_url,
            reviewer="Newcomer",
            page_size=PAGE_SIZE,
            batch_size=BATCH_SIZE,
            rows_per_part=rows_per_part,
        )
        marker = data_dir / "killed_at"
        if not outcome["killed"]:
            assert outcome["status"] == 0 and not marker.exists(), outcome
            with LocalCache.open(data_dir) as cache:
                assert _missing(cache) == []
                assert cache_rows(cache) == cache_rows(reference)
            break
        killed_at.append(marker.read_text())
        with LocalCache.open(data_dir) as cache:
            # Opening the cache built the indexes a killed load had left out.
            assert _missing(cache) == [], killed_at[-1]
            Syncer(cache, shared, "Newcomer", page_size=PAGE_SIZE).sync()
            assert cache_rows(cache) == cache_rows(reference), killed_at[-1]
            state = cache.sync_state()
            assert state.last_revision == reference.sync_state().last_revision
            assert cache.pending_operations() == 0
    reference.close()

    kinds = {label: killed_at.count(label) for label in killed_at}
    assert kinds["bulk: indexes dropped, not committed"] == 1, kinds
    assert kinds["bulk: indexes built, not committed"] >= 1, kinds  # also at open
    assert kinds["pull: page committed"] >= 3, kinds
    assert kinds["pull: local page transaction open"] >= 3, kinds
