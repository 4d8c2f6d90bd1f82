"""Tests of reviewer_app/ui/list/applicant_model.py: the lazily fetched applicant table."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery, SortKey
from reviewer_app.applicants.records import ApplicantRow
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication
from reviewer_app.domain.identity import blind_label
from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.list.applicant_labels import SUBMITTED
from reviewer_app.ui.list.applicant_model import BLOCK_SIZE, ApplicantTableModel
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.times import full_time
from tests.applicants.search_support import ReferenceSearch

REVIEWER = "Test Reviewer"  # as in conftest.py


def _reference(query: ApplicantQuery) -> ReferenceSearch:
    """The plain search the list's in-memory one is checked against."""
    return ReferenceSearch(query.cache, query.reviewer_name)


pytestmark = pytest.mark.usefixtures("qapp")


class CountingQuery(ApplicantQuery):
    """The real query, remembering which ids each rows() call asked for."""

    def __init__(self, cache: LocalCache, ids: list[str]) -> None:
        super().__init__(cache, REVIEWER)
        self._fake_ids = ids
        self.asked: list[int] = []

    def ids(self, *args: object, **kwargs: object) -> list[str]:  # type: ignore[override]
        return list(self._fake_ids)

    def rows(self, ids: Sequence[str]) -> dict[str, ApplicantRow]:
        self.asked.append(len(ids))
        return super().rows(ids)


def test_model_is_consistent(demo_cache: LocalCache, qtmodeltester: ModelTester) -> None:
    model = ApplicantTableModel(ApplicantQuery(demo_cache, REVIEWER))
    model.refresh()
    assert model.rowCount() == 200
    qtmodeltester.check(model)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_only_the_blocks_looked_at_are_fetched(demo_cache: LocalCache) -> None:
    real = ApplicantQuery(demo_cache, REVIEWER).ids()
    # 200 real ids repeated: a long list without a big cache.
    many = real * 10
    query = CountingQuery(demo_cache, many)
    model = ApplicantTableModel(query)
    model.refresh()
    assert model.rowCount() == 2000
    assert query.asked == []
    model.data(model.index(0, 0))
    model.data(model.index(BLOCK_SIZE - 1, 3))
    assert model.fetched_blocks == [0]
    model.data(model.index(1500, 0))
    assert model.fetched_blocks == [0, 1500 // BLOCK_SIZE]
    assert query.asked == [BLOCK_SIZE, BLOCK_SIZE]
    model.data(model.index(5, 0), ApplicantTableModel.IdRole)
    assert len(query.asked) == 2  # ids need no fetch


def test_blind_review_hides_names(demo_cache: LocalCache) -> None:
    model = ApplicantTableModel(ApplicantQuery(demo_cache, REVIEWER), blind=True)
    model.refresh()
    first = model.application_id(0)
    assert first is not None
    row = model.applicant_row(0)
    assert row is not None
    assert model.data(model.index(0, 0)) == blind_label(first, row.position_title)
    assert (row.name or "") not in model.data(model.index(0, 0))
    tooltip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) or ""
    assert "@" not in tooltip


def test_sort_keeps_persistent_indexes(demo_cache: LocalCache) -> None:
    model = ApplicantTableModel(ApplicantQuery(demo_cache, REVIEWER))
    model.refresh()
    kept = QPersistentModelIndex(model.index(7, 0))
    chosen = model.application_id(7)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.application_id(kept.row()) == chosen
    model.set_filter(ApplicantFilter(unmatched=True))
    assert 0 < model.rowCount() < 200


def test_model_is_consistent_as_the_window_drives_it(
    qtbot: QtBot, demo_cache: LocalCache, qtmodeltester: ModelTester
) -> None:
    # Filled in the background, narrowed by searches from the unsearched list, blind,
    # empty, re-sorted: the states the window puts it in.
    runner = TaskRunner()
    model = ApplicantTableModel(ApplicantQuery(demo_cache, REVIEWER), runner=runner)
    try:
        for step in (
            model.refresh,
            lambda: model.set_filter(ApplicantFilter(search="a")),
            lambda: model.set_filter(ApplicantFilter(search="an")),
            lambda: model.set_blind(True),
            lambda: model.set_filter(ApplicantFilter(search="no such text")),
            lambda: model.set_filter(ApplicantFilter(unmatched=True)),
            lambda: model.sort(2, Qt.SortOrder.DescendingOrder),
        ):
            step()
            qtbot.waitUntil(lambda: not model.loading)
            qtmodeltester.check(model)
        assert model.rowCount() > 0
    finally:
        runner.shutdown()


def test_a_search_gives_what_the_query_gives(qtbot: QtBot, demo_cache: LocalCache) -> None:
    query = ApplicantQuery(demo_cache, REVIEWER)
    model = ApplicantTableModel(query)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    for text in ("a", "an", "ana", "an", "", "git"):
        model.set_filter(ApplicantFilter(unmatched=False, search=text))
        expected = _reference(query).ids(ApplicantFilter(search=text), SortKey.NAME, False)
        assert list(model.ids) == expected


@pytest.fixture
def text_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many ids each read of the search texts asked for (by any ApplicantQuery)."""
    reads: list[int] = []
    read = ApplicantQuery.search_texts

    def counted(self: ApplicantQuery, ids: Sequence[str]) -> Iterator[str]:
        reads.append(len(ids))
        return read(self, ids)

    monkeypatch.setattr(ApplicantQuery, "search_texts", counted)
    return reads


def test_sorting_and_filtering_keep_the_search_texts_and_a_refresh_reads_them(
    demo_cache: LocalCache, text_reads: list[int]
) -> None:
    query = ApplicantQuery(demo_cache, REVIEWER)
    model = ApplicantTableModel(query)
    model.set_filter(ApplicantFilter(search="a"))
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_filter(ApplicantFilter(search="an", unmatched=True))
    model.set_filter(ApplicantFilter(search="an"))
    expected = _reference(query).ids(ApplicantFilter(search="an"), SortKey.NAME, False)
    assert list(model.ids) == expected
    assert text_reads == [200]
    first = model.application_id(0)
    with demo_cache.session() as session:
        session.get_one(CachedApplication, first).name = "Quentin Quux"
    model.set_filter(ApplicantFilter(search="quux"))
    assert list(model.ids) == []  # the cache changed, but nobody said so
    model.refresh()
    assert list(model.ids) == [first]
    assert text_reads == [200, 200]


def test_a_local_change_keeps_the_texts_but_not_the_toggles(
    demo_cache: LocalCache, text_reads: list[int]
) -> None:
    query = ApplicantQuery(demo_cache, REVIEWER)
    model = ApplicantTableModel(query)
    mine = ApplicantFilter(search="e", needs_my_review=True)
    model.set_filter(mine)
    chosen = model.application_id(0)
    assert chosen is not None
    review = ReviewService(demo_cache, REVIEWER)
    for key in query.check_keys(query.detail(chosen).position.id):  # type: ignore[union-attr]
        review.set_check(chosen, key, CheckResult.MET)
    model.invalidate_rows([chosen])
    model.set_filter(ApplicantFilter(search="e"))
    model.set_filter(mine)
    assert chosen not in model.ids
    assert list(model.ids) == _reference(query).ids(mine)
    assert text_reads == [200]


def test_a_search_that_matches_the_same_rows_keeps_them(
    qtbot: QtBot, demo_cache: LocalCache
) -> None:
    model = ApplicantTableModel(ApplicantQuery(demo_cache, REVIEWER))
    model.set_filter(ApplicantFilter(search="e"))
    shown = list(model.ids)
    kept = QPersistentModelIndex(model.index(7, 0))
    with qtbot.assert_not_emitted(model.modelReset):
        model.set_filter(ApplicantFilter(search="E"))
    assert list(model.ids) == shown
    assert kept.row() == 7
    assert model.row_of("no such id") == -1


def test_a_search_that_keeps_the_rows_fetches_none_again_but_a_refresh_does(
    demo_cache: LocalCache,
) -> None:
    model = ApplicantTableModel(ApplicantQuery(demo_cache, REVIEWER))
    model.set_filter(ApplicantFilter(search="e"))
    first = model.application_id(0)
    assert first is not None
    model.data(model.index(0, 0))
    assert model.fetched_blocks == [0]
    model.set_filter(ApplicantFilter(search="E"))
    model.data(model.index(0, 0))
    assert model.fetched_blocks == [0]
    with demo_cache.session() as session:
        session.get_one(CachedApplication, first).name = "Renamed Since"
    model.refresh()
    assert model.data(model.index(0, 0)) == "Renamed Since"
    assert model.fetched_blocks == [0, 0]


def test_a_search_warmed_during_the_pause_shows_nothing_until_asked(
    qtbot: QtBot, demo_cache: LocalCache
) -> None:
    runner = TaskRunner()
    query = ApplicantQuery(demo_cache, REVIEWER)
    model = ApplicantTableModel(query, runner=runner)
    try:
        model.refresh()
        qtbot.waitUntil(lambda: not model.loading)
        shown = list(model.ids)
        with qtbot.assert_not_emitted(model.loaded):
            for text in ("a", "an", "and"):  # typed faster than the searches run
                model.warm_search(ApplicantFilter(search=text))
            qtbot.waitUntil(lambda: not runner.busy)
        assert list(model.ids) == shown
        model.set_filter(ApplicantFilter(search="and"), count=True)
        qtbot.waitUntil(lambda: not model.loading)
        assert list(model.ids) == _reference(query).ids(ApplicantFilter(search="and"))
        assert model.counts == _reference(query).counts(ApplicantFilter(search="and"))
    finally:
        runner.shutdown()


def test_the_submitted_column_sorts_by_time_not_by_its_short_text(
    demo_cache: LocalCache,
) -> None:
    # "today 14:02", "yesterday 09:10" and "3 Nov" would sort wrongly as text.
    model = ApplicantTableModel(ApplicantQuery(demo_cache, REVIEWER))
    model.refresh()
    model.sort(SUBMITTED, Qt.SortOrder.AscendingOrder)
    times = [row.submitted_at for n in range(40) if (row := model.applicant_row(n)) is not None]
    assert len(times) == 40 and all(times) and times == sorted(times)  # type: ignore[type-var]
    tooltip = model.data(model.index(0, SUBMITTED), Qt.ItemDataRole.ToolTipRole)
    assert tooltip == f"Submitted {full_time(times[0])}"
