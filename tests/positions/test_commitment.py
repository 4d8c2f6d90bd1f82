"""Tests of reading minimum hours per week and months from commitment lines."""

from __future__ import annotations

import pytest

from reviewer_app.positions.commitment import (
    hours_label,
    hours_per_week,
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
        "10 hours per month",
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
