"""Tests of reviewer_app/ui/list/read_ahead.py: a search's first rows, read in the pause."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

import pytest
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery
from reviewer_app.applicants.records import ApplicantRow
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication
from reviewer_app.ui.list.applicant_model import ApplicantTableModel
from reviewer_app.ui.list.read_ahead import rows_ahead
from reviewer_app.ui.tasks import TaskRunner

REVIEWER = "Test Reviewer"  # as in conftest.py

pytestmark = pytest.mark.usefixtures("qapp")


class RowsQuery(ApplicantQuery):
    """The real query, remembering the rows() calls made on the GUI thread."""

    def __init__(self, cache: LocalCache) -> None:
        super().__init__(cache, REVIEWER)
        self.on_gui_thread: list[int] = []

    def rows(self, ids: Sequence[str]) -> dict[str, ApplicantRow]:
        if threading.current_thread() is threading.main_thread():
            self.on_gui_thread.append(len(ids))
        return super().rows(ids)


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def _searched(qtbot: QtBot, model: ApplicantTableModel, runner: TaskRunner, text: str) -> None:
    """Warms ``text`` as a keystroke does, then shows it as the end of the pause does."""
    model.warm_search(ApplicantFilter(search=text))
    qtbot.waitUntil(lambda: not runner.busy)
    model.set_filter(ApplicantFilter(search=text))
    qtbot.waitUntil(lambda: not model.loading)


def test_a_search_warmed_in_the_pause_paints_its_first_rows_without_reading_them(
    qtbot: QtBot, demo_cache: LocalCache, runner: TaskRunner
) -> None:
    query = RowsQuery(demo_cache)
    model = ApplicantTableModel(query, runner=runner)
    _searched(qtbot, model, runner, "an")
    assert model.rowCount() > 0
    first = model.application_id(0)
    assert first is not None
    shown = model.data(model.index(0, 0))
    assert query.on_gui_thread == []
    assert shown == query.rows([first])[first].name


def test_rows_read_ahead_are_not_shown_after_a_change(
    qtbot: QtBot, demo_cache: LocalCache, runner: TaskRunner
) -> None:
    query = RowsQuery(demo_cache)
    model = ApplicantTableModel(query, runner=runner)
    _searched(qtbot, model, runner, "an")
    first = model.application_id(0)
    assert first is not None
    model.set_filter(ApplicantFilter())
    qtbot.waitUntil(lambda: not model.loading)
    model.warm_search(ApplicantFilter(search="an"))  # a keystroke: its rows read ahead
    qtbot.waitUntil(lambda: not runner.busy)
    with demo_cache.session() as session:
        session.get_one(CachedApplication, first).name = "Ann Renamed"
    model.invalidate_rows([first])  # as the window does after a local change
    query.on_gui_thread.clear()
    model.set_filter(ApplicantFilter(search="an"))
    qtbot.waitUntil(lambda: not model.loading)
    assert model.data(model.index(model.row_of(first), 0)) == "Ann Renamed"
    assert query.on_gui_thread != []


def test_the_rows_around_the_selected_application_are_read_too(demo_cache: LocalCache) -> None:
    query = ApplicantQuery(demo_cache, REVIEWER)
    ids = query.ids()
    assert len(ids) > 150
    read = rows_ahead(query, ids, ids[150], block_size=20)
    wanted = {*ids[0:20], *ids[100:120], *ids[140:160], *ids[180:200]}  # 150 ± 40
    assert set(read) == wanted
    assert set(rows_ahead(query, ids, "no such id", block_size=20)) == set(ids[:20])
