"""Tests of the position description browser (offscreen)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from reviewer_app.applicants.records import PositionVersion
from reviewer_app.config.paths import positions_dir
from reviewer_app.ui.detail.position_view import NOT_MATCHED, NOTHING_SELECTED, PositionBrowser

SHORT = "---\ntitle: Short\n---\nA short description.\n"


def _position(number: int, slug: str, source: str) -> PositionVersion:
    return PositionVersion(id=number, slug=slug, version=1, title=slug.title(), source=source)


def _browser(qtbot: QtBot) -> PositionBrowser:
    browser = PositionBrowser()
    qtbot.addWidget(browser)
    browser.resize(420, 500)
    browser.show()
    qtbot.waitExposed(browser)
    return browser


def test_each_version_is_rendered_once_and_kept(qtbot: QtBot) -> None:
    source = (positions_dir() / "backend-developer.md").read_text(encoding="utf-8")
    backend = _position(1, "backend-developer", source)
    short = _position(2, "short", SHORT)
    browser = _browser(qtbot)

    browser.show_position(backend)
    first = browser.document()
    assert "Backend" in first.toPlainText()
    browser.show_position(short)
    assert browser.document() is not first
    assert "A short description." in browser.document().toPlainText()
    browser.show_position(backend)
    assert browser.document() is first  # kept, not parsed and laid out again

    # A new version of the same position is rendered anew.
    # (Not at the end, which is the "Apply" section the window leaves out.)
    changed = source.replace("## Position Description", "## Position Description\n\nNew line.\n")
    browser.show_position(_position(1, "backend-developer", changed))
    assert browser.document() is not first
    assert "New line." in browser.document().toPlainText()


def test_unmatched_shows_a_hint(qtbot: QtBot) -> None:
    browser = _browser(qtbot)
    browser.show_position(_position(2, "short", SHORT))
    browser.show_position(None)
    assert browser.toPlainText() == NOT_MATCHED


def test_a_long_or_short_description_does_not_change_the_line_width(qtbot: QtBot) -> None:
    # The wrap width leaves room for the vertical scroll bar whether it shows or not:
    # moving between a long and a short description neither rewraps nor needs a
    # horizontal scroll bar.
    long_text = "---\ntitle: Long\n---\n" + "\n\n".join(["Words " * 60] * 40)
    browser = _browser(qtbot)
    browser.show_position(_position(2, "short", SHORT))
    qtbot.wait(10)
    width = browser.lineWrapColumnOrWidth()
    assert not browser.verticalScrollBar().isVisible()
    browser.show_position(_position(3, "long", long_text))
    qtbot.waitUntil(lambda: browser.verticalScrollBar().isVisible())
    assert browser.lineWrapColumnOrWidth() == width
    assert not browser.horizontalScrollBar().isVisible()
    assert browser.document().size().width() <= browser.viewport().width()


def test_only_a_few_documents_are_kept(qtbot: QtBot) -> None:
    browser = _browser(qtbot)
    for number in range(PositionBrowser.KEPT_DOCUMENTS + 5):
        browser.show_position(_position(number, f"p{number}", SHORT))
    assert len(browser._documents) == PositionBrowser.KEPT_DOCUMENTS


def test_with_nothing_selected_the_hint_does_not_speak_of_matching(qtbot: QtBot) -> None:
    browser = _browser(qtbot)
    browser.show_position(None, selected=False)
    assert browser.toPlainText() == NOTHING_SELECTED
    browser.show_position(None)
    assert browser.toPlainText() == NOT_MATCHED
