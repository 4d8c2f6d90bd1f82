"""Tests of reviewer_app/applicants/check_keys.py: each version's check keys, parsed once."""

from __future__ import annotations

import pytest

import reviewer_app.positions.catalogue as catalogue_module
from reviewer_app.applicants.check_keys import PositionCheckKeys
from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedPosition
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.positions.parsing import Position, parse_position
from tests.applicants.cache_support import DESIGNER, ME

BACKEND_KEYS = frozenset({"skill-python", "skill-git-github"})


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slug of every position the catalogues parse from now on."""
    calls: list[str] = []

    def counting(source: str, slug: str) -> Position:
        calls.append(slug)
        return parse_position(source, slug)

    monkeypatch.setattr(catalogue_module, "parse_position", counting)
    return calls


def test_every_version_has_its_keys(cache: LocalCache) -> None:
    keys = PositionCheckKeys(PositionCatalogue())
    with cache.read_session() as session:
        assert keys.read(session) == {1: BACKEND_KEYS, 2: frozenset({"skill-figma"})}


def test_check_keys_are_parsed_once(cache: LocalCache, parses: list[str]) -> None:
    query = ApplicantQuery(cache, ME)
    query.ids(ApplicantFilter(needs_my_review=True))
    query.rows(["app-0"])
    query.counts()
    assert query.check_keys(1) == BACKEND_KEYS
    assert sorted(parses) == ["backend", "ux"]


def test_a_changed_or_removed_version_is_followed(cache: LocalCache, parses: list[str]) -> None:
    keys = PositionCheckKeys(PositionCatalogue())
    with cache.read_session() as session:
        keys.read(session)
    with cache.session() as session:
        position = session.get_one(CachedPosition, 2)
        position.source = DESIGNER + "- Penpot\n"
        position.content_hash = "u2"
        session.delete(session.get_one(CachedPosition, 1))
    with cache.read_session() as session:
        assert keys.read(session) == {2: frozenset({"skill-figma", "skill-penpot"})}
    assert sorted(parses) == ["backend", "ux", "ux"]
