"""The report's column pass on rows made here: what its masks and minimums must get right.

``test_compute.py`` checks every figure on a cache against hand-computed values; these
check the cases a pass over columns could get wrong and that cache does not hold: the
earliest of four kinds of review, one application reviewed twice by one reviewer, a
time SQLite could not read, a week's first minute.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from reviewer_app.reports.figures import ReportOptions
from reviewer_app.reports.reads import VERDICT_SEPARATOR
from reviewer_app.reports.tally import Tally, julian_day, tally, week_of

MONDAY = julian_day(datetime(2026, 3, 2, tzinfo=UTC))  # 00:00 UTC
NOW = datetime(2026, 3, 31, tzinfo=UTC)
SEP = VERDICT_SEPARATOR


def count(
    applications: list[tuple[str, int | None, float | None]],
    *,
    decided: list[tuple[str, str, float | None]] | None = None,
    history: list[tuple[str, str, float]] | None = None,
    checks: list[tuple[str, str, float, int, int, str, str]] | None = None,
    notes: list[tuple[str, str, float]] | None = None,
    options: ReportOptions | None = None,
    chosen: frozenset[int] | None = None,
) -> Tally:
    return tally(
        options or ReportOptions(waiting_days=100),
        chosen,
        {1: 2},  # position version 1 has two checks
        applications,
        decided or [],
        history or [],
        checks or [],
        notes or [],
        NOW,
    )


def test_the_first_review_is_the_earliest_check_note_or_decision_past_new() -> None:
    apps = [(app_id, 1, MONDAY) for app_id in "abcdef"]
    figures = count(
        apps,
        decided=[
            ("a", "screening", MONDAY + 9),
            ("b", "new", MONDAY + 1),  # a decision "new" is no review
            ("d", "declined", MONDAY + 1),
        ],
        history=[("a", "new", MONDAY + 1), ("a", "screening", MONDAY + 7), ("e", "on_hold", 4)],
        checks=[
            ("a", "Ana", MONDAY + 8, 1, 1, "python", "met"),
            ("c", "Ana", MONDAY + 5, 1, 1, "git", "met"),
        ],
        notes=[("a", "Bo", MONDAY + 6.5), ("c", "Bo", MONDAY + 6), ("d", "Bo", MONDAY + 3)],
    )
    # a: the note (6.5) before the history (7; its "new" at 1 is none), the check (8) and
    # the decision (9). c: the check (5) before the note. d: the decision (1) before the
    # note. e: the history, before the submission: 0 days. b and f: none.
    assert figures.reviews == {1: [0.0, 1.0, 5.0, 6.5]}
    assert figures.all_reviews == [0.0, 1.0, 5.0, 6.5]
    assert figures.funnel["first_review"] == 4
    assert figures.waiting == []  # b and f: 29 days, not more than 100


def test_a_reviewer_counts_an_application_once_for_checks_and_notes() -> None:
    figures = count(
        [("a", 1, MONDAY), ("b", None, MONDAY)],
        checks=[("a", "Ana", MONDAY, 2, 2, f"git{SEP}python", f"met{SEP}unsure")],
        notes=[("a", "Ana", MONDAY), ("a", "Ana", MONDAY + 1), ("b", "Ana", MONDAY)],
    )
    assert figures.work == {"Ana": (2, 2, 3)}
    assert dict(figures.verdicts[1]) == {("git", "met"): 1, ("python", "unsure"): 1}
    assert figures.backlog == {}  # a: fully checked; b (unmatched): reviewed
    one_position = count(
        [("a", 1, MONDAY), ("b", None, MONDAY)],
        checks=[("a", "Ana", MONDAY, 2, 0, f"git{SEP}python", f"met{SEP}met")],  # 0 in range
        notes=[("a", "Ana", MONDAY), ("b", "Bo", MONDAY)],
        chosen=frozenset({1}),
    )
    assert one_position.work == {"Ana": (0, 1, 1)}  # Bo's note is on another position


def test_a_time_sqlite_could_not_read_is_no_review_and_no_day() -> None:
    figures = count(
        [("a", 1, None), ("b", 1, MONDAY)],
        decided=[("a", "accepted", MONDAY), ("b", "declined", None)],
    )
    assert figures.funnel["submitted"] == 2
    assert figures.funnel["first_review"] == 1  # a's decision; b's has no time
    assert figures.decisions == {}  # a is undated, b's decision has no time
    assert figures.weeks == {(1, week_of(MONDAY)): 1}  # only b is dated
    assert figures.pipeline == {(1, "accepted"): 1, (1, "declined"): 1}
    ranged = count(
        [("a", 1, None), ("b", 1, MONDAY)],
        options=ReportOptions(start=date(2026, 3, 1), waiting_days=100),
    )
    assert ranged.funnel["submitted"] == 1  # an undated application is outside any range


def test_weeks_start_at_monday_midnight_utc() -> None:
    sunday_late, monday = MONDAY - 1 / 1440, MONDAY
    figures = count([("a", None, sunday_late), ("b", None, monday), ("c", None, monday + 6.99)])
    assert figures.weeks == {
        (None, date(2026, 2, 23).toordinal()): 1,
        (None, date(2026, 3, 2).toordinal()): 2,
    }
    assert week_of(sunday_late) == date(2026, 2, 23).toordinal()


def test_nothing_to_count_counts_nothing() -> None:
    figures = count([])
    assert figures.funnel == {"submitted": 0, "first_review": 0, "interview": 0, "accepted": 0}
    assert (figures.pipeline, figures.weeks, figures.work, figures.waiting) == ({}, {}, {}, [])
