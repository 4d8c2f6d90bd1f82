"""Entry point: the window when no command is given, otherwise the core command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from reviewer_app.cli import build_parser, run_command
from reviewer_app.settings import default_data_dir


def main(argv: Sequence[str] | None = None) -> int:
    """Runs reviewer_app with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    args = build_parser().parse_args(argv)
    if args.command is not None:
        return run_command(args, sys.stdout)
    # Qt is imported only when the window is wanted, so commands stay fast.
    from reviewer_app.ui.app import run

    return run(
        sys.argv[:1],
        screenshot=args.screenshot,
        data_dir=args.data_dir or default_data_dir(),
    )
