"""Entry point: the window when no command is given, otherwise the core command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from reviewer_app.cli import build_parser, run_command
from reviewer_app.config.settings import default_data_dir

# The same names as reviewer_app.ui.window.appearance.ColorScheme, which imports Qt.
COLOR_SCHEMES = ("system", "light", "dark")


def window_size(text: str) -> tuple[int, int]:
    """Parses "WIDTHxHEIGHT" (logical pixels), as ``--screenshot-size`` takes it."""
    width, sep, height = text.lower().partition("x")
    if not (sep and width.isdigit() and height.isdigit() and int(width) and int(height)):
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1366x768, not {text!r}")
    return int(width), int(height)


def build_window_parser() -> argparse.ArgumentParser:
    """Returns the command-line parser with the window's own options added."""
    parser = build_parser()
    window = parser.add_argument_group("window options")
    window.add_argument(
        "--color-scheme",
        choices=COLOR_SCHEMES,
        default="system",
        help="light or dark colours; system (default) follows the desktop",
    )
    window.add_argument(
        "--shared",
        dest="window_shared",
        metavar="URL",
        help="the shared database this window shows, over $REVIEWER_SHARED_DB and the "
        "settings (Settings then shows it read-only)",
    )
    window.add_argument(
        "--screenshot-size",
        type=window_size,
        metavar="WxH",
        help="with --screenshot: the window's size in logical pixels, e.g. 1366x768",
    )
    return parser


def _no_display() -> bool:
    """Whether this is a Linux session without any display to draw on."""
    if not sys.platform.startswith("linux"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    """Runs reviewer_app with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    args = build_window_parser().parse_args(argv)
    if args.command is not None:
        if args.window_shared and "shared" in args and args.shared is None:
            args.shared = args.window_shared  # "--shared URL sync" as well as "sync --shared URL"
        return run_command(args, sys.stdout)
    if args.screenshot is not None and _no_display():
        # A picture needs no screen: on a machine without one (CI, ssh), draw offscreen.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Qt is imported only when the window is wanted, so commands stay fast.
    from reviewer_app.ui.window.app import run
    from reviewer_app.ui.window.appearance import ColorScheme

    return run(
        sys.argv[:1],
        screenshot=args.screenshot,
        data_dir=args.data_dir or default_data_dir(),
        color_scheme=ColorScheme(args.color_scheme),
        screenshot_size=args.screenshot_size,
        shared=args.window_shared,
    )
