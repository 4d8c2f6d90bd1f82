"""Changing the settings from the window: the dialog, saving, and the sync's new connection.

A new theme is applied to the whole application as soon as the dialog is accepted; OK
without a change keeps the scheme on screen, ``--color-scheme``'s included (the dialog
says it, under the saved theme).

A password typed in the dialog goes to the system keyring only when the reviewer asks,
and only to the database it was typed for; the sync takes the new interval and email at
once. Another database is joined (its connection checked, then the window switches to
its own cache) through the JoinFlow.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from reviewer_app.config.credentials import PasswordStore
from reviewer_app.config.settings import Settings, resolve_shared_url
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.errors import UserError
from reviewer_app.ui.window.appearance import ColorScheme, apply_color_scheme, run_scheme
from reviewer_app.ui.window.dialogs import SettingsDialog
from reviewer_app.ui.window.join_flow import JoinFlow
from reviewer_app.ui.window.joining import Joined
from reviewer_app.ui.window.sync_controller import SyncController


class SettingsFlow(QObject):
    """Opens the settings dialog, saves what it accepts and applies it to the sync.

    Args:
        data_dir: Where the settings file is saved.
        window: The dialog's parent.
        dialogs: The window's list of non-modal windows, kept alive while open.
        join: Joins another database (a new one typed in the dialog, or "Join a
            team…"); None in a window that cannot switch databases.

    Signals:
        applied: The new Settings, once saved, for the window to show them.
        message: A line for the status bar (a failure, or what applies only later).
    """

    applied = Signal(object)
    message = Signal(str)

    def __init__(
        self,
        data_dir: Path,
        window: QWidget,
        dialogs: list[QWidget],
        join: JoinFlow | None = None,
    ) -> None:
        super().__init__(window)
        self._data_dir = data_dir
        self._window = window
        self._dialogs = dialogs
        self._join = join
        if join is not None:  # its failures are said where the settings' are
            join.message.connect(self.message)

    def start(self, settings: Settings, sync: SyncController) -> SettingsDialog:
        """Opens the dialog over the settings in force; applies them once accepted."""
        override = self._join.override if self._join is not None else None
        app = QApplication.instance()
        scheme = run_scheme(app) if isinstance(app, QApplication) else None
        dialog = SettingsDialog(
            settings, sync.connection, self._window, override=override, run_scheme=scheme
        )
        dialog.accepted.connect(lambda: self._apply(dialog, settings, sync))
        join = self._join
        if join is not None:
            dialog.join_requested.connect(join.start)
        else:
            dialog.join_button.hide()
        self._dialogs.append(dialog)
        dialog.open()
        return dialog

    def _apply(self, dialog: SettingsDialog, old: Settings, sync: SyncController) -> None:
        new, password = dialog.result_settings()
        # Another database is saved only once it answered: until then the window stays
        # on the one it shows (see JoinFlow.switch_to_url).
        other_database = new.shared_url != old.shared_url
        saved = replace(new, shared_url=old.shared_url) if other_database else new
        try:
            saved.save(self._data_dir)
        except UserError as exc:
            self.message.emit(f"Settings not saved: {exc}")
            return
        if new.theme != old.theme:
            self._apply_theme(new.theme)
        self.applied.emit(saved)
        sync.set_interval(new.sync_interval_minutes)
        sync.reviewer_email = new.reviewer_email
        passwords = sync.connection.passwords
        remember = dialog.remember_password()
        if other_database:
            self._switch(saved, new.shared_url, password, remember is not False, passwords)
        else:
            self._keep_password(new, password, remember, sync)
        if new.reviewer_name != old.reviewer_name:
            self.message.emit("Your new name applies the next time you start reviewer_app.")

    @staticmethod
    def _apply_theme(theme: str) -> None:
        """Shows the window in the theme chosen at once (see appearance.py)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_color_scheme(app, ColorScheme(theme))

    def _switch(
        self,
        settings: Settings,
        url: str,
        password: str | None,
        remember: bool,
        passwords: PasswordStore | None,
    ) -> None:
        if self._join is None:
            self.message.emit("The database cannot be changed in this window.")
        elif not url:
            self._join.apply(settings, Joined(""), passwords)
        else:
            self._join.switch_to_url(settings, url, password, passwords, remember_password=remember)

    def _keep_password(
        self, new: Settings, password: str | None, remember: bool | None, sync: SyncController
    ) -> None:
        old_connection = sync.connection
        passwords = old_connection.passwords
        if passwords is not None and remember is not None:
            try:
                if remember and password is not None:
                    passwords.set(new.shared_url, password)
                elif not remember:
                    passwords.delete(new.shared_url)
            except UserError as exc:
                self.message.emit(str(exc))
        if password is not None or remember is False:
            # The environment variable still wins over the settings file.
            url, embedded = resolve_shared_url(None, self._data_dir)
            connection = SharedConnection.from_url(url, embedded=embedded, passwords=passwords)
            # A password goes only to the database it was typed for.
            if password is not None and connection.url == new.shared_url:
                connection.password = password
            elif connection.url == old_connection.url:
                connection.password = old_connection.password
            sync.connection = connection
            sync.sync_now()
