"""Hints follow the label's meaning (issue 14, class 4).

The "Mentions …" hint looks for what the label is about, with its common variants
("Mentions English", never "Mentions Written, English"); words that say how much or
which kind ("Fluent", "Written", "C1 or better", "(2+ years)") are not looked for.
"""

from __future__ import annotations

import pytest

from reviewer_app.positions.parsing import Check, Position, parse_position
from reviewer_app.positions.subjects import label_subjects, stem
from reviewer_app.review.hints import Hint, hints_for, skill_terms

EXPERIENCE_Q = "Tell us about your relevant experience"


def position_with(*items: str) -> Position:
    listed = "".join(f"- {item}\n" for item in items)
    return parse_position(f'---\ntitle: "Helper"\n---\n\n### Requirements\n\n{listed}', "helper")


def skill_hint(item: str, answer: str) -> Hint:
    (hint,) = [h for h in hints_for(position_with(item), [(EXPERIENCE_Q, answer)])]
    return hint


@pytest.mark.parametrize(
    ("item", "answer", "text"),
    [
        ("Fluent English; other languages are a plus", "My english is C1.", "Mentions English"),
        (
            "Good written English and a friendly voice",
            "I write in English daily",
            "Mentions English",
        ),
        (
            "At least 2 years of experience managing a team",
            "I managed a team of five",
            "Mentions team, management",
        ),
        (
            "Experience moderating an online community",
            "I was a moderator on a forum",
            "Mentions moderation",
        ),
        ("Experience with Postgres", "I run psql every day", "Mentions PostgreSQL"),
        (
            "Native or near-native command of the language you translate into",
            "Spanish is my mother tongue",
            "Mentions Spanish",
        ),
        ("Experience with JavaScript", "Mostly JS and some Python", "Mentions JavaScript"),
        ("Experience with Pyhton", "Python since 2015", "Mentions Python"),
    ],
)
def test_a_hint_names_the_subject_found_in_its_variants(item: str, answer: str, text: str) -> None:
    hint = skill_hint(item, answer)
    assert (hint.text, hint.verdict) == (text, "mentioned")


@pytest.mark.parametrize(
    ("item", "answer", "missing"),
    [
        # Words that say how much or which kind are not looked for.
        ("Fluent English", "I am fluent in Spanish", "No mention of English"),
        ("English, C1 or better", "C1 certificate in German", "No mention of English"),
        ("3+ years writing Python", "10 years of experience in Java", "No mention of Python"),
        (
            "Experience with Canva or a similar design tool",
            "Any similar tool",
            "No mention of Canva",
        ),
        # Whole words only: "legit" is not Git, "pythonic" not Python.
        ("Experience with Git and GitHub", "a legit digital tool", "No mention of Git, GitHub"),
        ("Experience with Python", "I write pythonic prose", "No mention of Python"),
    ],
)
def test_qualifiers_and_parts_of_words_are_not_mentions(
    item: str, answer: str, missing: str
) -> None:
    hint = skill_hint(item, answer)
    assert (hint.text, hint.verdict) == (missing, "not_mentioned")


@pytest.mark.parametrize(
    ("label", "names"),
    [
        ("Fluent English", ["English"]),
        ("Written English & friendly voice", ["English", "friendly", "voice"]),
        ("English, C1 or better", ["English"]),
        ("Team leadership (1+ year)", ["team", "leadership"]),
        ("Git & GitHub", ["Git", "GitHub"]),
        ("Canva or similar", ["Canva"]),
        ("Near-native target language", ["a language"]),
        ("Prototyping (Figma or Penpot)", ["prototyping", "Figma", "Penpot"]),
    ],
)
def test_label_subjects(label: str, names: list[str]) -> None:
    assert [subject.name for subject in label_subjects(label)] == names


@pytest.mark.parametrize(
    ("word", "variants", "others"),
    [
        ("moderation", ["moderator", "moderating", "moderated"], ["modern"]),
        ("management", ["managing", "manager", "managed"], ["man"]),
        ("leadership", ["leading", "leader", "led a team: leads"], ["lean"]),
        ("coordination", ["coordinator", "coordinating"], ["cord"]),
        ("community", ["communities"], ["commute"]),
        ("events", ["event", "eventbrite"], ["even"]),
    ],
)
def test_a_word_is_found_with_its_common_endings(
    word: str, variants: list[str], others: list[str]
) -> None:
    (subject,) = label_subjects(f"Volunteer {word}")[1:]
    assert stem(word)
    for variant in variants:
        assert subject.found_in(variant) == word, variant
    for other in others:
        assert subject.found_in(other) is None, other


def test_a_declared_label_that_names_nothing_falls_back_on_the_key() -> None:
    check = Check("python", "Skills", "skill", "Python, please")
    assert skill_terms(check) == ["python"]


def test_skill_terms_name_the_subjects_in_lower_case() -> None:
    assert skill_terms(Check("skill-git-github", "Git & GitHub", "skill", "x")) == ["git", "github"]
    assert skill_terms(
        Check("skill-written-english-friendly", "Written English", "skill", "x")
    ) == ["english"]
