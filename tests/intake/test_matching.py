"""Tests for reviewer_app.intake.matching: typed positions to slugs."""

from __future__ import annotations

import pytest

from reviewer_app.intake.matching import PositionMatcher
from reviewer_app.positions.name_words import tokens

POSITIONS = [
    ("backend", ["Backend Developer", "Backend", None]),
    ("frontend", ["Frontend Developer", None, "Frontend Developer (React)"]),
    ("translator", ["Translator", "Translation", None]),
    ("german-translator", ["German Translator"]),
    ("community", ["Head of Community"]),
]


@pytest.fixture
def matcher() -> PositionMatcher:
    return PositionMatcher(POSITIONS)


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("Backend Developer", "backend"),
        ("backend developer ", "backend"),
        ("Backend-Developer", "backend"),
        ("BACKEND DEVELOPER", "backend"),
        ("Backend Developer (Python/Django)", "backend"),
        ("I'd like to apply as Backend Developer", "backend"),
        ("Developer, backend", "backend"),
        ("backend dev", "backend"),
        ("Frontend Developer", "frontend"),
        ("frontend developer (React)", "frontend"),
        ("Translator - French", "translator"),
        ("Translation", "translator"),
        ("German translator", "german-translator"),
        ("Translator - German", "german-translator"),
        ("community head", "community"),
        ("Head of the Community", "community"),
    ],
)
def test_typed_position_matches(matcher: PositionMatcher, typed: str, slug: str) -> None:
    assert matcher.match(typed) == slug


@pytest.mark.parametrize(
    "typed",
    ["Developer", "I want to help", "", "   ", "!!!", "de", "Anything that helps!", "Design"],
)
def test_vague_or_unknown_text_matches_nothing(matcher: PositionMatcher, typed: str) -> None:
    assert matcher.match(typed) is None


def test_frontend_never_matches_backend(matcher: PositionMatcher) -> None:
    assert matcher.match("Frontend Developer") != "backend"
    assert matcher.match("frontend dev") == "frontend"


def test_two_positions_fitting_equally_is_ambiguous() -> None:
    matcher = PositionMatcher([("a", ["Backend Developer"]), ("b", ["Python Developer"])])
    assert matcher.match("Backend Developer") == "a"
    assert matcher.match("Developer: backend, python") is None
    # Words in one run beat the same words scattered.
    assert matcher.match("Backend Python Developer") == "b"


def test_same_name_on_two_positions_is_ambiguous() -> None:
    matcher = PositionMatcher([("a", ["Translator"]), ("b", ["Translator"])])
    assert matcher.match("Translator") is None


def test_translator_alone_matches_plain_translator() -> None:
    matcher = PositionMatcher([("t", ["Translator"]), ("g", ["German Translator"])])
    assert matcher.match("translator") == "t"
    assert matcher.match("Translator - German") == "g"


def test_matching_is_deterministic_regardless_of_position_order() -> None:
    forward = PositionMatcher(POSITIONS)
    backward = PositionMatcher(list(reversed(POSITIONS)))
    for typed in ["Backend Developer", "Developer", "Translator - German", "backend dev"]:
        assert forward.match(typed) == backward.match(typed)


def test_tokens_are_unicode_aware_and_casefolded() -> None:
    assert tokens("Übersetzer·innen (DE→EN)") == ("übersetzer", "innen", "de", "en")
    assert tokens("ＳＴＲＡẞＥ_x") == ("strasse", "x")
    assert tokens("Head of Community") == ("head", "community")
    assert tokens("Of The") == ("of", "the")


@pytest.mark.parametrize(
    "typed",
    ["UX Designer, Translator", "Translator and Backend Developer", "Translator; Moderator"],
)
def test_a_text_naming_two_positions_in_words_apart_matches_none(typed: str) -> None:
    # "Translator" lost to the name with more words: the second application was never
    # seen by the coordinator.
    matcher = PositionMatcher(
        [
            ("ux", ["UX Designer"]),
            ("translator", ["Translator"]),
            ("backend", ["Backend Developer"]),
            ("moderator", ["Moderator"]),
        ]
    )
    assert matcher.match(typed) is None
    assert matcher.names_several(typed)
    assert not matcher.names_several("Translator")
    assert matcher.match("Backend Developer (Python)") == "backend"
