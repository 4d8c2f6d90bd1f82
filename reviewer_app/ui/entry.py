"""Entry point: the window when no command is given, otherwise the core command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import NoReturn

from reviewer_app.config.settings import default_data_dir
from reviewer_app.storage.gc_pause import pause_for_start

# The same names as reviewer_app.ui.window.appearance.ColorScheme, which imports Qt.
COLOR_SCHEMES = ("system", "light", "dark")

INVITATION_SUFFIX = ".reviewer-invite"
# The window's options that take a value, so that the value is not taken for a file.
_VALUE_OPTIONS = ("--data-dir", "--screenshot", "--screenshot-size", "--color-scheme", "--shared")


def window_size(text: str) -> tuple[int, int]:
    """Parses "WIDTHxHEIGHT" (logical pixels), as ``--screenshot-size`` takes it."""
    width, sep, height = text.lower().partition("x")
    if not (sep and width.isdigit() and height.isdigit() and int(width) and int(height)):
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1366x768, not {text!r}")
    return int(width), int(height)


def _add_window_options(window: argparse._ActionsContainer) -> None:
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


def build_window_parser() -> argparse.ArgumentParser:
    """Returns the command-line parser with the window's own options added."""
    # The commands import most of the core (~0.5 s): only when a command line needs them.
    from reviewer_app.cli import build_parser

    parser = build_parser()
    _add_window_options(parser.add_argument_group("window options"))
    return parser


class _NotTheWindowAlone(Exception):
    """The arguments ask for more than the window: the whole command line reads them."""


class _WindowParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheWindowAlone(message)


def window_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """Reads ``argv`` when it asks for the window alone (no command, help or file), else None.

    A plain start then never builds the whole command line (see build_window_parser);
    anything else, errors included, is left to it, so the options mean the same.
    """
    parser = _WindowParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--screenshot", type=Path)
    _add_window_options(parser)
    try:
        args, rest = parser.parse_known_args(list(argv))
    except _NotTheWindowAlone:
        return None
    return None if rest else args


def _no_display() -> bool:
    """Whether this is a Linux session without any display to draw on."""
    if not sys.platform.startswith("linux"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    """The names of the parser's commands (``positions``, ``sync``, ...)."""
    names: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            names.update(action.choices)
    return names


def split_invitation(
    argv: Sequence[str], commands: Collection[str]
) -> tuple[list[str], Path | None]:
    """Takes an invitation file out of the arguments, as a desktop or a double-click gives it.

    ``reviewer-app alice.reviewer-invite`` (and ``reviewer-app --data-dir D FILE``): the
    first argument that is neither an option, an option's value nor a command, when it
    ends in ``.reviewer-invite`` or names an existing file.

    Returns:
        The other arguments, and the invitation's path or None.
    """
    rest = list(argv)
    index = 0
    while index < len(rest):
        arg = rest[index]
        if arg == "--":
            return rest, None
        if arg.startswith("-"):
            index += 2 if arg in _VALUE_OPTIONS else 1
            continue
        if arg in commands:
            return rest, None
        if arg.lower().endswith(INVITATION_SUFFIX) or Path(arg).is_file():
            del rest[index]
            return rest, Path(arg)
        return rest, None
    return rest, None


def run_with_invitation(
    path: Path, *, data_dir: Path, color_scheme: str = "system", shared: str | None = None
) -> int:
    """Opens the window on the team of the invitation at ``path`` (the join dialog checks it).

    The dialog says what is wrong with the file or the connection, and still offers the
    other ways in; cancelled, the app quits as at a first start.
    """
    from contextlib import ExitStack

    started = pause_for_start()  # as run_window: until the event loop's first turn
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QMessageBox

    from reviewer_app.config.settings import Settings
    from reviewer_app.errors import UserError
    from reviewer_app.ui.error_report import reporting_errors
    from reviewer_app.ui.single_instance import SingleInstance, bring_to_front
    from reviewer_app.ui.window.app import _application
    from reviewer_app.ui.window.appearance import ColorScheme, apply_color_scheme
    from reviewer_app.ui.window.database_switch import WindowSession
    from reviewer_app.ui.window.join_dialog import JoinDialog
    from reviewer_app.ui.window.joining import apply_join, override_reason

    app = _application(sys.argv[:1], ColorScheme(color_scheme))
    QTimer.singleShot(0, started)
    instance = SingleInstance(data_dir)
    if not instance.acquire():
        instance.ask_to_show()
        QMessageBox.information(
            None,
            "reviewer_app",
            f"reviewer_app is already open on the data folder {data_dir}. To join the "
            f"team of {path.name}, use File ▸ Join a team… in that window.",
        )
        return 0
    instance.show_requested.connect(bring_to_front)
    errors = ExitStack()  # a bug while the window runs: logged, and the reviewer told
    errors.enter_context(reporting_errors(data_dir))
    session: WindowSession | None = None
    try:
        settings = Settings.load(data_dir)
        if color_scheme == "system" and settings.theme != "system":
            apply_color_scheme(app, ColorScheme(settings.theme))
        override = override_reason(shared)
        if override is not None:
            raise UserError(f"Cannot open the invitation {path}: {override}")
        session = WindowSession(data_dir, shared=shared)
        dialog = JoinDialog(settings, first_run=not settings.reviewer_name)
        dialog.open_invitation(path)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.joined is None:
            return 0
        session.keep_session_password(dialog.joined)
        _settings, note = apply_join(data_dir, settings, dialog.joined, session.passwords)
        session.open(note)
        return app.exec()
    except UserError as exc:
        print(f"reviewer_app: {exc}", file=sys.stderr)
        QMessageBox.critical(None, "reviewer_app", str(exc))
        return 1
    finally:
        if session is not None:
            session.close()
        instance.release()
        errors.close()
        started()


CHECK_IMPORTS_VARIABLE = "REVIEWER_APP_CHECK_IMPORTS"


def check_imports() -> int:
    """Imports every module of the app, the window's too, and says which failed.

    For a standalone build's smoke test (``REVIEWER_APP_CHECK_IMPORTS=1 reviewer-app``,
    packaging/smoke.py): a module the build left out would otherwise fail only when a
    reviewer opens the window that needs it.
    """
    import importlib
    import pkgutil

    import reviewer_app

    failed: list[str] = []
    modules = 0
    for module in pkgutil.walk_packages(reviewer_app.__path__, "reviewer_app."):
        if ".migrations." in f"{module.name}.":
            continue  # Alembic's revisions are read as files, not imported
        try:
            importlib.import_module(module.name)
        except Exception as exc:
            failed.append(f"{module.name}: {exc!r}")
        modules += 1
    for line in failed:
        print(f"reviewer_app: cannot import {line}", file=sys.stderr)
    print(f"reviewer_app: {modules - len(failed)} of {modules} modules imported")
    return 1 if failed or modules == 0 else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Runs reviewer_app with ``argv`` (default: ``sys.argv[1:]``); returns the exit status.

    A first argument naming an invitation file opens the window on it (see
    :func:`split_invitation`).
    """
    if os.environ.get(CHECK_IMPORTS_VARIABLE) == "1":
        return check_imports()
    argv = list(sys.argv[1:] if argv is None else argv)
    window = window_arguments(argv)
    if window is not None:
        return run_window(window)
    parser = build_window_parser()
    rest, invitation = split_invitation(argv, command_names(parser))
    args = parser.parse_args(rest)
    if invitation is not None and (args.command is not None or args.screenshot is not None):
        parser.error(f"an invitation file ({invitation}) opens the window: give no command")
    if args.command is not None:
        from reviewer_app.cli import run_command

        if args.window_shared and "shared" in args and args.shared is None:
            args.shared = args.window_shared  # "--shared URL sync" as well as "sync --shared URL"
        return run_command(args, sys.stdout)
    if invitation is not None:
        return run_with_invitation(
            invitation,
            data_dir=args.data_dir or default_data_dir(),
            color_scheme=args.color_scheme,
            shared=args.window_shared,
        )
    return run_window(args)


def run_window(args: argparse.Namespace) -> int:
    """Opens the window (or takes its screenshot) as the window's options in ``args`` say."""
    if args.screenshot is not None and _no_display():
        # A picture needs no screen: on a machine without one (CI, ssh), draw offscreen.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = pause_for_start()  # ended by the window's first turn of its event loop
    # Qt is imported only when the window is wanted, so commands stay fast.
    from reviewer_app.ui.window.app import run
    from reviewer_app.ui.window.appearance import ColorScheme

    try:
        return run(
            sys.argv[:1],
            screenshot=args.screenshot,
            data_dir=args.data_dir or default_data_dir(),
            color_scheme=ColorScheme(args.color_scheme),
            screenshot_size=args.screenshot_size,
            shared=args.window_shared,
            on_started=started,
        )
    finally:
        started()
