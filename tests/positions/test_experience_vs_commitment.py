"""Experience is a skill to check, not a time commitment (issue 14, class 2).

"At least 2 years of experience managing a team" is a requirement about the past; the
commitment is what the volunteer will give ("at least 6 months", "10 hours per week"),
stated in the Expectations/Commitment section, or in a sentence about the volunteer's
time. The section's figure wins; no false "≥ 1 year" or "≥ 1 month" check appears.
"""

from __future__ import annotations

import pytest

from reviewer_app.positions.commitment import is_commitment_item, parse_commitment
from reviewer_app.positions.parsing import Position, parse_position

FRONTMATTER = '---\ntitle: "Event Organizer"\ndescription: "A position for tests"\n---\n\n'
DESCRIPTION = (
    "## Position Description\n\n**This is a remote volunteer position**\n\n"
    "Couchers.org is looking for volunteers to help members meet.\n\n"
)


def page(requirements: list[str], commitment: list[str] | None = None, intro: str = "") -> Position:
    body = DESCRIPTION + intro
    body += "### Requirements\n\n" + "".join(f"- {item}\n" for item in requirements) + "\n"
    if commitment is not None:
        body += "### Expectations/Commitment\n\n" + "".join(f"- {line}\n" for line in commitment)
    return parse_position(FRONTMATTER + body, "event-organizer")


def labels(position: Position, kind: str) -> list[str]:
    return [check.label for check in position.checks if check.kind == kind]


@pytest.mark.parametrize(
    ("item", "label"),
    [
        ("At least 2 years of experience managing a team;", "Team management (2+ years)"),
        ("3+ years writing Python;", "Python (3+ years)"),
        ("Member of the community for at least 1 month", "Community member (1+ month)"),
        ("At least 1 year of experience moderating a forum", "Forum moderation (1+ year)"),
        ("Minimum 2 years' experience in UX research", "UX research (2+ years)"),
        ("2 years of Python", "Python (2+ years)"),
        ("At least one year volunteering with a non-profit", "Volunteering (1+ year)"),
        ("Have been hosting travellers for at least 1 year", "Hosting travellers (1+ year)"),
    ],
)
def test_experience_with_a_duration_is_a_skill_check(item: str, label: str) -> None:
    position = page([item], ["At least 5 hours per Week", "3 months commitment"])
    assert labels(position, "skill") == [label]
    assert labels(position, "commitment") == ["≥ 5 h/week", "≥ 3 months"]
    assert position.commitment.min_months == 3


@pytest.mark.parametrize(
    ("item", "hours", "months"),
    [
        ("At least 4 hours per week", 4, None),
        ("Able to commit for at least 6 months", None, 6),
        ("At least 6 months", None, 6),
        ("Available for at least 1 year", None, 12),
        ("6+ months", None, 6),
        ("Can stay with us for at least 9 months", None, 9),
    ],
)
def test_time_to_give_among_the_requirements_is_the_commitment(
    item: str, hours: float | None, months: float | None
) -> None:
    position = page(["Experience with Canva or a similar design tool", item])
    assert labels(position, "skill") == ["Canva or similar"]
    assert position.commitment.min_hours_per_week == hours
    assert position.commitment.min_months == months


def test_the_commitment_sections_figure_wins_over_the_requirements() -> None:
    position = page(["Able to commit for at least 12 months"], ["3 months commitment"])
    assert position.commitment.min_months == 3
    assert labels(position, "commitment") == ["≥ 3 months"]
    assert position.checks[-1].text == "3 months commitment"


def test_the_commitment_sections_figure_wins_over_the_description() -> None:
    intro = (
        "We are looking for dedicated volunteers who can make a commitment of 5+ hours "
        "per week (you choose when!).\n\n"
    )
    position = page(["Python"], ["At least 3 hours per Week"], intro=intro)
    assert position.commitment.min_hours_per_week == 3


def test_a_sentence_about_the_volunteers_time_counts_when_no_section_states_it() -> None:
    intro = (
        "We ask every organizer to commit to at least 6 months, and to spend around "
        "3 hours per week on events.\n\n"
    )
    position = page(["Experience organising online events"], None, intro=intro)
    assert (position.commitment.min_hours_per_week, position.commitment.min_months) == (3, 6)
    assert labels(position, "commitment") == ["≥ 3 h/week", "≥ 6 months"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Couchers.org has been running for 5 years and keeps growing.",
        "Our events team meets every 2 months to plan the season.",
        "Our team has 3 years of experience running meetups.",
        "Members who joined 1 year ago already hosted hundreds of travellers.",
        "A 1-month trial period is part of onboarding.",
        "The meetup started 6 months ago in Berlin.",
    ],
)
def test_a_sentence_about_anything_else_gives_no_commitment(sentence: str) -> None:
    position = page(["Experience organising online events"], None, intro=sentence + "\n\n")
    assert position.commitment.min_months is None
    assert labels(position, "commitment") == []


def test_experience_stated_under_expectations_is_a_requirement_not_the_stay() -> None:
    position = page(
        ["Experience organising online events"],
        ["Be a member of Couchers.org for at least 1 month before applying", "At least 3 months"],
    )
    assert labels(position, "skill") == ["Online events", "Couchers.org member (1+ month)"]
    assert labels(position, "commitment") == ["≥ 3 months"]


@pytest.mark.parametrize(
    "commitment",
    [
        ["Member of the community for at least 1 month"],
        ["Give us 1 month notice if you step back"],
        ["At least 1 year of experience with event planning"],
        ["A call every 1 month with the team"],
    ],
)
def test_no_false_one_year_or_one_month_check(commitment: list[str]) -> None:
    position = page(["At least 2 years of experience managing a team"], commitment)
    assert labels(position, "commitment") == []
    assert position.commitment.min_months is None


@pytest.mark.parametrize(
    ("item", "is_commitment"),
    [
        ("At least 4 hours per week", True),
        ("Able to commit for at least 6 months", True),
        ("At least 6 months", True),
        ("At least 6 months volunteering with us", True),
        ("At least 2 years of experience managing a team", False),
        ("3+ years writing Python", False),
        ("Member of the community for at least 1 month", False),
        ("At least one year volunteering (ideal but not required)", False),
    ],
)
def test_is_commitment_item(item: str, is_commitment: bool) -> None:
    assert is_commitment_item(item) is is_commitment


def test_parse_commitment_takes_a_fallback_only_for_a_minimum_not_stated() -> None:
    commitment = parse_commitment(
        ("At least 5 hours per Week",), ("Commit 2 hours per week", "Commit for 6 months")
    )
    assert (commitment.min_hours_per_week, commitment.min_months) == (5, 6)
    assert commitment.lines == ("At least 5 hours per Week", "Commit for 6 months")
    assert (commitment.hours_line, commitment.months_line) == (
        "At least 5 hours per Week",
        "Commit for 6 months",
    )
