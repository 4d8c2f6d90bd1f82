"""Tests of the list's sort by name (reviewer_app/applicants/filters.py, ``order_by``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery, SortKey
from reviewer_app.applicants.search import ApplicantSearch
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication

NAMES = ["Zoë Adeyemi", "ana lima", "Łukasz Nowak", "", "Bruno", "Дмитрий", "Ágata", "Agata"]


@pytest.fixture
def query(tmp_path: Path) -> Iterator[ApplicantQuery]:
    """A query over a cache holding an application for each of :data:`NAMES`."""
    with LocalCache.open(tmp_path) as cache:
        with cache.session() as session:
            session.add_all(
                CachedApplication(
                    id=f"app-{number}",
                    response_id=f"response-{number}",
                    name=name,
                    content_hash="h",
                    revision=number + 1,
                )
                for number, name in enumerate(NAMES)
            )
        yield ApplicantQuery(cache, "Rae")


def _names(ids: list[str]) -> list[str]:
    return [NAMES[int(id_.removeprefix("app-"))] for id_ in ids]


def test_by_name_is_a_dictionary_order_with_other_scripts_after_latin(
    query: ApplicantQuery,
) -> None:
    assert _names(query.ids(sort=SortKey.NAME, descending=False)) == [
        "Agata",
        "Ágata",
        "ana lima",
        "Bruno",
        "Łukasz Nowak",
        "Zoë Adeyemi",
        "Дмитрий",
        "",
    ]


def test_descending_reverses_it_and_leaves_the_nameless_last(query: ApplicantQuery) -> None:
    ascending = _names(query.ids(sort=SortKey.NAME, descending=False))
    assert _names(query.ids(sort=SortKey.NAME, descending=True)) == [*ascending[-2::-1], ""]


def test_a_search_keeps_the_order_by_name(query: ApplicantQuery) -> None:
    found = ApplicantSearch(query).ids(ApplicantFilter(search="a"), SortKey.NAME, False)
    assert _names(found) == ["Agata", "Ágata", "ana lima", "Łukasz Nowak", "Zoë Adeyemi"]
