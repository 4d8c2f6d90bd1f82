"""The stage board's columns, checked against report_cache's table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from reviewer_app.cache import LocalCache
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.reports.board import needs_reason, read_board
from reviewer_app.reports.figures import PIPELINE_STAGES, ReportOptions
from tests.reports.report_cache import NOW, fill_report_cache


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    with LocalCache.open(tmp_path) as cache:
        fill_report_cache(cache)
        yield cache


def test_columns_hold_every_version_by_stage_longest_waiting_first(cache: LocalCache) -> None:
    columns = {c.stage: c for c in read_board(cache, "backend", ReportOptions(), now=NOW)}
    assert list(columns) == list(PIPELINE_STAGES)
    cards = {
        stage: [(c.id, c.days_in_stage, c.checks_done, c.checks_total) for c in column.cards]
        for stage, column in columns.items()
        if column.cards
    }
    # Days since the current decision (since submission without one); checks that at
    # least one reviewer judged, of the version applied to (A2's cleared one is none).
    assert cards == {
        Stage.NEW: [("A3", 22, 2, 3), ("A4", 21, 0, 3)],
        Stage.ACCEPTED: [("A1", 19, 2, 2)],
        Stage.DECLINED: [("A2", 8, 1, 2)],
    }
    assert columns[Stage.NEW].count == 2
    assert columns[Stage.NEW].cards[0].name == "Person A3"


def test_a_column_shows_its_first_cards_and_counts_them_all(cache: LocalCache) -> None:
    columns = {
        c.stage: c for c in read_board(cache, "backend", ReportOptions(), now=NOW, per_column=1)
    }
    assert columns[Stage.NEW].count == 2
    assert [c.id for c in columns[Stage.NEW].cards] == ["A3"]


def test_the_range_bounds_the_board(cache: LocalCache) -> None:
    options = ReportOptions(start=date(2026, 3, 10), end=date(2026, 3, 31))
    columns = {c.stage: c for c in read_board(cache, "backend", options, now=NOW)}
    assert sum(c.count for c in columns.values()) == 1
    assert [c.id for c in columns[Stage.NEW].cards] == ["A4"]


def test_a_decision_new_counts_from_when_it_was_made(cache: LocalCache) -> None:
    columns = {c.stage: c for c in read_board(cache, "translator", ReportOptions(), now=NOW)}
    assert [(c.id, c.days_in_stage, c.checks_total) for c in columns[Stage.NEW].cards] == [
        ("A10", 5, 0)
    ]


def test_only_a_decline_needs_a_reason() -> None:
    assert [stage for stage in Stage if needs_reason(stage)] == [Stage.DECLINED]
