"""Tests of sharing the window's width: no pane squeezed below a readable width."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from reviewer_app.ui.window.main_window import MINIMUM_SIZE, MainWindow
from reviewer_app.ui.window.panes import PaneWidths, lay_out_now, readable_width, split_width
from tests.ui.conftest import wait_settled

PANES = PaneWidths(
    listing=284, listing_wanted=330, applicant=256, description=224, panel=370, handle=4
)
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.mark.parametrize("width", [980, 1024, 1216, 1297, 1320, 1900])
def test_split_gives_no_pane_less_than_its_minimum(width: int) -> None:
    description = PANES.fits(width, listing=True, description=True)
    split = split_width(width, PANES, listing=True, description=description)
    assert split.listing >= PANES.listing
    assert split.applicant >= PANES.applicant
    assert split.panel >= PANES.panel
    assert split.description == 0 or split.description >= PANES.description
    handles = 3 * PANES.handle
    assert split.listing + split.applicant + split.description + split.panel + handles == width


def test_a_narrow_window_folds_the_description_and_keeps_the_search_box_whole() -> None:
    assert not PANES.fits(980, listing=True, description=True)
    split = split_width(980, PANES, listing=True, description=False)
    assert split.description == 0
    assert split.listing >= PANES.listing_wanted


def test_without_the_list_the_description_fits_a_narrow_window() -> None:
    assert PANES.fits(980, listing=False, description=True)
    split = split_width(980, PANES, listing=False, description=True)
    assert split.listing == 0
    assert split.description >= PANES.description and split.applicant >= PANES.applicant


def _wraps(label: QLabel) -> bool:
    return label.heightForWidth(label.width()) > label.heightForWidth(10_000)


def _assert_readable(window: MainWindow) -> None:
    QApplication.processEvents()
    description = window.middle_splitter.sizes()[1]
    assert description == 0 or description >= readable_width(window.position_browser)
    assert window.applicant_view.width() >= readable_width(window.applicant_view.answers)
    for row in window.review_panel.checks.rows:
        assert not _wraps(row.label), row.label.text()
    if window.applicant_list.isVisible():
        search = window.applicant_list.search
        placeholder = search.fontMetrics().horizontalAdvance(search.placeholderText())
        assert search.width() > placeholder


def test_the_smallest_window_folds_the_description_away(window: MainWindow) -> None:
    window.resize(*MINIMUM_SIZE)
    window.panes.split()  # as on a first start at this size
    _assert_readable(window)
    assert window.middle_splitter.sizes()[1] == 0
    assert not window.menus.actions_by_name["description"].isChecked()
    assert window.description_button.isVisible()
    assert "▸" in window.description_button.text()


def _smallest_and_active(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(*MINIMUM_SIZE)
    window.panes.split()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_unfolding_on_a_small_window_makes_the_list_make_way(
    qtbot: QtBot, window: MainWindow
) -> None:
    _smallest_and_active(qtbot, window)
    window.description_button.click()
    assert window.panes.description_shown
    assert window.applicant_list.isHidden()
    _assert_readable(window)
    window.menus.actions_by_name["next"].trigger()  # J still moves through the hidden list
    assert window.current_id() == window.applicant_list.model.application_id(1)
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)  # back to the list: the description folds
    assert window.applicant_list.table.hasFocus()
    assert not window.panes.description_shown
    _assert_readable(window)


def test_unfolding_over_the_focused_list_gives_the_focus_to_the_checks(
    qtbot: QtBot, window: MainWindow
) -> None:
    # The list went, and Qt gave its focus to Change: 1, 2 and 3 did nothing.
    _smallest_and_active(qtbot, window)
    wait_settled(qtbot, window)
    window.applicant_list.table.setFocus()
    window.menus.actions_by_name["description"].trigger()
    assert window.applicant_list.isHidden()
    qtbot.waitUntil(lambda: window.review_panel.isAncestorOf(QApplication.focusWidget()))
    # And the reviewer is told where the list went, and how to have it back.
    assert "Ctrl+L brings it back" in window.statusBar().currentMessage()


def test_the_description_unfolds_by_itself_when_the_window_grows(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(*MINIMUM_SIZE)
    window.panes.split()
    assert not window.panes.description_shown
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.panes.description_shown)
    _assert_readable(window)
    assert window.menus.actions_by_name["description"].isChecked()


def test_a_description_folded_by_the_reviewer_stays_folded(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1366, 768)
    window.panes.split()
    assert window.panes.description_shown
    window.menus.actions_by_name["description"].trigger()
    assert not window.panes.description_shown
    window.resize(1600, 900)
    QApplication.processEvents()
    assert not window.panes.description_shown
    window.menus.actions_by_name["position_pane"].trigger()  # Ctrl+2 unfolds it
    assert window.panes.description_shown
    assert window.position_browser.hasFocus() or not window.isActiveWindow()
    _assert_readable(window)


def test_a_description_folded_at_the_last_start_shows_folded_and_ctrl_d_unfolds_it(
    qtbot: QtBot, make_window: Callable[..., MainWindow], layout_settings: QSettings
) -> None:
    first = make_window(settings=layout_settings)
    first.resize(*MINIMUM_SIZE)
    first.panes.split()  # too narrow for the description: folded for lack of room
    assert not first.panes.description_shown
    first.close()
    second = make_window(settings=layout_settings)
    assert not second.panes.description_shown
    # The button and the menu said "shown", so the first Ctrl+D only "folded" it again.
    assert "▸" in second.description_button.text()
    assert not second.menus.actions_by_name["description"].isChecked()
    second.menus.actions_by_name["description"].trigger()
    assert second.panes.description_shown
    _assert_readable(second)


def test_six_digit_counts_never_push_the_panels_buttons_out_of_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    """A 100,000-application cache's counts widen the list: the window makes room."""
    window.resize(*MINIMUM_SIZE)
    window.panes.split()
    for button in window.applicant_list.toggles.values():  # as the list shows its counts
        button.setText(f"{button.property('baseText')} 100,000")
        button.setMinimumWidth(button.sizeHint().width())
    notes, panel = window.review_panel.notes, window.review_panel
    notes.start_new_note()
    window.resize(*MINIMUM_SIZE)  # the least the reviewer can make it
    viewport = panel.scroll_area.viewport()

    def cut() -> list[str]:
        edge = min(window.width(), viewport.mapTo(window, QPoint(viewport.width(), 0)).x())
        buttons = (notes.new_button, notes.cancel_button, notes.save_button)
        return [
            b.text()
            for b in (*buttons, panel.decision.save_button)
            if b.mapTo(window, QPoint(b.width(), 0)).x() > edge
        ]

    listing = window.applicant_list
    qtbot.waitUntil(lambda: listing.width() >= listing.minimumSizeHint().width())
    lay_out_now(window)
    assert cut() == []
    assert window.width() >= MINIMUM_SIZE[0]
    _assert_readable(window)
