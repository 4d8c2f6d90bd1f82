"""Tests of reading minimum hours per week and months from commitment lines."""

from __future__ import annotations

import pytest

from reviewer_app.positions.commitment import (
    Commitment,
    Rate,
    Stay,
    hours_label,
    hours_per_week,
    is_commitment_item,
    months,
    months_label,
    parse_commitment,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("At least 5 hours per Week", 5),
        ("5-10 hours per week on average", 5),
        ("5 \u2013 10 hours per week", 5),
        ("Roughly 5 hours per Week (we won't time you)", 5),
        ("5 hours per week (or more)", 5),
        ("Around 2 hours a week", 2),
        ("5+ hours per week", 5),
        ("Two hours a week", 2),
        ("2.5 hrs/week", 2.5),
        ("About 3 hours weekly", 3),
    ],
)
def test_hours_per_week_phrasings_give_the_minimum(line: str, expected: float) -> None:
    assert hours_per_week(line) == expected


def test_commitment_range_takes_minimum() -> None:
    commitment = parse_commitment(("5-10 hours per week on average", "3-6 months"))
    assert commitment.min_hours_per_week == 5
    assert commitment.min_months == 3


@pytest.mark.parametrize(
    "line",
    [
        "1 or more posts every 1-2 weeks",
        "no minimum frequency",
        "3 months commitment",
        "",
    ],
)
def test_lines_without_an_hours_rate_state_no_hours_minimum(line: str) -> None:
    assert hours_per_week(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("3 months commitment", 3),
        ("6 months minimum commitment", 6),
        ("Minimum 6 month commitment", 6),
        ("6-month minimum commitment", 6),
        ("At least 3 months", 3),
        ("Plan to stay around at least 6 months", 6),
        ("At least 1 year", 12),
        ("At least one year", 12),
        ("2 years", 24),
        ("3-6 months", 3),
    ],
)
def test_duration_phrasings_give_the_minimum_months(line: str, expected: float) -> None:
    assert months(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "1 or more posts every 1-2 weeks",
        "no minimum frequency",
        "A team call every 3 months",
        "At least 5 hours per Week",
        "",
    ],
)
def test_lines_without_a_duration_state_no_months(line: str) -> None:
    assert months(line) is None


def test_rhythm_and_duration_on_one_line_keeps_the_duration() -> None:
    assert months("A call every 2 months, and stay at least 6 months") == 6


def test_first_stated_minimum_counts() -> None:
    commitment = parse_commitment(
        ("At least 5 hours per week", "2 hours per week in quiet months", "3 months", "1 year")
    )
    assert commitment.min_hours_per_week == 5
    assert commitment.min_months == 3


def test_no_lines_give_no_minimums() -> None:
    commitment = parse_commitment(())
    assert (commitment.min_hours_per_week, commitment.min_months, commitment.lines) == (
        None,
        None,
        (),
    )


def test_lines_are_kept_as_given() -> None:
    lines = ("1 or more posts every 1-2 weeks", "Plan to stay around at least 6 months")
    commitment = parse_commitment(lines)
    assert commitment.lines == lines
    assert commitment.min_hours_per_week is None
    assert commitment.min_months == 6


@pytest.mark.parametrize(
    ("hours", "label"), [(5, "≥ 5 h/week"), (5.0, "≥ 5 h/week"), (2.5, "≥ 2.5 h/week")]
)
def test_hours_label(hours: float, label: str) -> None:
    assert hours_label(hours) == label


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (1, "≥ 1 month"),
        (3, "≥ 3 months"),
        (12, "≥ 1 year"),
        (18, "≥ 18 months"),
        (24, "≥ 2 years"),
    ],
)
def test_months_label(value: float, label: str) -> None:
    assert months_label(value) == label


# A monthly rate was once read as no hours minimum at all ("10 hours per month" stated
# "no weekly minimum", and the page got no check). It is a minimum: kept as stated, and
# compared as its weekly equivalent.
def test_a_monthly_rate_states_an_hours_minimum() -> None:
    commitment = parse_commitment(("At least 10 hours per month",))
    assert commitment.rate == Rate(10, "h", "month")
    assert commitment.min_hours_per_week == 2.31
    assert commitment.rate_text == "10 h/month"
    assert commitment.hours_line == "At least 10 hours per month"


@pytest.mark.parametrize(
    ("line", "per_week"),
    [("2 hours a day", 14), ("1 hour daily", 7), ("4 hours every two weeks", 2)],
)
def test_a_daily_or_fortnightly_rate_states_an_hours_minimum(line: str, per_week: float) -> None:
    assert parse_commitment((line,)).min_hours_per_week == per_week


def test_a_stay_in_weeks_states_a_minimum_stay() -> None:
    commitment = parse_commitment(("A 10-week commitment", "2 hours every other week"))
    assert commitment.stay == Stay(10, "week")
    assert (commitment.min_months, commitment.stay_text) == (2.31, "10 weeks")
    assert (commitment.min_hours_per_week, commitment.rate_text) == (1, "2 h/fortnight")


def test_a_rate_in_figures_wins_over_one_in_words_on_an_earlier_line() -> None:
    commitment = parse_commitment(("A few hours each month", "At least 10 hours a month"))
    assert commitment.rate == Rate(10, "h", "month")
    assert commitment.hours_line == "At least 10 hours a month"


def test_a_rate_in_words_alone_is_kept_without_a_figure() -> None:
    commitment = parse_commitment(("A few hours each month",))
    assert commitment.rate == Rate(None, "h", "month", "a few")
    assert (commitment.min_hours_per_week, commitment.rate_text) == (None, "a few hours/month")


def test_the_sections_rate_in_words_wins_over_a_figure_elsewhere() -> None:
    commitment = parse_commitment(("Some hours monthly",), ("Commit 5 hours per week",))
    assert commitment.rate_text == "some hours/month"


def test_a_commitment_made_without_stated_amounts_writes_its_figures() -> None:
    commitment = Commitment(5, 3, ())
    assert (commitment.rate_text, commitment.stay_text) == ("5 h/week", "3 months")


@pytest.mark.parametrize(
    ("item", "is_commitment"),
    [
        ("At least 10 hours per month", True),
        ("Available 2 hours a day", True),
        ("A few hours each month", True),
        ("At least 12 weeks", True),
        ("A year and a half", True),
        ("At least 8 weeks volunteering with us", True),
        ("8 weeks of experience in moderation", False),
        ("3+ weeks writing documentation", False),
    ],
)
def test_rates_and_stays_in_other_units_are_commitment_items(
    item: str, is_commitment: bool
) -> None:
    assert is_commitment_item(item) is is_commitment


@pytest.mark.parametrize(
    ("item", "is_commitment"),
    [
        ("Duration: 6 months minimum", True),
        ("Time: 3 months", True),
        ("Length: at least 12 weeks", True),
        ("Python: 2 years", False),
        ("Duration: 2 years of experience", False),
    ],
)
def test_a_duration_named_as_time_is_a_commitment_item(item: str, is_commitment: bool) -> None:
    # As a requirements table's row reads: "| Duration | 6 months minimum |".
    assert is_commitment_item(item) is is_commitment
