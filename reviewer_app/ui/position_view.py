"""The position tab: the description of the position version an applicant is matched to."""

from __future__ import annotations

import functools
from typing import Any, ClassVar

from PySide6.QtCore import QUrl
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from reviewer_app.applicants import PositionVersion
from reviewer_app.positions import parse_position
from reviewer_app.rendering import render_document

NOT_MATCHED = "Not matched to a position: match it with “Change” on the Applicant tab."


@functools.lru_cache(maxsize=32)
def position_html(source: str, slug: str, title: str) -> str:
    """Returns the rendered description of one position version (kept: rendering is ~5 ms).

    Keyed by the source itself, so a new version of a position is rendered anew.
    """
    return render_document(parse_position(source, slug).body, title=title)


class PositionBrowser(QTextBrowser):
    """A QTextBrowser that never fetches anything: links open in the real browser.

    Lines are kept to a readable length on wide windows (Qt's CSS has no max-width).
    """

    MAX_LINE_WIDTH: ClassVar[int] = 860

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(True)
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self.document().setDocumentMargin(14)
        self._shown: tuple[int, str] | None = None
        self._wanted: PositionVersion | None = None
        self._stale = True
        self._fit_line_width()

    def show_position(self, position: PositionVersion | None) -> None:
        """Shows the description of ``position`` (a hint when None).

        While the browser is hidden (the Applicant tab is in front) only the position is
        remembered; it is rendered when the browser is shown, so that moving through
        applicants does not lay out a description nobody sees.
        """
        self._wanted = position
        self._stale = True
        if self.isVisible():
            self._render()

    def ensure_rendered(self) -> None:
        """Renders the position asked for now, even while hidden (tests, screenshots)."""
        if self._stale:
            self._render()

    def _render(self) -> None:
        self._stale = False
        position = self._wanted
        key = None if position is None else (position.id, position.source)
        if key == self._shown and key is not None:
            return  # same version: keep the reader's scroll position
        self._shown = key
        if position is None:
            self.setPlainText(NOT_MATCHED)
            return
        self.setHtml(position_html(position.source, position.slug, position.title))
        self.verticalScrollBar().setValue(0)

    def showEvent(self, event: QShowEvent) -> None:
        """Renders the position asked for while the browser was hidden."""
        super().showEvent(event)
        self.ensure_rendered()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Rewraps the text to the new width, up to :attr:`MAX_LINE_WIDTH`."""
        super().resizeEvent(event)
        self._fit_line_width()

    def _fit_line_width(self) -> None:
        width = min(self.viewport().width(), self.MAX_LINE_WIDTH)
        if width != self.lineWrapColumnOrWidth():
            self.setLineWrapColumnOrWidth(width)

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Returns nothing for any URL but ``data:``: no image or stylesheet is ever fetched."""
        if QUrl(name).scheme() == "data":
            return super().loadResource(type, name)
        return None
