"""Joining a team's database, or trying the demo: the first-run dialog, also in the menus.

Three ways: open the invitation file a coordinator sent (one click joins), type the
database's host, name, login and password (with a Test connection button), or try the
demo on this computer. Connections are checked on a worker, never on the GUI thread; a
password is typed only into a masked field and never shown in any text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.config.connection_check import ConnectionReport, check_connection
from reviewer_app.config.invitation import InvitationError, certificate_file, read_invitation
from reviewer_app.config.settings import Settings
from reviewer_app.errors import UserError
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.dialogs import DIALOG_CHARACTERS, validate_reviewer, wrapped_label
from reviewer_app.ui.window.joining import Joined, server_url

INVITATION_FILTER = "Invitations (*.reviewer-invite);;All files (*)"
DEFAULT_PORT = 5432
CHECK_TIMEOUT_S = 10


def choose_invitation_file(parent: QWidget) -> str:
    """Asks for an invitation file; "" when cancelled."""
    path, _ = QFileDialog.getOpenFileName(
        parent, "Open an invitation", str(Path.home()), INVITATION_FILTER
    )
    return path


class JoinDialog(QDialog):
    """Open an invitation, connect to a database, or try the demo.

    Once accepted, :attr:`joined` holds the choice, its connection checked.

    Args:
        settings: The settings in force (the demo page starts with their name and email).
        override: Why the database cannot be chosen here (REVIEWER_SHARED_DB), or None.
        first_run: Whether it is the first start (the intro says so).
    """

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        override: str | None = None,
        first_run: bool = False,
        certificates: Path | None = None,
    ) -> None:
        super().__init__(parent)
        # Where an invitation's CA certificate is kept (None: not kept, not checked).
        self._certificates = certificates
        self.setWindowTitle("Welcome to reviewer_app" if first_run else "Join a team")
        self.setObjectName("joinDialog")
        self.joined: Joined | None = None
        self.choose_file: Callable[[QWidget], str] = choose_invitation_file
        self.checking = False
        self._runner = TaskRunner(self)
        self._check_number = 0  # a later check supersedes an earlier one's answer

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._choice_page(override, first_run))
        self.pages.addWidget(self._connect_page())
        self.pages.addWidget(self._demo_page(settings))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.rejected.connect(self.reject)
        # Enter must never be Cancel (on the first start it would quit): each page has
        # its own default, and the first choice has the focus.
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(False)
        cancel.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.buttons)
        # Wider than the small dialogs: the choices' descriptions read as one line each.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * DIALOG_CHARACTERS * 4 // 3)

    # --- pages ---------------------------------------------------------------------------

    def _choice_page(self, override: str | None, first_run: bool) -> QWidget:
        page = QWidget(self)
        intro = wrapped_label(
            page,
            "Join your team's database to review its applications with the others, or "
            "try reviewer_app on demo data first."
            if first_run
            else "Switch to your team's database, or to the demo data. The data you "
            "leave stays on this computer, with its changes not yet sent.",
        )
        self.invitation_button = QCommandLinkButton(
            "Open an invitation…",
            "The NAME.reviewer-invite file your coordinator sent you: one click joins.",
            page,
        )
        self.invitation_button.setObjectName("openInvitation")
        self.connect_button = QCommandLinkButton(
            "Connect to a database",
            "Type the host, database, login and password your coordinator gave you.",
            page,
        )
        self.connect_button.setObjectName("connectDatabase")
        self.demo_button = QCommandLinkButton(
            "Try the demo",
            "Sample applications in a database on this computer, for you alone.",
            page,
        )
        self.demo_button.setObjectName("tryDemo")
        self.override_label = wrapped_label(page, override or "")
        self.override_label.setObjectName("joinOverride")
        self.override_label.setVisible(override is not None)
        self.invitation_status = wrapped_label(page)
        self.invitation_status.setObjectName("invitationStatus")
        self.invitation_status.hide()
        for button in (self.invitation_button, self.connect_button, self.demo_button):
            button.setEnabled(override is None)
        self.invitation_button.clicked.connect(self._pick_invitation)
        self.connect_button.clicked.connect(lambda: self._show_page(1))
        self.demo_button.clicked.connect(lambda: self._show_page(2))
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.override_label)
        layout.addWidget(self.invitation_button)
        layout.addWidget(self.invitation_status)
        layout.addWidget(self.connect_button)
        layout.addWidget(self.demo_button)
        layout.addStretch(1)
        return page

    def _connect_page(self) -> QWidget:
        page = QWidget(self)
        self.host_edit = QLineEdit(page)
        self.host_edit.setObjectName("host")
        self.host_edit.setPlaceholderText("db.example.org")
        self.port_spin = QSpinBox(page)
        self.port_spin.setObjectName("port")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.database_edit = QLineEdit(page)
        self.database_edit.setObjectName("database")
        self.login_edit = QLineEdit(page)
        self.login_edit.setObjectName("login")
        self.password_edit = QLineEdit(page)
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.connect_status = wrapped_label(page)
        self.connect_status.setObjectName("connectStatus")
        self.connect_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_button = QPushButton("&Test connection", page)
        self.test_button.setObjectName("testConnection")
        self.join_button = QPushButton("&Join", page)
        self.join_button.setObjectName("joinDatabase")
        self.join_button.setDefault(True)
        back = QPushButton("&Back", page)
        back.clicked.connect(lambda: self._show_page(0))
        self.test_button.clicked.connect(lambda: self._check_typed(join=False))
        self.join_button.clicked.connect(lambda: self._check_typed(join=True))
        form = QFormLayout()
        form.addRow("&Host:", self.host_edit)
        form.addRow("&Port:", self.port_spin)
        form.addRow("&Database:", self.database_edit)
        form.addRow("&Login:", self.login_edit)
        form.addRow("Pass&word:", self.password_edit)
        row = QHBoxLayout()
        row.addWidget(back)
        row.addStretch(1)
        row.addWidget(self._cancel_button(page))
        row.addWidget(self.test_button)
        row.addWidget(self.join_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.connect_status)
        layout.addStretch(1)
        layout.addLayout(row)
        return page

    def _demo_page(self, settings: Settings) -> QWidget:
        page = QWidget(self)
        intro = wrapped_label(
            page, "Who are you? Your name goes with your checks, notes and decisions."
        )
        self.name_edit = QLineEdit(settings.reviewer_name, page)
        self.name_edit.setObjectName("reviewerName")
        self.email_edit = QLineEdit(settings.reviewer_email, page)
        self.email_edit.setObjectName("reviewerEmail")
        self.demo_error = wrapped_label(page)
        self.demo_error.setObjectName("demoError")
        self.demo_error.hide()
        self.start_demo_button = QPushButton("&Start with the demo", page)
        self.start_demo_button.setObjectName("startDemo")
        self.start_demo_button.setDefault(True)
        self.start_demo_button.clicked.connect(self._start_demo)
        back = QPushButton("&Back", page)
        back.clicked.connect(lambda: self._show_page(0))
        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Email:", self.email_edit)
        row = QHBoxLayout()
        row.addWidget(back)
        row.addStretch(1)
        row.addWidget(self._cancel_button(page))
        row.addWidget(self.start_demo_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.demo_error)
        layout.addStretch(1)
        layout.addLayout(row)
        return page

    def _cancel_button(self, page: QWidget) -> QPushButton:
        """Cancel in a page's own row: one row of buttons, Back to the left (never Enter)."""
        cancel = QPushButton("Cancel", page)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        return cancel

    def _show_page(self, number: int) -> None:
        self.pages.setCurrentIndex(number)
        self.buttons.setVisible(number == 0)  # the other pages have Cancel in their row
        first = {1: self.host_edit, 2: self.name_edit}.get(number)
        if first is not None:
            first.setFocus()
        else:
            self._focus_first_choice()

    def _focus_first_choice(self) -> None:
        for button in (self.invitation_button, self.connect_button, self.demo_button):
            button.setAutoDefault(True)
        if self.invitation_button.isEnabled():
            self.invitation_button.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        """Puts the focus on the first choice when the dialog shows its choices."""
        super().showEvent(event)
        if self.pages.currentIndex() == 0:
            self._focus_first_choice()

    # --- the three ways ------------------------------------------------------------------

    def open_invitation(self, path: Path) -> None:
        """Reads the invitation at ``path`` and joins its database once the check passes."""
        try:
            invitation = read_invitation(path)
            folder = self._certificates
            certificate = certificate_file(invitation, folder) if folder is not None else None
        except InvitationError as exc:
            self._say(self.invitation_status, str(exc))
            return
        label, login, url = invitation.label(), invitation.login, invitation.url(certificate)
        self._say(self.invitation_status, f"Connecting to {label} as {login}…")
        self._check(
            url,
            invitation.password,
            self.invitation_status,
            on_report=lambda report: self._invitation_checked(
                report, url, invitation.password, label, login
            ),
        )

    def _pick_invitation(self) -> None:
        path = self.choose_file(self)
        if path:
            self.open_invitation(Path(path))

    def _invitation_checked(
        self, report: ConnectionReport, url: str, password: str, label: str, login: str
    ) -> None:
        self._say(self.invitation_status, report.message)
        if report.ok:
            self._join(report, url, password, label, login)

    def typed_url(self) -> str:
        """The URL the connect page's fields make (no password)."""
        return server_url(
            self.host_edit.text().strip(),
            self.port_spin.value(),
            self.database_edit.text().strip(),
            self.login_edit.text().strip(),
        )

    def _check_typed(self, *, join: bool) -> None:
        missing = [
            name
            for name, edit in (
                ("host", self.host_edit),
                ("database", self.database_edit),
                ("login", self.login_edit),
            )
            if not edit.text().strip()
        ]
        if missing:
            self._say(self.connect_status, f"Enter the {' and the '.join(missing)}.")
            return
        url, password = self.typed_url(), self.password_edit.text()
        host = self.host_edit.text().strip()
        self._say(self.connect_status, f"Connecting to {host}…")

        def checked(report: ConnectionReport) -> None:
            self._say(self.connect_status, report.message)
            if join and report.ok:
                label = report.label or f"{host}/{self.database_edit.text().strip()}"
                self._join(report, url, password or None, label, self.login_edit.text().strip())

        self._check(url, password or None, self.connect_status, on_report=checked)

    def _start_demo(self) -> None:
        name, email = self.name_edit.text().strip(), self.email_edit.text().strip()
        problem = validate_reviewer(name, email)
        if problem is not None:
            self._say(self.demo_error, problem)
            return
        self.joined = Joined("", reviewer_name=name, reviewer_email=email)
        self.accept()

    # --- checking ------------------------------------------------------------------------

    def _check(
        self,
        url: str,
        password: str | None,
        status: QLabel,
        on_report: Callable[[ConnectionReport], None],
    ) -> None:
        self._check_number += 1
        number = self._check_number
        self._set_checking(True)

        def delivered(report: ConnectionReport) -> None:
            if number == self._check_number:
                self._set_checking(False)
                on_report(report)

        def failed(exc: BaseException) -> None:
            if number != self._check_number:
                return
            self._set_checking(False)
            if not isinstance(exc, UserError):
                raise exc  # a bug, never shown as a connection problem
            self._say(status, str(exc))

        self._runner.run(
            lambda: check_connection(url, password, timeout_s=CHECK_TIMEOUT_S),
            on_done=delivered,
            on_error=failed,
        )

    def _set_checking(self, checking: bool) -> None:
        self.checking = checking
        for button in (
            self.invitation_button,
            self.test_button,
            self.join_button,
        ):
            button.setEnabled(not checking)

    def _join(
        self, report: ConnectionReport, url: str, password: str | None, label: str, login: str
    ) -> None:
        self.joined = Joined(
            url,
            instance_id=report.instance_id,
            label=label or report.label,
            login=report.login or login,
            reviewer_name=report.reviewer_name or "",
            password=password,
        )
        self.accept()

    def _say(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def done(self, result: int) -> None:
        """Drops the answer of a check still running: the dialog is gone."""
        self._check_number += 1
        self.checking = False
        super().done(result)
