"""Tests of reviewer_app/ui/error_report.py: unexpected errors logged and told once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from reviewer_app.ui import error_report
from reviewer_app.ui.error_report import ErrorReporter, reporting_errors


def _raised(message: str) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise KeyError(message)
    except KeyError as error:
        return type(error), error, error.__traceback__


def test_an_error_is_logged_and_the_reviewer_told_once_a_kind(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[QMessageBox] = []
    reporter = ErrorReporter(tmp_path, show=shown.append)
    # The offscreen platform shows no box: the check is lifted for this test.
    monkeypatch.setattr(error_report, "_NO_SCREEN", frozenset())
    for message in ("first", "first", "second"):
        kind, error, trace = _raised(message)
        reporter.report(kind, error, trace)  # type: ignore[arg-type]
    reporter.close()
    log = (tmp_path / "errors.log").read_text(encoding="utf-8")
    assert log.count("KeyError: 'first'") == 2 and log.count("KeyError: 'second'") == 1
    assert "Traceback (most recent call last)" in log
    assert len(shown) == 2  # "first" once, "second" once
    assert "KeyError: 'first'" in shown[0].informativeText()
    assert str(tmp_path / "errors.log") in shown[0].informativeText()
    assert "raise KeyError(message)" in shown[0].detailedText()


def test_no_box_is_shown_without_a_screen(qtbot: QtBot, tmp_path: Path) -> None:
    shown: list[QMessageBox] = []
    reporter = ErrorReporter(tmp_path, show=shown.append)
    kind, error, trace = _raised("offscreen")
    reporter.report(kind, error, trace)  # type: ignore[arg-type]
    reporter.close()
    assert shown == [] and "offscreen" in (tmp_path / "errors.log").read_text(encoding="utf-8")


def test_a_log_that_cannot_be_written_is_said_in_the_box(qtbot: QtBot, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    reporter = ErrorReporter(blocker / "data")
    kind, error, _ = _raised("nowhere")
    box = reporter.message_box(kind, error, "details", logged=reporter._log("details"))
    assert "could not be written" in box.informativeText()


def test_the_hook_is_routed_while_the_window_runs_and_put_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    before = sys.excepthook
    with qtbot.capture_exceptions() as passed_on, reporting_errors(tmp_path) as reporter:
        assert sys.excepthook is not before
        kind, error, trace = _raised("hooked")
        sys.excepthook(kind, error, trace)  # type: ignore[arg-type]
        assert reporter.log_path.is_file()
    assert sys.excepthook is before
    assert [kind for kind, _, _ in passed_on] == [KeyError]  # the hook before still told
    assert "hooked" in (tmp_path / "errors.log").read_text(encoding="utf-8")
