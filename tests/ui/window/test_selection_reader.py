"""Tests of the window's reads of the selection, and of the next applicant ahead of J."""

from __future__ import annotations

from dataclasses import replace
from threading import Event
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.ui.window import selection_reader as reader_module
from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.conftest import wait_settled


def _queued_keys(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    queued: list[str] = []
    original = window.worker.run

    def run(work: Any, *args: Any, **kwargs: Any) -> Any:
        queued.append(kwargs.get("key") or "")
        return original(work, *args, **kwargs)

    monkeypatch.setattr(window.worker, "run", run)
    return queued


def _next_id(window: MainWindow) -> str:
    row = window.applicant_list.table.currentIndex().row()
    next_id = window.applicant_list.model.application_id(row + 1)
    assert next_id is not None
    return next_id


def _read_ahead(qtbot: QtBot, window: MainWindow) -> str:
    wait_settled(qtbot, window)
    next_id = _next_id(window)
    qtbot.waitUntil(lambda: window.reader.read_ahead == next_id, timeout=10_000)
    return next_id


def test_j_shows_the_applicant_read_ahead_without_reading_it_again(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    next_id = _read_ahead(qtbot, window)
    queued = _queued_keys(window, monkeypatch)
    window.keyboard.step(1)
    # Shown at once, before any event runs: no read waited for.
    assert window.review_panel.application_id == next_id
    assert window.applicant_view.detail is not None
    assert window.applicant_view.detail.id == next_id
    assert "selection" not in queued
    wait_settled(qtbot, window)
    # And the one after it is read ahead in turn.
    qtbot.waitUntil(lambda: window.reader.read_ahead == _next_id(window), timeout=10_000)


def test_a_write_forgets_what_was_read_ahead(qtbot: QtBot, window: MainWindow) -> None:
    next_id = _read_ahead(qtbot, window)
    state = window.review_panel.state
    assert state is not None and state.position is not None and state.position.checks
    key = state.position.checks[0].key
    # A check recorded on the next applicant meanwhile (as the Reports window may).
    changes = window._review.set_check(next_id, key, CheckResult.NOT_MET)
    window.apply_changes(changes, local=True)
    assert window.reader.read_ahead is None
    window.keyboard.step(1)
    wait_settled(qtbot, window)
    shown = window.review_panel.state
    assert shown is not None and shown.application_id == next_id
    if key in (check.key for check in (shown.position.checks if shown.position else ())):
        assert shown.my_checks[key].result == CheckResult.NOT_MET


def test_after_a_check_recorded_the_next_applicant_is_read_ahead_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    next_id = _read_ahead(qtbot, window)
    state = window.review_panel.state
    assert state is not None and state.position is not None and state.position.checks
    # As a key press on the panel does: the write, then the panel's state alone again.
    changes = window._review.set_check(state.application_id, state.position.checks[0].key,
                                       CheckResult.MET)  # fmt: skip
    window.apply_changes(changes, local=True)
    assert window.reader.read_ahead is None
    wait_settled(qtbot, window)
    # The J that follows (keyboard triage: J, 1, 2, 3, J) finds it read.
    qtbot.waitUntil(lambda: window.reader.read_ahead == next_id, timeout=10_000)


def test_a_setting_the_read_depends_on_is_never_read_ahead_with_the_old_one(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    next_id = _read_ahead(qtbot, window)
    flipped = not window.settings.independent_review
    monkeypatch.setattr(window, "settings", replace(window.settings, independent_review=flipped))
    queued = _queued_keys(window, monkeypatch)
    window.keyboard.step(1)
    assert "selection" in queued  # read again, with the new setting
    wait_settled(qtbot, window)
    assert window.review_panel.application_id == next_id


def test_j_during_the_read_ahead_waits_for_it_instead_of_reading_twice(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    wait_settled(qtbot, window)
    window.reader.forget()
    next_id = _next_id(window)
    queued = _queued_keys(window, monkeypatch)
    # The worker held, so that the read ahead cannot end before J.
    release = Event()
    window.worker.run(release.wait)
    window.reader.read_after(window.current_id() or "", next_id)
    window.keyboard.step(1)
    assert not window.idle  # the window waits for the read ahead now
    release.set()
    wait_settled(qtbot, window)
    assert window.review_panel.application_id == next_id
    assert "selection" not in queued[queued.index("read ahead") :]


def test_a_failed_read_ahead_is_read_again_when_asked_for(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    wait_settled(qtbot, window)
    next_id = _next_id(window)
    original = reader_module.read_selection
    calls: list[str] = []

    def flaky(cache: Any, application_id: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(application_id)
        if len(calls) == 1:
            raise RuntimeError("the cache went away for a moment")
        return original(cache, application_id, *args, **kwargs)

    release = Event()
    window.worker.run(release.wait)
    monkeypatch.setattr(reader_module, "read_selection", flaky)
    window.reader.forget()
    window.reader.read_after(window.current_id() or "", next_id)
    window.keyboard.step(1)
    release.set()
    wait_settled(qtbot, window)
    assert calls[:2] == [next_id, next_id]  # then the one after it, read ahead
    assert window.review_panel.application_id == next_id
