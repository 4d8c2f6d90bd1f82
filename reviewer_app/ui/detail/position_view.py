"""The description of the position version an applicant is matched to, beside them."""

from __future__ import annotations

import functools
from collections import OrderedDict
from typing import Any, ClassVar

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QResizeEvent, QShowEvent, QTextDocument
from PySide6.QtWidgets import QStyle, QTextBrowser, QTextEdit, QWidget

from reviewer_app.applicants.records import PositionVersion
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.positions.rendering import render_document
from reviewer_app.ui.detail.for_reviewers import for_reviewers

NOTHING_SELECTED = "The description of the position an applicant applied for shows here."
NOT_MATCHED = "Not matched to a position: match it with “Change” under the applicant's name."


@functools.lru_cache(maxsize=32)
def position_html(source: str, slug: str, title: str, catalogue: PositionCatalogue) -> str:
    """Returns the rendered description of one position version (kept: rendering is ~5 ms).

    Keyed by the source itself, so a new version of a position is rendered anew; parsed
    through ``catalogue``. The calls to apply are left out (see
    :mod:`reviewer_app.ui.detail.for_reviewers`).
    """
    parsed = catalogue.parsed(slug, source)
    # Relative links resolve against the page's own address on the organisation's site.
    return for_reviewers(render_document(parsed.body, base_url=parsed.page_url, title=title))


class PositionBrowser(QTextBrowser):
    """A QTextBrowser that never fetches anything: links open in the real browser.

    Lines are kept to a readable length on wide windows (Qt's CSS has no max-width).
    Each position version's document is built once and kept, laid out: moving between
    applicants to different positions swaps documents instead of parsing and laying out
    the HTML again.

    Args:
        parent: The parent widget.
        catalogue: Parses the positions shown (the window's; a new one if None).
    """

    MAX_LINE_CHARACTERS: ClassVar[int] = 100  # a readable line, whatever the font size
    KEPT_DOCUMENTS: ClassVar[int] = 16

    def __init__(
        self, parent: QWidget | None = None, *, catalogue: PositionCatalogue | None = None
    ) -> None:
        super().__init__(parent)
        self._catalogue = PositionCatalogue() if catalogue is None else catalogue
        self.setOpenExternalLinks(True)
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self._documents: OrderedDict[tuple[int, str], QTextDocument] = OrderedDict()
        self._placeholder = self._new_document()
        self._placeholder_text = NOTHING_SELECTED
        self._placeholder.setPlainText(NOTHING_SELECTED)
        self.setDocument(self._placeholder)
        self._shown: tuple[int, str] | None = None
        self._wanted: PositionVersion | None = None
        self._stale = True
        self._fit_line_width()

    def show_position(self, position: PositionVersion | None, *, selected: bool = True) -> None:
        """Shows the description of ``position`` (a hint when None).

        Args:
            position: The position version, or None when the application is unmatched.
            selected: False when no application is selected: the hint says so.

        While the browser is hidden only the position is remembered; it is rendered when
        the browser is shown, so that nobody waits for a description nobody sees.
        """
        self._wanted = position
        self._placeholder_text = NOT_MATCHED if selected else NOTHING_SELECTED
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
        if position is None or key is None:
            if self._placeholder.toPlainText() != self._placeholder_text:
                self._placeholder.setPlainText(self._placeholder_text)
            self._show_document(self._placeholder)
            return
        document = self._documents.get(key)
        if document is None:
            document = self._new_document()
            document.setHtml(
                position_html(position.source, position.slug, position.title, self._catalogue)
            )
            self._documents[key] = document
            while len(self._documents) > self.KEPT_DOCUMENTS:
                _, oldest = self._documents.popitem(last=False)
                oldest.deleteLater()
        else:
            self._documents.move_to_end(key)
        self._show_document(document)
        self.verticalScrollBar().setValue(0)

    def _new_document(self) -> QTextDocument:
        # Parented to the browser: it outlives setDocument and asks the browser's
        # loadResource for anything it would load.
        document = QTextDocument(self)
        document.setDocumentMargin(14)
        return document

    def _show_document(self, document: QTextDocument) -> None:
        # A kept document already laid out at the browser's wrap width is not laid out
        # again (QTextDocument.setTextWidth ignores an unchanged width).
        if self.document() is not document:
            self.setDocument(document)

    def changeEvent(self, event: QEvent) -> None:
        """Renders the descriptions again in a new palette: links keep the colour of their parse."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._documents:
            self._show_document(self._placeholder)
            for document in self._documents.values():
                document.deleteLater()
            self._documents.clear()
            self._shown = None
            self._stale = True
            if self.isVisible():
                self._render()

    def showEvent(self, event: QShowEvent) -> None:
        """Renders the position asked for while the browser was hidden."""
        super().showEvent(event)
        self.ensure_rendered()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Rewraps the text to the new width, up to :attr:`MAX_LINE_CHARACTERS`."""
        super().resizeEvent(event)
        self._fit_line_width()

    def _fit_line_width(self) -> None:
        # From the browser's width, as if the vertical scroll bar were always shown: a
        # description that needs it then never needs a horizontal one too, and showing
        # or hiding it (a long or a short description) does not rewrap anything.
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        longest = self.fontMetrics().averageCharWidth() * self.MAX_LINE_CHARACTERS
        width = min(self.width() - 2 * self.frameWidth() - bar, longest)
        if width > 0 and width != self.lineWrapColumnOrWidth():
            self.setLineWrapColumnOrWidth(width)

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Returns nothing for any URL but ``data:``: no image or stylesheet is ever fetched."""
        if QUrl(name).scheme() == "data":
            return super().loadResource(type, name)
        return None
