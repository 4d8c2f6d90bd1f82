"""Pages that state time per day, fortnight or month, or a stay in weeks, get their checks.

Pages of other organisations say "10 hours per month", "1 hour daily" or "at least 12
weeks"; such a page once got no commitment check at all, or a skill check made of the
sentence. The check is labelled as the page states it, under the key a weekly page's
check has always had (reviews are stored by key), and compares by one figure.
"""

from __future__ import annotations

import pytest

from reviewer_app.positions.interview import interview_questions
from reviewer_app.positions.parsing import Position, parse_position

FRONTMATTER = '---\ntitle: "Event Organizer"\ndescription: "A position for tests"\n---\n\n'


def page(requirements: list[str], commitment: list[str] | None = None, intro: str = "") -> Position:
    body = "## Position Description\n\nHelp members meet.\n\n" + intro
    body += "### Requirements\n\n" + "".join(f"- {item}\n" for item in requirements) + "\n"
    if commitment is not None:
        body += "### Expectations/Commitment\n\n" + "".join(f"- {line}\n" for line in commitment)
    return parse_position(FRONTMATTER + body, "event-organizer")


def commitment_checks(position: Position) -> list[tuple[str, str, str]]:
    return [(c.key, c.label, c.text) for c in position.checks if c.kind == "commitment"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["At least 10 hours per month", "At least 12 weeks"],
            [
                ("hours-per-week", "≥ 10 h/month", "At least 10 hours per month"),
                ("months", "≥ 12 weeks", "At least 12 weeks"),
            ],
        ),
        (
            ["**2 hours a day** during the festival", "For 8 weeks minimum"],
            [
                ("hours-per-week", "≥ 2 h/day", "2 hours a day during the festival"),
                ("months", "≥ 8 weeks", "For 8 weeks minimum"),
            ],
        ),
        (
            ["10 hrs/mo", "A year and a half"],
            [
                ("hours-per-week", "≥ 10 h/month", "10 hrs/mo"),
                ("months", "≥ 18 months", "A year and a half"),
            ],
        ),
        (
            ["1 hour daily", "Half a year"],
            [
                ("hours-per-week", "≥ 1 h/day", "1 hour daily"),
                ("months", "≥ 6 months", "Half a year"),
            ],
        ),
        (
            ["A few hours each month"],
            [("hours-per-week", "A few hours/month", "A few hours each month")],
        ),
    ],
)
def test_a_rate_or_stay_in_another_unit_is_a_check_labelled_as_the_page_states_it(
    lines: list[str], expected: list[tuple[str, str, str]]
) -> None:
    assert commitment_checks(page(["Experience organising online events"], lines)) == expected


def test_the_figures_to_compare_are_hours_per_week_and_months() -> None:
    position = page(["Python"], ["At least 10 hours per month", "A 10-week commitment"])
    assert position.to_json()["commitment"] == {
        "min_hours_per_week": 2.31,
        "min_months": 2.31,
        "lines": ["At least 10 hours per month", "A 10-week commitment"],
    }


def test_a_rate_in_words_has_a_check_and_no_figure() -> None:
    position = page(["Python"], ["A couple of hours a week"])
    assert [c.label for c in position.checks] == ["Python", "A couple of hours/week"]
    assert position.commitment.min_hours_per_week is None


def test_a_monthly_rate_among_the_requirements_is_the_commitment_under_the_weekly_key() -> None:
    before = page(["Python", "Git", "At least 4 hours per week"])
    position = page(["Python", "At least 10 hours per month", "Git"])
    assert [(c.key, c.label) for c in position.checks] == [
        ("skill-python", "Python"),
        ("skill-git", "Git"),
        ("hours-per-week", "≥ 10 h/month"),
    ]
    assert [c.key for c in before.checks] == [c.key for c in position.checks]


def test_a_stay_in_weeks_among_the_requirements_is_the_commitment() -> None:
    position = page(["Python", "Able to commit for at least 12 weeks"])
    assert [c.label for c in position.checks] == ["Python", "≥ 12 weeks"]
    assert position.commitment.min_months == 2.77


def test_a_sentence_asking_for_time_per_month_states_the_commitment() -> None:
    intro = "We ask every organizer to give at least 6 hours a month for 16 weeks.\n\n"
    position = page(["Python"], None, intro=intro)
    assert [c.label for c in position.checks] == ["Python", "≥ 6 h/month", "≥ 16 weeks"]


def test_the_sections_weekly_figure_wins_over_a_monthly_one_in_the_description() -> None:
    intro = "We ask you to commit 20 hours per month.\n\n"
    position = page(["Python"], ["At least 3 hours per week"], intro=intro)
    assert [c.label for c in position.checks] == ["Python", "≥ 3 h/week"]


@pytest.mark.parametrize(
    "lines",
    [
        ["1 or more posts every 1-2 weeks", "A team call once a month"],
        ["Up to 10 hours per month", "No more than 2 hours a day"],
        ["A 1-hour call every other week"],
        ["Let us know 2 weeks in advance when you take a break"],
    ],
)
def test_a_rhythm_a_most_or_a_date_gives_no_check(lines: list[str]) -> None:
    assert commitment_checks(page(["Python"], lines)) == []


def test_experience_in_weeks_is_no_stay() -> None:
    position = page(["Python"], ["Be a member for at least 4 weeks", "2 hours a day"])
    assert [c.label for c in position.checks if c.kind == "commitment"] == ["≥ 2 h/day"]
    assert position.commitment.min_months is None


def test_the_interview_asks_for_the_time_as_the_page_states_it() -> None:
    position = page(["Python"], ["At least 10 hours per month", "At least 12 weeks"])
    assert interview_questions(position)[-2] == (
        "The role asks for at least 10 h/month for at least 12 weeks: "
        "how would that fit into your life right now?"
    )
