"""Tests of reviewer_app/applicants/queries.py: the list's ids, rows and counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer_app.applicants.queries import (
    TOGGLE_KEYS,
    ApplicantFilter,
    ApplicantQuery,
    SortKey,
)
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    CachedApplication,
    CachedDecision,
    CachedPosition,
    CachedRequirementCheck,
    Conflict,
)
from reviewer_app.domain.vocabulary import CheckResult, Stage
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.drafts import DECISION, NEW_NOTE, save_draft
from tests.applicants.cache_support import BACKEND, DESIGNER, ME, T0, toggle_members


@pytest.fixture
def query(cache: LocalCache) -> ApplicantQuery:
    """The list queries of reviewer ME."""
    return ApplicantQuery(cache, ME)


def test_ids_are_newest_first_by_default(query: ApplicantQuery) -> None:
    assert query.ids() == ["app-4", "app-3", "app-2", "app-1", "app-0"]


def test_ids_sort_by_name_and_stage(cache: LocalCache, query: ApplicantQuery) -> None:
    assert query.ids(sort=SortKey.NAME, descending=False)[-2:] == ["app-2", "app-3"]
    ReviewService(cache, ME).set_decision("app-1", Stage.INTERVIEW)
    assert query.ids(sort=SortKey.STAGE, descending=True)[0] == "app-1"


def test_filter_by_position_stage_and_unmatched(cache: LocalCache, query: ApplicantQuery) -> None:
    assert set(query.ids(ApplicantFilter(position="backend"))) == {"app-0", "app-1", "app-4"}
    assert query.ids(ApplicantFilter(unmatched=True)) == ["app-3"]
    ReviewService(cache, ME).set_decision("app-0", Stage.SCREENING)
    assert query.ids(ApplicantFilter(stage=Stage.SCREENING)) == ["app-0"]
    # "new" also means "no decision yet".
    assert "app-1" in query.ids(ApplicantFilter(stage=Stage.NEW))
    assert "app-0" not in query.ids(ApplicantFilter(stage=Stage.NEW))


def test_needs_my_review_counts_only_my_checks_of_the_position(
    cache: LocalCache, query: ApplicantQuery
) -> None:
    review = ReviewService(cache, ME)
    assert set(query.ids(ApplicantFilter(needs_my_review=True))) == {
        "app-0", "app-1", "app-2", "app-4",
    }  # fmt: skip
    review.set_check("app-0", "skill-python", CheckResult.MET)
    review.set_check("app-0", "skill-unrelated", CheckResult.MET)
    assert "app-0" in query.ids(ApplicantFilter(needs_my_review=True))
    review.set_check("app-0", "skill-git-github", CheckResult.NOT_MET)
    ReviewService(cache, "Someone Else").set_check("app-2", "skill-figma", CheckResult.MET)
    assert set(query.ids(ApplicantFilter(needs_my_review=True))) == {"app-1", "app-2", "app-4"}
    assert query.rows(["app-0"])["app-0"].progress == "2/2"


def test_needs_my_review_follows_a_changed_position(
    cache: LocalCache, query: ApplicantQuery
) -> None:
    ReviewService(cache, ME).set_check("app-2", "skill-figma", CheckResult.MET)
    assert "app-2" not in query.ids(ApplicantFilter(needs_my_review=True))
    with cache.session() as session:
        position = session.get_one(CachedPosition, 2)
        position.source = DESIGNER + "- Penpot\n"
        position.content_hash = "u2"
    assert "app-2" in query.ids(ApplicantFilter(needs_my_review=True))
    assert query.rows(["app-2"])["app-2"].progress == "1/2"


def test_duplicates_include_both_sides(query: ApplicantQuery) -> None:
    assert set(query.ids(ApplicantFilter(duplicates=True))) == {"app-0", "app-4"}
    rows = query.rows(["app-0", "app-4", "app-1"])
    assert rows["app-0"].is_duplicate and rows["app-4"].is_duplicate
    assert not rows["app-1"].is_duplicate


def test_conflicts_are_the_unresolved_ones(cache: LocalCache, query: ApplicantQuery) -> None:
    with cache.session() as session:
        session.add(Conflict(application_id="app-1", entity="decision", theirs={}, mine={}))
        session.add(
            Conflict(application_id="app-2", entity="decision", theirs={}, mine={}, resolved_at=T0)
        )
    assert query.ids(ApplicantFilter(conflicts=True)) == ["app-1"]
    assert query.rows(["app-1"])["app-1"].has_conflict
    assert query.detail("app-1").has_conflict
    assert not query.detail("app-2").has_conflict


@pytest.mark.parametrize("text", ["python", "ana silva", "É"])
def test_a_search_is_refused_it_is_done_in_memory(query: ApplicantQuery, text: str) -> None:
    # reviewer_app.applicants.search searches; a search here would be silently ignored.
    with pytest.raises(ValueError, match="ApplicantSearch"):
        query.ids(ApplicantFilter(search=text))
    with pytest.raises(ValueError, match="ApplicantSearch"):
        query.counts(ApplicantFilter(search=text, unmatched=True))


def test_a_blank_search_is_no_search(query: ApplicantQuery) -> None:
    assert query.ids(ApplicantFilter(search=" \t")) == query.ids()
    assert query.counts(ApplicantFilter(search="  ")) == query.counts()


def test_search_texts_hold_name_email_and_answers_in_the_order_asked(
    cache: LocalCache, query: ApplicantQuery
) -> None:
    ids = ["app-3", "app-1", "missing", "app-0"]
    texts = list(query.search_texts(ids))
    assert texts[1] == "Björn Haugen\nbjorn@example.com\nCafé owner, 100% committed\nno"
    assert texts[2] == ""
    assert [text.split("\n")[0] for text in texts] == [
        "Dmitri Ivanova",
        "Björn Haugen",
        "",
        "Ana Silva",
    ]
    with cache.session() as session:
        session.get_one(CachedApplication, "app-1").name = "Bjørn"
        session.delete(session.get_one(CachedApplication, "app-3"))
    assert [text.split("\n")[0] for text in query.search_texts(ids)] == [
        "",
        "Bjørn",
        "",
        "Ana Silva",
    ]
    assert len(list(query.search_texts([f"app-{n % 5}" for n in range(12_000)]))) == 12_000


def test_toggle_flags_hold_the_toggles_each_application_is_listed_under(
    cache: LocalCache, query: ApplicantQuery
) -> None:
    with cache.session() as session:
        session.add(Conflict(application_id="app-2", entity="decision", theirs={}, mine={}))
    ReviewService(cache, ME).set_check("app-0", "skill-python", CheckResult.MET)
    listed = toggle_members(query)
    assert listed == {key: set(query.ids(ApplicantFilter(**{key: True}))) for key in TOGGLE_KEYS}
    assert listed["conflicts"] == {"app-2"}
    assert listed["duplicates"] == {"app-0", "app-4"}


def test_counts_ignore_the_toggles_of_the_filter(cache: LocalCache, query: ApplicantQuery) -> None:
    with cache.session() as session:
        session.add(Conflict(application_id="app-0", entity="decision", theirs={}, mine={}))
    assert query.counts() == {
        "all": 5,
        "needs_my_review": 4,
        "unmatched": 1,
        "duplicates": 2,
        "conflicts": 1,
        "drafts": 0,
        "assigned_to_me": 0,
        "unassigned": 5,
    }
    narrowed = query.counts(ApplicantFilter(position="backend", unmatched=True))
    assert narrowed == {
        "all": 3,
        "needs_my_review": 3,
        "unmatched": 0,
        "duplicates": 2,
        "conflicts": 1,
        "drafts": 0,
        "assigned_to_me": 0,
        "unassigned": 3,
    }


def test_counts_of_an_empty_cache_are_zero(tmp_path: Path) -> None:
    with LocalCache.open(tmp_path / "empty") as empty:
        counts = ApplicantQuery(empty, ME).counts()
    assert set(counts.values()) == {0}


def test_rows_fetch_display_fields(cache: LocalCache, query: ApplicantQuery) -> None:
    with cache.session() as session:
        session.add(CachedDecision(application_id="app-2", stage=Stage.DECLINED, reason="no"))
    rows = query.rows(["app-2", "app-3", "missing"])
    assert set(rows) == {"app-2", "app-3"}
    assert rows["app-2"].position_title == "UX Designer"
    assert rows["app-2"].stage == Stage.DECLINED
    assert rows["app-2"].progress == "0/1"
    assert rows["app-3"].position_title is None
    assert rows["app-3"].stage == Stage.NEW
    assert rows["app-3"].progress == ""


def test_filtering_by_slug_keeps_every_version(cache: LocalCache, query: ApplicantQuery) -> None:
    with cache.session() as session:
        session.add(
            CachedPosition(
                id=3,
                slug="backend",
                version=2,
                title="Backend Developer (v2)",
                source=BACKEND,
                content_hash="b2",
            )
        )
        session.get_one(CachedApplication, "app-3").position_id = 3
    assert set(query.ids(ApplicantFilter(position="backend"))) == {
        "app-0", "app-1", "app-3", "app-4",
    }  # fmt: skip


def test_detail_and_positions_read_through_their_modules(query: ApplicantQuery) -> None:
    # Thin wrappers of reviewer_app.applicants.detail and .position_list (tested there).
    assert query.detail("app-4").duplicate_of is not None
    assert [(p.slug, p.version) for p in query.positions()] == [("backend", 1), ("ux", 1)]


def test_check_keys_come_from_the_catalogue_given(cache: LocalCache) -> None:
    catalogue = PositionCatalogue()
    query = ApplicantQuery(cache, ME, catalogue=catalogue)
    assert query.catalogue is catalogue
    assert query.check_keys(1) == frozenset({"skill-python", "skill-git-github"})
    assert query.check_keys(99) == frozenset()
    assert catalogue.check_keys("ux", DESIGNER) == frozenset({"skill-figma"})
    assert catalogue.kept == 2  # both versions parsed, once, into the catalogue given


def test_my_checks_are_only_mine(cache: LocalCache) -> None:
    with cache.session() as session:
        session.add(
            CachedRequirementCheck(
                application_id="app-1", check_key="skill-python",
                reviewer_name="Other", result=CheckResult.MET,
            )
        )  # fmt: skip
    assert ApplicantQuery(cache, ME).rows(["app-1"])["app-1"].checks_done == 0
    assert ApplicantQuery(cache, "Other").rows(["app-1"])["app-1"].checks_done == 1


def test_a_cleared_check_counts_as_not_checked(cache: LocalCache, query: ApplicantQuery) -> None:
    review = ReviewService(cache, ME)
    review.set_check("app-0", "skill-python", CheckResult.MET)
    review.set_check("app-0", "skill-git-github", CheckResult.MET)
    assert "app-0" not in query.ids(ApplicantFilter(needs_my_review=True))
    with cache.session() as session:  # what clearing a result leaves (the row syncs)
        session.scalars(
            select(CachedRequirementCheck).where(
                CachedRequirementCheck.application_id == "app-0",
                CachedRequirementCheck.check_key == "skill-python",
            )
        ).one().result = None
    assert "app-0" in query.ids(ApplicantFilter(needs_my_review=True))
    assert "app-0" in toggle_members(query)["needs_my_review"]
    assert query.counts()["needs_my_review"] == 4
    assert query.rows(["app-0"])["app-0"].progress == "1/2"


def test_the_drafts_toggle_keeps_the_applications_holding_a_draft(
    cache: LocalCache, query: ApplicantQuery
) -> None:
    assert query.ids(ApplicantFilter(drafts=True)) == []
    save_draft(cache, "app-1", NEW_NOTE, {"kind": "triage", "body": "half"})
    save_draft(cache, "app-1", DECISION, {"stage": "screening", "reason": ""})
    save_draft(cache, "app-3", DECISION, {"stage": "declined", "reason": "x"})
    save_draft(cache, "gone", NEW_NOTE, {"kind": "triage", "body": "erased since"})
    assert query.ids(ApplicantFilter(drafts=True)) == ["app-3", "app-1"]
    assert query.ids(ApplicantFilter(drafts=True, unmatched=True)) == ["app-3"]
    assert query.counts()["drafts"] == 2
    assert query.counts(ApplicantFilter(position="backend"))["drafts"] == 1
    assert toggle_members(query)["drafts"] == {"app-1", "app-3"}
    rows = query.rows(["app-1", "app-2"])
    assert rows["app-1"].has_draft and not rows["app-2"].has_draft
    save_draft(cache, "app-1", NEW_NOTE, None)
    save_draft(cache, "app-1", DECISION, None)
    assert query.ids(ApplicantFilter(drafts=True)) == ["app-3"]
    assert not query.rows(["app-1"])["app-1"].has_draft
