"""Labels a person can read whole (issue 14, class 3).

A check's label is a short noun phrase naming what is checked, at most about 32
characters, never cut mid-phrase and never ending in "…"; it keeps the subject (the
language, the tool), drops the filler, is not an example named with "e.g.", and reads a
clear misspelling as what was meant while the full text stays as written.
"""

from __future__ import annotations

import re

import pytest

from reviewer_app.config.paths import positions_dir
from reviewer_app.positions.labels import MAX_LABEL, skill_label
from reviewer_app.positions.parsing import Position, load_positions, parse_position

FRONTMATTER = '---\ntitle: "Test Volunteer"\ndescription: "A position for tests"\n---\n\n'


def requirements(*items: str, frontmatter: str = FRONTMATTER) -> Position:
    listed = "".join(f"- {item}\n" for item in items)
    return parse_position(f"{frontmatter}### Requirements\n\n{listed}", "test-volunteer")


def label(item: str) -> str:
    (check,) = requirements(item).checks
    return check.label


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Experience with Python and Django;", "Python & Django"),
        ("Experience with best practices Git and GitHub including code review;", "Git & GitHub"),
        ("English at C1 level or above", "English, C1 or better"),
        ("At least 1 year of experience leading a team", "Team leadership (1+ year)"),
        ("Experience coordinating volunteers", "Volunteer coordination"),
        ("Experience organising online events", "Online events"),
        ("Figma or Sketch", "Figma or Sketch"),
        ("Experience with Protocol Buffers and/or gRPC;", "Protocol Buffers or gRPC"),
    ],
)
def test_the_issues_examples_read_as_a_careful_reviewer_writes_them(
    item: str, expected: str
) -> None:
    assert label(item) == expected


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Excellent written and spoken English", "Written & spoken English"),
        ("Proven experience with SQL", "SQL"),
        ("Strong communication skills", "Communication"),
        ("Very good written English.", "Written English"),
        ("Solid understanding of accessibility", "Accessibility"),
        ("Able to work independently", "Working independently"),
        ("Comfortable writing TypeScript", "TypeScript"),
    ],
)
def test_filler_is_dropped(item: str, expected: str) -> None:
    assert label(item) == expected


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            "Native or near-native command of the language you translate into.",
            "Near-native target language",
        ),
        ("Fluent English; other languages are a plus", "Fluent English"),
        ("Spanish or Portuguese (native)", "Native Spanish or Portuguese"),
        ("Good written English and a friendly voice", "Written English & friendly voice"),
        (
            "**Prototyping:** confident in Figma (or Penpot) for wireframes;",
            "Prototyping (Figma or Penpot)",
        ),
        (
            "**Communication:** clear written English, as most of our work is written",
            "Communication (written English)",
        ),
        ("**Languages:** fluent English and Spanish", "Fluent English & Spanish"),
        ("Experience with Canva or a similar design tool", "Canva or similar"),
        ("Experience with Discord, Discourse or Slack", "Discord, Discourse or Slack"),
    ],
)
def test_the_subject_is_kept(item: str, expected: str) -> None:
    assert label(item) == expected


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Some kind of ticketing system, e.g. Jira or GitHub", "Ticketing system"),
        ("Experience with design tools such as Figma", "Design tools"),
        ("Experience with project management (e.g. Trello, Asana)", "Project management"),
        ("Experience with Git and GitHub pull requests", "Git & GitHub"),
        # Counter-example: when the examples are all that says which tools, they stay.
        ("Familiarity with tools like Figma or Miro", "Tools like Figma or Miro"),
    ],
)
def test_an_example_is_not_the_label(item: str, expected: str) -> None:
    assert label(item) == expected


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Experience with Pyhton", "Python"),
        ("Knowledge of React Natve", "React Native"),
        ("Very good writen Englsh", "Written English"),
        ("Experiance with Djnago", "Django"),
        ("Comfortable writing Typscript", "TypeScript"),
        ("Experience with Kubernets and Dokcer", "Kubernetes & Docker"),
    ],
)
def test_a_clear_misspelling_is_labelled_as_meant_and_the_text_stays(
    item: str, expected: str
) -> None:
    (check,) = requirements(item).checks
    assert check.label == expected
    assert check.text == item


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Reach out to members who need help", "Reach out to members"),
        ("Finish what you start", "Finish what you start"),
        ("Experience with Canvas LMS", "Canvas LMS"),
        ("Polish your copy until it shines", "Polish your copy"),
    ],
)
def test_real_words_are_not_read_as_misspellings(item: str, expected: str) -> None:
    assert label(item) == expected


LONG_ITEMS = [
    "Experience moderating an online community (a forum, a chat group or a social network "
    "page) where you had to stay calm, fair and kind when members disagreed",
    "Experience with React, React Native and/or Typescript for occasional client work.",
    "Understanding of the couch surfing and hospitality exchange community and its values",
    "Ability to explain technical decisions to non-technical volunteers clearly",
    "Experience writing grant applications for non-profit organisations",
    "Native or near-native command of the language you translate into, and a feel for tone",
    "Kind, patient, welcoming, diplomatic and a good listener to members from everywhere",
    "Experience with Python, JavaScript, TypeScript, Kotlin, Swift and Rust",
    "Experience in social media marketing, community management, copywriting and design",
]


@pytest.mark.parametrize("item", LONG_ITEMS)
def test_a_label_is_short_and_never_cut_mid_word(item: str) -> None:
    made = skill_label(item)
    assert len(made.text) <= MAX_LABEL
    assert "…" not in made.text and not made.text.endswith(("&", ",", " and", " or", " of"))
    # Every word of the label is a whole word: of the item, or one made of it.
    made_of_it = {"moderation", "explaining", "target", "language", "near-native"}
    source = set(re.findall(r"[\w-]+", item.lower())) | made_of_it
    for word in re.findall(r"[\w-]+", made.text.lower()):
        assert word in source, word


def test_no_shipped_label_is_cut_or_warned_about() -> None:
    for position in load_positions(positions_dir()):
        for check in position.checks:
            assert len(check.label) <= MAX_LABEL and "…" not in check.label, check
        assert not [p for p in position.problems if "label" in p.message], position.slug


def test_a_label_shortened_hard_is_a_warning_naming_it_and_the_way_out() -> None:
    item = "Kind, patient, welcoming, diplomatic and a good listener to members from everywhere"
    position = requirements("Python", item)
    (warning,) = [p for p in position.problems if p.severity == "warning"]
    assert '"Kind, patient, welcoming"' in warning.message
    assert item in warning.message
    assert "checks:" in warning.message
    assert not position.has_errors


def test_a_label_that_only_drops_an_aside_is_no_warning() -> None:
    position = requirements(
        "Experience moderating an online community (a forum or a chat group) where you had "
        "to stay calm"
    )
    assert position.checks[0].label == "Online community moderation"
    assert position.problems == ()


def test_the_frontmatter_checks_override_the_labels_and_silence_the_warning() -> None:
    front = (
        '---\ntitle: "Test Volunteer"\nchecks:\n  - key: skill-kind\n    label: Kindness\n'
        "    text: Kind, patient and welcoming\n---\n\n"
    )
    item = "Kind, patient, welcoming, diplomatic and a good listener to members from everywhere"
    position = requirements(item, frontmatter=front)
    assert [(c.key, c.label, c.text) for c in position.checks] == [
        ("skill-kind", "Kindness", "Kind, patient and welcoming")
    ]
    assert position.problems == ()
