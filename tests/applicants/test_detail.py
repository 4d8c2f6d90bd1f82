"""Tests of reviewer_app/applicants/detail.py: everything about one application."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reviewer_app.applicants.detail import read_detail
from reviewer_app.cache import LocalCache, UnknownApplication
from reviewer_app.cache.models import CachedApplication, CachedDecision, Conflict
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.errors import UserError
from tests.applicants.cache_support import BACKEND, T0


def test_detail_has_answers_position_and_duplicates(cache: LocalCache) -> None:
    with cache.read_session() as session:
        detail = read_detail(session, "app-4")
        original = read_detail(session, "app-0")
    assert detail.answers == [("Why?", "Second try"), ("Python?", "no")]
    assert detail.position is not None and detail.position.source == BACKEND
    assert (detail.position.slug, detail.position.version) == ("backend", 1)
    assert detail.duplicate_of is not None and detail.duplicate_of.id == "app-0"
    assert [ref.id for ref in original.duplicates] == ["app-4"]
    assert original.duplicate_of is None


def test_duplicates_are_oldest_first_undated_last(cache: LocalCache) -> None:
    with cache.session() as session:
        for app_id, submitted in (("app-1", T0 + timedelta(days=9)), ("app-2", None)):
            row = session.get_one(CachedApplication, app_id)
            row.duplicate_of, row.submitted_at = "app-0", submitted
    with cache.read_session() as session:
        original = read_detail(session, "app-0")
    assert [ref.id for ref in original.duplicates] == ["app-4", "app-1", "app-2"]


def test_detail_has_the_decision_and_open_conflicts(cache: LocalCache) -> None:
    with cache.session() as session:
        session.add(CachedDecision(application_id="app-2", stage=Stage.DECLINED, reason="no"))
        session.add(Conflict(application_id="app-2", entity="decision", theirs={}, mine={}))
        session.add(
            Conflict(application_id="app-1", entity="decision", theirs={}, mine={}, resolved_at=T0)
        )
    with cache.read_session() as session:
        declined = read_detail(session, "app-2")
        fresh = read_detail(session, "app-1")
        unmatched = read_detail(session, "app-3")
    assert (declined.stage, declined.reason, declined.has_conflict) == (Stage.DECLINED, "no", True)
    assert (fresh.stage, fresh.reason, fresh.has_conflict) == (Stage.NEW, None, False)
    assert unmatched.position is None


def test_odd_answers_are_shown_as_they_are(cache: LocalCache) -> None:
    with cache.session() as session:
        session.get_one(CachedApplication, "app-1").answers = [["Q", None], "bare", ["a", "b", "c"]]
    with cache.read_session() as session:
        detail = read_detail(session, "app-1")
    assert detail.answers == [("Q", ""), ("", "bare"), ("", "['a', 'b', 'c']")]


def test_detail_of_an_unknown_application_is_a_user_error(cache: LocalCache) -> None:
    with cache.read_session() as session, pytest.raises(UnknownApplication) as raised:
        read_detail(session, "missing")
    assert isinstance(raised.value, UserError)
    assert raised.value.application_id == "missing"
    assert "sync" in str(raised.value)
