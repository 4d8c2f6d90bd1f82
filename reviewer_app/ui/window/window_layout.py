"""The main window's size, its remembered layout, and the widths its panes need."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QGuiApplication

from reviewer_app.ui.window.panes import PaneWidths, readable_width

if TYPE_CHECKING:
    from reviewer_app.ui.window.main_window import MainWindow


def fit_default_size(window: MainWindow, size: tuple[int, int], minimum: tuple[int, int]) -> None:
    """Gives ``window`` its first size: ``size``, within 95 % of the screen."""
    width, height = size
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, int(available.width() * 0.95))
        height = min(height, int(available.height() * 0.95))
    window.resize(max(width, minimum[0]), max(height, minimum[1]))


def restore_layout(window: MainWindow, settings: QSettings | None) -> bool:
    """Restores geometry, splitters, the description's fold, the sort, filters and applicant.

    Returns:
        Whether a splitter was restored.
    """
    if settings is None:
        return False
    restored_splitter = False
    for key, restore in (
        ("main_window/geometry", window.restoreGeometry),
        ("main_window/state", window.restoreState),
        ("main_window/main_splitter", window.main_splitter.restoreState),
        ("main_window/middle_splitter", window.middle_splitter.restoreState),
    ):
        value = settings.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            restored = restore(value)
            if key.endswith("splitter"):
                restored_splitter = bool(restored)
    # The reviewer's choice; folded for lack of room, it unfolds once there is room.
    wanted = settings.value("main_window/description", "shown")
    window.panes.description_wanted = wanted != "folded"
    _restore_sort(window, settings.value("main_window/sort"))
    _restore_filters(
        window, settings.value("main_window/filters"), settings.value("main_window/stage")
    )
    shown = settings.value("main_window/applicant")  # back to where the reviewer was
    window.applicant_list.prefer(shown if isinstance(shown, str) and shown else None)
    return restored_splitter


def _restore_sort(window: MainWindow, saved: object) -> None:
    """Orders the list as the reviewer last did ("section descending", say "0 1")."""
    parts = saved.split() if isinstance(saved, str) else []
    if len(parts) != 2 or not all(part.isdigit() for part in parts):
        return  # never sorted, or a value written by hand: the default order
    section, descending = int(parts[0]), parts[1] == "1"
    model = window.applicant_list.model
    if section >= model.columnCount() or not model.sortable(section):
        return
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    window.applicant_list.table.horizontalHeader().setSortIndicator(section, order)


def _restore_filters(window: MainWindow, toggles: object, stage: object) -> None:
    """Turns on the list's toggles and stage as the reviewer left them (unknown ones: not).

    Before the first list is read: set quietly, they are part of its query.
    """
    listing = window.applicant_list
    for key in toggles.split() if isinstance(toggles, str) else []:
        button = listing.toggles.get(key)
        if button is not None:
            button.blockSignals(True)
            button.setChecked(True)
            button.blockSignals(False)
    combo = listing.stage_combo
    for index in range(combo.count()):
        data = combo.itemData(index)
        if data is not None and str(data) == stage:  # a Stage, or its text as Qt gives it
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)


def save_layout(window: MainWindow, settings: QSettings | None) -> None:
    """Remembers geometry, splitters, the description's fold, the sort, filters and applicant."""
    if settings is None:
        return
    settings.setValue("main_window/geometry", window.saveGeometry())
    settings.setValue("main_window/state", window.saveState())
    settings.setValue("main_window/main_splitter", window.main_splitter.saveState())
    settings.setValue("main_window/middle_splitter", window.middle_splitter.saveState())
    settings.setValue(
        "main_window/description", "shown" if window.panes.description_wanted else "folded"
    )
    header = window.applicant_list.table.horizontalHeader()
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    settings.setValue("main_window/sort", f"{header.sortIndicatorSection()} {int(descending)}")
    settings.setValue("main_window/applicant", window.current_id() or "")
    listing = window.applicant_list
    on = [key for key, button in listing.toggles.items() if button.isChecked()]
    settings.setValue("main_window/filters", " ".join(on))
    stage = listing.stage_combo.currentData()
    settings.setValue("main_window/stage", str(stage) if stage else "")
    settings.sync()


def pane_widths(window: MainWindow) -> PaneWidths:
    """The panes' minimum widths now (fonts and content change them)."""
    listing = window.applicant_list
    search = listing.search
    # The search box's placeholder names its shortcut: the list is wide enough to show
    # it all, when there is room (the box takes the list's width less its neighbours).
    placeholder = search.fontMetrics().horizontalAdvance(search.placeholderText())
    beside = listing.width() - search.width() if search.width() > 0 else 0
    padding = 2 * search.fontMetrics().averageCharWidth()
    panel = window.review_panel
    return PaneWidths(
        listing=listing.minimumSizeHint().width(),
        listing_wanted=placeholder + padding + beside,
        # Its answers readable, whatever its labels hold: an applicant's long email or
        # an unmatched one's "No position" never widens the pane (see PaneLayout.fit).
        applicant=max(
            readable_width(window.applicant_view.answers), window.applicant_view.fixed_width()
        ),
        description=readable_width(window.position_browser),
        panel=max(panel.minimumWidth(), panel.minimumSizeHint().width()),
        handle=window.main_splitter.handleWidth(),
    )
