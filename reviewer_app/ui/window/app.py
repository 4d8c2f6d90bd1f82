"""Starting the Qt application: services wired through constructors, the window, screenshots."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from reviewer_app.config.invitation import CERTIFICATES
from reviewer_app.config.paths import resources_dir
from reviewer_app.config.settings import APP_NAME, Settings, default_data_dir
from reviewer_app.errors import UserError
from reviewer_app.ui import qt_messages
from reviewer_app.ui.error_report import reporting_errors
from reviewer_app.ui.single_instance import SingleInstance, bring_to_front
from reviewer_app.ui.window.appearance import (
    ColorScheme,
    apply_color_scheme,
    apply_run_scheme,
    follow_palette_changes,
    style_sheet,
)
from reviewer_app.ui.window.database_switch import (
    WINDOW_SETTINGS_FILE,
    WindowSession,
    window_settings,
)
from reviewer_app.ui.window.dialogs import ReviewerDialog
from reviewer_app.ui.window.join_dialog import JoinDialog
from reviewer_app.ui.window.joining import apply_join, override_reason
from reviewer_app.ui.window.main_window import DEFAULT_SIZE, MainWindow
from reviewer_app.ui.window.services import Services, build_services
from reviewer_app.ui.window.sync_controller import sync_once

__all__ = [
    "WINDOW_SETTINGS_FILE",
    "Services",
    "build_services",
    "run",
    "save_screenshot",
    "wait_for_list",
    "window_settings",
]
SCREENSHOT_REVIEWER = "Demo Reviewer"

# Long enough for the offscreen platform to lay out and polish every widget.
_SCREENSHOT_DELAY_MS = 150
# How long one thread keeps the interpreter while another waits (see _application).
SWITCH_INTERVAL_S = 0.002


def _application(argv: list[str], color_scheme: ColorScheme) -> QApplication:
    # Under pytest-qt (or any host) a QApplication already exists; Qt allows only one.
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    # The window's other threads (its database worker, a sync) run Python too; a thread
    # keeps the interpreter up to this long while another waits for it. Python's 5 ms
    # made a key press during a sync wait several times over (bench/sync_stall_bench.py).
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    qt_messages.install()  # no applicant's address in Qt's warnings
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.svg")))
    apply_run_scheme(app, color_scheme)  # --color-scheme: Settings says it
    if (resources_dir() / "app.qss").is_file():
        app.setStyleSheet(style_sheet(resources_dir()))
    follow_palette_changes(app)
    return app


def save_screenshot(window: QWidget, path: Path) -> bool:
    """Waits until ``window`` is laid out, then saves a picture of it to ``path``.

    Returns:
        Whether the file was written.
    """
    loop = QEventLoop()
    saved = False

    def grab() -> None:
        nonlocal saved
        saved = window.grab().save(str(path))
        loop.quit()

    QTimer.singleShot(_SCREENSHOT_DELAY_MS, grab)
    loop.exec()
    return saved


def wait_for_list(window: MainWindow, timeout_ms: int = 60_000) -> bool:
    """Runs the event loop until the window's background work has arrived; True if it did.

    The list and counts, and the selected applicant read on the database worker.
    """
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(10)
    poll.timeout.connect(lambda: loop.quit() if window.idle else None)
    QTimer.singleShot(timeout_ms, loop.quit)
    if not window.idle:
        poll.start()
        loop.exec()
        poll.stop()
    return window.idle


def _already_open(instance: SingleInstance, data_dir: Path) -> None:
    """Says that a window has the data folder, and brings it to the front if it can."""
    if instance.ask_to_show():
        print(f"reviewer_app: already open on {data_dir}: its window was brought to the front.")
        return
    # A window starting or closing, or a lock whose owner does not answer.
    QMessageBox.information(
        None,
        APP_NAME,
        f"reviewer_app is already open on the data folder {data_dir}. Use that window, "
        "or close it and start again.",
    )


def _first_run(
    settings: Settings, data_dir: Path, session: WindowSession, shared: str | None
) -> tuple[Settings, str | None] | None:
    """Asks how to start: an invitation, a database, or the demo (None: cancelled).

    When REVIEWER_SHARED_DB or ``--shared`` chooses the database, only the name is asked.

    Returns:
        The settings saved, and what the reviewer should know about the password.
    """
    override = override_reason(shared)
    if override is not None:
        reviewer = ReviewerDialog(settings)
        if reviewer.exec() != QDialog.DialogCode.Accepted:
            return None
        name, email = reviewer.values()
        settings = replace(settings, reviewer_name=name, reviewer_email=email)
        settings.save(data_dir)
        return settings, None
    dialog = JoinDialog(settings, first_run=True, certificates=data_dir / CERTIFICATES)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.joined is None:
        return None
    session.keep_session_password(dialog.joined)
    return apply_join(data_dir, settings, dialog.joined, session.passwords)


def _screenshot(
    services: Services, data_dir: Path, path: Path, size: tuple[int, int] | None
) -> int:
    if not path.parent.is_dir():  # said at once, not after building the demo
        print(
            f"reviewer_app: cannot save the screenshot to {path}: the folder "
            f"{path.parent} does not exist.",
            file=sys.stderr,
        )
        return 1
    state = services.cache.sync_state()
    if services.connection.embedded and state.last_sync_at is None:
        # Synchronously: the picture must show data, and no dialog may appear.
        sync_once(services.cache, services.connection, data_dir, services.reviewer_name)
    window = MainWindow(
        services.cache,
        services.review,
        services.query,
        services.runner,
        services.settings,
        data_dir,
        catalogue=services.catalogue,
        source=services.source,
    )
    # The size a reviewer first sees, whatever the (often tiny) offscreen screen is.
    window.resize(*(size or DEFAULT_SIZE))
    window.show()
    wait_for_list(window)
    window.applicant_list.select(window.applicant_list.model.application_id(0))
    wait_for_list(window)
    try:
        if not save_screenshot(window, path):
            print(
                f"reviewer_app: cannot save the screenshot to {path}: check that the "
                "folder is writable and the name ends in .png.",
                file=sys.stderr,
            )
            return 1
        return 0
    finally:
        window.close()
        window.deleteLater()


def run(
    argv: list[str] | None = None,
    *,
    screenshot: Path | None = None,
    data_dir: Path | None = None,
    color_scheme: ColorScheme = ColorScheme.SYSTEM,
    screenshot_size: tuple[int, int] | None = None,
    shared: str | None = None,
    on_started: Callable[[], None] | None = None,
) -> int:
    """Runs the application until the main window closes.

    The window switches databases by itself (File → Join a team…): each has its own
    cache, and the one left keeps its pending changes.

    Args:
        argv: Command-line arguments for Qt (default ``sys.argv``).
        screenshot: Save a picture of the window, first applicant selected, here and exit.
            No dialog is shown and the remembered layout is ignored. A data folder
            with no reviewer yet is left untouched: the picture shows the demo
            database, made and synced in a throwaway folder.
        data_dir: The reviewer's data folder (default: the platform's user data folder).
        color_scheme: Light or dark colours (``--color-scheme``); SYSTEM takes the
            theme saved in the settings, which may in turn follow the desktop.
        screenshot_size: The window's size in the screenshot (default: the first-run size).
        shared: ``--shared``: the shared database for this session, over the settings.
        on_started: Called at the first turn of the event loop (the window shown, or the
            first dialog): the end of the start's pause of the cycle collector.

    Returns:
        The exit status: 0 on success, 1 on an error the user must fix.
    """
    app = _application(list(sys.argv if argv is None else argv), color_scheme)
    if on_started is not None:
        QTimer.singleShot(0, on_started)
    data_dir = data_dir if data_dir is not None else default_data_dir()
    services: Services | None = None
    session: WindowSession | None = None
    scratch: tempfile.TemporaryDirectory[str] | None = None
    instance = None if screenshot is not None else SingleInstance(data_dir)
    if instance is not None and not instance.acquire():
        _already_open(instance, data_dir)
        return 0
    if instance is not None:  # from the first dialog on
        instance.show_requested.connect(bring_to_front)
    errors = ExitStack()  # a bug while the window runs: logged, and the reviewer told
    errors.enter_context(reporting_errors(data_dir))
    try:
        settings = Settings.load(data_dir)
        if color_scheme is ColorScheme.SYSTEM and settings.theme != ColorScheme.SYSTEM.value:
            # The theme chosen in Settings, unless --color-scheme asked for one.
            apply_color_scheme(app, ColorScheme(settings.theme))
        note: str | None = None
        if not settings.reviewer_name:
            if screenshot is not None:
                # A folder nobody has started in yet: the picture is taken in a
                # throwaway one, so that its cache never becomes the demo reviewer's
                # and the real reviewer's first start is a real first start.
                scratch = tempfile.TemporaryDirectory(prefix="reviewer-app-screenshot-")
                data_dir = Path(scratch.name)
                settings = replace(settings, reviewer_name=SCREENSHOT_REVIEWER)
            else:
                session = WindowSession(data_dir, shared=shared)
                started = _first_run(settings, data_dir, session, shared)
                if started is None:
                    return 0
                settings, note = started
        if screenshot is not None:
            services = build_services(data_dir, settings, shared=shared)
            return _screenshot(services, data_dir, screenshot, screenshot_size)
        session = session or WindowSession(data_dir, shared=shared)
        session.open(note)
        return app.exec()
    except UserError as exc:
        print(f"reviewer_app: {exc}", file=sys.stderr)
        if screenshot is None:
            QMessageBox.critical(None, "reviewer_app", str(exc))
        return 1
    finally:
        if services is not None:
            services.close()
        if session is not None:
            session.close()
        if scratch is not None:
            scratch.cleanup()
        errors.close()
        if instance is not None:
            instance.release()
