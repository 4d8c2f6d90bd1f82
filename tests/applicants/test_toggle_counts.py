"""Tests of reviewer_app/applicants/toggle_counts.py: counts kept and brought up to date.

Each write is a real one (ReviewService, drafts), and the counts told of only the
applications its Changes name must equal a fresh count of the whole cache.
"""

from __future__ import annotations

import pytest

from reviewer_app.applicants import toggle_counts
from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery
from reviewer_app.applicants.toggle_counts import ToggleCounts
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication, Conflict
from reviewer_app.domain.vocabulary import CheckResult, Stage
from reviewer_app.review.actions import ReviewService
from tests.applicants.cache_support import ME, review_writes

BASES = [
    ApplicantFilter(),
    ApplicantFilter(position="backend"),
    ApplicantFilter(stage=Stage.NEW),
    ApplicantFilter(stage=Stage.SCREENING, position="backend"),
]


class CountingQuery(ApplicantQuery):
    """The real query, noting every pass over all applications."""

    def __init__(self, cache: LocalCache) -> None:
        super().__init__(cache, ME)
        self.passes: list[str] = []

    def counts(self, base_filter: ApplicantFilter | None = None) -> dict[str, int]:
        self.passes.append("counts")
        return super().counts(base_filter)

    def toggle_flags(
        self, base_filter: ApplicantFilter | None = None, within: object = None
    ) -> dict[str, int]:
        if within is None:
            self.passes.append("flags")
        return super().toggle_flags(base_filter, within)  # type: ignore[arg-type]


@pytest.mark.parametrize("base", BASES, ids=repr)
def test_counts_follow_each_review_reading_only_what_it_names(
    cache: LocalCache, base: ApplicantFilter
) -> None:
    query = CountingQuery(cache)
    counts = ToggleCounts(query)
    fresh = ApplicantQuery(cache, ME)
    writes = review_writes(cache)  # adds a conflict: before the counts
    seen = [counts.counts(base)]
    assert seen[0] == fresh.counts(base)
    for write in writes:
        changes = write()
        assert changes.applications
        counts.forget(changes.applications)
        seen.append(counts.counts(base))
        assert seen[-1] == fresh.counts(base), changes
    assert len({tuple(figures.values()) for figures in seen}) >= 4  # the reviews moved them
    # One pass at first, which keeps each application's toggles; no more.
    assert query.passes == ["flags"]


def test_counts_asked_again_without_a_change_are_not_read_again(cache: LocalCache) -> None:
    query = CountingQuery(cache)
    counts = ToggleCounts(query)
    first = counts.counts(ApplicantFilter())
    assert counts.counts(ApplicantFilter(needs_my_review=True)) == first  # toggles ignored
    assert query.passes == ["flags"]


def test_a_change_of_anything_reads_everything_again(cache: LocalCache) -> None:
    query = CountingQuery(cache)
    counts = ToggleCounts(query)
    counts.counts(ApplicantFilter())
    with cache.session() as session:  # e.g. a sync: a conflict and an erasure
        session.add(Conflict(application_id="app-1", entity="decision", theirs={}, mine={}))
        session.delete(session.get_one(CachedApplication, "app-2"))
    counts.forget()
    assert counts.counts(ApplicantFilter()) == ApplicantQuery(cache, ME).counts()
    assert counts.counts(ApplicantFilter())["conflicts"] == 1
    assert query.passes == ["flags", "flags"]


def test_another_base_filter_is_counted_afresh(cache: LocalCache) -> None:
    query = CountingQuery(cache)
    counts = ToggleCounts(query)
    everyone = counts.counts(ApplicantFilter())
    backend = counts.counts(ApplicantFilter(position="backend"))
    assert (everyone["all"], backend["all"]) == (5, 3)
    assert query.passes == ["flags", "flags"]


def test_an_application_named_again_while_read_is_read_again(cache: LocalCache) -> None:
    query = CountingQuery(cache)
    counts = ToggleCounts(query)
    review = ReviewService(cache, ME)
    counts.counts(ApplicantFilter())
    counts.forget(review.set_check("app-0", "skill-python", CheckResult.MET).applications)
    counts.counts(ApplicantFilter())  # each one's toggles, kept
    counts.forget(review.set_check("app-1", "skill-python", CheckResult.MET).applications)
    real = query.toggle_flags

    def named_again(base: ApplicantFilter | None = None, within: object = None) -> dict[str, int]:
        read = real(base, within)  # type: ignore[arg-type]
        # e.g. a sync's checks of this reviewer's other laptop, told from the GUI thread
        later = review.set_check("app-1", "skill-git-github", CheckResult.MET)
        counts.forget(later.applications)
        return read

    query.toggle_flags = named_again  # type: ignore[method-assign]
    counts.counts(ApplicantFilter())
    query.toggle_flags = real  # type: ignore[method-assign]
    assert counts.counts(ApplicantFilter()) == ApplicantQuery(cache, ME).counts()


def test_many_applications_named_are_counted_in_one_pass(
    cache: LocalCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(toggle_counts, "_PATCH_ALWAYS", 0)  # 5 applications: 0 read alone
    query = CountingQuery(cache)
    counts = ToggleCounts(query)
    review = ReviewService(cache, ME)
    counts.counts(ApplicantFilter())
    counts.forget(review.assign(["app-0", "app-1"], [ME]).applications)
    counts.counts(ApplicantFilter())
    counts.forget(review.set_decisions(["app-2", "app-3"], Stage.SCREENING).applications)
    assert counts.counts(ApplicantFilter()) == ApplicantQuery(cache, ME).counts()
    # A bulk decision on a select-all, an undo of it, a push after a day offline: reading
    # each application alone would cost more than one pass over all of them.
    assert query.passes == ["flags", "flags", "flags"]


def test_a_review_named_while_counting_is_read_at_the_next_count(cache: LocalCache) -> None:
    query = CountingQuery(cache)
    counts = ToggleCounts(query)
    counts.counts(ApplicantFilter())
    changes = ReviewService(cache, ME).set_check("app-0", "skill-python", CheckResult.MET)
    counts.forget(changes.applications)
    real = query.toggle_flags

    def told_during(base: ApplicantFilter | None = None, within: object = None) -> dict[str, int]:
        read = real(base, within)  # type: ignore[arg-type]
        later = ReviewService(cache, ME).set_check("app-1", "skill-python", CheckResult.MET)
        counts.forget(later.applications)  # the write came after the read
        return read

    query.toggle_flags = told_during  # type: ignore[method-assign]
    counts.counts(ApplicantFilter())
    query.toggle_flags = real  # type: ignore[method-assign]
    assert counts.counts(ApplicantFilter()) == ApplicantQuery(cache, ME).counts()
