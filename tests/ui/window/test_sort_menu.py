"""Tests of reviewer_app/ui/window/sort_menu.py: View → Sort by, in step with the titles."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.filters import SortKey
from reviewer_app.ui.list.applicant_labels import NAME, POSITION, STAGE
from reviewer_app.ui.window.main_window import MainWindow
from reviewer_app.ui.window.sort_menu import SortMenu


def sort_menu(window: MainWindow) -> SortMenu:
    """View → Sort by, found as the keyboard finds it: by the View menu's mnemonic."""
    view = window.menus.menus_by_title["&View"]
    entry = next(a for a in view.actions() if a.text() == "&Sort by")
    menu = entry.menu()
    assert isinstance(menu, SortMenu)
    return menu


def checked(menu: SortMenu) -> tuple[str, str]:
    """The key and the direction the menu checks, as their texts."""
    key = next(a.text() for a in menu.keys.values() if a.isChecked())
    order = menu.descending if menu.descending.isChecked() else menu.ascending
    return key.replace("&", ""), order.text().replace("&", "")


def test_the_view_menu_sorts_by_each_key_both_ways(
    qtbot: QtBot, window: MainWindow, settle: Callable[[MainWindow], None]
) -> None:
    settle(window)
    menu, model = sort_menu(window), window.applicant_list.model
    header = window.applicant_list.table.horizontalHeader()
    assert checked(menu) == ("Submitted", "Descending")  # the list's own order
    menu.keys[SortKey.NAME].trigger()
    settle(window)
    assert model.sort_key == (SortKey.NAME, False)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        NAME, Qt.SortOrder.AscendingOrder,
    )  # fmt: skip
    names = [model.index(row, NAME).data() for row in range(20)]
    assert names == sorted(names, key=str.casefold)
    menu.descending.trigger()
    settle(window)
    assert model.sort_key == (SortKey.NAME, True)
    assert checked(menu) == ("Name", "Descending")
    menu.keys[SortKey.STAGE].trigger()
    assert model.sort_key == (SortKey.STAGE, False)
    assert header.sortIndicatorSection() == STAGE
    menu.keys[SortKey.SUBMITTED].trigger()
    assert model.sort_key == (SortKey.SUBMITTED, True)  # newest first, as at the start


def test_a_click_on_a_column_title_moves_the_checks(
    qtbot: QtBot, window: MainWindow, settle: Callable[[MainWindow], None]
) -> None:
    settle(window)
    menu, table = sort_menu(window), window.applicant_list.table
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(NAME) + header.sectionSize(NAME) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    settle(window)
    key, descending = window.applicant_list.model.sort_key
    assert key == SortKey.NAME
    assert checked(menu) == ("Name", "Descending" if descending else "Ascending")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    settle(window)
    assert window.applicant_list.model.sort_key == (SortKey.NAME, not descending)
    assert checked(menu) == ("Name", "Ascending" if descending else "Descending")
    # A column that does not sort leaves the order, and the checks, where they were.
    header.setSortIndicator(POSITION, Qt.SortOrder.AscendingOrder)
    assert checked(menu)[0] == "Name"


def test_every_entry_has_its_own_mnemonic_and_the_help_names_the_menu(
    window: MainWindow,
) -> None:
    menu = sort_menu(window)
    keys = [a.text().split("&")[1][0].lower() for a in menu.actions() if a.text()]
    assert len(keys) == 5 and len(set(keys)) == 5
    view = window.menus.menus_by_title["&View"]
    tops = [a.text().split("&")[1][0].lower() for a in view.actions() if "&" in a.text()]
    assert tops.count("s") == 1  # Alt+V, S reaches it
    listed = dict(window.menus.shortcut_sections()[1][1])
    assert "View → Sort by" in listed["Alt+V, S"]


def test_blind_review_greys_out_the_name(window: MainWindow) -> None:
    menu = sort_menu(window)
    window.applicant_list.model.set_blind(True)
    assert not menu.keys[SortKey.NAME].isEnabled()
    assert isinstance(menu.parent(), QMenu)
