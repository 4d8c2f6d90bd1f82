"""The list's assignment filters: "assigned to me", "unassigned" and "needs my review".

"Needs my review" is assigned to me (or to nobody, when the setting says so) and not
every check of the position judged by me.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewer_app.applicants import coordination_rows
from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery
from reviewer_app.applicants.search import ApplicantSearch
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedReviewer
from reviewer_app.config.settings import SETTINGS_FILE, Settings
from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.review.actions import ReviewService
from tests.applicants.cache_support import ME, fill_sample_cache, toggle_members

OTHER = "Other Reviewer"
NEEDS = ApplicantFilter(needs_my_review=True)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    """The sample cache; app-0 is assigned to me, app-1 to someone else."""
    opened = LocalCache.open(tmp_path)
    fill_sample_cache(opened)
    with opened.session() as session:  # the team, as pulled
        session.add_all([CachedReviewer(id=1, name=ME), CachedReviewer(id=2, name=OTHER)])
    ReviewService(opened, ME).assign(["app-0"], [ME])
    ReviewService(opened, OTHER).assign(["app-1"], [OTHER])
    yield opened
    opened.close()


def test_assigned_to_me_and_unassigned_filters_and_counts(cache: LocalCache) -> None:
    query = ApplicantQuery(cache, ME)
    assert query.ids(ApplicantFilter(assigned_to_me=True)) == ["app-0"]
    assert query.ids(ApplicantFilter(unassigned=True)) == ["app-4", "app-3", "app-2"]
    counts = query.counts()
    assert (counts["assigned_to_me"], counts["unassigned"]) == (1, 3)
    assert query.counts(ApplicantFilter(position="backend"))["unassigned"] == 1
    listed = toggle_members(query)
    assert listed["assigned_to_me"] == {"app-0"}
    assert listed["unassigned"] == {"app-2", "app-3", "app-4"}


def test_needs_my_review_takes_mine_and_the_unassigned_by_default(cache: LocalCache) -> None:
    query = ApplicantQuery(cache, ME)
    # app-1 is someone else's; app-3 has no position, so no checks.
    assert set(query.ids(NEEDS)) == {"app-0", "app-2", "app-4"}
    assert query.counts()["needs_my_review"] == 3

    review = ReviewService(cache, ME)
    review.set_check("app-0", "skill-python", CheckResult.MET)
    review.set_check("app-0", "skill-git-github", CheckResult.MET)
    assert set(query.ids(NEEDS)) == {"app-2", "app-4"}

    # Taken off app-1, its reviewer leaves it to anyone again.
    ReviewService(cache, OTHER).assign(["app-1"], [OTHER], remove=True)
    assert set(query.ids(NEEDS)) == {"app-1", "app-2", "app-4"}


def test_needs_my_review_without_the_unassigned_is_only_mine(cache: LocalCache) -> None:
    query = ApplicantQuery(cache, ME, needs_review_includes_unassigned=False)
    assert query.ids(NEEDS) == ["app-0"]
    assert query.counts()["needs_my_review"] == 1
    ReviewService(cache, OTHER).assign(["app-2"], [ME, OTHER])
    assert set(query.ids(NEEDS)) == {"app-0", "app-2"}


def test_the_search_counts_the_assignment_toggles_too(cache: LocalCache) -> None:
    search = ApplicantSearch(ApplicantQuery(cache, ME))
    counts = search.counts(ApplicantFilter(search="ana"))
    assert (counts["assigned_to_me"], counts["unassigned"]) == (1, 1)
    assert search.ids(ApplicantFilter(search="ana", assigned_to_me=True)) == ["app-0"]


def test_rows_name_the_assignees_and_the_interview_time(cache: LocalCache) -> None:
    review = ReviewService(cache, ME)
    review.assign(["app-0"], [OTHER])
    starts = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    review.set_interview("app-0", starts, "Asia/Tokyo")
    rows = ApplicantQuery(cache, ME).rows(["app-0", "app-2"])
    assert rows["app-0"].assignees == (ME, OTHER)
    assert rows["app-0"].interview_at == starts
    assert rows["app-0"].interview_at is not None
    assert rows["app-0"].interview_at.isoformat() == "2026-03-03T02:00:00+09:00"
    assert rows["app-0"].interview_timezone == "Asia/Tokyo"
    assert (rows["app-2"].assignees, rows["app-2"].interview_at) == ((), None)


def test_the_setting_defaults_to_including_the_unassigned(tmp_path: Path) -> None:
    assert Settings().needs_review_includes_unassigned is True
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"needs_review_includes_unassigned": False}))
    assert Settings.load(tmp_path).needs_review_includes_unassigned is False


def test_count_assigned_to_counts_each_of_mine_once_in_blocks(
    cache: LocalCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coordination_rows, "_IDS_PER_QUERY", 2)  # blocks of two ids
    ReviewService(cache, ME).assign(["app-2", "app-3"], [ME, OTHER])
    ReviewService(cache, ME).assign(["app-3"], [ME], remove=True)
    ids = ["app-0", "app-1", "app-2", "app-3", "app-4"]
    with cache.read_session() as session:
        # app-0 and app-2 are mine; app-1 and app-3 someone else's (app-3 no longer mine).
        assert coordination_rows.count_assigned_to(session, ids, ME) == 2
        assert coordination_rows.count_assigned_to(session, ids, OTHER) == 3
        assert coordination_rows.count_assigned_to(session, [], ME) == 0
