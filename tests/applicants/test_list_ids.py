"""Tests of reviewer_app/applicants/list_ids.py: an id list compared with the one shown."""

from __future__ import annotations

from reviewer_app.applicants.list_ids import load_ids
from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery, SortKey
from reviewer_app.applicants.search import ApplicantSearch
from reviewer_app.cache import LocalCache
from tests.applicants.cache_support import ME


def test_a_kept_id_stays_where_it_was_though_the_filter_leaves_it_out(
    cache: LocalCache,
) -> None:
    search = ApplicantSearch(ApplicantQuery(cache, ME))
    shown = load_ids(search, ApplicantFilter(), SortKey.SUBMITTED, True, []).ids
    assert shown == ["app-4", "app-3", "app-2", "app-1", "app-0"]
    backend = ApplicantFilter(position="backend")  # app-2 (designer) and app-3 (unmatched) leave
    assert load_ids(search, backend, SortKey.SUBMITTED, True, shown).ids == [
        "app-4", "app-1", "app-0"
    ]  # fmt: skip
    kept = load_ids(search, backend, SortKey.SUBMITTED, True, shown, keep="app-2")
    assert kept.ids == ["app-4", "app-2", "app-1", "app-0"] and not kept.same_set
    last = load_ids(
        search, ApplicantFilter(position="ux"), SortKey.SUBMITTED, True, shown, keep="app-0"
    )
    assert last.ids == ["app-2", "app-0"]
    # Not shown (another list) or found anyway: nothing added.
    assert load_ids(search, backend, SortKey.SUBMITTED, True, [], keep="app-2").ids == [
        "app-4", "app-1", "app-0"
    ]  # fmt: skip
