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


def _raised_elsewhere(message: str) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise ValueError(message)
    except ValueError as error:
        return type(error), error, error.__traceback__


def test_an_error_is_logged_and_the_reviewer_told_once_a_kind(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []  # each box's text and details, as it is shown

    def show(box: QMessageBox) -> None:
        shown.append((box.informativeText(), box.detailedText()))

    reporter = ErrorReporter(tmp_path, show=show)
    # The offscreen platform shows no box: the check is lifted for this test.
    monkeypatch.setattr(error_report, "_NO_SCREEN", frozenset())
    # One line raising with a message naming each row: one kind, told once.
    for row in range(20):
        kind, error, trace = _raised(f"application {row}")
        reporter.report(kind, error, trace)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(shown) == 1)  # once the event loop is back
    kind, error, trace = _raised_elsewhere("another bug")
    reporter.report(kind, error, trace)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(shown) == 2)
    reporter.close()
    log = (tmp_path / "errors.log").read_text(encoding="utf-8")
    assert log.count("KeyError: 'application") == 20 and log.count("another bug") == 1
    assert "Traceback (most recent call last)" in log
    text, details = shown[0]
    assert "KeyError: 'application 0'" in text and str(tmp_path / "errors.log") in text
    assert "raise KeyError(message)" in details


def test_the_log_is_its_owners_alone_and_holds_no_statement_values(
    qtbot: QtBot, tmp_path: Path
) -> None:
    reporter = ErrorReporter(tmp_path, show=None)
    text = "(sqlite3.IntegrityError) UNIQUE\n[SQL: INSERT ...]\n[parameters: ('Ana', 'ana@x.org')]"
    try:
        raise RuntimeError(text)
    except RuntimeError as error:
        reporter.report(RuntimeError, error, error.__traceback__)
    reporter.close()
    log_path = tmp_path / "errors.log"
    assert log_path.stat().st_mode & 0o777 == 0o600
    log = log_path.read_text(encoding="utf-8")
    assert "ana@x.org" not in log and "[parameters: left out]" in log


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
