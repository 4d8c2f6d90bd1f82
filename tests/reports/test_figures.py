"""Tests of reviewer_app/reports/figures.py: the weekly chart's lines."""

from __future__ import annotations

from datetime import date

from reviewer_app.reports.figures import ALL_POSITIONS, PositionTitle, WeeklyIntake, week_labels

WEEKS = (date(2026, 11, 2), date(2026, 11, 9))


def _intake(*counts: tuple[int, int]) -> WeeklyIntake:
    positions = [PositionTitle(f"p{n}", f"Position {n}") for n in range(len(counts))]
    return WeeklyIntake(WEEKS, tuple(zip(positions, counts, strict=True)))


def test_eight_positions_give_the_four_largest_the_others_and_the_total() -> None:
    intake = _intake((1, 0), (5, 5), (0, 0), (2, 2), (9, 2), (0, 1), (3, 3), (1, 1))
    lines = intake.lines()
    assert [line.name for line in lines] == [
        "Position 4", "Position 1", "Position 6", "Position 3", "3 other positions",
        ALL_POSITIONS,
    ]  # fmt: skip
    by_name = {line.name: line for line in lines}
    assert by_name["3 other positions"].counts == (2, 2)  # positions 0, 5 and 7; 2 had none
    assert by_name[ALL_POSITIONS].counts == intake.totals == (21, 14)
    assert [line.total for line in lines] == [False] * 5 + [True]
    # Each position its own colour (its place in the report), whatever its rank; the
    # others' line the last colour.
    assert [line.series for line in lines][:5] == [4, 1, 6, 3, 7]


def test_a_position_keeps_its_colour_in_another_range() -> None:
    early = _intake((9, 9), (1, 1), (0, 0))
    late = _intake((0, 0), (1, 1), (9, 9))
    assert {line.name: line.series for line in early.lines() if not line.total} == {
        "Position 0": 0, "Position 1": 1,
    }  # fmt: skip
    assert {line.name: line.series for line in late.lines() if not line.total} == {
        "Position 2": 2, "Position 1": 1,
    }  # fmt: skip


def test_a_position_named_like_the_total_is_not_taken_for_it() -> None:
    intake = WeeklyIntake(
        WEEKS,
        (
            (PositionTitle("all", ALL_POSITIONS), (1, 1)),
            (PositionTitle("other", "Other"), (2, 2)),
        ),
    )
    assert [(line.name, line.total) for line in intake.lines()] == [
        ("Other", False), (ALL_POSITIONS, False), (ALL_POSITIONS, True),
    ]  # fmt: skip


def test_one_position_more_than_charted_keeps_its_own_line() -> None:
    lines = _intake((1, 1), (2, 2), (3, 3), (4, 4), (5, 5)).lines()
    assert [line.name for line in lines][-2:] == ["Position 0", ALL_POSITIONS]


def test_one_position_alone_has_no_total_line() -> None:
    assert _intake((0, 0), (2, 1)).lines() == (("Position 1", (2, 1), False, 1),)
    assert _intake((0, 0)).lines() == ()


def test_eight_positions_or_more_never_give_two_lines_one_colour() -> None:
    # Positions 0 and 7 (and 1 and 8) have the same colour of their own.
    intake = _intake((9, 9), (1, 0), (0, 1), (1, 1), (0, 0), (1, 0), (0, 1), (8, 8), (7, 7))
    lines = [line for line in intake.lines() if not line.total]
    assert [line.name for line in lines][:4] == [
        "Position 0", "Position 7", "Position 8", "Position 3",
    ]  # fmt: skip
    colours = [line.series for line in lines]
    assert len(set(colours)) == len(colours)
    assert colours[0] == 0  # the first keeps its own


def test_week_labels_say_the_year_when_the_weeks_span_two() -> None:
    assert week_labels(WEEKS) == ["2 Nov", "9 Nov"]
    assert week_labels([date(2025, 12, 29), date(2026, 1, 5)]) == ["29 Dec 2025", "5 Jan 2026"]
