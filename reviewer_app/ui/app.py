"""Starting the Qt application: the QApplication, the main window, optional screenshot."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from reviewer_app.errors import UserError
from reviewer_app.paths import positions_dir, resources_dir
from reviewer_app.positions import load_positions
from reviewer_app.settings import APP_NAME, default_data_dir
from reviewer_app.ui.main_window import DEFAULT_SIZE, MainWindow

WINDOW_SETTINGS_FILE = "window.ini"

# Long enough for the offscreen platform to lay out and polish every widget.
_SCREENSHOT_DELAY_MS = 150


def _application(argv: list[str]) -> QApplication:
    # Under pytest-qt (or any host) a QApplication already exists; Qt allows only one.
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.svg")))
    qss = resources_dir() / "app.qss"
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
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


def run(
    argv: list[str] | None = None,
    *,
    screenshot: Path | None = None,
    data_dir: Path | None = None,
) -> int:
    """Runs the application until the main window closes.

    Args:
        argv: Command-line arguments for Qt (default ``sys.argv``).
        screenshot: Save a picture of the freshly opened window here and exit instead
            of waiting for the user. The window then ignores and keeps its remembered
            layout, so that screenshots are reproducible.
        data_dir: The reviewer's data folder (default: the platform's user data folder).

    Returns:
        The exit status: 0 on success, 1 when the positions or the screenshot fail.
    """
    app = _application(list(sys.argv if argv is None else argv))
    try:
        positions = load_positions(positions_dir())
    except UserError as exc:
        print(f"reviewer_app: {exc}", file=sys.stderr)
        if screenshot is None:
            QMessageBox.critical(None, "reviewer_app", str(exc))
        return 1

    if screenshot is not None:
        window = MainWindow(positions, settings=None)
        # The size a reviewer first sees, whatever the (often tiny) offscreen screen is.
        window.resize(*DEFAULT_SIZE)
        window.show()
        try:
            if not save_screenshot(window, screenshot):
                print(f"reviewer_app: cannot save the screenshot to {screenshot}", file=sys.stderr)
                return 1
            return 0
        finally:
            window.close()
            window.deleteLater()

    settings = window_settings(data_dir if data_dir is not None else default_data_dir())
    window = MainWindow(positions, settings=settings)
    window.show()
    return app.exec()
