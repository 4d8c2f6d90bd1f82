"""Command line of reviewer_app: ``uv run main.py COMMAND ...``.

Running with no command opens the window (see :mod:`reviewer_app.ui.entry`); the
commands here never import Qt.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from contextlib import redirect_stderr
from typing import TextIO

from reviewer_app.cli.parser import Handler, build_parser
from reviewer_app.cli.terminal_text import for_terminal
from reviewer_app.config.settings import default_data_dir
from reviewer_app.errors import UserError

__all__ = ["build_parser", "main", "run_command"]


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Runs a command line; returns the exit status.

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``).
        out: Where reports go (default: standard output).
    """
    args = build_parser().parse_args(argv)
    return run_command(args, out or sys.stdout)


def run_command(args: argparse.Namespace, out: TextIO) -> int:
    """Runs the parsed command; user errors are printed, not raised.

    What is printed for a person (all of standard error, and standard output unless
    ``--json`` asked for JSON) shows bidi and terminal controls from the data as escapes
    (see terminal_text); JSON keeps the text as stored.
    """
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    handler: Handler = args.handler
    shown = out if getattr(args, "json", False) else for_terminal(out)
    with redirect_stderr(for_terminal(sys.stderr)):
        return _run(handler, args, shown)


def _run(handler: Handler, args: argparse.Namespace, out: TextIO) -> int:
    try:
        status = handler(args, out)
        # Here, not as Python exits: a reader gone away is met where it is handled.
        out.flush()
        return status
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # Every command writes in transactions: the one under way is rolled back.
        print(
            "interrupted (Ctrl+C): the step under way was not saved; run the command "
            "again to finish it.",
            file=sys.stderr,
        )
        return 130
    except BrokenPipeError:
        # The output's reader went away ("positions --json | head"): stop quietly, as
        # other command-line tools do. Standard output is pointed at nothing, or Python
        # would say the same again as it flushes it on the way out.
        _silence_stdout()
        return 128 + 13  # as if killed by SIGPIPE


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind it (a test's StringIO)
        pass
