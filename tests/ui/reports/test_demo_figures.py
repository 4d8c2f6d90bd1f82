"""The report over the demo data agrees with the export, stage by stage (issue 16)."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import select

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.export.decisions import ExportOptions, export_decisions
from reviewer_app.export.rows import stage_text
from reviewer_app.reports import ReportOptions, compute_report
from reviewer_app.review.actions import ReviewService
from tests.ui.conftest import REVIEWER

MOVES = [
    (Stage.SCREENING, None), (Stage.SCREENING, None), (Stage.INTERVIEW, None),
    (Stage.ON_HOLD, None), (Stage.ACCEPTED, None), (Stage.DECLINED, "Too few hours"),
    (Stage.WITHDRAWN, None), (Stage.NEW, None),
]  # fmt: skip


def _decide_some(cache: LocalCache) -> None:
    """Gives demo applications of several positions every stage, as reviewers do."""
    with cache.read_session() as session:
        ids = session.scalars(
            select(CachedApplication.id).order_by(CachedApplication.submitted_at)
        ).all()
    review = ReviewService(cache, REVIEWER)
    for number, (stage, reason) in enumerate(MOVES * 3):
        review.set_decision(ids[number * 7 % len(ids)], stage, reason)


def _exported(cache: LocalCache, target: Path, options: ExportOptions) -> list[dict[str, str]]:
    export_decisions(cache, target, options)
    with target.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _by_stage(figures: dict[Stage, int]) -> dict[str, int]:
    return {stage_text(stage.value): count for stage, count in figures.items() if count}


def test_counts_per_stage_equal_the_export_grouped_by_stage_on_the_demo_data(
    demo_cache: LocalCache, tmp_path: Path
) -> None:
    _decide_some(demo_cache)
    rows = _exported(demo_cache, tmp_path / "all.csv", ExportOptions(excel=False))
    report = compute_report(demo_cache, ReportOptions())
    assert report.total == len(rows) > 0
    assert _by_stage(report.stage_totals) == dict(Counter(row["Stage"] for row in rows))
    assert len(_by_stage(report.stage_totals)) >= 5  # the moves above show
    # Per position and stage too (the unmatched row: an empty slug).
    exported = Counter((row["Position slug"] or None, row["Stage"]) for row in rows)
    shown = {
        (row.position.slug, stage_text(stage.value)): count
        for row in report.pipeline
        for stage, count in row.counts.items()
        if count
    }
    assert shown == dict(exported)


def test_a_range_from_a_day_counts_what_the_export_since_that_day_holds(
    demo_cache: LocalCache, tmp_path: Path
) -> None:
    _decide_some(demo_cache)
    everything = _exported(demo_cache, tmp_path / "all.csv", ExportOptions(excel=False))
    days = sorted(row["Submitted at"][:10] for row in everything if row["Submitted at"])
    since = date.fromisoformat(days[len(days) // 2])
    rows = _exported(demo_cache, tmp_path / "since.csv", ExportOptions(since=since, excel=False))
    report = compute_report(demo_cache, ReportOptions(start=since))
    assert 0 < report.total == len(rows) < len(everything)
    assert _by_stage(report.stage_totals) == dict(Counter(row["Stage"] for row in rows))
