"""Starting the Qt application: services wired through constructors, the window, screenshots."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.config.credentials import PasswordStore
from reviewer_app.config.paths import resources_dir
from reviewer_app.config.settings import APP_NAME, Settings, default_data_dir, resolve_shared_url
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.errors import UserError
from reviewer_app.intake.demo_import import restrict_embedded_database
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.appearance import (
    ColorScheme,
    apply_color_scheme,
    follow_palette_changes,
)
from reviewer_app.ui.window.dialogs import ReviewerDialog
from reviewer_app.ui.window.main_window import DEFAULT_SIZE, MainWindow
from reviewer_app.ui.window.sync_controller import SyncController, sync_once

WINDOW_SETTINGS_FILE = "window.ini"
SCREENSHOT_REVIEWER = "Demo Reviewer"

# Long enough for the offscreen platform to lay out and polish every widget.
_SCREENSHOT_DELAY_MS = 150


def _application(argv: list[str], color_scheme: ColorScheme) -> QApplication:
    # Under pytest-qt (or any host) a QApplication already exists; Qt allows only one.
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.svg")))
    apply_color_scheme(app, color_scheme)
    qss = resources_dir() / "app.qss"
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    follow_palette_changes(app)
    return app


def window_settings(data_dir: Path) -> QSettings:
    """Returns the settings where the window remembers its layout, inside ``data_dir``.

    A file in the reviewer's data folder, never the platform's registry or
    ``~/.config``, so that tests and several data folders stay apart.
    """
    return QSettings(str(data_dir / WINDOW_SETTINGS_FILE), QSettings.Format.IniFormat)


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


@dataclass
class Services:
    """Everything the window works with, made once per run."""

    settings: Settings
    cache: LocalCache
    review: ReviewService
    query: ApplicantQuery
    catalogue: PositionCatalogue
    runner: TaskRunner
    connection: SharedConnection
    passwords: PasswordStore


def build_services(
    data_dir: Path, settings: Settings, passwords: PasswordStore | None = None
) -> Services:
    """Opens the cache and makes the services (no Qt widgets yet).

    Args:
        data_dir: The reviewer's data folder.
        settings: The reviewer's settings.
        passwords: Where shared database passwords are kept (default: the system keyring).

    Raises:
        UserError: The cache or the shared database URL is unusable.
    """
    url, embedded = resolve_shared_url(None, data_dir)
    passwords = passwords if passwords is not None else PasswordStore()
    cache = LocalCache.open(data_dir)
    catalogue = PositionCatalogue()
    return Services(
        settings=settings,
        cache=cache,
        review=ReviewService(cache, settings.reviewer_name),
        query=ApplicantQuery(cache, settings.reviewer_name, catalogue=catalogue),
        catalogue=catalogue,
        runner=TaskRunner(),
        connection=SharedConnection.from_url(url, embedded=embedded, passwords=passwords),
        passwords=passwords,
    )


def _ask_reviewer(settings: Settings, data_dir: Path) -> Settings | None:
    dialog = ReviewerDialog(settings)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    name, email = dialog.values()
    settings = replace(settings, reviewer_name=name, reviewer_email=email)
    settings.save(data_dir)
    return settings


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
        sync_once(services.cache, services.connection, data_dir, services.settings.reviewer_name)
    window = MainWindow(
        services.cache,
        services.review,
        services.query,
        services.runner,
        services.settings,
        data_dir,
        catalogue=services.catalogue,
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
) -> int:
    """Runs the application until the main window closes.

    Args:
        argv: Command-line arguments for Qt (default ``sys.argv``).
        screenshot: Save a picture of the window, first applicant selected, here and exit.
            No dialog is shown and the remembered layout is ignored. A data folder
            with no reviewer yet is left untouched: the picture shows the demo
            database, made and synced in a throwaway folder.
        data_dir: The reviewer's data folder (default: the platform's user data folder).
        color_scheme: Light or dark colours; SYSTEM follows the desktop.
        screenshot_size: The window's size in the screenshot (default: the first-run size).

    Returns:
        The exit status: 0 on success, 1 on an error the user must fix.
    """
    _application(list(sys.argv if argv is None else argv), color_scheme)
    data_dir = data_dir if data_dir is not None else default_data_dir()
    services: Services | None = None
    scratch: tempfile.TemporaryDirectory[str] | None = None
    try:
        settings = Settings.load(data_dir)
        if not settings.reviewer_name:
            if screenshot is not None:
                # A folder nobody has started in yet: the picture is taken in a
                # throwaway one, so that its cache never becomes the demo reviewer's
                # and the real reviewer's first start is a real first start.
                scratch = tempfile.TemporaryDirectory(prefix="reviewer-app-screenshot-")
                data_dir = Path(scratch.name)
                settings = replace(settings, reviewer_name=SCREENSHOT_REVIEWER)
            else:
                asked = _ask_reviewer(settings, data_dir)
                if asked is None:
                    return 0
                settings = asked
        services = build_services(data_dir, settings)
        if screenshot is not None:
            return _screenshot(services, data_dir, screenshot, screenshot_size)
        return _run_window(services, data_dir)
    except UserError as exc:
        print(f"reviewer_app: {exc}", file=sys.stderr)
        if screenshot is None:
            QMessageBox.critical(None, "reviewer_app", str(exc))
        return 1
    finally:
        if services is not None:
            services.runner.shutdown()
            services.cache.close()
        if scratch is not None:
            scratch.cleanup()


def _run_window(services: Services, data_dir: Path) -> int:
    settings = services.settings
    sync = SyncController(
        services.runner,
        services.cache,
        services.connection,
        data_dir,
        settings.reviewer_name,
        settings.reviewer_email,
        settings.sync_interval_minutes,
    )
    window = MainWindow(
        services.cache,
        services.review,
        services.query,
        services.runner,
        settings,
        data_dir,
        sync=sync,
        window_settings=window_settings(data_dir),
        catalogue=services.catalogue,
    )
    sync.setParent(window)
    window.show()
    if services.connection.embedded:
        # Files left open to other users by an older version are made private now; a
        # reviewer who never reads a log is told so here.
        notes = restrict_embedded_database(data_dir)
        if notes:
            window.statusBar().showMessage(" ".join(notes), 60_000)
    sync.start()
    app = QApplication.instance()
    assert app is not None
    return app.exec()
