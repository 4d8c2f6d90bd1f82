"""The middle pane: one applicant's details and answers, shown as untrusted plain text.

Everything an applicant typed is escaped before Qt sees it: markup and scripts appear
literally. Web addresses become links only after escaping, and nothing is ever loaded:
a click opens the system browser.
"""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.applicants.records import ApplicantDetail, ApplicantRef, PositionVersion
from reviewer_app.domain.identity import LINK_HIDDEN, blind_name, hide_identity
from reviewer_app.ui.list.applicant_labels import stage_label
from reviewer_app.ui.times import full_time, short_time

_NBSP = "\u00a0"  # a space no line breaks at
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than a URL ("see https://x.org.").
_URL_TAIL = ".,;:!?)]}'\""
__all__ = ["LINK_HIDDEN", "ApplicantView", "SafeBrowser", "answers_html", "linkify"]


def linkify(text: str, *, links: bool = True) -> str:
    """Returns ``text`` as escaped HTML with its http(s) addresses as links.

    Args:
        text: Untrusted text.
        links: False replaces every address with "[link hidden]" (blind review).
    """
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_URL_TAIL)
        end = match.start() + len(url)
        parts.append(html.escape(text[position : match.start()]))
        if not links:
            parts.append(html.escape(LINK_HIDDEN))
        elif QUrl(url, QUrl.ParsingMode.StrictMode).isValid():
            escaped = html.escape(url, quote=True)
            parts.append(f'<a href="{escaped}">{escaped}</a>')
        else:
            parts.append(html.escape(url))
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def answers_html(answers: list[tuple[str, str]], *, links: bool) -> str:
    """Returns the answers as an HTML fragment, every question and answer escaped."""
    blocks = []
    for question, answer in answers:
        body = linkify(answer, links=links) if answer.strip() else "<i>(no answer)</i>"
        blocks.append(
            f"<p style='margin-bottom:2px'><b>{html.escape(question)}</b></p>"
            f"<p style='white-space:pre-wrap; margin-top:0; margin-bottom:12px'>{body}</p>"
        )
    return "".join(blocks) or "<p><i>No answers.</i></p>"


class SafeBrowser(QTextBrowser):
    """A QTextBrowser that fetches nothing; links open in the system browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(True)

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Returns nothing: no image, stylesheet or page is ever loaded."""
        return None


def _plain(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    # The text's longest word (an email has no spaces) must not set the pane's minimum
    # width: the splitter would resize the pane, and rewrap the description beside it,
    # with every applicant. A word longer than the pane is cut; its tooltip has it all.
    policy = label.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    label.setSizePolicy(policy)
    return label


def _muted(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class ApplicantView(QWidget):
    """Name, email, times, position (as typed and as matched), duplicates and answers.

    Signals:
        open_application: Another application's id (a duplicate hint was clicked).
        assign_position: A position id, or None, chosen with "Change".
    """

    open_application = Signal(str)
    assign_position = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._detail: ApplicantDetail | None = None
        self._answers_html = ""
        self._menu_key: object = None
        self.name_label = _plain(self, "applicantName")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name_label.setFont(font)
        self.email_label = _plain(self, "applicantEmail")
        self.meta_label = _muted(_plain(self, "applicantMeta"))
        self.typed_label = _plain(self, "positionTyped")
        self.matched_label = _plain(self, "positionMatched")
        # Between its caption and Change it would otherwise be squeezed to nothing.
        self.matched_label.setMinimumWidth(self.fontMetrics().averageCharWidth() * 12)
        # A push button: it keeps room for its menu arrow, where a tool button drew the
        # arrow over the text.
        self.change_button = QPushButton("Change", self)
        self.change_button.setObjectName("changePosition")
        self.change_button.setToolTip("Match this application to another position")
        self.position_menu = QMenu(self.change_button)
        self.position_menu.aboutToShow.connect(self._highlight_current_position)
        self.change_button.setMenu(self.position_menu)
        self.duplicate_label = QLabel(self)
        self.duplicate_label.setObjectName("duplicateHint")
        self.duplicate_label.setTextFormat(Qt.TextFormat.RichText)
        self.duplicate_label.setWordWrap(True)
        self.duplicate_label.linkActivated.connect(self._on_duplicate_link)
        self.answers = SafeBrowser(self)
        self.answers.setObjectName("answersBrowser")
        self.answers.document().setDocumentMargin(10)

        position_grid = QGridLayout()
        position_grid.setContentsMargins(0, 0, 0, 0)
        position_grid.setHorizontalSpacing(8)
        position_grid.setVerticalSpacing(2)
        self._captions = [_muted(QLabel("Applied for", self)), _muted(QLabel("Matched to", self))]
        position_grid.addWidget(self._captions[0], 0, 0)
        position_grid.addWidget(self.typed_label, 0, 1, 1, 2)
        position_grid.addWidget(self._captions[1], 1, 0)
        position_grid.addWidget(self.matched_label, 1, 1)
        position_grid.addWidget(self.change_button, 1, 2, Qt.AlignmentFlag.AlignRight)
        position_grid.setColumnStretch(1, 1)

        header = QFrame(self)
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(10, 8, 10, 6)
        header_layout.setSpacing(3)
        header_layout.addWidget(self.name_label)
        header_layout.addWidget(self.email_label)
        header_layout.addWidget(self.meta_label)
        header_layout.addSpacing(4)
        header_layout.addLayout(position_grid)
        header_layout.addWidget(self.duplicate_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.answers, 1)
        # Ctrl+1 focuses the pane: its answers, where the arrows and Page Down scroll.
        self.setFocusProxy(self.answers)
        self.show_detail(None, [], blind=False)

    @property
    def detail(self) -> ApplicantDetail | None:
        """The application shown."""
        return self._detail

    def fixed_width(self) -> int:
        """The width its fixed parts need (a caption, room for a title, Change), whatever
        the applicant: the window keeps the pane at least this wide, never wider for
        one applicant's long email or title."""
        metrics = self.fontMetrics()
        caption = max(label.sizeHint().width() for label in self._captions)
        title = metrics.averageCharWidth() * 14  # a long word of a title, the rest wrapped
        return caption + title + self.change_button.sizeHint().width() + 2 * 10 + 2 * 8

    def show_detail(
        self,
        detail: ApplicantDetail | None,
        positions: list[PositionVersion],
        *,
        blind: bool,
    ) -> None:
        """Shows an application (None: a hint that nothing is selected)."""
        self._detail = detail
        for widget in (self.email_label, self.meta_label, self.change_button, *self._captions):
            widget.setVisible(detail is not None)
        if detail is None:
            self.name_label.setText("No application selected")
            self.typed_label.clear()
            self.matched_label.clear()
            self.duplicate_label.hide()
            self.answers.setPlainText("")
            return
        self.name_label.setText(blind_name(detail.id) if blind else detail.name or "(no name)")
        self.email_label.setText("Email hidden (blind review)" if blind else detail.email)
        for label in (self.name_label, self.email_label):
            label.setToolTip(label.text())  # all of it, should a narrow pane cut it
        # Made again each time the applicant is read (selected, or changed by a write).
        meta = [f"Submitted {short_time(detail.submitted_at) or 'at an unknown time'}"]
        meta.append(f"Stage: {stage_label(detail.stage.value)}")
        if detail.has_conflict:
            meta.append("has a sync conflict")
        # Lines break between the parts, never inside one ("Stage:" / "New").
        self.meta_label.setText(" · ".join(part.replace(" ", _NBSP) for part in meta))
        self.meta_label.setToolTip(
            f"Submitted {full_time(detail.submitted_at)}" if detail.submitted_at else ""
        )
        self.typed_label.setText(detail.position_typed or "(left blank)")
        matched = detail.position
        self.matched_label.setText(
            f"{matched.title} (version{_NBSP}{matched.version})" if matched else "No position"
        )
        self._fill_position_menu(positions, matched.id if matched else None)
        self._show_duplicates(detail, blind)
        answers = detail.answers
        if blind:
            answers = [(q, hide_identity(a, detail.name, detail.email)) for q, a in answers]
        self._answers_html = answers_html(answers, links=not blind)
        self.answers.setHtml(self._answers_html)

    def changeEvent(self, event: QEvent) -> None:
        """Sets the rich text again in a new palette: links keep the colour of their parse."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._detail is not None:
            self.answers.setHtml(self._answers_html)
            duplicates = self.duplicate_label.text()
            self.duplicate_label.clear()
            self.duplicate_label.setText(duplicates)

    def _fill_position_menu(self, positions: list[PositionVersion], current: int | None) -> None:
        key = tuple((p.id, p.title) for p in positions)
        if key != self._menu_key:  # the same positions: only the check mark moves
            self._menu_key = key
            self.position_menu.clear()
            for position in positions:
                action = QAction(position.title, self.position_menu)
                action.setCheckable(True)
                action.setData(position.id)
                action.triggered.connect(
                    lambda _=False, pid=position.id: self.assign_position.emit(pid)
                )
                self.position_menu.addAction(action)
            self.position_menu.addSeparator()
            none = QAction("No position", self.position_menu)
            none.setCheckable(True)
            none.triggered.connect(lambda _=False: self.assign_position.emit(None))
            self.position_menu.addAction(none)
        for action in self.position_menu.actions():
            if action.isCheckable():
                action.setChecked(action.data() == current)

    def _highlight_current_position(self) -> None:
        """Opens the menu on the position matched (or "No position"): Up/Down go from it."""
        checked = [action for action in self.position_menu.actions() if action.isChecked()]
        if checked:
            self.position_menu.setActiveAction(checked[0])

    def _show_duplicates(self, detail: ApplicantDetail, blind: bool) -> None:
        def link(ref: ApplicantRef) -> str:
            name = blind_name(ref.id) if blind else ref.name or "(no name)"
            when = short_time(ref.submitted_at) or "unknown date"
            return f'<a href="{html.escape(ref.id)}">{html.escape(f"{name}, {when}")}</a>'

        lines = []
        if detail.duplicate_of is not None:
            lines.append("Possible duplicate of " + link(detail.duplicate_of))
        if detail.duplicates:
            lines.append(
                "Possibly duplicated by " + ", ".join(link(ref) for ref in detail.duplicates)
            )
        self.duplicate_label.setText("<br>".join(lines))
        self.duplicate_label.setVisible(bool(lines))

    def _on_duplicate_link(self, target: str) -> None:
        self.open_application.emit(target)
