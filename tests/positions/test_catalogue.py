"""Tests of reviewer_app/positions/catalogue.py: each version parsed once, shared by threads."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

import reviewer_app.positions.catalogue as catalogue_module
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.positions.parsing import Position, parse_position

BACKEND = (
    '---\ntitle: "Backend Developer"\n---\n\n## Requirements\n\n'
    "- Python experience\n- Git and GitHub\n"
)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The (slug, source) of every parse the catalogues make from now on."""
    calls: list[tuple[str, str]] = []

    def counting(source: str, slug: str) -> Position:
        calls.append((slug, source))
        return parse_position(source, slug)

    monkeypatch.setattr(catalogue_module, "parse_position", counting)
    return calls


def test_a_version_is_parsed_once(parses: list[tuple[str, str]]) -> None:
    catalogue = PositionCatalogue()
    first = catalogue.parsed("backend", BACKEND)
    assert first == parse_position(BACKEND, "backend")
    assert catalogue.parsed("backend", BACKEND) is first
    # Equal text read again from the cache is another string object: still a hit.
    assert catalogue.parsed("backend", "".join(list(BACKEND))) is first
    assert catalogue.check_keys("backend", BACKEND) == {"skill-python", "skill-git-github"}
    assert parses == [("backend", BACKEND)]


def test_a_changed_source_or_another_slug_is_parsed_again(
    parses: list[tuple[str, str]],
) -> None:
    catalogue = PositionCatalogue()
    catalogue.parsed("backend", BACKEND)
    edited = BACKEND + "- SQL\n"
    assert catalogue.check_keys("backend", edited) == {
        "skill-python", "skill-git-github", "skill-sql",
    }  # fmt: skip
    assert catalogue.parsed("backend-2", BACKEND).slug == "backend-2"
    assert len(parses) == 3
    assert catalogue.kept == 3


def test_the_least_recently_used_version_is_dropped_first(
    parses: list[tuple[str, str]],
) -> None:
    catalogue = PositionCatalogue(max_entries=2)
    catalogue.parsed("a", BACKEND)
    catalogue.parsed("b", BACKEND)
    catalogue.parsed("a", BACKEND)  # used: "b" is now the oldest
    catalogue.parsed("c", BACKEND)
    assert catalogue.kept == 2
    catalogue.parsed("a", BACKEND)
    assert [slug for slug, _ in parses] == ["a", "b", "c"]
    catalogue.parsed("b", BACKEND)
    assert [slug for slug, _ in parses] == ["a", "b", "c", "b"]


def test_a_catalogue_keeps_at_least_one_version() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        PositionCatalogue(max_entries=0)


def test_threads_sharing_a_catalogue_get_one_parse_each(
    parses: list[tuple[str, str]],
) -> None:
    catalogue = PositionCatalogue(max_entries=8)
    sources = [BACKEND + f"- Skill {number}\n" for number in range(12)]
    start = threading.Barrier(8)
    errors: list[BaseException] = []
    results: list[dict[tuple[str, str], Position]] = []

    def work(order: Callable[[list[str]], list[str]]) -> None:
        seen: dict[tuple[str, str], Position] = {}
        try:
            start.wait(5)
            for _ in range(20):
                for source in order(sources[:4]):
                    seen[("hot", source)] = catalogue.parsed("hot", source)
            start.wait(5)  # then every thread churns through more than it keeps
            for source in order(sources):
                assert catalogue.parsed("cold", source).source == source
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        results.append(seen)

    threads = [
        threading.Thread(target=work, args=(list if n % 2 else _reversed,)) for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not errors
    assert len(results) == 8
    # Every thread got the same parsed object of each hot version, parsed once.
    for key in results[0]:
        assert len({id(seen[key]) for seen in results}) == 1
    assert sorted(parses[:4]) == sorted(("hot", source) for source in sources[:4])
    assert len(parses) >= 4 + len(sources)
    assert catalogue.kept <= 8


def _reversed(items: list[str]) -> list[str]:
    return items[::-1]


def test_an_empty_catalogue_is_true() -> None:
    # "catalogue or PositionCatalogue()" must keep a shared catalogue before its first parse.
    shared = PositionCatalogue()
    assert (shared or PositionCatalogue()) is shared
