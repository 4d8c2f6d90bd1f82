"""Tests of reviewer_app/reports/figures.py: the weekly chart's lines."""

from __future__ import annotations

from datetime import date

from reviewer_app.reports.figures import ALL_POSITIONS, PositionTitle, WeeklyIntake

WEEKS = (date(2026, 11, 2), date(2026, 11, 9))


def _intake(*counts: tuple[int, int]) -> WeeklyIntake:
    positions = [PositionTitle(f"p{n}", f"Position {n}") for n in range(len(counts))]
    return WeeklyIntake(WEEKS, tuple(zip(positions, counts, strict=True)))


def test_eight_positions_give_the_four_largest_the_others_and_the_total() -> None:
    intake = _intake((1, 0), (5, 5), (0, 0), (2, 2), (9, 2), (0, 1), (3, 3), (1, 1))
    lines = intake.lines()
    assert [name for name, _ in lines] == [
        "Position 4", "Position 1", "Position 6", "Position 3", "3 other positions",
        ALL_POSITIONS,
    ]  # fmt: skip
    assert dict(lines)["3 other positions"] == (2, 2)  # positions 0, 5 and 7; 2 had none
    assert dict(lines)[ALL_POSITIONS] == intake.totals == (21, 14)


def test_one_position_more_than_charted_keeps_its_own_line() -> None:
    lines = _intake((1, 1), (2, 2), (3, 3), (4, 4), (5, 5)).lines()
    assert [name for name, _ in lines][-2:] == ["Position 0", ALL_POSITIONS]


def test_one_position_alone_has_no_total_line() -> None:
    assert _intake((0, 0), (2, 1)).lines() == (("Position 1", (2, 1)),)
    assert _intake((0, 0)).lines() == ()
