"""Tests of reviewer_app/ui/list/applicant_list.py:

Filters and counts queried off the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery
from reviewer_app.cache import CacheBusy, LocalCache
from reviewer_app.cache.models import CachedApplication
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import CheckResult, Stage
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.drafts import NEW_NOTE, save_draft
from reviewer_app.ui.list.applicant_labels import DRAFT_MARK, NAME, POSITION
from reviewer_app.ui.list.applicant_list import ApplicantList
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.main_window import MainWindow
from tests.applicants.search_support import ReferenceSearch

REVIEWER = "Test Reviewer"  # as in conftest.py


def _reference(query: ApplicantQuery) -> ReferenceSearch:
    """The plain search the list's in-memory one is checked against."""
    return ReferenceSearch(query.cache, query.reviewer_name)


class ThreadRecordingQuery(ApplicantQuery):
    """The real query, remembering whether each list query ran on the GUI thread."""

    def __init__(self, cache: LocalCache) -> None:
        super().__init__(cache, REVIEWER)
        self.on_gui_thread: list[bool] = []
        self.called: list[str] = []
        self.gate = threading.Event()
        self.gate.set()

    def _record(self, name: str) -> None:
        self.called.append(name)
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())

    def ids(self, *args: Any, **kwargs: Any) -> list[str]:
        self.gate.wait(5)
        self._record("ids")
        return super().ids(*args, **kwargs)

    def counts(self, *args: Any, **kwargs: Any) -> dict[str, int]:
        self._record("counts")
        return super().counts(*args, **kwargs)

    def search_texts(self, ids: Sequence[str]) -> Iterator[str]:
        self._record("search_texts")
        yield from super().search_texts(ids)

    def toggle_flags(self, *args: Any, **kwargs: Any) -> dict[str, int]:
        within = kwargs.get("within", args[1] if len(args) > 1 else None)
        self._record("toggle_flags" if within is None else "toggle_flags within")
        return super().toggle_flags(*args, **kwargs)


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """A list runner, shut down after the test."""
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def recording(demo_cache: LocalCache) -> ThreadRecordingQuery:
    """A query that records which thread it runs on."""
    return ThreadRecordingQuery(demo_cache)


@pytest.fixture
def applicant_list(
    qtbot: QtBot, recording: ThreadRecordingQuery, runner: TaskRunner
) -> ApplicantList:
    """A list over the demo cache, its first list and counts arrived."""
    widget = ApplicantList(recording, False, runner)
    qtbot.addWidget(widget)
    widget.refresh()
    qtbot.waitUntil(lambda: widget.idle)
    return widget


def test_ids_and_counts_are_never_queried_on_the_gui_thread(
    qtbot: QtBot, applicant_list: ApplicantList, recording: ThreadRecordingQuery
) -> None:
    applicant_list.toggles["unmatched"].setChecked(True)
    applicant_list.stage_combo.setCurrentIndex(1)
    applicant_list.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: applicant_list.idle)
    applicant_list.search.setText("an")
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert {"ids", "toggle_flags", "search_texts"} <= set(recording.called)
    assert not any(recording.on_gui_thread)


def test_the_gui_keeps_the_old_list_until_the_new_one_arrives(
    qtbot: QtBot, applicant_list: ApplicantList, recording: ThreadRecordingQuery
) -> None:
    before = list(applicant_list.model.ids)
    recording.gate.clear()  # the worker now waits inside ids()
    applicant_list.position_combo.setCurrentIndex(1)  # another list: queried
    qtbot.wait(20)
    assert list(applicant_list.model.ids) == before
    assert applicant_list.summary.text() == "Updating…"
    recording.gate.set()
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert len(applicant_list.model.ids) < len(before)
    # Fewer shown, and why: a filter is on (after a restart too, the toggles restored).
    assert applicant_list.summary.text() == f"{len(applicant_list.model.ids)} shown · filtered"
    applicant_list.position_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert applicant_list.summary.text() == f"{len(before)} shown"


def test_only_the_newest_request_is_applied(
    qtbot: QtBot, applicant_list: ApplicantList, recording: ThreadRecordingQuery
) -> None:
    recording.gate.clear()
    applied: list[int] = []
    applicant_list.model.loaded.connect(lambda: applied.append(applicant_list.model.rowCount()))
    applicant_list.toggles["unmatched"].setChecked(True)
    applicant_list.toggles["duplicates"].setChecked(True)
    applicant_list.toggles["unmatched"].setChecked(False)
    recording.gate.set()
    qtbot.waitUntil(lambda: applicant_list.idle)
    expected = recording.ids(ApplicantFilter(duplicates=True))
    assert list(applicant_list.model.ids) == expected
    assert applied == [len(expected)]


def test_the_selection_survives_a_refresh_and_a_sort(
    qtbot: QtBot, applicant_list: ApplicantList
) -> None:
    chosen = applicant_list.model.application_id(7)
    assert applicant_list.select(chosen)
    with qtbot.assert_not_emitted(applicant_list.current_changed):
        applicant_list.refresh(recount=True)
        qtbot.waitUntil(lambda: applicant_list.idle)
        applicant_list.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        qtbot.waitUntil(lambda: applicant_list.idle)
    assert applicant_list.current_id() == chosen
    assert applicant_list.model.row_of(chosen) != 7  # by name now, so it moved
    assert applicant_list.table.currentIndex().row() == applicant_list.model.row_of(chosen)


def test_several_selected_stay_selected_over_a_refresh_and_a_sort(
    qtbot: QtBot, applicant_list: ApplicantList
) -> None:
    # A sync after a bulk action read the list again: the selection fell back to one row.
    table = applicant_list.table
    applicant_list.select(applicant_list.model.application_id(3))
    for row in (4, 5, 9):
        table.extend_to(row)
    chosen = set(table.selected_ids())
    assert len(chosen) == 4
    applicant_list.refresh(recount=True)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert set(table.selected_ids()) == chosen
    table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert set(table.selected_ids()) == chosen
    assert table.selected_count() == 4
    # One row selected is the current one alone, as before.
    applicant_list.select(applicant_list.model.application_id(0))
    applicant_list.refresh(recount=True)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert table.selected_count() == 1


def test_a_filter_that_hides_the_selection_selects_the_first_shown(
    qtbot: QtBot, applicant_list: ApplicantList, recording: ThreadRecordingQuery
) -> None:
    unmatched = set(recording.ids(ApplicantFilter(unmatched=True)))
    matched = next(i for i in applicant_list.model.ids if i not in unmatched)
    applicant_list.select(matched)
    with qtbot.wait_signal(applicant_list.current_changed):
        applicant_list.toggles["unmatched"].setChecked(True)
    assert applicant_list.current_id() == applicant_list.model.application_id(0)


def _shown_counts(applicant_list: ApplicantList) -> dict[str, int]:
    return {
        key: int(button.text().rsplit(" ", 1)[1].replace(",", ""))
        for key, button in applicant_list.toggles.items()
    }


def _expected_counts(query: ApplicantQuery, applicant_filter: ApplicantFilter) -> dict[str, int]:
    counts = _reference(query).counts(applicant_filter)
    del counts["all"]
    return counts


def test_toggles_reuse_the_counts_and_a_search_counts_again(
    qtbot: QtBot, applicant_list: ApplicantList, recording: ThreadRecordingQuery
) -> None:
    recording.called.clear()
    applicant_list.toggles["conflicts"].setChecked(True)
    qtbot.waitUntil(lambda: applicant_list.idle)
    # The list read, filtered by the toggles' bits the counts keep: no query, no count.
    assert recording.called == []
    applicant_list.search.setText("an")
    qtbot.waitUntil(lambda: applicant_list.idle)
    searched = ApplicantFilter(search="an")
    assert _shown_counts(applicant_list) == _expected_counts(recording, searched)
    assert _shown_counts(applicant_list) != _expected_counts(recording, ApplicantFilter())


def test_counts_and_list_of_a_search_are_those_sql_gives(
    qtbot: QtBot, applicant_list: ApplicantList, recording: ThreadRecordingQuery
) -> None:
    # Filters and toggles under a search, set in turn as a reviewer would.
    steps = [
        lambda: applicant_list.search.setText("a"),
        lambda: applicant_list.search.setText("an"),
        lambda: applicant_list.toggles["needs_my_review"].setChecked(True),
        lambda: applicant_list.position_combo.setCurrentIndex(1),
        lambda: applicant_list.stage_combo.setCurrentIndex(1),
        lambda: applicant_list.search.setText("e"),
        lambda: applicant_list.toggles["needs_my_review"].setChecked(False),
        lambda: applicant_list.table.horizontalHeader().setSortIndicator(
            0, Qt.SortOrder.AscendingOrder
        ),
        lambda: applicant_list.search.setText("example"),
        lambda: applicant_list.position_combo.setCurrentIndex(0),
        lambda: applicant_list.search.setText("   "),
    ]
    for step in steps:
        step()
        qtbot.waitUntil(lambda: applicant_list.idle)
        applicant_filter = applicant_list.current_filter()
        sort, descending = applicant_list.model.sort_key
        expected = _reference(recording).ids(applicant_filter, sort, descending)
        assert list(applicant_list.model.ids) == expected, applicant_filter
        assert _shown_counts(applicant_list) == _expected_counts(recording, applicant_filter)


def test_focus_on_the_search_box_reads_the_texts_in_the_background(
    qtbot: QtBot, applicant_list: ApplicantList, recording: ThreadRecordingQuery
) -> None:
    applicant_list.show()
    qtbot.waitExposed(applicant_list)
    recording.called.clear()
    applicant_list.focus_search()
    qtbot.waitUntil(lambda: "search_texts" in recording.called)
    assert recording.called.count("search_texts") == 1
    assert "toggle_flags" not in recording.called  # everyone's: as the list's counts keep them
    assert not any(recording.on_gui_thread)
    applicant_list.search.setText("an")
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert recording.called.count("search_texts") == 1  # read once, before the keystroke


def test_a_refresh_searches_what_the_cache_holds_now(
    qtbot: QtBot,
    applicant_list: ApplicantList,
    recording: ThreadRecordingQuery,
    demo_cache: LocalCache,
) -> None:
    applicant_list.search.setText("Zebulon")
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert applicant_list.model.rowCount() == 0
    with demo_cache.session() as session:
        first, second = session.scalars(select(CachedApplication).limit(2)).all()
        renamed, erased = first.id, second.id
        first.name = "Zebulon Ødegård"
        second.email = "zebulon@example.com"
    applicant_list.refresh(recount=True)  # as the window does after a sync
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert set(applicant_list.model.ids) == {renamed, erased}
    searched = ApplicantFilter(search="Zebulon")
    assert _shown_counts(applicant_list) == _expected_counts(recording, searched)
    with demo_cache.session() as session:
        session.delete(session.get_one(CachedApplication, erased))
    applicant_list.refresh(recount=True)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert list(applicant_list.model.ids) == [renamed]
    applicant_list.search.setText("ZEBULON ØDEGÅRD")  # any letter's case
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert list(applicant_list.model.ids) == [renamed]


def test_a_search_that_fails_says_so_and_leaves_no_count_waiting(
    qtbot: QtBot,
    applicant_list: ApplicantList,
    recording: ThreadRecordingQuery,
    demo_cache: LocalCache,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def busy(ids: Sequence[str]) -> Iterator[str]:
        raise CacheBusy(demo_cache.path, "locked")

    monkeypatch.setattr(recording, "search_texts", busy)
    with qtbot.wait_signal(applicant_list.failed):
        applicant_list.search.setText("an")
    qtbot.waitUntil(lambda: applicant_list.idle)
    monkeypatch.undo()
    applicant_list.search.setText("and")
    qtbot.waitUntil(lambda: applicant_list.idle)
    searched = ApplicantFilter(search="and")
    assert list(applicant_list.model.ids) == _reference(recording).ids(searched)
    assert _shown_counts(applicant_list) == _expected_counts(recording, searched)


def test_toggles_keep_their_width_while_their_counts_shrink(
    qtbot: QtBot, applicant_list: ApplicantList
) -> None:
    # Else the list pane would change width, and the window be laid out again, per keystroke.
    hints = {key: button.sizeHint().width() for key, button in applicant_list.toggles.items()}
    pane = applicant_list.minimumSizeHint().width()
    applicant_list.search.setText("no such text")
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert all(button.text().endswith(" 0") for button in applicant_list.toggles.values())
    for key, button in applicant_list.toggles.items():
        assert button.minimumWidth() >= hints[key]
    assert applicant_list.minimumSizeHint().width() == pane


def test_window_shows_a_query_error_in_the_status_bar(window: MainWindow) -> None:
    window.applicant_list.model.failed.emit("The local cache is busy.")
    assert window.statusBar().currentMessage() == "The local cache is busy."


def _search(qtbot: QtBot, applicant_list: ApplicantList, text: str) -> list[str]:
    applicant_list.search.setText(text)
    qtbot.waitUntil(lambda: applicant_list.idle and applicant_list.model.filter.search == text)
    return list(applicant_list.model.ids)


def test_search_ignores_accents_and_takes_words_in_any_order(
    qtbot: QtBot, applicant_list: ApplicantList, demo_cache: LocalCache
) -> None:
    with demo_cache.read_session() as session:
        accented = session.scalars(
            select(CachedApplication).where(CachedApplication.name.like("%á%"))
        ).first()
    assert accented is not None, "the demo has accented names"
    first, last = accented.name.split()[0], accented.name.split()[-1]
    plain = first.replace("á", "a").lower()
    assert accented.id in _search(qtbot, applicant_list, plain)
    assert accented.id in _search(qtbot, applicant_list, f"{last.upper()} {plain}")


def test_blind_review_searches_the_answers_only_and_never_sorts_by_name(
    qtbot: QtBot, applicant_list: ApplicantList, demo_cache: LocalCache
) -> None:
    with demo_cache.read_session() as session:
        someone = session.scalars(select(CachedApplication)).first()
    assert someone is not None
    assert someone.id in _search(qtbot, applicant_list, someone.email)
    header = applicant_list.table.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # by name
    qtbot.waitUntil(lambda: applicant_list.idle)

    applicant_list.model.set_blind(True)
    # The name would tell who hides behind "Applicant #…"; nor may their order.
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert applicant_list.model.filter.search_identity is False
    # Found by email, it stays while selected (its name hidden), until the reviewer moves on.
    assert applicant_list.current_id() == someone.id and someone.id in applicant_list.model.ids
    applicant_list.select(None)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert someone.id not in applicant_list.model.ids
    assert applicant_list.model.sort_key[0].value == "submitted"
    assert header.sortIndicatorSection() == 3
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert applicant_list.model.sort_key[0].value == "submitted"
    assert header.sortIndicatorSection() == 3

    applicant_list.model.set_blind(False)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert someone.id in applicant_list.model.ids


def test_one_positions_list_gives_the_position_columns_room_to_the_names(
    qtbot: QtBot, applicant_list: ApplicantList
) -> None:
    table = applicant_list.table
    position_column = POSITION
    assert not table.isColumnHidden(position_column)
    applicant_list.position_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert table.isColumnHidden(position_column)
    applicant_list.position_combo.setCurrentIndex(0)  # all positions
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert not table.isColumnHidden(position_column)


def test_tab_leaves_the_list(applicant_list: ApplicantList) -> None:
    assert not applicant_list.table.tabKeyNavigation()


def test_esc_clears_the_search_then_goes_back_to_the_list(
    qtbot: QtBot, applicant_list: ApplicantList
) -> None:
    applicant_list.show()
    applicant_list.activateWindow()
    qtbot.waitUntil(applicant_list.isActiveWindow)
    applicant_list.focus_search()
    qtbot.keyClicks(applicant_list.search, "ana")
    qtbot.keyClick(applicant_list.search, Qt.Key.Key_Escape)
    assert applicant_list.search.text() == ""
    assert applicant_list.search.hasFocus()
    qtbot.keyClick(applicant_list.search, Qt.Key.Key_Escape)
    assert applicant_list.table.hasFocus()


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down])
def test_enter_or_down_searches_at_once_and_goes_to_the_list(
    qtbot: QtBot, applicant_list: ApplicantList, key: Qt.Key
) -> None:
    applicant_list.show()
    applicant_list.activateWindow()
    qtbot.waitUntil(applicant_list.isActiveWindow)
    qtbot.waitUntil(lambda: applicant_list.idle)
    applicant_list.focus_search()
    qtbot.keyClicks(applicant_list.search, "zzz-nobody")
    qtbot.keyClick(applicant_list.search, key)  # before the pause ends
    assert applicant_list.table.hasFocus()
    assert applicant_list.search.text() == "zzz-nobody"  # the search is kept
    assert applicant_list.model.filter.search == "zzz-nobody"  # and ran at once
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert applicant_list.model.rowCount() == 0


def test_a_draft_marks_its_row_and_the_drafts_toggle_finds_it(
    qtbot: QtBot, applicant_list: ApplicantList, demo_cache: LocalCache
) -> None:
    drafts = applicant_list.toggles["drafts"]
    assert drafts.text() == "✎ Drafts 0"
    model = applicant_list.model
    first = model.application_id(0)
    assert first is not None
    name = model.index(0, NAME)
    assert not str(model.data(name)).startswith(DRAFT_MARK)
    changes = save_draft(demo_cache, first, NEW_NOTE, {"kind": "triage", "body": "half"})
    applicant_list.apply_changes(changes, local=True)  # as the window hands it on
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert drafts.text() == "✎ Drafts 1"
    assert str(model.data(name)).startswith(f"{DRAFT_MARK} ")
    assert str(model.data(name, Qt.ItemDataRole.AccessibleTextRole)).endswith(", draft not saved")
    assert model.application_id(0) == first  # my own edit never re-filters the list
    drafts.setChecked(True)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert list(model.ids) == [first]
    changes = save_draft(demo_cache, first, NEW_NOTE, None)  # saved or discarded
    applicant_list.apply_changes(changes, local=True)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert drafts.text() == "✎ Drafts 0"
    assert not str(model.data(name)).startswith(DRAFT_MARK)


def test_a_review_recounts_its_applications_alone_and_other_changes_everything(
    qtbot: QtBot,
    applicant_list: ApplicantList,
    demo_cache: LocalCache,
    recording: ThreadRecordingQuery,
) -> None:
    drafts = applicant_list.toggles["drafts"]
    ids = [applicant_list.model.application_id(row) for row in range(3)]
    recording.called.clear()
    for number, app_id in enumerate(ids, start=1):
        assert app_id is not None
        changes = save_draft(demo_cache, app_id, NEW_NOTE, {"kind": "triage", "body": "x"})
        applicant_list.apply_changes(changes, local=True)
        qtbot.waitUntil(lambda: applicant_list.idle)
        assert drafts.text() == f"✎ Drafts {number}"
    # The counts shown first kept each application's toggles: each review reads its own.
    assert recording.called.count("counts") == 0, recording.called
    assert recording.called.count("toggle_flags") == 0, recording.called
    assert recording.called.count("toggle_flags within") == 3, recording.called
    # A change that names no application (a new version of a position) counts them all.
    applicant_list.apply_changes(Changes(positions=True, checks=True, counts=True), local=False)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert recording.called.count("toggle_flags") == 1
    assert drafts.text() == "✎ Drafts 3"


def test_a_check_recorded_during_a_search_reads_its_application_alone(
    qtbot: QtBot,
    applicant_list: ApplicantList,
    demo_cache: LocalCache,
    recording: ThreadRecordingQuery,
) -> None:
    applicant_list.search.setText("a")
    qtbot.waitUntil(lambda: applicant_list.idle and applicant_list.model.filter.search == "a")
    app_id = applicant_list.model.application_id(0)
    assert app_id is not None
    recording.called.clear()
    review = ReviewService(demo_cache, REVIEWER)
    changes = review.set_check(app_id, "english", CheckResult.MET)
    applicant_list.apply_changes(changes, local=True)
    qtbot.waitUntil(lambda: applicant_list.idle)
    # Its toggles alone, for the counts beside the search: not the list the search scans,
    # nor everyone's toggles (0.5 s at 100,000 applications, before the next key press).
    assert "toggle_flags within" in recording.called
    assert not {"ids", "toggle_flags", "search_texts"} & set(recording.called)
    # A decision changes no list but one filtered or sorted by stage: that one is read again.
    recording.called.clear()
    applicant_list.apply_changes(review.set_decision(app_id, Stage.SCREENING), local=True)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert "ids" not in recording.called
    applicant_list.stage_combo.setCurrentIndex(applicant_list.stage_combo.findData(Stage.SCREENING))
    qtbot.waitUntil(lambda: applicant_list.idle and app_id in applicant_list.model.ids)
    recording.called.clear()
    applicant_list.apply_changes(review.set_decision(app_id, Stage.INTERVIEW), local=True)
    qtbot.waitUntil(lambda: applicant_list.idle)
    assert "ids" in recording.called


def test_a_cleared_search_shows_the_whole_list_at_once(
    qtbot: QtBot, applicant_list: ApplicantList, monkeypatch: pytest.MonkeyPatch
) -> None:
    applicant_list.search.setText("an")
    qtbot.waitUntil(lambda: applicant_list.idle and applicant_list.model.filter.search == "an")
    searched = len(applicant_list.model.ids)
    monkeypatch.setattr("reviewer_app.ui.list.applicant_list.SEARCH_DEBOUNCE_MS", 60_000)
    applicant_list._debounce.setInterval(60_000)
    applicant_list.search.setText("ana")  # typing waits for the pause (a minute, here)
    qtbot.wait(50)
    assert applicant_list.model.filter.search == "an"
    applicant_list.search.clear()  # Esc, or Ctrl+A and Backspace: nothing to wait for
    qtbot.waitUntil(lambda: applicant_list.idle and applicant_list.model.filter.search == "")
    assert len(applicant_list.model.ids) > searched
