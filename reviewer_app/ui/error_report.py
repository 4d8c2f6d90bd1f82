"""Unexpected errors: written to a log in the data folder and told to the reviewer.

Every flow of the window raises what it cannot explain (a bug) rather than hide it as
"offline"; raised on the GUI thread it reaches :data:`sys.excepthook`. A packaged app
has no terminal to print it to, so while the window runs the hook writes the traceback
to ``errors.log`` in the data folder and says so in a message box, once a kind of
error; the window goes on.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

LOG_NAME = "errors.log"
# The log keeps the last megabyte or so, and one file before it.
_LOG_BYTES = 1_000_000

_NO_SCREEN = frozenset({"offscreen", "minimal"})

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


# SQLAlchemy puts a statement's values in its errors: applicants' names, emails, notes.
_PARAMETERS = re.compile(r"^\[parameters: .*?\]$", re.MULTILINE | re.DOTALL)


class _PrivateLog(RotatingFileHandler):
    """A rotating log its owner alone may read: tracebacks may quote applicants' data."""

    def _open(self) -> Any:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


def _without_parameters(text: str) -> str:
    return _PARAMETERS.sub("[parameters: left out]", text)


def _raised_at(trace: TracebackType | None) -> str:
    """Where an error was raised: the innermost frame's file and line."""
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    if trace is None:
        return ""
    return f"{trace.tb_frame.f_code.co_filename}:{trace.tb_lineno}"


class ErrorReporter:
    """Writes unexpected errors to the data folder's log and shows each kind once.

    Args:
        data_dir: The reviewer's data folder; the log is ``errors.log`` in it.
        show: Shows the message box (replaced in tests); None shows none.
    """

    def __init__(
        self, data_dir: Path, show: Callable[[QMessageBox], object] | None = QMessageBox.exec
    ) -> None:
        self.log_path = data_dir / LOG_NAME
        self._show = show
        self._told: set[tuple[str, str]] = set()
        self._showing = False
        self._logger = logging.getLogger(f"{__name__}.{id(self)}")
        self._logger.propagate = False
        self._handler: logging.Handler | None = None

    def report(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        """Logs one error and, the first time this kind is seen, tells the reviewer.

        A kind is the error's type and the line that raised it (its message may name a
        row: one bug in painting a list raised once a row). The box is shown once the
        event loop is back, never inside the paint or the slot that raised; errors
        that come meanwhile are logged only.
        """
        details = _without_parameters("".join(traceback.format_exception(kind, error, trace)))
        logged = self._log(details)
        key = (kind.__qualname__, _raised_at(trace))
        if self._show is None or self._showing or key in self._told:
            return
        app = QApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            return  # a message box only on the GUI thread
        if QApplication.platformName() in _NO_SCREEN:
            return  # a screenshot, a test: nobody to click it away
        self._told.add(key)
        box = self.message_box(kind, error, details, logged)
        self._showing = True

        def show() -> None:
            try:
                self._show(box)  # type: ignore[misc]
            finally:
                self._showing = False
                box.deleteLater()

        QTimer.singleShot(0, show)

    def message_box(
        self, kind: type[BaseException], error: BaseException, details: str, logged: bool
    ) -> QMessageBox:
        """The message box that tells the reviewer, the traceback under "Show Details"."""
        box = QMessageBox(QMessageBox.Icon.Critical, "reviewer_app", "Something went wrong.")
        what = f"{kind.__name__}: {error}" if str(error) else kind.__name__
        where = (
            f"The details were written to {self.log_path}: please send that file to "
            "whoever looks after reviewer_app for your team."
            if logged
            else f"The details could not be written to {self.log_path}; they are below."
        )
        box.setInformativeText(
            f"{what}\n\nThe reviews you recorded are kept, and the window goes on. {where}"
        )
        box.setDetailedText(details)
        return box

    def close(self) -> None:
        """Closes the log file."""
        if self._handler is not None:
            self._logger.removeHandler(self._handler)
            self._handler.close()
            self._handler = None

    def _log(self, details: str) -> bool:
        try:
            if self._handler is None:
                self.log_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                handler = _PrivateLog(
                    self.log_path, maxBytes=_LOG_BYTES, backupCount=1, encoding="utf-8"
                )
                handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
                self._logger.addHandler(handler)
                self._handler = handler
            self._logger.error(details.rstrip())
        except OSError:
            return False
        # logging reports its own failures on stderr rather than raising: the file says.
        return self.log_path.is_file()


@contextmanager
def reporting_errors(data_dir: Path) -> Iterator[ErrorReporter]:
    """Routes :data:`sys.excepthook` to an :class:`ErrorReporter` while in the block.

    The hook before is called too (it prints to the terminal, when there is one), and
    is put back afterwards.
    """
    reporter = ErrorReporter(data_dir)
    previous: ExceptHook = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        previous(kind, error, trace)
        reporter.report(kind, error, trace)

    sys.excepthook = hook
    try:
        yield reporter
    finally:
        sys.excepthook = previous
        reporter.close()
