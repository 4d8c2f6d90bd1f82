"""The report's figures, each checked against values computed by hand (see report_cache)."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from reviewer_app.cache import LocalCache
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.errors import UserError
from reviewer_app.export.decisions import ExportOptions, export_decisions
from reviewer_app.export.rows import stage_text
from reviewer_app.reports import (
    PIPELINE_STAGES,
    ReportOptions,
    UnknownReportPosition,
    compute_report,
    report_to_json,
)
from reviewer_app.reports.figures import Durations, Report
from tests.reports.report_cache import ANA, BO, LAST_SYNC, NOW, fill_report_cache


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    """The local cache of report_cache's table."""
    with LocalCache.open(tmp_path / "data") as cache:
        fill_report_cache(cache)
        yield cache


def report(cache: LocalCache, **options: object) -> Report:
    return compute_report(cache, ReportOptions(**options), now=NOW)  # type: ignore[arg-type]


def counts(row_counts: dict[Stage, int]) -> list[int]:
    return [row_counts[stage] for stage in PIPELINE_STAGES]


def test_pipeline_counts_each_position_by_stage_with_unmatched_last(cache: LocalCache) -> None:
    figures = report(cache)
    rows = {row.position.title: counts(row.counts) for row in figures.pipeline}
    # new, screening, interview, on hold, accepted, declined, withdrawn
    assert list(rows) == ["Backend Engineer", "Translator", "UX Designer", "Unmatched"]
    assert rows["Backend Engineer"] == [2, 0, 0, 0, 1, 1, 0]  # both versions, newest title
    assert rows["Translator"] == [1, 0, 1, 0, 0, 0, 0]  # a decision "new" is new
    assert rows["UX Designer"] == [1, 1, 0, 0, 0, 0, 0]
    assert rows["Unmatched"] == [1, 0, 0, 0, 0, 0, 1]  # the undated one too, without a range
    assert counts(figures.stage_totals) == [5, 1, 1, 0, 1, 1, 1]
    assert figures.total == 10
    assert [row.total for row in figures.pipeline] == [4, 2, 2, 2]


def test_funnel_counts_reviews_interviews_and_acceptances(cache: LocalCache) -> None:
    steps = [(s.step, s.count, s.of_previous, s.of_submitted) for s in report(cache).funnel]
    # Reviewed: A1, A2, A3, A5, A8 (its decision), A9; not A2's cleared check alone, nor
    # A10's decision "new", nor Bo's deleted note. Interview: A1 (history), A9.
    assert steps == [
        ("submitted", 10, None, 1.0),
        ("first_review", 6, 0.6, 0.6),
        ("interview", 2, 0.3333, 0.2),
        ("accepted", 1, 0.5, 0.1),
    ]


def test_time_to_first_review_and_to_decision_per_position(cache: LocalCache) -> None:
    figures = report(cache)
    times = {t.position.title: (t.first_review, t.decision) for t in figures.times}
    # First reviews: A1 1 day (its checks), A2 2 (the cleared check a day earlier is no
    # review), A3 4 (the note, before its checks): median 2, 90th percentile 4.
    assert times["Backend Engineer"] == (Durations(3, 2.0, 4.0), Durations(2, 15.0, 20.0))
    assert times["Translator"] == (Durations(1, 2.0, 2.0), Durations(0, None, None))
    assert times["UX Designer"] == (Durations(1, 8.0, 8.0), Durations(0, None, None))
    # A8's decision is a review but it has no submission time to count from.
    assert times["Unmatched"] == (Durations(0, None, None), Durations(0, None, None))
    # All: 1, 2, 2, 4, 8 days; decisions 10 and 20 days.
    assert figures.times_all.first_review == Durations(5, 2.0, 8.0)
    assert figures.times_all.decision == Durations(2, 15.0, 20.0)


def test_waiting_list_holds_unreviewed_applications_past_the_days(cache: LocalCache) -> None:
    waiting = report(cache).waiting
    assert [(w.id, w.days_waiting, w.position.title) for w in waiting] == [
        ("A7", 26, "Unmatched"),
        ("A4", 21, "Backend Engineer"),
    ]
    assert waiting[0].name == "Person A7"
    # Longer than 21 whole days: A4 waited exactly 21.
    assert [w.id for w in report(cache, waiting_days=21).waiting] == ["A7"]
    assert [w.id for w in report(cache, waiting_days=5).waiting] == ["A7", "A4", "A6", "A10"]


def test_reviewers_count_checks_applications_and_notes_not_cleared_or_deleted(
    cache: LocalCache,
) -> None:
    loads = [(r.name, r.checks, r.applications, r.notes) for r in report(cache).reviewers]
    assert loads == [(ANA, 5, 3, 1), (BO, 1, 2, 1)]


def test_backlog_counts_open_applications_nobody_fully_checked(cache: LocalCache) -> None:
    backlog = {p.title: n for p, n in report(cache).backlog}
    # A3 has 2 of backend v2's 3 checks; A5 (screening) has its one check done; A10's
    # position has no checks and nobody reviewed it; A8 is withdrawn, not open.
    assert backlog == {"Backend Engineer": 2, "Translator": 1, "UX Designer": 1, "Unmatched": 1}


def test_check_rates_count_each_verdict_without_cleared_ones(cache: LocalCache) -> None:
    rates = [
        (c.position.slug, c.label, c.met, c.not_met, c.unsure, c.rate(c.met), c.rate(c.not_met))
        for c in report(cache).checks
    ]
    assert rates == [
        ("backend", "Python", 2, 1, 0, 0.6667, 0.3333),
        ("backend", "Git & GitHub", 2, 0, 0, 1.0, 0.0),
        ("ux", "Figma", 0, 0, 1, 0.0, 0.0),
    ]


def test_applications_per_week_start_on_monday_and_fill_empty_weeks(cache: LocalCache) -> None:
    weekly = report(cache).weekly
    # Up to the week of the report (NOW, 31 March): one with no application shows so.
    assert [week.isoformat() for week in weekly.weeks] == [
        "2026-02-16", "2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23",
        "2026-03-30",
    ]  # fmt: skip
    series = {p.title: list(values) for p, values in weekly.by_position}
    assert series == {
        "Backend Engineer": [0, 0, 2, 2, 0, 0, 0],
        "Translator": [1, 0, 0, 0, 0, 1, 0],
        "UX Designer": [0, 0, 0, 0, 2, 0, 0],
        "Unmatched": [0, 0, 1, 0, 0, 0, 0],
    }
    assert list(weekly.totals) == [1, 0, 3, 2, 2, 1, 0]  # the undated A8 is in no week


def test_a_range_keeps_submissions_of_its_days_and_work_done_in_them(cache: LocalCache) -> None:
    figures = report(cache, start=date(2026, 3, 9), end=date(2026, 3, 16))
    # A3, A4 and A5 (16 March, noon: the last day counts whole); not the undated A8.
    assert figures.total == 3
    assert {r.position.title: r.total for r in figures.pipeline} == {
        "Backend Engineer": 2, "Translator": 0, "UX Designer": 1, "Unmatched": 0,
    }  # fmt: skip
    assert [(s.count, s.of_previous) for s in figures.funnel] == [
        (3, None), (2, 0.6667), (0, 0.0), (0, None),
    ]  # fmt: skip
    # Ana's work between 9 and 16 March: A3's two checks and its note; Bo did none.
    assert [(r.name, r.checks, r.applications, r.notes) for r in figures.reviewers] == [
        (ANA, 2, 1, 1)
    ]
    assert [w.id for w in figures.waiting] == ["A4"]
    assert [week.isoformat() for week in figures.weekly.weeks] == ["2026-03-09", "2026-03-16"]


def test_an_empty_range_has_zero_counts_and_no_durations(cache: LocalCache) -> None:
    figures = report(cache, start=date(2027, 1, 1), end=date(2027, 1, 31))
    assert figures.total == 0
    assert all(row.total == 0 for row in figures.pipeline)
    assert [(s.count, s.of_previous, s.of_submitted) for s in figures.funnel] == [
        (0, None, None)
    ] * 4
    assert figures.times_all.first_review == Durations(0, None, None)
    assert figures.waiting == () and figures.reviewers == () and figures.checks == ()
    assert len(figures.weekly.weeks) == 5  # Mondays 28 Dec 2026 to 25 Jan 2027
    assert figures.weekly.totals == (0,) * 5


def test_one_position_leaves_out_the_others_and_unmatched(cache: LocalCache) -> None:
    figures = report(cache, position="backend")
    assert [p.title for p in figures.positions] == ["Backend Engineer"]
    assert figures.total == 4
    assert [(r.name, r.checks, r.applications, r.notes) for r in figures.reviewers] == [
        (ANA, 4, 2, 1),
        (BO, 1, 1, 0),  # Bo's note is on a translator's application
    ]


def test_unknown_position_and_reversed_range_are_user_errors(cache: LocalCache) -> None:
    with pytest.raises(UnknownReportPosition, match=r"'nope'.*backend, translator, ux"):
        report(cache, position="nope")
    with pytest.raises(UserError, match="before it starts"):
        report(cache, start=date(2026, 3, 9), end=date(2026, 3, 1))


def test_an_empty_cache_reports_nothing_and_never_synced(tmp_path: Path) -> None:
    with LocalCache.open(tmp_path) as empty:
        figures = compute_report(empty, ReportOptions(), now=NOW)
    assert figures.as_of is None
    assert figures.total == 0
    assert [p.title for p in figures.positions] == ["Unmatched"]
    assert figures.weekly.weeks == ()


def test_json_is_stamped_as_of_the_last_sync(cache: LocalCache) -> None:
    data = report_to_json(report(cache))
    assert data["as_of"] == "2026-03-30T08:00:00Z" == LAST_SYNC.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert data["generated_at"] == "2026-03-31T12:00:00Z"
    assert data["pipeline"]["totals"] == {
        "new": 5, "screening": 1, "interview": 1, "on_hold": 0, "accepted": 1, "declined": 1,
        "withdrawn": 1,
    }  # fmt: skip
    assert data["waiting"]["applications"][0] == {
        "id": "A7",
        "name": "Person A7",
        "position": None,
        "submitted_at": "2026-03-05T12:00:00Z",
        "days_waiting": 26,
    }
    blind = report_to_json(report(cache), include_identity=False)
    assert "name" not in blind["waiting"]["applications"][0]


def test_counts_per_stage_equal_the_export_grouped_by_stage(
    cache: LocalCache, tmp_path: Path
) -> None:
    target = tmp_path / "decisions.csv"
    export_decisions(cache, target, ExportOptions(excel=False))
    with target.open(encoding="utf-8", newline="") as handle:
        exported = Counter(row["Stage"] for row in csv.DictReader(handle))
    figures = report(cache)
    totals = {stage_text(stage.value): n for stage, n in figures.stage_totals.items() if n}
    assert totals == dict(exported)


def test_the_stamp_counts_changes_not_synced_yet(cache: LocalCache) -> None:
    from sqlalchemy import select

    from reviewer_app.cache.models import CachedApplication
    from reviewer_app.reports.html import stamp_line
    from reviewer_app.review.actions import ReviewService

    assert report(cache).unsynced_changes == 0
    assert "not synced" not in stamp_line(report(cache))
    with cache.read_session() as session:
        first = session.scalars(select(CachedApplication.id).limit(1)).one()
    ReviewService(cache, ANA).set_decision(first, Stage.SCREENING)
    made = report(cache)
    assert made.unsynced_changes == 1
    assert stamp_line(made).endswith("with 1 change made on this laptop and not synced yet.")
    assert report_to_json(made)["unsynced_changes"] == 1
