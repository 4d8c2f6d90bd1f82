"""Tests of funnel_lines (reviewer_app/reports/html.py): the funnel's steps in words."""

from __future__ import annotations

from reviewer_app.reports.figures import FunnelStep
from reviewer_app.reports.html import funnel_lines


def test_counts_are_grouped_by_thousands_as_the_tables_show_them() -> None:
    steps = [
        FunnelStep("submitted", 100_000, None, 1.0),
        FunnelStep("first_review", 19_982, 0.19982, 0.19982),
    ]
    assert funnel_lines(steps) == [
        "Submitted: 100,000",
        "First review: 19,982 (20% of submitted)",
    ]
