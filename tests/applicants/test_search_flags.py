"""Tests of reviewer_app/applicants/search_flags.py: the search's toggles, kept and patched.

Each write is a real one; the flags told of only the applications its Changes name must
equal those read afresh, with one pass over the cache in all.
"""

from __future__ import annotations

import pytest

from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery
from reviewer_app.applicants.search_flags import SearchFlags
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication, Conflict
from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.review.actions import ReviewService
from tests.applicants.cache_support import ME, review_writes


class PassCountingQuery(ApplicantQuery):
    """The real query, noting every pass over all applications."""

    def __init__(self, cache: LocalCache) -> None:
        super().__init__(cache, ME)
        self.passes = 0
        self.named: list[list[str]] = []

    def toggle_flags(
        self, base_filter: ApplicantFilter | None = None, within: object = None
    ) -> dict[str, int]:
        if within is None:
            self.passes += 1
        else:
            self.named.append(list(within))  # type: ignore[call-overload]
        return super().toggle_flags(base_filter, within)  # type: ignore[arg-type]


def _ids(cache: LocalCache) -> list[str]:
    return ApplicantQuery(cache, ME).ids(ApplicantFilter())


def _kept(cache: LocalCache) -> tuple[PassCountingQuery, SearchFlags, list[str], dict[str, int]]:
    """A counting query, its flags, and the list they are of (with each one's index)."""
    query = PassCountingQuery(cache)
    ids = _ids(cache)
    return query, SearchFlags(query), ids, {app_id: n for n, app_id in enumerate(ids)}


def _fresh(cache: LocalCache, ids: list[str]) -> bytes:
    return SearchFlags(ApplicantQuery(cache, ME)).of(ids, {i: n for n, i in enumerate(ids)})


def test_flags_follow_each_review_reading_only_what_it_names(cache: LocalCache) -> None:
    query, flags, ids, where = _kept(cache)
    writes = review_writes(cache)  # adds a conflict: before the first reading
    seen = [flags.of(ids, where)]
    assert seen[0] == _fresh(cache, ids)
    for write in writes:
        changes = write()
        assert changes.applications
        flags.forget(changes.applications)
        seen.append(flags.of(ids, where))
        assert seen[-1] == _fresh(cache, ids), changes
    assert len(set(seen)) >= 4  # the reviews moved them
    assert query.passes == 1
    assert ["app-0"] in query.named


def test_flags_asked_again_without_a_change_are_not_read_again(cache: LocalCache) -> None:
    query, flags, ids, where = _kept(cache)
    first = flags.of(ids, where)
    assert flags.of(ids, where) is first
    assert (query.passes, query.named) == (1, [])


def test_a_change_of_anything_or_another_list_reads_everything_again(cache: LocalCache) -> None:
    query = PassCountingQuery(cache)
    flags = SearchFlags(query)
    ids = _ids(cache)
    flags.of(ids, {app_id: number for number, app_id in enumerate(ids)})
    with cache.session() as session:  # e.g. a sync: a conflict and an erasure
        session.add(Conflict(application_id="app-1", entity="decision", theirs={}, mine={}))
        session.delete(session.get_one(CachedApplication, "app-2"))
    flags.forget()
    again = list(ids)  # the texts read again: another list, whatever it holds
    assert flags.of(again, {i: n for n, i in enumerate(again)}) == _fresh(cache, again)
    assert query.passes == 2


def test_an_erased_application_named_by_a_review_loses_its_toggles(cache: LocalCache) -> None:
    query, flags, ids, where = _kept(cache)
    before = flags.of(ids, where)
    with cache.session() as session:
        session.add(Conflict(application_id="app-2", entity="decision", theirs={}, mine={}))
    flags.forget(["app-2"])
    assert flags.of(ids, where)[where["app-2"]] != before[where["app-2"]]
    with cache.session() as session:
        session.delete(session.get_one(CachedApplication, "app-2"))
    flags.forget(["app-2"])
    assert flags.of(ids, where)[where["app-2"]] == 0
    assert query.passes == 1


def test_a_review_named_while_reading_is_read_at_the_next_call(cache: LocalCache) -> None:
    query, flags, ids, where = _kept(cache)
    flags.of(ids, where)
    changes = ReviewService(cache, ME).set_check("app-0", "skill-python", CheckResult.MET)
    flags.forget(changes.applications)
    real = query.toggle_flags

    def told_during(base: ApplicantFilter | None = None, within: object = None) -> dict[str, int]:
        read = real(base, within)
        later = ReviewService(cache, ME).set_check("app-1", "skill-python", CheckResult.MET)
        flags.forget(later.applications)  # the write came after the read
        return read

    query.toggle_flags = told_during  # type: ignore[method-assign]
    flags.of(ids, where)
    query.toggle_flags = real  # type: ignore[method-assign]
    assert flags.of(ids, where) == _fresh(cache, ids)


def test_a_failed_reading_keeps_what_it_was_to_read(cache: LocalCache) -> None:
    query, flags, ids, where = _kept(cache)
    flags.of(ids, where)
    review = ReviewService(cache, ME)
    flags.forget(review.set_check("app-0", "skill-python", CheckResult.MET).applications)
    real = query.toggle_flags

    def broken(base: ApplicantFilter | None = None, within: object = None) -> dict[str, int]:
        raise OSError("disk I/O error")

    query.toggle_flags = broken  # type: ignore[method-assign]
    with pytest.raises(OSError):
        flags.of(ids, where)
    query.toggle_flags = real  # type: ignore[method-assign]
    assert flags.of(ids, where) == _fresh(cache, ids)
