"""Tests of reviewer_app/ui/list/row_refresh.py: changed rows read again on the worker."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.applicants.records import ApplicantRow
from reviewer_app.cache import LocalCache
from reviewer_app.cache.errors import CacheBusy
from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.list.applicant_model import BLOCK_SIZE, ApplicantTableModel
from reviewer_app.ui.tasks import TaskRunner

REVIEWER = "Test Reviewer"  # as in conftest.py

pytestmark = pytest.mark.usefixtures("qapp")


class RecordingQuery(ApplicantQuery):
    """The real query, remembering the ids of each rows() call; it may fail once."""

    def __init__(self, cache: LocalCache) -> None:
        super().__init__(cache, REVIEWER)
        self.asked: list[list[str]] = []
        self.fail_next = False

    def rows(self, ids: Sequence[str]) -> dict[str, ApplicantRow]:
        self.asked.append(list(ids))
        if self.fail_next:
            self.fail_next = False
            raise CacheBusy(self.cache.path, "database is locked")
        return super().rows(ids)


@pytest.fixture
def listed(
    qtbot: QtBot, demo_cache: LocalCache
) -> Iterator[tuple[RecordingQuery, ApplicantTableModel]]:
    """A model on the window's kind of worker, its list loaded."""
    query = RecordingQuery(demo_cache)
    runner = TaskRunner()
    model = ApplicantTableModel(query, runner=runner)
    try:
        model.refresh()
        qtbot.waitUntil(lambda: not model.loading)
        yield query, model
    finally:
        runner.shutdown()


def _checked_application(query: ApplicantQuery, model: ApplicantTableModel) -> tuple[int, str]:
    for row in range(model.rowCount()):
        application_id = model.application_id(row)
        assert application_id is not None
        detail = query.detail(application_id)
        if detail.position is not None and query.check_keys(detail.position.id):
            return row, application_id
    raise AssertionError("no application with checks")


def _change_one(query: ApplicantQuery, model: ApplicantTableModel) -> tuple[int, str, int]:
    """Fetches the row of an application with checks, then records them all behind it.

    Returns:
        Its row, its id, and how many checks it now has recorded.
    """
    row, chosen = _checked_application(query, model)
    assert model.applicant_row(row) is not None
    return row, chosen, _record_every_check(query.cache, query, chosen)


def _record_every_check(cache: LocalCache, query: ApplicantQuery, application_id: str) -> int:
    position = query.detail(application_id).position
    assert position is not None
    keys = query.check_keys(position.id)
    review = ReviewService(cache, REVIEWER)
    for key in keys:
        review.set_check(application_id, key, CheckResult.MET)
    return len(keys)


def test_a_changed_row_is_read_alone_on_the_worker(
    qtbot: QtBot, demo_cache: LocalCache, listed: tuple[RecordingQuery, ApplicantTableModel]
) -> None:
    query, model = listed
    row, chosen = _checked_application(query, model)
    before = model.applicant_row(row)
    assert before is not None and before.checks_done == 0
    total = _record_every_check(demo_cache, query, chosen)
    query.asked.clear()
    with qtbot.waitSignal(model.dataChanged) as changed, qtbot.waitSignal(model.rows_updated):
        model.invalidate_rows([chosen])
        pending = model.rows_pending
        # Until the row comes, the table paints the row it has, without a read.
        assert model.applicant_row(row) == before
    assert pending and not model.rows_pending
    assert changed.args is not None and changed.args[0].row() == row
    assert query.asked == [[chosen]]  # one row, not its block of BLOCK_SIZE
    after = model.applicant_row(row)
    assert after is not None and after.checks_done == total
    assert query.asked == [[chosen]]  # and nothing read when painted


def test_a_row_in_no_fetched_block_is_read_when_painted(
    qtbot: QtBot, demo_cache: LocalCache, listed: tuple[RecordingQuery, ApplicantTableModel]
) -> None:
    query, model = listed
    assert model.rowCount() > BLOCK_SIZE // 2
    last = model.application_id(model.rowCount() - 1)
    assert last is not None
    query.asked.clear()
    model.invalidate_rows([last])  # nothing fetched yet: nothing to read again
    assert not model.rows_pending and query.asked == []


def test_a_failed_read_drops_the_block_to_read_it_again(
    qtbot: QtBot, demo_cache: LocalCache, listed: tuple[RecordingQuery, ApplicantTableModel]
) -> None:
    query, model = listed
    row, chosen, total = _change_one(query, model)
    query.fail_next = True
    with qtbot.waitSignal(model.rows_updated):
        model.invalidate_rows([chosen])
    query.asked.clear()
    after = model.applicant_row(row)
    assert after is not None and after.checks_done == total
    assert len(query.asked) == 1 and chosen in query.asked[0]  # its block, read now


def test_without_a_worker_the_rows_are_read_at_once(demo_cache: LocalCache) -> None:
    query = RecordingQuery(demo_cache)
    model = ApplicantTableModel(query)
    model.refresh()
    row, chosen, total = _change_one(query, model)
    model.invalidate_rows([chosen])
    assert not model.rows_pending
    after = model.applicant_row(row)
    assert after is not None and after.checks_done == total


def test_rows_read_before_the_list_was_reloaded_are_not_kept(
    qtbot: QtBot, demo_cache: LocalCache, listed: tuple[RecordingQuery, ApplicantTableModel]
) -> None:
    query, model = listed
    _row, chosen, _total = _change_one(query, model)
    with qtbot.waitSignal(model.rows_updated):
        model.invalidate_rows([chosen])
        model.refresh()  # a reload empties the blocks before the row comes
    qtbot.waitUntil(lambda: not model.loading)
    query.asked.clear()
    assert model.applicant_row(model.row_of(chosen)) is not None
    assert query.asked and len(query.asked[0]) > 1  # its block, read afresh
