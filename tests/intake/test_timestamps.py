"""Submitted times in the forms form tools and spreadsheets write, and a file's date order."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewer_app.errors import UserError
from reviewer_app.intake.columns import load_mapping
from reviewer_app.intake.reader import read_responses
from reviewer_app.intake.timestamps import date_order, order_warning, parse_submitted_at
from tests.intake.test_reader import write_csv


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The form tool's own CSV download: year first, 12-hour clock, a GMT offset.
        ("2026/03/04 9:15:02 AM GMT+1", datetime(2026, 3, 4, 8, 15, 2, tzinfo=UTC)),
        ("2026/03/04 9:15:02 PM GMT-5", datetime(2026, 3, 5, 2, 15, 2, tzinfo=UTC)),
        ("2026/03/04 12:05:00 AM GMT+05:30", datetime(2026, 3, 3, 18, 35, tzinfo=UTC)),
        ("2026/04/03 10:00:00 PM", datetime(2026, 4, 3, 22, 0, tzinfo=UTC)),
        ("2026/04/03 10:00:00", datetime(2026, 4, 3, 10, 0, tzinfo=UTC)),
        ("2026-04-03 10:00:00 GMT+2", datetime(2026, 4, 3, 8, 0, tzinfo=UTC)),
        ("2026-04-03 10:00 +02:00", datetime(2026, 4, 3, 8, 0, tzinfo=UTC)),
        ("2026-04-03 10:00:00 UTC", datetime(2026, 4, 3, 10, 0, tzinfo=UTC)),
        # Two-digit years, 24-hour clock.
        ("4/3/26 13:05", datetime(2026, 3, 4, 13, 5, tzinfo=UTC)),
        ("25/12/26 08:00", datetime(2026, 12, 25, 8, 0, tzinfo=UTC)),
        # Seconds with a fraction, a German date, a lone date.
        ("05/03/2024 14:22:10.250", datetime(2024, 3, 5, 14, 22, 10, 250000, tzinfo=UTC)),
        ("05.03.2024 14:22", datetime(2024, 3, 5, 14, 22, tzinfo=UTC)),
        ("2024/3/5", datetime(2024, 3, 5, tzinfo=UTC)),
        # Impossible: no time at all rather than a wrong one.
        ("2026/13/04 9:00", None),
        ("3/4/2026 13:00 PM", None),
        ("3/4/2026 9:00 GMT+25", None),
        ("3/4/202 9:00", None),
    ],
)
def test_submitted_times_in_the_forms_tools_write(text: str, expected: datetime | None) -> None:
    assert parse_submitted_at(text) == expected


def test_the_files_order_decides_a_date_either_order_could_read() -> None:
    assert parse_submitted_at("3/4/2026 9:00") == datetime(2026, 4, 3, 9, 0, tzinfo=UTC)
    assert parse_submitted_at("3/4/2026 9:00", True) == datetime(2026, 4, 3, 9, 0, tzinfo=UTC)
    assert parse_submitted_at("3/4/2026 9:00", False) == datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    # Impossible in the file's order: read the only way it can be.
    assert parse_submitted_at("3/25/2026", True) == datetime(2026, 3, 25, tzinfo=UTC)
    assert parse_submitted_at("25/3/2026", False) == datetime(2026, 3, 25, tzinfo=UTC)


def test_one_date_that_can_be_read_only_one_way_decides_for_the_file() -> None:
    us = ["3/4/2026 9:00:00", "3/14/2026 10:00:00", "3/20/2026 11:00:00"]
    assert date_order(us).day_first is False
    assert date_order(us).basis == ""  # sure: no warning
    europe = ["03/04/2026 09:00", "14/03/2026 10:00"]
    assert date_order(europe).day_first is True
    assert date_order(["2026-03-04", 45356.5, None]).day_first is None


def test_without_such_a_date_the_submission_order_decides() -> None:
    # 1, 2, 4 March, 1, 2 April read month first; day first, 4 January comes after 3 April.
    rows = ["3/1/2026 9:00", "3/2/2026 9:00", "3/4/2026 9:00", "4/1/2026 9:00", "4/2/2026 9:00"]
    order = date_order(rows)
    assert order.day_first is False
    assert order.basis == "order"
    warning = order_warning("export.csv", "Timestamp", order)
    assert warning is not None
    assert "'3/1/2026 9:00' is 1 March 2026" in warning
    assert 'dates = "day-first"' in warning


def test_when_nothing_tells_day_first_is_read_and_said() -> None:
    order = date_order(["3/4/2026 9:00"])
    assert (order.day_first, order.basis) == (True, "default")
    warning = order_warning("export.csv", "Timestamp", order)
    assert warning is not None
    assert "read day first ('3/4/2026 9:00' is 3 April 2026: nothing in the file tells)" in warning
    # With AM/PM (a US habit) month first.
    assert date_order(["3/4/2026 9:00 AM"]).day_first is False


def test_a_file_mixing_both_orders_is_warned_of() -> None:
    order = date_order(["25/3/2026", "3/25/2026"])
    assert (order.day_first, order.basis) == (None, "mixed")
    warning = order_warning("export.csv", "Date", order)
    assert warning is not None
    assert "'25/3/2026'" in warning
    assert "'3/25/2026'" in warning


def test_a_us_locale_export_keeps_its_dates_in_order(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [
            ["Timestamp", "Name", "Email"],
            ["3/4/2026 9:00:00", "Ana", "ana@example.org"],
            ["3/14/2026 10:00:00", "Ben", "ben@example.org"],
            ["3/20/2026 11:00:00", "Cy", "cy@example.org"],
        ],
    )
    result = read_responses(path)
    times = [response.submitted_at for response in result.responses]
    assert times == [
        datetime(2026, 3, 4, 9, tzinfo=UTC),
        datetime(2026, 3, 14, 10, tzinfo=UTC),
        datetime(2026, 3, 20, 11, tzinfo=UTC),
    ]
    assert result.warnings == []


def test_a_mapping_file_names_the_date_order(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [["Timestamp", "Name", "Email"], ["3/4/2026 9:00", "Ana", "ana@example.org"]],
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('dates = "month-first"\n', encoding="utf-8")
    result = read_responses(path, mapping)
    assert result.responses[0].submitted_at == datetime(2026, 3, 4, 9, tzinfo=UTC)
    assert result.warnings == []
    assert "read day first" in read_responses(path).warnings[0]


def test_a_mapping_file_with_an_unknown_date_order_is_refused(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('dates = "US"\n', encoding="utf-8")
    with pytest.raises(UserError, match="dates must be 'day-first' or 'month-first'"):
        load_mapping(mapping)
