"""Small dialogs: who the reviewer is, the settings, the keyboard shortcuts."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.config.credentials import split_password, takes_password
from reviewer_app.config.settings import Settings, check_shared_url
from reviewer_app.errors import UserError
from reviewer_app.ui.window.appearance import ColorScheme
from reviewer_app.ui.window.tab_order import tab_down_to_buttons
from reviewer_app.ui.window.theme_choice import run_scheme_note, theme_combo

if TYPE_CHECKING:  # imports the server's models: not before the window's first paint
    from reviewer_app.config.shared_connection import SharedConnection

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Wide enough that a wrapped hint or error reads as sentences, not a column of words.
DIALOG_CHARACTERS = 60


def validate_reviewer(name: str, email: str) -> str | None:
    """Returns what is wrong with a reviewer's name and email, or None."""
    if not name.strip():
        return "Enter your name: other reviewers see it beside your checks and notes."
    if len(name.strip()) > 200:
        return "The name is too long (200 characters at most)."
    if email.strip() and not _EMAIL.match(email.strip()):
        return "The email does not look like an address (name@example.org); fix or clear it."
    return None


class ReviewerDialog(QDialog):
    """Asks the reviewer's name and email (first run, and inside the settings)."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to reviewer_app")
        self.name_edit = QLineEdit(settings.reviewer_name, self)
        self.name_edit.setObjectName("reviewerName")
        self.email_edit = QLineEdit(settings.reviewer_email, self)
        self.email_edit.setObjectName("reviewerEmail")
        self.error_label = wrapped_label(self)
        self.error_label.hide()
        self.intro = wrapped_label(
            self, "Who are you? Your name goes with your checks, notes and decisions."
        )
        self.form = form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Email:", self.email_edit)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        # A word-wrapped label needs a width to know its height.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * DIALOG_CHARACTERS)

    def accept(self) -> None:
        """Closes only when the name and email are valid."""
        problem = validate_reviewer(self.name_edit.text(), self.email_edit.text())
        if problem is not None:
            self.show_error(problem)
            return
        super().accept()

    def show_error(self, text: str) -> None:
        """Shows what keeps the dialog from closing, below the fields."""
        self.error_label.setText(text)
        self.error_label.show()
        self.fit_to_texts()

    def fit_to_texts(self) -> None:
        """Makes each wrapped text as tall as it needs at its width, and the dialog fit them.

        Called after a text changes and when the width does. Left to Qt, a longer text
        squashes the fields and cuts its own lines: a window's minimum leaves out what
        word-wrapped labels need, and QFormLayout wraps them at a width of its own. The
        dialog is also made as wide as its check boxes and fields need, whatever the
        font and the scaling.
        """
        layout = self.layout()
        if layout is None:
            return
        layout.activate()  # the labels' widths, shown ones included
        # Wide enough for what cannot wrap (check boxes, fields): the minimum width set
        # for the wrapped texts would otherwise stand, and a larger font cut them.
        widest = layout.totalMinimumSize().width()
        if self.minimumWidth() < widest:
            self.setMinimumWidth(widest)
        if self.width() < widest:
            self.resize(widest, self.height())
            layout.activate()
        for label in self.findChildren(QLabel):
            if label.wordWrap() and not label.isHidden():
                label.setFixedHeight(label.heightForWidth(max(label.width(), 1)))
        layout.activate()
        height = max(layout.totalMinimumSize().height(), self.minimumHeight())
        if self.height() != height:
            self.resize(self.width(), height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keeps the wrapped texts whole at the new width."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_to_texts()

    def values(self) -> tuple[str, str]:
        """The name and email entered, trimmed."""
        return self.name_edit.text().strip(), self.email_edit.text().strip()


class SettingsDialog(ReviewerDialog):
    """Reviewer, shared database and its password, sync, blind and independent review, theme."""

    join_requested = Signal()

    def __init__(
        self,
        settings: Settings,
        connection: SharedConnection,
        parent: QWidget | None = None,
        *,
        override: str | None = None,
        run_scheme: ColorScheme | None = None,
    ) -> None:
        super().__init__(settings, parent)
        self.setWindowTitle("Settings")
        self.override = override
        self._settings = settings
        self._passwords = connection.passwords
        self._original_url = "" if connection.embedded else connection.url
        self._session_password = connection.password is not None
        self.url_edit = QLineEdit(self._original_url, self)
        self.url_edit.setObjectName("sharedUrl")
        self.url_edit.setPlaceholderText("empty: the embedded demo database")
        self.url_edit.setToolTip(
            "postgresql://user@host/database or sqlite:///path; a password pasted with "
            "the URL moves to the password field. It is never written to the settings file."
        )
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("sharedPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("unchanged")
        self.override_label = wrapped_label(self, override or "")
        self.override_label.setObjectName("databaseOverride")
        self.join_button = QPushButton("&Join a team…", self)
        self.join_button.setObjectName("settingsJoin")
        self.join_button.setToolTip(
            "Open an invitation, connect to a team's database or switch to the demo data"
        )
        self.join_button.clicked.connect(self._join)
        if override is not None:
            # The environment or --shared wins over this field: editing it would be
            # saved and silently ignored.
            self.url_edit.setReadOnly(True)
            self.password_edit.setEnabled(False)
            self.join_button.setEnabled(False)
        self.password_hint = wrapped_label(self)
        self.password_hint.setObjectName("passwordHint")
        # Short: a check box does not wrap, and a longer label was cut at large scales.
        self.remember_check = QCheckBox("Remember it in the system keyring", self)
        self.remember_check.setObjectName("rememberPassword")
        store = self._passwords
        # Read once, on opening: a locked keyring may ask to be unlocked.
        self._stored = (
            store is not None
            and takes_password(self._original_url)
            and store.get(self._original_url) is not None
        )
        # After the read, which makes a failing keyring unavailable.
        self._keyring_available = store is not None and store.available
        self.remember_check.setChecked(self._keyring_available)
        self.remember_check.setEnabled(self._keyring_available)
        if not self._keyring_available:
            reason = self._passwords.unavailable_reason if self._passwords else None
            self.remember_check.setToolTip(
                f"The system keyring is not available ({reason or 'not set up'}), so the "
                "password is kept until you quit. Put it in ~/.pgpass to keep it."
            )
        self.interval_spin = QSpinBox(self)
        self.interval_spin.setRange(1, 24 * 60)
        self.interval_spin.setSuffix(" min")
        self.interval_spin.setValue(settings.sync_interval_minutes)
        self.blind_check = QCheckBox("&Hide names, emails and links (blind review)", self)
        self.blind_check.setObjectName("blindReview")
        self.blind_check.setChecked(settings.blind_review)
        self.independent_check = QCheckBox(
            "Hide others' views until I record mine (&independent review)", self
        )
        self.independent_check.setObjectName("independentReview")
        self.independent_check.setToolTip(
            "Until you have recorded your own result for every check of an applicant, the "
            "other reviewers' results, notes and reasons are hidden so that they do not "
            "steer yours; “Show anyway” reveals them for that applicant."
        )
        self.independent_check.setChecked(settings.independent_review)
        self.unassigned_check = QCheckBox("“Needs my review” includes &unassigned ones", self)
        self.unassigned_check.setToolTip("Off: only applications assigned to you")
        self.unassigned_check.setChecked(settings.needs_review_includes_unassigned)
        self.theme_combo = theme_combo(settings.theme, self)  # the saved theme, always
        self.theme_note = wrapped_label(self, run_scheme_note(settings.theme, run_scheme))
        self.theme_note.setObjectName("runScheme")
        self.form.addRow("Shared &database:", self.url_edit)
        self.form.addRow("", self.override_label)
        self.form.addRow("Pass&word:", self.password_edit)
        self.form.addRow("", self.password_hint)
        self.form.addRow("", self.remember_check)
        self.form.addRow("&Sync every:", self.interval_spin)
        self.form.addRow("", self.blind_check)
        self.form.addRow("", self.independent_check)
        self.form.addRow("", self.unassigned_check)
        self.form.addRow("&Theme:", self.theme_combo)
        self.form.addRow("", self.theme_note)
        self.form.addRow("", self.join_button)
        self.form.setRowVisible(self.override_label, override is not None)
        fields: tuple[QWidget, ...] = (self.name_edit, self.email_edit, self.url_edit)
        fields += (self.password_edit, self.remember_check, self.interval_spin, self.blind_check)
        fields += (self.independent_check, self.unassigned_check, self.theme_combo)
        tab_down_to_buttons((*fields, self.join_button), self.buttons)
        self.form.setRowVisible(self.theme_note, bool(self.theme_note.text()))
        self.intro.hide()
        self.url_edit.textChanged.connect(self._take_password_from_url)
        self.password_edit.textChanged.connect(self._update_password_rows)
        self.remember_check.toggled.connect(self._update_password_rows)
        self._update_password_rows()

    def _take_password_from_url(self) -> None:
        """Moves a password pasted inside the URL into the masked field."""
        bare, typed = split_password(self.url_edit.text().strip())
        if typed is not None:
            self.url_edit.setText(bare)  # calls this again, without a password
            self.password_edit.setText(typed)
            return
        self._update_password_rows()

    def _join(self) -> None:
        self.join_requested.emit()
        self.reject()

    def _password_state(self) -> tuple[str, str | None, bool]:
        bare = self.url_edit.text().strip()
        typed = self.password_edit.text() or None
        # What is stored belongs to the URL the dialog opened with, not to another one.
        return bare, typed, self._stored and bare == self._original_url

    def _update_password_rows(self) -> None:
        bare, typed, stored = self._password_state()
        server = _server_url(bare)
        server = server and self.override is None  # its password comes with the override
        self.form.setRowVisible(self.password_edit, server)
        self.form.setRowVisible(self.remember_check, server and (typed is not None or stored))
        hint = self._password_hint(bare, typed, stored) if server else ""
        self.password_hint.setText(hint)
        self.form.setRowVisible(self.password_hint, bool(hint))
        self.fit_to_texts()

    def _password_hint(self, bare: str, typed: str | None, stored: bool) -> str:
        keyring_name = self._passwords.name if self._passwords is not None else ""
        remember = self._keyring_available and self.remember_check.isChecked()
        if typed is not None and remember:
            return (
                f"The password goes to the system keyring ({keyring_name}), never to the "
                "settings file."
            )
        if typed is not None:
            why = "" if self._keyring_available else " (the system keyring is not available)"
            return (
                f"The password is kept in memory until you quit{why}, never in the settings "
                "file. To keep it, put it in ~/.pgpass."
            )
        if stored and remember:
            return f"The password of this database is in the system keyring ({keyring_name})."
        if stored:
            return (
                f"Saving removes the password from the system keyring ({keyring_name}); then "
                "it comes from REVIEWER_SHARED_DB or ~/.pgpass."
            )
        if self._session_password and bare == self._original_url:
            return (
                "The password typed earlier is kept until you quit. Type it above to give it again."
            )
        return (
            "No password is kept here: it comes from REVIEWER_SHARED_DB or ~/.pgpass, or "
            "type it above."
        )

    def accept(self) -> None:
        """Closes only when every value is valid."""
        url = self.url_edit.text().strip()
        if url:
            try:
                check_shared_url(url, source="Shared database")
            except UserError as exc:
                self.show_error(str(exc))
                return
        super().accept()

    def result_settings(self) -> tuple[Settings, str | None]:
        """The new settings (URL without password) and the password typed, if any."""
        name, email = self.values()
        url, password = self.url_edit.text().strip(), self.password_edit.text() or None
        if self.override is not None:  # the field shows the overriding URL, not the setting
            url, password = self._settings.shared_url, None
        settings = replace(
            self._settings,
            reviewer_name=name,
            reviewer_email=email,
            shared_url=url,
            sync_interval_minutes=self.interval_spin.value(),
            blind_review=self.blind_check.isChecked(),
            independent_review=self.independent_check.isChecked(),
            needs_review_includes_unassigned=self.unassigned_check.isChecked(),
            theme=str(self.theme_combo.currentData()),
        )
        return settings, password

    def remember_password(self) -> bool | None:
        """True to store the typed password in the keyring, False to remove a stored one.

        None when the keyring is not to be touched: no keyring, or no password typed and
        none stored for this URL.
        """
        _, typed, stored = self._password_state()
        if not self._keyring_available or (typed is None and not stored):
            return None
        return self.remember_check.isChecked()


def wrapped_label(parent: QWidget, text: str = "") -> QLabel:
    """A word-wrapped plain-text label whose height the dialog sets (see fit_to_texts)."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    policy = label.sizePolicy()
    policy.setHeightForWidth(False)  # the fixed height set from its width stands for it
    label.setSizePolicy(policy)
    return label


def _server_url(url: str) -> bool:
    """Whether ``url`` is a database server the app supports (a password matters for it)."""
    try:
        check_shared_url(url, source="")
    except UserError:
        return False  # said when saving; a hint about passwords would only mislead
    return takes_password(url)


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut of the window, non-modal."""

    def __init__(
        self, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = []
        for title, shortcuts in sections:
            rows.append(f"<tr><td colspan=2><h3>{html.escape(title)}</h3></td></tr>")
            rows.extend(
                f"<tr><td style='padding-right:18px'><b>{html.escape(key)}</b></td>"
                f"<td>{html.escape(text)}</td></tr>"
                for key, text in shortcuts
            )
        self.label = QLabel(f"<table>{''.join(rows)}</table>", self)
        self.label.setObjectName("shortcutsTable")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setMargin(12)
        scroll = QScrollArea(self)
        scroll.setWidget(self.label)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        # As wide as the table at any font size (never scrolled sideways); as tall as it
        # is, up to most of the screen, scrolled beyond.
        frame = 2 * scroll.frameWidth()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        table = self.label.sizeHint()
        scroll.setMinimumWidth(table.width() + frame + bar)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        margins = layout.contentsMargins()
        height = (
            table.height() + frame + layout.spacing() + buttons.sizeHint().height()
            + margins.top() + margins.bottom()
        )  # fmt: skip
        self.resize(
            self.sizeHint().width(),
            min(height, self.screen().availableGeometry().height() * 4 // 5),
        )
