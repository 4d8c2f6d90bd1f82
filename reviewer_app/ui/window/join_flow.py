"""Joining a database from the window: the join dialog, or a database typed in Settings.

Either way the connection is checked first (on a worker), then the database is saved in
the settings and remembered, and :attr:`JoinFlow.switch_requested` asks for the window to
be rebuilt over that database's own cache (see ``database_switch.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from reviewer_app.config.connection_check import ConnectionReport, check_connection
from reviewer_app.config.credentials import PasswordStore
from reviewer_app.config.invitation import CERTIFICATES
from reviewer_app.config.settings import Settings
from reviewer_app.errors import UserError
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.join_dialog import CHECK_TIMEOUT_S, JoinDialog
from reviewer_app.ui.window.joining import Joined, apply_join, server_label, url_login

if TYPE_CHECKING:
    from reviewer_app.ui.window.main_window import MainWindow


class JoinFlow(QObject):
    """Opens the join dialog and applies what it accepts.

    Args:
        data_dir: Where the settings and the list of databases are saved.
        window: The main window: the dialogs' parent, with the settings in force, the
            keyring (through its sync), where its data comes from (the database may be
            set by REVIEWER_SHARED_DB) and its list of non-modal windows.

    Signals:
        switch_requested: (Joined, str | None): the database joined, saved in the
            settings, and what the reviewer should know about its password.
        message: A line for the status bar (what failed).
    """

    switch_requested = Signal(object, object)
    message = Signal(str)

    def __init__(self, data_dir: Path, window: MainWindow) -> None:
        super().__init__(window)
        self._data_dir = data_dir
        self._window = window
        self._runner = TaskRunner(self)

    @property
    def override(self) -> str | None:
        """Why the database cannot be chosen in the window, or None."""
        return self._window.source.override

    def _current(self) -> tuple[Settings, PasswordStore | None]:
        sync = self._window.sync
        return self._window.settings, sync.connection.passwords if sync is not None else None

    def start(self) -> JoinDialog:
        """Opens the join dialog; joins what it accepts."""
        settings, passwords = self._current()
        dialog = JoinDialog(
            settings,
            self._window,
            override=self.override,
            certificates=self._data_dir / CERTIFICATES,
        )
        dialog.accepted.connect(
            lambda: (
                self.apply(settings, dialog.joined, passwords)
                if dialog.joined is not None
                else None
            )
        )
        self._window.dialogs.append(dialog)
        dialog.open()
        return dialog

    def open_invitation(self) -> None:
        """Opens the join dialog and, at once, its file picker for an invitation."""
        dialog = self.start()
        dialog.invitation_button.click()

    def apply(
        self,
        settings: Settings,
        joined: Joined,
        passwords: PasswordStore | None,
        *,
        remember_password: bool = True,
    ) -> None:
        """Saves ``joined`` in the settings, remembers it and asks for the switch."""
        try:
            _new, note = apply_join(
                self._data_dir, settings, joined, passwords, remember_password=remember_password
            )
        except UserError as exc:
            self.message.emit(f"Not joined: {exc}")
            return
        self.switch_requested.emit(joined, note)

    def switch_to_url(
        self,
        settings: Settings,
        url: str,
        password: str | None,
        passwords: PasswordStore | None,
        *,
        remember_password: bool = True,
    ) -> None:
        """Checks the database typed in Settings; switches to it once it answers.

        Until it does, the window stays on the database it shows, and says why.
        """
        self.message.emit(f"Connecting to {server_label(url)}…")

        def checked(report: ConnectionReport) -> None:
            if not report.ok:
                self.message.emit(f"The database was not changed: {report.message}")
                return
            joined = Joined(
                url,
                instance_id=report.instance_id,
                label=report.label or server_label(url),
                login=report.login or url_login(url),
                reviewer_name=report.reviewer_name or "",
                password=password,
            )
            self.apply(settings, joined, passwords, remember_password=remember_password)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, UserError):
                raise exc
            self.message.emit(f"The database was not changed: {exc}")

        self._runner.run(
            lambda: check_connection(url, password, timeout_s=CHECK_TIMEOUT_S),
            on_done=checked,
            on_error=failed,
        )

    def shutdown(self) -> None:
        """Waits for a check still running (the window is closing)."""
        self._runner.shutdown()
