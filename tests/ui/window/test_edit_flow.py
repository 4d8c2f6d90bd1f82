"""Tests of reviewer_app/ui/window/edit_flow.py: Edit → Undo and Redo in the window."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedRequirementCheck, OutboxOperation
from reviewer_app.config.settings import Settings
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.identity import blind_name
from reviewer_app.domain.vocabulary import CheckResult, Stage
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.undo import CannotUndo, NothingToUndo, UndoHistory
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.edit_flow import menu_text
from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.conftest import wait_settled

REVIEWER = "Test Reviewer"  # as in conftest.py
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def history() -> UndoHistory:
    """The window session's undo history."""
    return UndoHistory()


@pytest.fixture
def review(demo_cache: LocalCache, history: UndoHistory) -> ReviewService:
    """The window's review service, recording into ``history``."""
    return ReviewService(demo_cache, REVIEWER, history=history)


@pytest.fixture
def window(
    qtbot: QtBot,
    demo_dir: Path,
    demo_cache: LocalCache,
    history: UndoHistory,
    review: ReviewService,
) -> Iterator[MainWindow]:
    """A window over the demo data with an undo history, never syncing."""
    runner = TaskRunner()
    shown = MainWindow(
        demo_cache,
        review,
        ApplicantQuery(demo_cache, REVIEWER),
        runner,
        Settings(reviewer_name=REVIEWER),
        demo_dir,
    )
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    wait_settled(qtbot, shown)
    yield shown
    runner.shutdown()


def _outbox(cache: LocalCache) -> int:
    with cache.read_session() as session:
        return session.scalar(select(func.count()).select_from(OutboxOperation)) or 0


def _my_results(cache: LocalCache, application_id: str) -> dict[str, CheckResult | None]:
    with cache.read_session() as session:
        rows = session.scalars(
            select(CachedRequirementCheck).where(
                CachedRequirementCheck.application_id == application_id,
                CachedRequirementCheck.reviewer_name == REVIEWER,
            )
        )
        return {row.check_key: row.result for row in rows}


def _record_not_met(qtbot: QtBot, window: MainWindow) -> str:
    """Presses 2 on the first check of the shown applicant; returns the check's key."""
    first = window.review_panel.checks.rows[0]
    first.setFocus()
    with qtbot.wait_signal(window.review_panel.changed):
        qtbot.keyClick(first, Qt.Key.Key_2)
    wait_settled(qtbot, window)
    return first.check.key


def test_undo_and_redo_are_disabled_and_plain_with_nothing_to_undo(window: MainWindow) -> None:
    undo, redo = window.edit.undo_action, window.edit.redo_action
    assert (undo.text(), undo.isEnabled()) == ("&Undo", False)
    assert (redo.text(), redo.isEnabled()) == ("&Redo", False)
    edit_menu = next(
        action.menu() for action in window.menuBar().actions() if action.text() == "&Edit"
    )
    assert edit_menu is not None and edit_menu.actions() == [undo, redo]


def test_the_menu_names_the_action_and_undo_takes_it_back(
    qtbot: QtBot,
    window: MainWindow,
    demo_cache: LocalCache,
    history: UndoHistory,
    review: ReviewService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    current = window.current_id()
    assert current is not None
    name = ApplicantQuery(demo_cache, REVIEWER).detail(current).name
    before = _outbox(demo_cache)
    key = _record_not_met(qtbot, window)
    undo = window.edit.undo_action
    assert undo.isEnabled()
    text = history.undo_text()
    assert text is not None and text.startswith("Undo: Not met") and name in text
    assert undo.text() == menu_text(text, "&Undo")
    assert _outbox(demo_cache) == before + 1

    threads: list[threading.Thread] = []
    review_undo = review.undo

    def spied() -> Changes:  # to see where it runs
        threads.append(threading.current_thread())
        return review_undo()

    monkeypatch.setattr(review, "undo", spied)
    undo.trigger()
    wait_settled(qtbot, window)
    assert threads and threads[0] is not threading.main_thread()  # on the worker
    assert _my_results(demo_cache, current).get(key) is None
    assert _outbox(demo_cache) == before  # not pushed yet: gone from the outbox
    assert window.review_panel.checks.rows[0].result is None  # the panel was read again
    redo = window.edit.redo_action
    assert redo.isEnabled() and redo.text().startswith("&Redo: Not met")
    assert (undo.text(), undo.isEnabled()) == ("&Undo", False)

    redo.trigger()
    wait_settled(qtbot, window)
    assert _my_results(demo_cache, current)[key] == CheckResult.NOT_MET
    assert window.review_panel.checks.rows[0].result == CheckResult.NOT_MET
    assert undo.isEnabled() and not redo.isEnabled()


def test_ctrl_z_undoes_the_history_but_not_inside_a_text_field(
    qtbot: QtBot, window: MainWindow, demo_cache: LocalCache
) -> None:
    current = window.current_id()
    assert current is not None
    key = _record_not_met(qtbot, window)
    undo_text = window.edit.undo_action.text()
    # Typing in a field: Ctrl+Z takes back the typing, never the check.
    search = window.applicant_list.search
    search.setFocus()
    qtbot.keyClicks(search, "abc")
    qtbot.keyClick(search, Qt.Key.Key_Z, CTRL)
    wait_settled(qtbot, window)
    assert search.text() == ""
    qtbot.keyClick(search, Qt.Key.Key_Z, CTRL | SHIFT)
    assert search.text() == "abc"
    assert _my_results(demo_cache, current)[key] == CheckResult.NOT_MET
    assert window.edit.undo_action.text() == undo_text
    search.clear()
    wait_settled(qtbot, window)
    # Elsewhere, Ctrl+Z is the window's.
    window.applicant_list.table.setFocus()
    qtbot.keyClick(window.applicant_list.table, Qt.Key.Key_Z, CTRL)
    wait_settled(qtbot, window)
    assert _my_results(demo_cache, current).get(key) is None
    qtbot.keyClick(window.applicant_list.table, Qt.Key.Key_Z, CTRL | SHIFT)
    wait_settled(qtbot, window)
    assert _my_results(demo_cache, current)[key] == CheckResult.NOT_MET


def test_the_note_editor_keeps_its_own_undo(
    qtbot: QtBot, window: MainWindow, demo_cache: LocalCache
) -> None:
    current = window.current_id()
    assert current is not None
    key = _record_not_met(qtbot, window)
    panel = window.review_panel
    panel.start_new_note()
    editor = panel.notes.editor
    assert QApplication.focusWidget() is editor
    qtbot.keyClicks(editor, "Half a thought")
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    wait_settled(qtbot, window)
    assert editor.toPlainText() == ""
    assert _my_results(demo_cache, current)[key] == CheckResult.NOT_MET


def test_the_platforms_standard_keys_are_taken_too(window: MainWindow) -> None:
    undo, redo = window.edit.undo_action, window.edit.redo_action
    assert undo.shortcut() == QKeySequence("Ctrl+Z")
    assert redo.shortcut() == QKeySequence("Ctrl+Shift+Z")
    for action, standard in (
        (undo, QKeySequence.StandardKey.Undo),
        (redo, QKeySequence.StandardKey.Redo),
    ):
        keys = action.shortcuts()
        assert len(keys) == len(set(keys))  # a key twice would be "ambiguous": nothing runs
        assert set(QKeySequence.keyBindings(standard)) <= set(keys)
    listed = dict(window.menus.shortcut_sections()[0][1])
    assert "Ctrl+Z" in listed and "Ctrl+Shift+Z" in listed


def test_why_undo_cannot_go_on_is_said_without_a_dialog(
    qtbot: QtBot, window: MainWindow, review: ReviewService, monkeypatch: pytest.MonkeyPatch
) -> None:
    _record_not_met(qtbot, window)

    def cannot() -> Changes:
        raise CannotUndo("The history was cleared: a sync brought a change it cannot undo.")

    monkeypatch.setattr(review, "undo", cannot)
    window.edit.undo_action.trigger()
    wait_settled(qtbot, window)
    assert QApplication.activeModalWidget() is None
    assert window.notices.isVisible()
    assert "cannot undo" in window.notices.label.text()

    def nothing() -> Changes:
        raise NothingToUndo("Nothing to undo.")

    monkeypatch.setattr(review, "undo", nothing)
    window.edit.undo()
    wait_settled(qtbot, window)
    assert window.statusBar().currentMessage() == "Nothing to undo."


def test_the_texts_follow_the_history_after_a_sync(
    qtbot: QtBot, window: MainWindow, history: UndoHistory
) -> None:
    _record_not_met(qtbot, window)
    assert window.edit.undo_action.isEnabled()
    history.clear()  # as a sync conflict the history cannot undo does
    window.apply_changes(Changes(), local=False)  # what a sync that changed nothing hands on
    assert (window.edit.undo_action.text(), window.edit.undo_action.isEnabled()) == (
        "&Undo",
        False,
    )


def test_an_ampersand_in_a_name_is_no_mnemonic() -> None:
    assert menu_text("Undo: Met on Python for Ana & Bo", "&Undo") == (
        "&Undo: Met on Python for Ana && Bo"
    )
    assert menu_text(None, "&Redo") == "&Redo"


def test_blind_review_names_no_applicant_in_the_menu(
    qtbot: QtBot, make_window: Callable[..., MainWindow], demo_cache: LocalCache
) -> None:
    window = make_window(blind=True)
    current = window.current_id()
    assert current is not None
    name = ApplicantQuery(demo_cache, REVIEWER).detail(current).name
    _record_not_met(qtbot, window)
    text = window.edit.undo_action.text()
    assert blind_name(current) in text and name not in text
    assert name not in window.edit.undo_action.toolTip()


def test_a_slow_undo_says_what_it_does_and_a_second_ctrl_z_waits_for_it(
    qtbot: QtBot,
    window: MainWindow,
    demo_cache: LocalCache,
    review: ReviewService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = _record_not_met(qtbot, window)
    window.review_panel.checks.rows[1].setFocus()
    with qtbot.wait_signal(window.review_panel.changed):
        qtbot.keyClick(window.review_panel.checks.rows[1], Qt.Key.Key_3)
    wait_settled(qtbot, window)
    current = window.current_id()
    assert current is not None
    release = threading.Event()
    real_undo = review.undo

    def slow_undo() -> Changes:  # as a bulk action's undo over thousands of applications
        assert release.wait(10)
        return real_undo()

    monkeypatch.setattr(review, "undo", slow_undo)
    window.edit.undo()
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Undoing: "), timeout=3000)
    assert bar.currentMessage().endswith("…")
    window.edit.undo()  # impatient: it would take back the check before it too
    assert bar.currentMessage().startswith("Still busy with the last undo")
    release.set()
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Undone: "))
    wait_settled(qtbot, window)
    results = _my_results(demo_cache, current)
    assert results[first] == CheckResult.NOT_MET  # the first check stays
    assert CheckResult.UNSURE not in results.values()  # the second was taken back
    window.edit.undo()  # done: Ctrl+Z works again
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Undone: "))
    wait_settled(qtbot, window)
    assert _my_results(demo_cache, current).get(first) is None


def test_a_quick_write_says_only_what_it_did(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.statusBar()
    window.edit.run_write(Changes, done="Done.", doing="Doing…")
    qtbot.waitUntil(lambda: bar.currentMessage() == "Done.")
    qtbot.wait(400)  # past SLOW_WRITE_MS: the "doing" line never comes after the "done"
    assert bar.currentMessage() == "Done."


def test_undoing_a_decision_typed_then_saved_says_the_typing_is_kept_as_a_draft(
    qtbot: QtBot, window: MainWindow
) -> None:
    # The form kept the stage and reason typed before the save: it looked as if the
    # undo had not happened.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    wait_settled(qtbot, window)
    decision = window.review_panel.decision
    decision.choose_stage(Stage.ON_HOLD)
    decision.reason.setFocus()
    qtbot.keyClicks(decision.reason, "Ask about weekends")
    qtbot.wait(700)  # the draft keeper stores what is typed after a pause
    qtbot.keyClick(decision.reason, Qt.Key.Key_Return)
    wait_settled(qtbot, window)
    assert "Undo: Decision" in (window.edit.undo_action.text().replace("&", ""))
    window.edit.undo_action.trigger()
    wait_settled(qtbot, window)
    message = window.statusBar().currentMessage()
    assert message.startswith("Undone: Decision")
    assert decision.has_draft()  # the typing given back, and said so
    assert "kept as a draft; Esc discards it" in message
