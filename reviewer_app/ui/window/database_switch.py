"""The window over one shared database at a time, and switching to another without a restart.

Switching closes the window's services cleanly (the sync stopped, the queued writes
finished, the cache closed) and builds new ones over the other database's own cache;
the cache left keeps its pending changes for when the reviewer comes back to it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from reviewer_app.config.credentials import PasswordStore
from reviewer_app.config.databases import Databases, PendingElsewhere
from reviewer_app.config.settings import Settings
from reviewer_app.errors import UserError
from reviewer_app.ui.window.joining import Joined
from reviewer_app.ui.window.main_window import MainWindow
from reviewer_app.ui.window.services import Services, build_services
from reviewer_app.ui.window.sync_controller import SyncController

WINDOW_SETTINGS_FILE = "window.ini"


def window_settings(data_dir: Path) -> QSettings:
    """Returns the settings where the window remembers its layout, inside ``data_dir``.

    A file in the reviewer's data folder, never the platform's registry or
    ``~/.config``, so that tests and several data folders stay apart.
    """
    return QSettings(str(data_dir / WINDOW_SETTINGS_FILE), QSettings.Format.IniFormat)


class WindowSession(QObject):
    """Builds the window over the database the settings name; rebuilds it on a switch.

    Args:
        data_dir: The reviewer's data folder.
        passwords: The system keyring (default: found on first use).
        shared: ``--shared``, which wins over the settings, or None.
        remember_layout: Whether the window remembers its layout in the data folder.

    Signals:
        switched: The new MainWindow, once shown.
    """

    switched = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        passwords: PasswordStore | None = None,
        *,
        shared: str | None = None,
        remember_layout: bool = True,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.passwords = passwords if passwords is not None else PasswordStore()
        self._shared = shared
        self._remember_layout = remember_layout
        # Passwords given this session (no keyring), by URL: switching back needs them.
        self._session_passwords: dict[str, str] = {}
        self.services: Services | None = None
        self.window: MainWindow | None = None

    def open(self, note: str | None = None) -> MainWindow:
        """Opens the cache of the database in use, shows the window and starts syncing.

        Raises:
            UserError: The settings, the cache or the database's URL is unusable.
        """
        data_dir = self.data_dir
        settings = Settings.load(data_dir)
        services = build_services(
            data_dir,
            settings,
            self.passwords,
            shared=self._shared,
            password=self._session_passwords.get(settings.shared_url),
            check_cache=False,  # the window checks it once painted, before it reads
        )
        self.services = services
        sync = SyncController(
            services.runner,
            services.cache,
            services.connection,
            data_dir,
            services.reviewer_name,
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
            window_settings=window_settings(data_dir) if self._remember_layout else None,
            catalogue=services.catalogue,
            source=services.source,
            check_cache=True,
        )
        sync.setParent(window)
        self.window = window
        window.join_flow.switch_requested.connect(self.request_switch)
        window.show()
        if note:
            window.statusBar().showMessage(note, 60_000)
        self._show_pending_elsewhere(window, services.cache_dir)
        assert window.cache_check is not None
        checked = window.cache_check.passed
        checked.connect(sync.start)  # no sync on a cache not checked
        if services.connection.embedded:
            checked.connect(lambda: self._restrict_embedded(window, data_dir, note))
        return window

    def keep_session_password(self, joined: Joined) -> None:
        """Keeps the password of ``joined`` until the app quits (switching back needs it)."""
        if joined.url and joined.password is not None:
            self._session_passwords[joined.url] = joined.password

    def request_switch(self, joined: Joined, note: str | None = None) -> None:
        """Switches to the database joined once the current event is done.

        The request comes from inside the window's own dialogs and signals: the window
        is closed only after they have returned.
        """
        self.keep_session_password(joined)
        QTimer.singleShot(0, lambda: self.switch(note))

    def switch(self, note: str | None = None) -> MainWindow | None:
        """Closes the window and its services, then opens the database now in the settings.

        Returns:
            The new window; None when it cannot be opened (said in a message box).
        """
        app = QApplication.instance()
        quits = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)  # between the two windows
        try:
            geometry = self.window.saveGeometry() if self.window is not None else None
            self.close()
            # The start's objects were kept out of the cycle collector (pause_for_start):
            # the window left is among them, and its cycles are garbage now.
            gc.unfreeze()
            try:
                window = self.open(note)
            except UserError as exc:
                QMessageBox.critical(None, "reviewer_app", str(exc))
                if isinstance(app, QApplication):
                    app.quit()  # no window left to go on with
                return None
            if geometry is not None and not self._remember_layout:
                window.restoreGeometry(geometry)
            self.switched.emit(window)
            return window
        finally:
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(quits)

    def close(self) -> None:
        """Closes the window (its sync stopped, its writes finished) and the cache.

        At once: the outbox stays in the cache left, for when the reviewer comes back
        (the window's drafts are written first).
        """
        window, services = self.window, self.services
        self.window = self.services = None
        if window is not None:
            window.close_at_once()  # stops the sync, waits for the worker and the runner
            window.deleteLater()
        if services is not None:
            services.close()

    def _restrict_embedded(self, window: MainWindow, data_dir: Path, note: str | None) -> None:
        # Files left open to other users by an older version are made private now; a
        # reviewer who never reads a log is told so here. On the worker, after the first
        # reads: the import code behind it (~0.3 s to import) is not needed to show them.
        def restrict() -> list[str]:
            from reviewer_app.intake.demo_import import restrict_embedded_database

            return restrict_embedded_database(data_dir)

        def show(notes: list[str]) -> None:
            if notes:
                window.statusBar().showMessage(" ".join([note or "", *notes]).strip(), 60_000)

        window.worker.run(restrict, show, self._failed_in(window))

    def _show_pending_elsewhere(self, window: MainWindow, cache_dir: Path) -> None:
        databases = Databases(self.data_dir)

        def show(pending: list[PendingElsewhere]) -> None:
            window.status.set_pending_elsewhere([(p.label, p.count) for p in pending])

        window.worker.run(
            lambda: databases.pending_elsewhere(cache_dir), show, self._failed_in(window)
        )

    @staticmethod
    def _failed_in(window: MainWindow) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            if not isinstance(exc, UserError):
                raise exc
            window.statusBar().showMessage(str(exc), 15_000)

        return failed
