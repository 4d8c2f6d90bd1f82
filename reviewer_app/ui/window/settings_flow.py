"""Changing the settings from the window: the dialog, saving, and the sync's new connection.

A password typed in the dialog goes to the system keyring only when the reviewer asks,
and only to the database it was typed for; the sync takes the new interval, email and
database at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from reviewer_app.config.settings import Settings, resolve_shared_url
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.errors import UserError
from reviewer_app.ui.window.dialogs import SettingsDialog
from reviewer_app.ui.window.sync_controller import SyncController


class SettingsFlow(QObject):
    """Opens the settings dialog, saves what it accepts and applies it to the sync.

    Args:
        data_dir: Where the settings file is saved.
        window: The dialog's parent.
        dialogs: The window's list of non-modal windows, kept alive while open.

    Signals:
        applied: The new Settings, once saved, for the window to show them.
        message: A line for the status bar (a failure, or what applies only later).
    """

    applied = Signal(object)
    message = Signal(str)

    def __init__(self, data_dir: Path, window: QWidget, dialogs: list[QWidget]) -> None:
        super().__init__(window)
        self._data_dir = data_dir
        self._window = window
        self._dialogs = dialogs

    def start(self, settings: Settings, sync: SyncController) -> None:
        """Opens the dialog over the settings in force; applies them once accepted."""
        dialog = SettingsDialog(settings, sync.connection, self._window)
        dialog.accepted.connect(lambda: self._apply(dialog, settings, sync))
        self._dialogs.append(dialog)
        dialog.open()

    def _apply(self, dialog: SettingsDialog, old: Settings, sync: SyncController) -> None:
        new, password = dialog.result_settings()
        try:
            new.save(self._data_dir)
        except UserError as exc:
            self.message.emit(f"Settings not saved: {exc}")
            return
        self.applied.emit(new)
        sync.set_interval(new.sync_interval_minutes)
        sync.reviewer_email = new.reviewer_email
        old_connection = sync.connection
        passwords = old_connection.passwords
        remember = dialog.remember_password()
        if passwords is not None and remember is not None:
            try:
                if remember and password is not None:
                    passwords.set(new.shared_url, password)
                elif not remember:
                    passwords.delete(new.shared_url)
            except UserError as exc:
                self.message.emit(str(exc))
        if new.shared_url != old.shared_url or password is not None or remember is False:
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
        if new.reviewer_name != old.reviewer_name:
            self.message.emit("Your new name applies the next time you start reviewer_app.")
