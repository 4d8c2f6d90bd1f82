"""Tests of reviewer_app/review/operations.py: the outbox's vocabulary and its replay."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication, CachedDecision, OutboxOperation
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.review.operations import (
    OPERATION_KINDS,
    SET_DECISION,
    apply_locally,
    from_iso,
    pending_decision_base,
    to_iso,
)

APP = "00000000-0000-4000-8000-000000000001"


@pytest.fixture
def cache(data_dir: Path) -> Iterator[LocalCache]:
    """A local cache holding one application."""
    local = LocalCache.open(data_dir)
    with local.session() as session:
        session.add(
            CachedApplication(
                id=APP, response_id="r1", name="Ada", content_hash="0" * 64, revision=3
            )
        )
    yield local
    local.close()


def test_times_go_through_iso_text_and_back() -> None:
    moment = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    assert to_iso(moment) == "2026-05-01T09:30:00+00:00"
    assert from_iso(to_iso(moment)) == moment
    assert to_iso(None) is None and from_iso(None) is None


def test_the_kinds_are_distinct() -> None:
    assert len(set(OPERATION_KINDS)) == len(OPERATION_KINDS) == 8


def test_a_decision_replayed_is_an_unpushed_local_change(cache: LocalCache) -> None:
    payload = {"stage": "interview", "reason": None, "decided_at": "2026-05-01T09:30:00+00:00"}
    with cache.session() as session:
        apply_locally(session, SET_DECISION, APP, payload, "Me")
    with cache.read_session() as session:
        decision = session.get_one(CachedDecision, APP)
        assert (decision.stage, decision.decided_by_name) == (Stage.INTERVIEW, "Me")
        assert decision.revision is None


def test_an_unknown_kind_is_refused(cache: LocalCache) -> None:
    with cache.session() as session, pytest.raises(ValueError, match="unknown operation"):
        apply_locally(session, "launch_rocket", APP, {}, "Me")


def test_a_pending_decision_keeps_the_base_it_was_made_on(cache: LocalCache) -> None:
    with cache.session() as session:
        assert pending_decision_base(session, APP) is None
        session.add(CachedDecision(application_id=APP, stage=Stage.SCREENING, revision=7))
    with cache.session() as session:
        assert pending_decision_base(session, APP) == 7
        session.get_one(CachedDecision, APP).revision = None  # a local change on top
        session.add(
            OutboxOperation(
                op_id="op-1", kind=SET_DECISION, application_id=APP,
                payload={"stage": "interview", "base_revision": 7},
            )
        )  # fmt: skip
    with cache.session() as session:
        assert pending_decision_base(session, APP) == 7
