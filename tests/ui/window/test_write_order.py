"""Tests of MainWindow.apply_changes: what the one database worker does first after a write."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from reviewer_app.domain.changes import Changes
from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.conftest import wait_settled


def test_after_the_reviewers_own_write_the_applicant_is_read_before_the_counts(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One worker runs both: the check's result must not wait behind the list's counts
    # (150-550 ms at 100,000 applications, bench/sync_stall_bench.py).
    shown = window.current_id()
    assert shown is not None
    queued: list[str] = []
    original = window.worker.run

    def run(work: Any, *args: Any, **kwargs: Any) -> Any:
        queued.append(kwargs.get("key") or getattr(work, "__qualname__", ""))
        return original(work, *args, **kwargs)

    monkeypatch.setattr(window.worker, "run", run)
    window.apply_changes(Changes.of([shown], checks=True, counts=True), local=True)
    wait_settled(qtbot, window)
    counts = next(i for i, name in enumerate(queued) if "update_counts" in name)
    shown_read = next(i for i, name in enumerate(queued) if name in ("selection", "review"))
    assert shown_read < counts, queued


@pytest.mark.parametrize(
    ("flags", "panes"),
    [
        ({"checks": True, "counts": True}, {"review"}),  # a key press on a check
        ({"notes": True}, {"review"}),
        ({"decision": True, "counts": True}, {"review", "applicant", "position"}),
        ({"applicants": True}, {"review", "applicant", "position"}),
    ],
)
def test_a_review_change_reads_and_shows_the_review_panel_alone(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    flags: dict[str, bool],
    panes: set[str],
) -> None:
    # The answers and the position are as shown: reading and laying them out again made
    # a key press's result wait (bench/sync_stall_bench.py).
    shown = window.current_id()
    assert shown is not None
    wait_settled(qtbot, window)
    redrawn: set[str] = set()
    for name, pane, method in (
        ("applicant", window.applicant_view, "show_detail"),
        ("position", window.position_browser, "show_position"),
        ("review", window.review_panel, "show_state"),
    ):
        original = getattr(pane, method)

        def spy(*args: Any, _name: str = name, _original: Any = original, **kwargs: Any) -> Any:
            redrawn.add(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(pane, method, spy)
    window.apply_changes(Changes.of([shown], **flags), local=True)
    wait_settled(qtbot, window)
    assert redrawn == panes
    assert window.review_panel.application_id == shown
