"""Check keys stay as they were: reviews stored under them stay attached (issue 14).

Every review in a local cache and on the shared database names its check by key, and a
laptop parses a published version again with its own parser. The expected keys below
were produced by the parser before issue 14 (``git show
HEAD:reviewer_app/positions/checks.py`` at the commit before it, run on these very
items); labels improved, keys did not move.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedPosition
from reviewer_app.config.paths import positions_dir
from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.positions.keys import CheckKeys, skill_key
from reviewer_app.positions.parsing import load_position, load_positions, parse_position
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.state import read_review_state
from tests.applicants.cache_support import ME, fill_sample_cache

# The keys of each shipped position as the previous parser gave them.
SHIPPED_KEYS_BEFORE = {
    "ambassador": [],
    "backend-developer": ["skill-python", "skill-git-github", "hours-per-week", "months"],
    "community-moderator": ["skill-moderating-online-community", "hours-per-week", "months"],
    "frontend-developer": [
        "skill-react", "skill-typescript", "skill-git-github", "hours-per-week", "months",
    ],
    "social-media-volunteer": [
        "skill-instagram-tiktok", "skill-written-english-friendly", "skill-canva", "months",
    ],
    "translator": [
        "skill-native-near-native", "skill-written-english",
        "skill-attention-detail-consistency", "hours-per-week", "months",
    ],
    "ux-designer": [
        "skill-portfolio", "skill-research", "skill-prototyping", "skill-communication",
        "hours-per-week", "months",
    ],
}  # fmt: skip

# Items of the classes, with the key the previous parser gave each.
ITEM_KEYS_BEFORE = [
    ("Experience with writing tested, production-grade Python code;", "skill-python"),
    ("Experience with best practices Git and GitHub including code review;", "skill-git-github"),
    ("Experience with Pyhton", "skill-pyhton"),
    ("Knowledge of React Natve", "skill-react"),
    ("Fluent English; other languages are a plus", "skill-fluent-english-other"),
    ("English at C1 level or above", "skill-english-c1-level"),
    ("Experience coordinating volunteers", "skill-coordinating-volunteers"),
    ("Experience organising online events", "skill-organising-online-events"),
    ("Some kind of ticketing system, e.g. Jira or GitHub", "skill-github"),
    ("Excellent written and spoken English", "skill-written-spoken-english"),
    ("**Prototyping:** confident in Figma (or Penpot) for wireframes;", "skill-prototyping"),
    ("Kind, patient, welcoming, diplomatic and a good listener", "skill-kind-patient-welcoming"),
    ("Experience with Python and Django", "skill-django-python"),
]


def test_every_shipped_position_keeps_its_keys() -> None:
    keys = {p.slug: [c.key for c in p.checks] for p in load_positions(positions_dir())}
    assert keys == SHIPPED_KEYS_BEFORE


@pytest.mark.parametrize(("item", "key"), ITEM_KEYS_BEFORE)
def test_an_item_keeps_the_key_it_had_while_its_label_improves(item: str, key: str) -> None:
    assert skill_key(item) == key
    (check,) = parse_position(f"---\ntitle: X\n---\n\n## Requirements\n\n- {item}\n", "x").checks
    assert check.key == key


def test_numbers_stay_those_of_the_first_parser_when_an_item_leaves_the_checks() -> None:
    items = [
        "Experience with Python is a plus",  # a wish now; it was "skill-python"
        "Python for the API",  # it was "skill-python-2" and stays so
        "At least 2 years of experience with Python",  # was the stay; now a check
    ]
    keys = CheckKeys(items)
    assert keys.for_requirement(1, items[1]) == "skill-python-2"
    assert keys.for_requirement(2, items[2]) == "skill-python-3"
    body = "## Requirements\n\n" + "".join(f"- {item}\n" for item in items)
    position = parse_position(f"---\ntitle: X\n---\n\n{body}", "x")
    assert [c.key for c in position.checks] == ["skill-python-2", "skill-python-3"]


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    """A local cache whose backend position (id 1) is the shipped Backend Developer."""
    opened = LocalCache.open(tmp_path)
    fill_sample_cache(opened)
    shipped = load_position(positions_dir() / "backend-developer.md")
    with opened.session() as session:
        session.get_one(CachedPosition, 1).source = shipped.source
    yield opened
    opened.close()


def test_reviews_recorded_before_stay_attached_to_the_backend_checks(cache: LocalCache) -> None:
    # Recorded by a laptop that ran the previous parser: its keys, one result each.
    before = SHIPPED_KEYS_BEFORE["backend-developer"]
    results = [CheckResult.MET, CheckResult.NOT_MET, CheckResult.UNSURE, CheckResult.MET]
    review = ReviewService(cache, ME)
    for key, result in zip(before, results, strict=True):
        review.set_check("app-0", key, result)
    # Read with this parser: every check shows the result recorded for it, none is lost.
    with cache.read_session() as session:
        state = read_review_state(session, "app-0", ME, PositionCatalogue())
    assert state.position is not None
    labels = {check.key: check.label for check in state.position.checks}
    assert list(labels) == before
    assert {labels[key]: state.my_checks[key].result for key in state.my_checks} == {
        "Python": CheckResult.MET,
        "Git & GitHub": CheckResult.NOT_MET,
        "≥ 5 h/week": CheckResult.UNSURE,
        "≥ 3 months": CheckResult.MET,
    }
    # And a review recorded now lands on the same key as before.
    review.set_check("app-1", "skill-git-github", CheckResult.MET)
    with cache.read_session() as session:
        again = read_review_state(session, "app-1", ME, PositionCatalogue())
    assert set(again.my_checks) <= set(labels)
