"""Tests of reviewer_app/review/drafts.py: drafts kept per application and slot, never synced."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication, Draft, OutboxOperation
from reviewer_app.domain.changes import Changes
from reviewer_app.review.drafts import (
    DECISION,
    NEW_NOTE,
    applications_with_drafts,
    comment_slot,
    note_of_slot,
    note_slot,
    save_draft,
    save_drafts,
)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    """A local cache with two applications."""
    opened = LocalCache.open(tmp_path)
    with opened.session() as session:
        for app_id in ("a", "b"):
            session.add(
                CachedApplication(
                    id=app_id,
                    response_id=f"r-{app_id}",
                    name=app_id,
                    email="",
                    position_typed="",
                    content_hash=app_id,
                    revision=1,
                )
            )
    yield opened
    opened.close()


def _drafts(cache: LocalCache) -> dict[tuple[str, str], dict[str, object]]:
    with cache.read_session() as session:
        return {(d.application_id, d.slot): d.value for d in session.scalars(select(Draft))}


def test_slots_name_what_a_draft_is_of() -> None:
    assert note_slot(None) == NEW_NOTE == "note:new"
    assert note_slot("n-1") == "note:n-1"
    assert comment_slot("skill-python") == "comment:skill-python"
    assert note_of_slot(NEW_NOTE) is None
    assert note_of_slot("note:n-1") == "n-1"
    with pytest.raises(ValueError, match="not a note"):
        note_of_slot(DECISION)


def test_a_draft_is_stored_replaced_and_removed(cache: LocalCache) -> None:
    first = save_draft(cache, "a", NEW_NOTE, {"kind": "triage", "body": "half"})
    # "a" holds a draft now: its row in the list and the counts change.
    assert first == Changes.of(["a"], drafts=True, counts=True)
    assert _drafts(cache) == {("a", NEW_NOTE): {"kind": "triage", "body": "half"}}
    again = save_draft(cache, "a", NEW_NOTE, {"kind": "triage", "body": "half a note"})
    assert not again  # still a draft: nothing the list shows changed
    assert _drafts(cache)[("a", NEW_NOTE)]["body"] == "half a note"
    assert not save_draft(cache, "a", DECISION, {"stage": "screening", "reason": ""})
    assert not save_draft(cache, "a", NEW_NOTE, None)
    assert save_draft(cache, "a", DECISION, None) == Changes.of(["a"], drafts=True, counts=True)
    assert _drafts(cache) == {}
    assert not save_draft(cache, "a", DECISION, None)  # nothing to remove


def test_several_slots_are_written_in_one_transaction(cache: LocalCache) -> None:
    save_drafts(
        cache,
        "b",
        {comment_slot("x"): {"comment": "so far"}, DECISION: {"stage": "new", "reason": "r"}},
    )
    assert set(_drafts(cache)) == {("b", "comment:x"), ("b", DECISION)}
    assert save_drafts(cache, "b", {}) == Changes()


def test_drafts_never_reach_the_outbox(cache: LocalCache) -> None:
    save_draft(cache, "a", NEW_NOTE, {"kind": "triage", "body": "mine alone"})
    with cache.read_session() as session:
        assert session.scalars(select(OutboxOperation)).all() == []
    assert cache.pending_operations() == 0


def test_the_applications_holding_drafts_are_the_cached_ones(cache: LocalCache) -> None:
    assert applications_with_drafts(cache) == frozenset()
    save_draft(cache, "a", NEW_NOTE, {"kind": "triage", "body": "x"})
    save_draft(cache, "a", DECISION, {"stage": "new", "reason": "y"})
    save_draft(cache, "erased", NEW_NOTE, {"kind": "triage", "body": "z"})
    assert applications_with_drafts(cache) == {"a"}
