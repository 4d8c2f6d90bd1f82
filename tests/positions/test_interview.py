"""Tests of reviewer_app/positions/interview.py: the questions to ask and the note they start."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.config.paths import positions_dir
from reviewer_app.errors import UserError
from reviewer_app.positions.interview import interview_note, interview_questions
from reviewer_app.positions.parsing import load_position, parse_position

BODY = """
## Requirements

- Experience with Python & Django
- Experience with Git and GitHub

## Commitment

- At least 5 hours per week
- 3 months commitment
"""


def test_questions_from_the_frontmatter() -> None:
    source = (
        "---\ntitle: Backend Developer\ninterview:\n"
        "  - Why us?\n  - 'Tell me: what is a test?'\n  - 42\n  - ''\n---\n" + BODY
    )
    position = parse_position(source, "backend")
    assert position.problems == ()
    assert interview_questions(position) == ["Why us?", "Tell me: what is a test?", "42"]


def test_questions_from_an_interview_questions_section() -> None:
    body = BODY + (
        "\n### Interview Questions\n\n"
        "- What have you **built** with [Django](https://djangoproject.com)?\n"
        "- How do you review a pull request?\n\n## Apply\n\nFill the form.\n"
    )
    position = parse_position("---\ntitle: Backend Developer\n---\n" + body, "backend")
    assert interview_questions(position) == [
        "What have you built with Django?",
        "How do you review a pull request?",
    ]


def test_questions_from_a_table_in_the_interview_questions_section() -> None:
    body = BODY + (
        "\n### Interview Questions\n\n| Question | Listen for |\n|---|---|\n"
        "| Why us? | Motivation |\n| What have you built with Django? | |\n"
    )
    position = parse_position("---\ntitle: Backend Developer\n---\n" + body, "backend")
    assert interview_questions(position) == [
        "Why us? Motivation",
        "What have you built with Django?",
    ]


def test_the_frontmatter_wins_over_the_section() -> None:
    source = '---\ntitle: T\ninterview: ["Why us?"]\n---\n## Interview questions\n\n- Other?\n'
    assert interview_questions(parse_position(source, "t")) == ["Why us?"]


def test_the_default_comes_from_the_checks() -> None:
    position = parse_position("---\ntitle: Backend Developer\n---\n" + BODY, "backend")
    labels = [check.label for check in position.checks if check.kind == "skill"]
    questions = interview_questions(position)
    assert questions[0] == "What draws you to the Backend Developer role at Couchers.org?"
    assert questions[1 : 1 + len(labels)] == [
        f"Tell us about your experience with {label}." for label in labels
    ]
    assert "Tell us about your experience with Python & Django." in questions
    assert questions[-2] == (
        "The role asks for at least 5 h/week for at least 3 months: "
        "how would that fit into your life right now?"
    )
    assert questions[-1] == "What would you like to ask us?"


def test_the_default_of_a_position_without_checks_or_commitment() -> None:
    position = parse_position("---\ntitle: Ambassador\n---\nCome and meet people.\n", "amb")
    assert interview_questions(position) == [
        "What draws you to the Ambassador role at Couchers.org?",
        "What would you like to ask us?",
    ]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("interview: Why us?", "frontmatter field 'interview' must be a list of lines"),
        ("interview:\n  - Why: us?", "frontmatter field 'interview', entry 1 must be text"),
        ("interview:\n  - ok\n  - [a, b]", "frontmatter field 'interview', entry 2 must be text"),
    ],
)
def test_a_wrong_interview_field_is_an_error_naming_the_file_and_field(
    tmp_path: Path, value: str, said: str
) -> None:
    path = tmp_path / "backend.md"
    path.write_text(f"---\ntitle: Backend\n{value}\n---\n{BODY}", encoding="utf-8")
    position = load_position(path, site_url="https://couchers.org/volunteer/")
    # The lint (`positions`, `publish`) names it ...
    (error,) = [p.message for p in position.problems if p.severity == "error"]
    assert error.startswith(said)
    # ... and so does the interview kit.
    with pytest.raises(UserError) as raised:
        interview_questions(position)
    assert str(raised.value).startswith(f"{path}: {said}")


def test_shipped_positions_give_questions_and_some_list_their_own() -> None:
    own = 0
    for path in sorted(positions_dir().glob("*.md")):
        position = load_position(path)
        questions = interview_questions(position)
        assert len(questions) >= 2, path.name
        own += "What draws you to" not in questions[0]
    assert own >= 1


def test_the_note_has_each_question_as_a_heading() -> None:
    position = parse_position("---\ntitle: Translator\n---\nText.\n", "translator")
    note = interview_note(position, ["Why us?", "Which  language\ninto?"])
    assert note == ("# Interview: Translator\n\n## Why us?\n\n\n## Which language into?\n\n")
