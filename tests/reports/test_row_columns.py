"""A report reads its rows a chunk at a time (reviewer_app/reports/row_columns.py).

The figures must not depend on where the chunks end, and no more than two chunks of a
table's rows may be alive at once: the report keeps their columns, never the rows.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.cache import LocalCache
from reviewer_app.reports import ReportOptions, compute_report, report_to_json, row_columns
from reviewer_app.reports import compute as compute_module
from reviewer_app.reports.reads import VERDICT_SEPARATOR
from reviewer_app.reports.tally import julian_day, tally
from tests.reports.report_cache import ANA, BO, NOW, fill_report_cache

STREAMED_READS = ("applications", "decisions", "decision_history", "check_groups", "notes")
"""The reads of :mod:`reviewer_app.reports.compute` that give a whole table's rows."""


class Row(list[Any]):
    """A row that can be watched: a weak reference says whether anything still holds it."""

    __slots__ = ("__weakref__",)


class RowWatch:
    """Hands out rows and notes the most that were alive at once."""

    def __init__(self) -> None:
        self.handed: list[weakref.ref[Row]] = []
        self.most_alive = 0

    def rows(self, rows: Iterable[Iterable[Any]]) -> Iterator[Any]:
        """Each of ``rows`` as a watched :class:`Row` (a list, where a report reads tuples)."""
        for values in rows:
            row = Row(values)
            self.handed.append(weakref.ref(row))
            alive = sum(ref() is not None for ref in self.handed)
            self.most_alive = max(self.most_alive, alive)
            yield row
            del row
        self.handed.clear()  # the next table's rows are counted apart


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    """The local cache of report_cache's table."""
    with LocalCache.open(tmp_path / "data") as cache:
        fill_report_cache(cache)
        yield cache


@pytest.mark.parametrize("size", [1, 2, 3])
def test_the_figures_are_the_same_wherever_the_chunks_end(
    cache: LocalCache, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = report_to_json(compute_report(cache, ReportOptions(), now=NOW))
    monkeypatch.setattr(row_columns, "CHUNK_ROWS", size)
    report = compute_report(cache, ReportOptions(), now=NOW)
    assert report_to_json(report) == whole
    # The figures pinned (report_cache's table gives each by hand).
    assert [(row.position.slug, list(row.counts.values())) for row in report.pipeline] == [
        ("backend", [2, 0, 0, 0, 1, 1, 0]),
        ("translator", [1, 0, 1, 0, 0, 0, 0]),
        ("ux", [1, 1, 0, 0, 0, 0, 0]),
        (None, [1, 0, 0, 0, 0, 0, 1]),
    ]
    assert [step.count for step in report.funnel] == [10, 6, 2, 1]
    assert [(r.name, r.checks, r.applications, r.notes) for r in report.reviewers] == [
        (ANA, 5, 3, 1),
        (BO, 1, 2, 1),
    ]
    assert [(p.slug, count) for p, count in report.backlog] == [
        ("backend", 2),
        ("translator", 1),
        ("ux", 1),
        (None, 1),
    ]
    assert [(c.position.slug, c.key, c.met, c.not_met, c.unsure) for c in report.checks] == [
        ("backend", "skill-python", 2, 1, 0),
        ("backend", "skill-git-github", 2, 0, 0),
        ("ux", "skill-figma", 0, 0, 1),
    ]
    times = report.times_all
    assert (times.first_review.count, times.first_review.median_days) == (5, 2.0)
    assert (times.first_review.p90_days, times.decision.median_days) == (8.0, 15.0)
    assert [(w.id, w.days_waiting) for w in report.waiting] == [("A7", 26), ("A4", 21)]
    assert report.weekly.totals == (1, 0, 3, 2, 2, 1, 0)


def test_a_report_never_holds_more_than_two_chunks_of_a_tables_rows(
    cache: LocalCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(row_columns, "CHUNK_ROWS", 2)
    watch = RowWatch()
    read: dict[str, int] = {}

    def watched(name: str, reader: Callable[..., Iterable[Any]]) -> Callable[..., Iterator[Row]]:
        def rows(*args: Any) -> Iterator[Row]:
            read[name] = 0
            for row in watch.rows(reader(*args)):
                read[name] += 1
                yield row

        return rows

    for name in STREAMED_READS:
        monkeypatch.setattr(compute_module, name, watched(name, getattr(compute_module, name)))
    report = compute_report(cache, ReportOptions(), now=NOW)
    assert report.total == 10
    assert read["applications"] == 10 and read["notes"] >= 2
    assert watch.most_alive <= 2 * 2 + 1


def test_the_pass_keeps_columns_not_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(row_columns, "CHUNK_ROWS", 8)
    monday = julian_day(datetime(2026, 3, 2, tzinfo=UTC))
    ids = [f"app-{number}" for number in range(200)]
    watch = RowWatch()
    counted = tally(
        ReportOptions(waiting_days=100),
        None,
        {1: 2},
        watch.rows((app_id, 1, monday) for app_id in ids),
        watch.rows((app_id, "screening", monday + 1) for app_id in ids[:150]),
        watch.rows((app_id, "interview", monday + 2) for app_id in ids[:50]),
        watch.rows(
            (app_id, "Ana", monday + 1, 2, 2, f"git{VERDICT_SEPARATOR}python", "met\x1emet")
            for app_id in ids[:100]
        ),
        watch.rows((app_id, "Bo", monday + 3) for app_id in ids),
        datetime(2026, 3, 31, tzinfo=UTC),
    )
    assert watch.most_alive <= 2 * 8 + 1  # of 200 rows a table
    assert counted.funnel["submitted"] == 200
    assert counted.funnel["interview"] == 50
    assert counted.work == {"Ana": (200, 100, 0), "Bo": (0, 200, 200)}
    assert counted.verdicts == {1: {("git", "met"): 100, ("python", "met"): 100}}
    assert counted.backlog == {1: 100}  # screening, and nobody judged both checks


def test_chunks_hand_out_at_most_their_size() -> None:
    assert [len(chunk) for chunk in row_columns.chunks(range(10), 4)] == [4, 4, 2]
    assert list(row_columns.chunks([], 4)) == []
