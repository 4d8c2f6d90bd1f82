"""Tests of reviewer_app/ui/times.py: the one time format of the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from reviewer_app.ui.times import full_time, short_time

BERLIN = timezone(timedelta(hours=1))  # a fixed zone: the test runs anywhere
NOW = datetime(2026, 11, 5, 15, 30, tzinfo=BERLIN)


def _at(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (NOW, "just now"),
        (NOW - timedelta(seconds=59), "just now"),
        (NOW - timedelta(minutes=5), "5 min ago"),
        (NOW - timedelta(minutes=59, seconds=59), "59 min ago"),
        (_at(2026, 11, 5, 14, 2), "today 14:02"),
        (_at(2026, 11, 5, 0, 0), "today 00:00"),
        (_at(2026, 11, 4, 9, 10), "yesterday 09:10"),
        (_at(2026, 11, 3, 23, 59), "3 Nov"),  # no leading zero, on Windows too
        (_at(2026, 1, 1, 8, 0), "1 Jan"),
        (_at(2025, 11, 3, 14, 2), "3 Nov 2025"),
        (_at(2025, 12, 31, 23, 0), "31 Dec 2025"),
    ],
)
def test_recent_times_are_relative_older_ones_a_day(value: datetime, expected: str) -> None:
    assert short_time(value, NOW, tz=BERLIN) == expected


def test_days_are_counted_in_the_local_zone_not_utc() -> None:
    # 23:30 UTC on the 4th is 00:30 on the 5th in Berlin: today, not yesterday.
    late = datetime(2026, 11, 4, 23, 30, tzinfo=UTC)
    assert short_time(late, NOW, tz=BERLIN) == "today 00:30"
    assert short_time(late, NOW, tz=UTC) == "yesterday 23:30"


def test_a_clock_a_little_ahead_says_just_now_never_a_negative_age() -> None:
    assert short_time(NOW + timedelta(minutes=4), NOW, tz=BERLIN) == "just now"
    assert short_time(NOW + timedelta(minutes=20), NOW, tz=BERLIN) == "today 15:50"
    assert short_time(_at(2026, 11, 9, 10, 0), NOW, tz=BERLIN) == "9 Nov"
    assert short_time(_at(2027, 2, 1, 10, 0), NOW, tz=BERLIN) == "1 Feb 2027"


def test_naive_times_are_utc() -> None:
    naive_now = datetime(2026, 11, 5, 14, 30)  # 15:30 in Berlin
    assert short_time(datetime(2026, 11, 5, 14, 25), naive_now, tz=BERLIN) == "5 min ago"
    assert short_time(datetime(2026, 11, 5, 13, 2), NOW, tz=BERLIN) == "today 14:02"
    assert full_time(datetime(2026, 11, 3, 13, 2), tz=BERLIN) == "Tue 3 Nov 2026, 14:02 UTC+1"


def test_none_is_empty() -> None:
    assert short_time(None, NOW) == ""
    assert full_time(None) == ""


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (UTC, "Tue 3 Nov 2026, 13:02 UTC"),
        (timezone(timedelta(hours=5, minutes=30)), "Tue 3 Nov 2026, 18:32 UTC+5:30"),
        (timezone(timedelta(hours=-3)), "Tue 3 Nov 2026, 10:02 UTC-3"),
    ],
)
def test_the_full_time_names_day_time_and_zone(zone: timezone, expected: str) -> None:
    assert full_time(datetime(2026, 11, 3, 13, 2, tzinfo=UTC), tz=zone) == expected


def test_the_laptops_zone_is_the_default() -> None:
    value = datetime(2026, 11, 3, 13, 2, tzinfo=UTC)
    local = value.astimezone()
    assert f"{local:%H:%M}" in full_time(value)
    assert short_time(value, value + timedelta(minutes=2)) == "2 min ago"
