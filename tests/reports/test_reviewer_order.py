"""The report's reviewers in a dictionary's order by name (reviewer_app/reports/compute.py)."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication, CachedRequirementCheck
from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.reports import ReportOptions, compute_report
from tests.reports.report_cache import NOW

REVIEWERS = ["Zoë", "bo", "Ágata", "Ana", "Дарья"]


def test_reviewers_are_listed_as_a_dictionary_orders_their_names(tmp_path: Path) -> None:
    with LocalCache.open(tmp_path / "data") as cache:
        with cache.session() as session:
            session.add(
                CachedApplication(id="app-1", response_id="r-1", content_hash="h", revision=1)
            )
            session.add_all(
                CachedRequirementCheck(
                    application_id="app-1",
                    check_key="python",
                    reviewer_name=name,
                    result=CheckResult.MET,
                    updated_at=NOW,
                    revision=2,
                )
                for name in REVIEWERS
            )
        figures = compute_report(cache, ReportOptions(), now=NOW)
    assert [r.name for r in figures.reviewers] == ["Ágata", "Ana", "bo", "Zoë", "Дарья"]
