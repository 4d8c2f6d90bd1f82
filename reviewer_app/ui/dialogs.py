"""Small dialogs: who the reviewer is, the settings, the keyboard shortcuts."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.errors import UserError
from reviewer_app.settings import Settings, check_shared_url
from reviewer_app.ui.shared_connection import SharedConnection, split_password

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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
        self.error_label = QLabel(self)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.intro = QLabel(
            "Who are you? Your name goes with your checks, notes and decisions.", self
        )
        self.intro.setWordWrap(True)
        self.form = form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Email:", self.email_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Closes only when the name and email are valid."""
        problem = validate_reviewer(self.name_edit.text(), self.email_edit.text())
        if problem is not None:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        super().accept()

    def values(self) -> tuple[str, str]:
        """The name and email entered, trimmed."""
        return self.name_edit.text().strip(), self.email_edit.text().strip()


class SettingsDialog(ReviewerDialog):
    """Reviewer, shared database, sync interval and blind review."""

    def __init__(
        self, settings: Settings, connection: SharedConnection, parent: QWidget | None = None
    ) -> None:
        super().__init__(settings, parent)
        self.setWindowTitle("Settings")
        self._settings = settings
        self.url_edit = QLineEdit("" if connection.embedded else connection.url, self)
        self.url_edit.setObjectName("sharedUrl")
        self.url_edit.setPlaceholderText("empty: the embedded demo database")
        self.url_edit.setToolTip(
            "postgresql://user@host/database or sqlite:///path. A password typed here is "
            "kept for this session only; put it in ~/.pgpass to keep it."
        )
        self.interval_spin = QSpinBox(self)
        self.interval_spin.setRange(1, 24 * 60)
        self.interval_spin.setSuffix(" min")
        self.interval_spin.setValue(settings.sync_interval_minutes)
        self.blind_check = QCheckBox("Hide names, emails and links (blind review)", self)
        self.blind_check.setObjectName("blindReview")
        self.blind_check.setChecked(settings.blind_review)
        self.form.addRow("Shared &database:", self.url_edit)
        self.form.addRow("&Sync every:", self.interval_spin)
        self.form.addRow("", self.blind_check)
        self.intro.hide()

    def accept(self) -> None:
        """Closes only when every value is valid."""
        url = self.url_edit.text().strip()
        if url:
            try:
                check_shared_url(url, source="Shared database")
            except UserError as exc:
                self.error_label.setText(str(exc))
                self.error_label.show()
                return
        super().accept()

    def result_settings(self) -> tuple[Settings, str | None]:
        """The new settings (URL without password) and the password typed, if any."""
        name, email = self.values()
        url, password = split_password(self.url_edit.text().strip())
        settings = replace(
            self._settings,
            reviewer_name=name,
            reviewer_email=email,
            shared_url=url,
            sync_interval_minutes=self.interval_spin.value(),
            blind_review=self.blind_check.isChecked(),
        )
        return settings, password


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
        self.resize(520, 560)
