"""Tests of reviewer_app/sync/page_parts.py: a page applied in short transactions."""

from __future__ import annotations

import math
from typing import Any

import pytest
from sqlalchemy.orm import Session

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.review.actions import ReviewService
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import erase_application
from reviewer_app.sync import Syncer, page_parts, pull
from tests.sync_support import OpenCache, add_applications, add_position, cache_rows


def _seed(db: SharedDatabase, author: LocalCache) -> None:
    apps = add_applications(db, 9)
    position = add_position(db)
    Syncer(author, db, "Author").sync()
    review = ReviewService(author, "Author")
    for app in apps[:6]:
        review.set_check(app, "python", CheckResult.MET, "ok")
        review.save_note(app, NoteKind.TRIAGE, "a note")
    review.set_decision(apps[0], Stage.DECLINED, "no time")
    review.assign_position(apps[1], position)
    Syncer(author, db, "Author").sync()


def test_parts_give_the_same_cache_as_whole_pages(
    db: SharedDatabase, open_cache: OpenCache
) -> None:
    _seed(db, open_cache("author"))
    whole = open_cache("whole")
    Syncer(whole, db, "Whole", page_size=7).sync()
    parts = open_cache("parts")
    syncer = Syncer(parts, db, "Parts", page_size=7)
    syncer.rows_per_part = 2
    result = syncer.sync()
    assert cache_rows(parts) == cache_rows(whole)
    assert parts.sync_state().last_revision == whole.sync_state().last_revision
    assert result.pulled == Syncer(open_cache("again"), db, "Again", page_size=7).sync().pulled


@pytest.mark.parametrize("waiting", [False, True])
def test_a_part_ends_its_transaction_when_a_write_waits_and_the_cursor_moves_last(
    db: SharedDatabase, open_cache: OpenCache, monkeypatch: pytest.MonkeyPatch, waiting: bool
) -> None:
    _seed(db, open_cache("author"))
    cache = open_cache("parts")
    cursors: list[int] = []
    transactions: list[int] = []
    original = pull.apply_page

    def spy(session: Session, page: Any, name: str) -> tuple[int, int]:
        cursors.append(cache.sync_state().last_revision)  # read outside the transaction
        transactions.append(session.info.setdefault("number", len(set(transactions))))
        return original(session, page, name)

    monkeypatch.setattr(pull, "apply_page", spy)
    # As if the window's worker always (or never) waited to record a check.
    monkeypatch.setattr(LocalCache, "writers_waiting", property(lambda _self: waiting))
    monkeypatch.setattr(page_parts, "PARTS_PER_TRANSACTION", 4)
    syncer = Syncer(cache, db, "Parts", page_size=50)
    syncer.rows_per_part = 3
    syncer.sync()
    # One page (everything fits in 50 rows), applied in many parts; the cursor stayed at 0
    # until the last part moved it.
    assert len(cursors) > 5
    assert set(cursors) == {0}
    assert cache.sync_state().last_revision > 0
    # Waited for: each part its own transaction; else one every four parts.
    runs = [
        id_ for index, id_ in enumerate(transactions) if transactions[index - 1 : index] != [id_]
    ]
    assert len(runs) == (len(transactions) if waiting else math.ceil(len(transactions) / 4))


def test_a_bulk_load_folds_the_log_into_the_file_after_each_page(
    db: SharedDatabase, open_cache: OpenCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_applications(db, 9)
    cache = open_cache("first")
    folded: list[tuple[bool, bool | None]] = []

    def checkpoint(self: LocalCache, *, flush: bool | None = None) -> bool:
        folded.append((self.bulk_loading, flush))
        return True

    monkeypatch.setattr(LocalCache, "checkpoint_passive", checkpoint)
    Syncer(cache, db, "First", page_size=4).sync()
    # No automatic checkpoints while loading into the empty cache: one a page instead
    # (three pages, not flushed) but the last page's, which is flushed while the indexes
    # are built; the last, flushed, before the bulk mode ends (a commit of the app's
    # would run it otherwise), and one in the usual mode after it.
    assert folded == [(True, None), (True, None), (True, True), (True, True), (False, None)]
    assert not cache.bulk_loading


def test_an_erasure_committed_before_a_later_part_fails_is_scrubbed(
    db: SharedDatabase, open_cache: OpenCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    apps = add_applications(db, 6)
    cache = open_cache("reader")
    Syncer(cache, db, "Reader").sync()
    erase_application(db, apps[0])
    add_applications(db, 6)  # rows after the tombstone, in later parts of the page
    scrubbed: list[bool] = []
    monkeypatch.setattr(LocalCache, "scrub", lambda self: scrubbed.append(True))
    original = pull.apply_page

    def failing_last(session: Session, page: Any, name: str) -> tuple[int, int]:
        if page.upper is not None:  # the last part, with the cursor's move
            raise RuntimeError("the laptop's disk went away")
        return original(session, page, name)

    monkeypatch.setattr(pull, "apply_page", failing_last)
    monkeypatch.setattr(LocalCache, "writers_waiting", property(lambda _self: True))
    syncer = Syncer(cache, db, "Reader", page_size=50)
    syncer.rows_per_part = 2
    with pytest.raises(RuntimeError):
        syncer.sync()
    # The tombstone's part was committed: nothing of the erased applicant may stay in
    # the write-ahead log because a later part failed.
    with cache.read_session() as session:
        assert session.get(CachedApplication, apps[0]) is None
    assert scrubbed
