"""The window's keyboard flow: where the focus goes after J/K, and keys for what had none.

After J or K (or Enter on a row of the list) the focus lands on the applicant's first
check not yet recorded, so that triage is J, 1/2/3 … and J again. Stages have absolute
keys (Alt+1 New … Alt+7 On hold, whatever the current stage), Ctrl+M changes the
position, each list filter has a key of its own, with Clear filters, and Shift+J/K add
applicants to the selection for bulk actions.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.ui.detail.applicant_view import ApplicantView
from reviewer_app.ui.list.applicant_list import ApplicantList
from reviewer_app.ui.list.filter_keys import CLEAR_KEY, FILTER_KEYS, clear_filters
from reviewer_app.ui.review.decision_widget import already_text
from reviewer_app.ui.review.review_panel import ReviewPanel
from reviewer_app.ui.review.review_style import STAGE_KEYS, STAGE_LABELS
from reviewer_app.ui.window.panes import PaneLayout
from reviewer_app.ui.window.window_menus import MenuEntry, WindowMenus


def _typing(widget: QWidget | None) -> bool:
    """Whether ``widget`` takes typed text (the focus is never pulled out of one)."""
    if isinstance(widget, QLineEdit):
        return True
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return False


class KeyboardFlow(QObject):
    """Moves the focus after J/K and adds the stage, position and filter keys.

    Args:
        listing: The applicant list (J/K step it; its filters get keys).
        applicant: The applicant pane (its Change button).
        panel: The review panel (checks and decision).
        say: Shows a short message in the status bar.
        parent: The window.
        panes: The window's panes (Ctrl+L and Ctrl+2 unfold what they go to).
        description: The position description pane.
    """

    def __init__(
        self,
        listing: ApplicantList,
        applicant: ApplicantView,
        panel: ReviewPanel,
        say: Callable[[str], None],
        parent: QWidget,
        panes: PaneLayout,
        description: QWidget,
    ) -> None:
        super().__init__(parent)
        self._panes = panes
        self._description = description
        self._listing = listing
        self._applicant = applicant
        self._panel = panel
        self._say = say
        self._focus_for: str | None = None  # the applicant J/K moved to, until shown
        # Enter on a row (or a double click): to its checks, as J/K would go.
        listing.table.activated.connect(lambda _index: self.to_checks())
        panes.focus_hidden.connect(self.to_checks)  # Ctrl+D on a narrow window
        panes.listing_folded.connect(
            lambda: say("The list made room for the description: Ctrl+L brings it back.")
        )
        panel.failed_elsewhere.connect(say)
        listing.table.hint.connect(say)  # 1, 2, 3 pressed on the list
        # Once the list has said whether it is empty (it does after the selection).
        panel.focus_left.connect(lambda: QTimer.singleShot(0, self._back_to_list))
        panel.decision.confirmed.connect(lambda stage: say(already_text(stage)))

    def _back_to_list(self) -> None:
        """To the list, or its Clear filters when a filter left it empty."""
        focus = QApplication.focusWidget()
        if focus is not None and self._panel.isAncestorOf(focus):
            return  # given back meanwhile (J to an applicant with checks)
        notice = self._listing.empty_notice
        target = notice.button if notice.isVisible() and notice.button.isVisible() else None
        (target or self._listing.table).setFocus(Qt.FocusReason.OtherFocusReason)

    # --- panes -------------------------------------------------------------------------

    def show_list(self) -> None:
        """Goes to the applicant list (Ctrl+L), showing it if it was folded away."""
        if self._listing.isHidden():
            self._panes.show_listing()
        self._listing.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_description(self) -> None:
        """Goes to the position description (Ctrl+2), unfolding it if folded away."""
        if not self._panes.description_shown:
            self._panes.set_description_shown(True)
        self._description.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- J and K --------------------------------------------------------------------------

    def step(self, rows: int) -> None:
        """Selects the applicant ``rows`` below (above when negative); see :meth:`shown`."""
        focus = QApplication.focusWidget()
        self._listing.step_selection(rows)
        # From a text field (a comment, the search) the focus stays: never pulled out.
        self._focus_for = None if _typing(focus) else self._listing.current_id()
        if self._focus_for is not None and self._panel.application_id == self._focus_for:
            self.shown(self._focus_for)  # the same applicant: at the list's first or last row

    def extend(self, rows: int) -> None:
        """Adds the applicant ``rows`` below (above) to the selection (Shift+J/K)."""
        table = self._listing.table
        count = self._listing.model.rowCount()
        if count:
            row = table.currentIndex().row()
            table.extend_to(0 if row < 0 else min(max(row + rows, 0), count - 1))

    def selection_entries(self) -> list[MenuEntry]:
        """Go → Add next / previous to the selection (Shift+J, Shift+K)."""
        return [
            ("extend_next", "Add ne&xt to selection", "Shift+J", lambda: self.extend(1),
             "Select the next applicant too (for bulk actions)"),
            ("extend_previous", "Add pre&vious to selection", "Shift+K",
             lambda: self.extend(-1), "Select the previous applicant too (for bulk actions)"),
        ]  # fmt: skip

    def to_checks(self) -> None:
        """Focuses the selected applicant's first open check (once it is shown)."""
        self._focus_for = self._listing.current_id()
        if self._focus_for is not None and self._panel.application_id == self._focus_for:
            self.shown(self._focus_for)

    def shown(self, application_id: str | None) -> None:
        """The panes show ``application_id``: the focus goes to its first open check.

        Without checks (an unmatched application) the list keeps the focus.
        """
        if application_id is None or application_id != self._focus_for:
            return
        self._focus_for = None
        focus = QApplication.focusWidget()
        window = self.parent()
        if focus is not None and (_typing(focus) or focus.window() is not window):
            return  # the reviewer went on typing, or to another window, meanwhile
        if not self._panel.focus_first_open_check():
            self._listing.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- menus ----------------------------------------------------------------------------

    def go_entries(self) -> list[MenuEntry]:
        """The Go menu: next and previous applicant, the selection, search, the panes."""
        return [
            ("next", "&Next applicant", "J", lambda: self.step(1),
             "Next applicant: the focus goes to the first check not recorded"),
            ("previous", "&Previous applicant", "K", lambda: self.step(-1),
             "Previous applicant: the focus goes to the first check not recorded"),
            *self.selection_entries(),
            ("search", "&Search", "Ctrl+F", self._listing.focus_search,
             "Search names, emails and answers"),
            ("list", "Applicant &list", "Ctrl+L", self.show_list, "Go to the applicant list"),
            ("applicant_pane", "&Applicant", "Ctrl+1", self._applicant.setFocus,
             "Go to the applicant's answers"),
            ("position_pane", "P&osition description", "Ctrl+2", self.show_description,
             "Go to the position description (unfolds it if folded away)"),
        ]  # fmt: skip

    def review_entries(self) -> list[MenuEntry]:
        """The Review menu's keys to the panel: checks, a new note, the decision, position."""
        panel = self._panel
        return [
            ("checks", "&Checks", "Ctrl+R", panel.focus_checks,
             "Go to the first check; then 1 Met, 2 Not met, 3 Unsure"),
            ("new_note", "&New note", "N", panel.start_new_note,
             "Write a note; Ctrl+Enter saves it"),
            ("decision", "&Decision", "D", panel.focus_decision,
             "Go to the decision; Enter saves it"),
            ("change_position", "Change &position…", "Ctrl+M", self.change_position,
             "Match the applicant to another position"),
        ]  # fmt: skip

    def stage_menu(self, menus: WindowMenus, review_menu: QMenu) -> QMenu:
        """Adds Review → Stage: one action a stage, Alt+1 … Alt+7."""
        menu = review_menu.addMenu("&Stage")
        for number, (stage, label) in enumerate(STAGE_LABELS.items(), start=1):
            menu.addAction(
                menus.action(
                    f"stage_{stage.value}",
                    f"&{number} {label}",
                    STAGE_KEYS[stage],
                    partial(self.choose_stage, stage),
                    f"Decision: {label} (Enter saves it)",
                )
            )
        menu.setToolTipsVisible(True)
        return menu

    def choose_stage(self, stage: Stage) -> None:
        """Puts ``stage`` in the decision and the focus in its reason (Enter saves)."""
        if self._panel.application_id is None:
            self._say("Select an applicant first.")
            return
        self._panel.focus_decision()
        self._panel.decision.choose_stage(stage)

    def change_position(self) -> None:
        """Opens the Change menu of the applicant's position, on the keyboard."""
        button: QAbstractButton = self._applicant.change_button
        if not button.isVisible() or not button.isEnabled():
            self._say("Select an applicant first.")
            return
        button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._applicant.change_button.showMenu()
        self.to_checks()  # the menu closed: 1, 2 and 3 work again

    def filters_menu(self, menus: WindowMenus, view_menu: QMenu) -> QMenu:
        """Adds View → Filters: each toggle, the position and stage filters, Clear filters.

        The toggles' actions are checked as the list's buttons are when the menu opens.
        """
        listing = self._listing
        menu = view_menu.addMenu("&Filters")
        toggles: list[tuple[QAction, QAbstractButton]] = []
        for key, text, shortcut in FILTER_KEYS:
            button = listing.toggles[key]
            action = menus.action(
                f"filter_{key}", text, shortcut, button.toggle,
                f"Show only: {button.toolTip()} (again: show all)",
            )  # fmt: skip
            action.setCheckable(True)
            toggles.append((action, button))
            menu.addAction(action)
        entries: list[MenuEntry | None] = [
            None,
            ("filter_position", "By &position…", "Ctrl+Shift+P", self._pick_position,
             "Choose the position whose applications are shown"),
            ("filter_stage", "By sta&ge…", "Ctrl+Shift+G", self._pick_stage,
             "Choose the stage whose applications are shown"),
            None,
            ("clear_filters", "&Clear filters", CLEAR_KEY, self.clear_filters,
             "Show every application: no filter, no search"),
        ]  # fmt: skip
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            else:
                menu.addAction(menus.action(*entry))

        def mirror() -> None:
            for action, button in toggles:
                action.setChecked(button.isChecked())

        menu.aboutToShow.connect(mirror)
        menu.setToolTipsVisible(True)
        return menu

    def clear_filters(self) -> None:
        """Shows every application again, and puts the focus in the list."""
        clear_filters(self._listing)
        self._listing.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _pick_position(self) -> None:
        combo = self._listing.position_combo
        combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
        combo.showPopup()

    def _pick_stage(self) -> None:
        combo = self._listing.stage_combo
        combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
        combo.showPopup()
