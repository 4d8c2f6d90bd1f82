"""Tests for reviewer_app.intake.row_checks: what is said about a row, and how often."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.intake.reader import read_responses
from reviewer_app.intake.row_checks import (
    NAMED_WARNINGS,
    CappedWarnings,
    email_problem,
    repair_warning,
)


def test_capped_warnings_name_the_first_ones_then_count_the_rest() -> None:
    described: list[int] = []
    warnings = CappedWarnings("export.csv", "rows of some kind", "Do this.")
    for row in range(2, NAMED_WARNINGS + 3):

        def describe(row: int = row) -> str:
            described.append(row)
            return f"row {row}"

        warnings.add(row, describe)
    lines = warnings.lines()
    assert lines[:2] == ["row 2", "row 3"]
    assert lines[NAMED_WARNINGS:] == [
        "export.csv: and 1 more rows of some kind, in row 22. Do this."
    ]
    # The counted ones are never described: describing may cost (formula translation).
    assert described == list(range(2, NAMED_WARNINGS + 2))


def test_capped_warnings_say_nothing_without_warnings() -> None:
    assert CappedWarnings("export.csv", "rows", "Do this.").lines() == []


@pytest.mark.parametrize(
    "email", ["a@x", "ana.souza+volunteer@example.org", "o'brien@example.ie", "ü@例え.jp"]
)
def test_email_problem_accepts_possible_addresses(email: str) -> None:
    assert email_problem("Email", email) is None


def test_email_problem_shortens_a_long_cell() -> None:
    problem = email_problem("Email", "x" * 500)
    assert problem == f"The 'Email' cell '{'x' * 57}...' is not an email address."


@pytest.mark.parametrize(
    ("before", "after"),
    [("a" * 50 + "Ã©", "a" * 50), ("a" * 50, "a" * 50 + "é"), ("Ã©" + "a" * 50, "é" + "a" * 50)],
)
def test_repair_warning_of_a_long_cell_starts_near_the_change(before: str, after: str) -> None:
    warning = repair_warning("export.csv", 2, "Q", before, after)
    assert warning.startswith("export.csv row 2, column 'Q': garbled text repaired: '")
    assert len(warning) < 150


def test_an_address_with_invisible_or_full_width_characters_is_warned_of(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Name,Email\nZed,zw\u200b@example.org\nFull,\uff46ull@example.org\nAna,ana@example.org\n",
        encoding="utf-8",
    )
    result = read_responses(path)
    assert [r.email for r in result.responses][2] == "ana@example.org"
    assert result.warnings[0] == (
        "export.csv row 2, column 'Email': the address holds invisible or full-width "
        "characters (U+200B zero width space); it is compared with other addresses without "
        "them, but kept as typed: messages sent to it may fail. Check it with the applicant."
    )
    assert "(U+FF46 fullwidth latin small letter f)" in result.warnings[1]
    assert "example.org" not in "".join(result.warnings)  # never the address itself
