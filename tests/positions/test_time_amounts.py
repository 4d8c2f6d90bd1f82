"""Tests of reviewer_app/positions/time_amounts.py: rates of hours and stays as pages state them.

A rate in any period ("10 hours per month", "1 hour daily") and a stay in weeks ("at
least 12 weeks") are read as the page states them, for the label, and give one figure
to compare: hours per week, months.
"""

from __future__ import annotations

import pytest

from reviewer_app.positions.time_amounts import (
    Rate,
    Stay,
    hours_per_week,
    months,
    stated_rate,
    stated_stay,
)


@pytest.mark.parametrize(
    ("line", "label", "per_week"),
    [
        ("2 hours a day", "≥ 2 h/day", 14),
        ("1 hour daily", "≥ 1 h/day", 7),
        ("at least 10 hours per month", "≥ 10 h/month", 2.31),
        ("10h/month", "≥ 10 h/month", 2.31),
        ("10 hrs/mo", "≥ 10 h/month", 2.31),
        ("6 h per mth", "≥ 6 h/month", 1.38),
        ("Ten hours a month", "≥ 10 h/month", 2.31),
        ("10 hours in a month", "≥ 10 h/month", 2.31),
        ("5\u201310 hours a month", "≥ 5 h/month", 1.15),
        ("5 \u2014 10 HOURS  PER  MONTH", "≥ 5 h/month", 1.15),
        ("10\u00a0hours\u00a0per\u00a0month", "≥ 10 h/month", 2.31),
        ("2,5 hours a day", "≥ 2.5 h/day", 17.5),
        ("4 hours every two weeks", "≥ 4 h/fortnight", 2),
        ("4 hours per fortnight", "≥ 4 h/fortnight", 2),
        ("3 hours fortnightly", "≥ 3 h/fortnight", 1.5),
        ("2 hours every other week", "≥ 2 h/fortnight", 1),
        ("30 minutes a day", "≥ 30 min/day", 3.5),
        ("30 min/day", "≥ 30 min/day", 3.5),
        ("At least 5 hours per Week", "≥ 5 h/week", 5),
        ("8 hours/wk", "≥ 8 h/week", 8),
        ("Around 2 hours Monthly", "≥ 2 h/month", 0.46),
    ],
)
def test_a_rate_in_any_period_is_read_as_stated_and_per_week(
    line: str, label: str, per_week: float
) -> None:
    rate = stated_rate(line)
    assert rate is not None
    assert (rate.label, rate.hours_per_week) == (label, per_week)


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("a few hours each month", "A few hours/month"),
        ("A couple of hours a week", "A couple of hours/week"),
        ("Some hours monthly", "Some hours/month"),
    ],
)
def test_a_rate_in_words_keeps_its_words_and_has_no_figure(line: str, label: str) -> None:
    rate = stated_rate(line)
    assert rate is not None
    assert (rate.label, rate.hours_per_week) == (label, None)


def test_a_figure_on_the_line_wins_over_words() -> None:
    assert stated_rate("a few hours a week, at least 3 hours a week") == Rate(3, "h", "week")


@pytest.mark.parametrize(
    "line",
    [
        "up to 10 hours per month",
        "no more than 2 hours a day",
        "Maximum a few hours a month",
        "A call once a month",
        "A 2-hour call once a month",
        "A 1-hour weekly call",
        "Monthly 1-hour meeting",
        "1 or more posts every 1-2 weeks",
        "3 years of experience",
        "a few hours a weekend",
        "",
    ],
)
def test_a_most_a_rhythm_or_a_meetings_length_is_no_rate(line: str) -> None:
    assert stated_rate(line) is None


@pytest.mark.parametrize(
    ("line", "stay"),
    [
        ("at least 12 weeks", Stay(12, "week")),
        ("a 10-week commitment", Stay(10, "week")),
        ("for 8 weeks minimum", Stay(8, "week")),
        ("for at least 8 wks", Stay(8, "week")),
        ("Twelve Weeks", Stay(12, "week")),
        ("12\u201316 weeks", Stay(12, "week")),
        ("1 week", Stay(1, "week")),
        ("half a year", Stay(6, "month")),
        ("half-year commitment", Stay(6, "month")),
        ("a year and a half", Stay(18, "month")),
        ("At least one and a half years", Stay(18, "month")),
        ("at least a year", Stay(12, "month")),
        ("for a month", Stay(1, "month")),
        ("6-month minimum commitment", Stay(6, "month")),
        ("5 hours per week for 3 months", Stay(3, "month")),
    ],
)
def test_a_stay_in_weeks_months_or_years_is_read(line: str, stay: Stay) -> None:
    assert stated_stay(line) == stay


@pytest.mark.parametrize(
    ("stay", "label", "in_months"),
    [
        (Stay(12, "week"), "≥ 12 weeks", 2.77),
        (Stay(1, "week"), "≥ 1 week", 0.23),
        (Stay(6, "month"), "≥ 6 months", 6),
        (Stay(18, "month"), "≥ 18 months", 18),
        (Stay(12, "month"), "≥ 1 year", 12),
    ],
)
def test_a_stay_is_labelled_in_its_own_unit_and_compared_in_months(
    stay: Stay, label: str, in_months: float
) -> None:
    assert (stay.label, stay.months) == (label, in_months)


@pytest.mark.parametrize(
    "line",
    [
        "every 1-2 weeks",
        "A call every 2 weeks",
        "10 hours per 2 weeks",
        "Reply within 1 week",
        "once a year",
        "We meet twice a year",
        "4 events a year",
        "up to 6 weeks",
        "no more than a year",
        "Let us know 2 weeks in advance",
        "Take 2 weeks off when you need",
        "2 hours a week",
        "",
    ],
)
def test_a_rhythm_a_most_or_a_date_is_no_stay(line: str) -> None:
    assert stated_stay(line) is None


@pytest.mark.parametrize(
    "line", ["10 hours per month", "2 hours a day", "1 hour daily", "4 hours every two weeks"]
)
def test_the_first_readers_weekly_rate_stays_weekly_only(line: str) -> None:
    # The check keys are frozen on what the first parser read as a commitment.
    assert hours_per_week(line) is None


@pytest.mark.parametrize("line", ["at least 12 weeks", "a year and a half", "half a year"])
def test_the_first_readers_months_stay_months_and_years_only(line: str) -> None:
    assert months(line) is None
