"""Email applicant…: a template filled in, previewed, then the reviewer's own mail client.

Nothing is sent from here: the message opens in the mail client (a ``mailto:`` link)
or is copied. A merge field the applicant lacks is flagged, and the message cannot be
opened or copied while it is still in the text as ``{first_name}``. For a selection,
the dialog offers one message to all of them in BCC (fields that differ per applicant
must then be written out), or one message each, copied in turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.contact.compose import ApplicantFields, Composed, compose
from reviewer_app.contact.mailto import bcc_links, fits_mailto, mailto_url
from reviewer_app.contact.templates import Template
from reviewer_app.ui.window.dialogs import DIALOG_CHARACTERS, wrapped_label


@dataclass(frozen=True)
class Recipient:
    """One applicant a message goes to."""

    application_id: str
    fields: ApplicantFields


def still_unfilled(composed: Composed, subject: str, body: str) -> list[str]:
    """The flagged merge fields still written as ``{field}`` in the text as edited."""
    return [
        field for field in composed.missing if f"{{{field}}}" in subject or f"{{{field}}}" in body
    ]


class ContactDialog(QDialog):
    """Chooses a template, shows the message filled in, opens or copies it.

    Args:
        templates: The message templates (those with errors are left out).
        recipients: The applicants selected, at least one.
        reviewer: The name messages are signed with.
        parent: The window.

    Signals:
        contacted: (application ids, template slug, subject): a message was opened in
            the mail client or copied for them; the window records the contact.
        said: A line for the status bar (copied, or no mail app answered).
    """

    contacted = Signal(list, str, str)
    said = Signal(str)

    def __init__(
        self,
        templates: Sequence[Template],
        recipients: Sequence[Recipient],
        reviewer: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._templates = [template for template in templates if not template.has_errors]
        self._recipients = list(recipients)
        self._reviewer = reviewer
        self._turn = 0  # one message each: whose message is shown
        self._composed: Composed | None = None
        many = len(self._recipients) > 1
        self.setWindowTitle("Email applicant" + ("s" if many else ""))

        self.template_combo = QComboBox(self)
        for template in self._templates:
            self.template_combo.addItem(template.title, template.slug)
        self.together = QRadioButton("&One message to all, in BCC", self)
        self.each = QRadioButton("One message &each, copied in turn", self)
        self.together.setChecked(True)
        self.to_label = QLabel(self)
        self.subject = QLineEdit(self)
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit(self)
        self.body.setAccessibleName("Message")
        self.warning = wrapped_label(self)
        self.warning.setObjectName("contactWarning")
        self.warning.hide()
        self.open_button = QPushButton("&Open in mail app", self)
        self.copy_button = QPushButton("&Copy message", self)
        self.close_button = QPushButton("Close", self)
        self.note = wrapped_label(
            self, "Nothing is sent from here: your mail app opens with the message."
        )

        form = QFormLayout()
        form.addRow("&Template:", self.template_combo)
        form.addRow("To:", self.to_label)
        form.addRow("&Subject:", self.subject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        if many:
            layout.addWidget(wrapped_label(self, f"{len(self._recipients)} applicants selected."))
            layout.addWidget(self.together)
            layout.addWidget(self.each)
        else:
            self.together.hide()
            self.each.hide()
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * (DIALOG_CHARACTERS + 20))
        self.resize(self.minimumWidth(), self.fontMetrics().height() * 30)

        self.template_combo.currentIndexChanged.connect(self._fill)
        self.together.toggled.connect(self._fill)
        self.subject.textChanged.connect(self._sync)
        self.body.textChanged.connect(self._sync)
        self.open_button.clicked.connect(self._open)
        self.copy_button.clicked.connect(self._copy)
        self.close_button.clicked.connect(self.reject)
        if not self._templates:
            self.warning.setText("No message templates were found (content/templates/).")
            self.warning.show()
        self._fill()

    def choose_template(self, slug: str) -> None:
        """Shows the template ``slug``, if there is one."""
        index = self.template_combo.findData(slug)
        if index >= 0:
            self.template_combo.setCurrentIndex(index)

    @property
    def composed(self) -> Composed | None:
        """The message as filled in before any edit."""
        return self._composed

    def _template(self) -> Template | None:
        index = self.template_combo.currentIndex()
        return self._templates[index] if 0 <= index < len(self._templates) else None

    def _bcc(self) -> bool:
        return len(self._recipients) > 1 and self.together.isChecked()

    def _fill(self) -> None:
        template = self._template()
        if template is None:
            self._composed = None
            return
        if self._bcc():
            fields = _shared_fields([r.fields for r in self._recipients])
            self.to_label.setText(f"{len(self._recipients)} applicants, in BCC")
        else:
            recipient = self._recipients[self._turn]
            fields = recipient.fields
            turn = f" ({self._turn + 1} of {len(self._recipients)})" if self._turn else ""
            self.to_label.setText((fields.email or "(no email address)") + turn)
        self._composed = compose(template, fields, self._reviewer)
        self.subject.setText(self._composed.subject)
        self.body.setPlainText(self._composed.body)
        self._sync()

    def _addresses(self) -> list[str]:
        if self._bcc():
            return [r.fields.email for r in self._recipients if r.fields.email.strip()]
        email = self._recipients[self._turn].fields.email
        return [email] if email.strip() else []

    def _links(self) -> list[str]:
        subject, body = self.subject.text(), self.body.toPlainText()
        if self._bcc():
            return bcc_links(self._addresses(), subject, body)
        url = mailto_url(self._addresses(), subject, body)
        return [url] if fits_mailto(url) else []

    def _sync(self) -> None:
        composed = self._composed
        problems: list[str] = []
        if composed is not None:
            unfilled = still_unfilled(composed, self.subject.text(), self.body.toPlainText())
            if unfilled:
                fields = ", ".join(f"{{{field}}}" for field in unfilled)
                problems.append(
                    f"Not filled in: {fields}. Write it out in the message, or choose "
                    "another template."
                )
        if not self._addresses():
            problems.append("No email address for this applicant.")
        ready = composed is not None and not problems
        links = self._links() if ready else []
        self.open_button.setEnabled(ready and bool(links))
        self.open_button.setToolTip(
            f"Opens {len(links)} messages, each to a share of the applicants in BCC"
            if len(links) > 1
            else "Opens your mail app with this message"
            if links
            else "Too long for a mail link: copy it instead"
        )
        self.copy_button.setEnabled(ready)
        self.warning.setText("⚠ " + " ".join(problems) if problems else "")
        self.warning.setVisible(bool(problems))

    def _done_with(self) -> list[str]:
        if self._bcc():
            return [r.application_id for r in self._recipients]
        return [self._recipients[self._turn].application_id]

    def _announce(self) -> None:
        composed = self._composed
        if composed is not None:
            self.contacted.emit(self._done_with(), composed.template, self.subject.text())

    def _open(self) -> None:
        opened = [QDesktopServices.openUrl(QUrl(link)) for link in self._links()]
        if not all(opened):
            # No mail app on this computer (or none that takes mailto: links).
            self._copy_text()
            self.said.emit(
                "No mail app opened the message, so it is copied: paste it into your mail. "
                "It is recorded as emailed; if you do not send it, Undo (Ctrl+Z) takes "
                "that back."
            )
        self._announce()
        self._next_or_close()

    def _copy(self) -> None:
        self._copy_text()
        self.said.emit(
            "The message is copied: paste it into your mail. It is recorded as emailed; "
            "if you do not send it, Undo (Ctrl+Z) takes that back."
        )
        self._announce()
        self._next_or_close()

    def _copy_text(self) -> None:
        clipboard = QGuiApplication.clipboard()
        addresses = ", ".join(self._addresses())
        text = f"To: {addresses}\nSubject: {self.subject.text()}\n\n{self.body.toPlainText()}"
        if clipboard is not None:
            clipboard.setText(text)

    def _next_or_close(self) -> None:
        if not self._bcc() and self._turn + 1 < len(self._recipients):
            self._turn += 1
            self._fill()
        else:
            self.accept()


def _shared_fields(all_fields: Sequence[ApplicantFields]) -> ApplicantFields:
    """The values every applicant of a BCC message shares (the others left empty)."""
    positions = {fields.position for fields in all_fields}
    reasons = {fields.reason for fields in all_fields}
    return ApplicantFields(
        name="",
        position=positions.pop() if len(positions) == 1 else "",
        reason=reasons.pop() if len(reasons) == 1 else "",
    )
