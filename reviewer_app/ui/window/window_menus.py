"""The window's menus: actions with their shortcuts, and the shortcut help made from them.

Every action is added to the window as well, so that its shortcut works with the menu
bar hidden, and its tooltip names the shortcut, so that it is learnt by hovering. The
window says what each menu holds; the Help menu (the shortcuts, About) is made here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QToolButton, QWidget

from reviewer_app import __version__
from reviewer_app.ui.list.applicant_table import ApplicantTable
from reviewer_app.ui.review.review_panel import ReviewPanel
from reviewer_app.ui.window.dialogs import ShortcutsDialog
from reviewer_app.ui.window.panes import PaneLayout
from reviewer_app.ui.window.sort_menu import SORT_HELP, add_sort_menu

# Shortcuts that are keys of widgets, not actions, listed in the help.
LIST_SHORTCUTS = [
    ("Up / Down", "Previous / next applicant (in the list)"),
    ("Enter", "To the selected applicant's first check not recorded"),
    ("Tab", "From the search box to the list"),
    SORT_HELP,
]

# (name, text with its mnemonic, shortcut, slot, what it does: "" says it with the text)
MenuEntry = tuple[str, str, str, Callable[[], object], str]


class WindowMenus:
    """Makes the window's menus and actions, and keeps the actions by name.

    Args:
        window: The main window: the actions' parent, and where their shortcuts work.
        dialogs: The window's list of non-modal windows, kept alive while open.
    """

    def __init__(self, window: QMainWindow, dialogs: list[QWidget]) -> None:
        self._window = window
        self._dialogs = dialogs
        self.actions_by_name: dict[str, QAction] = {}
        self._descriptions: dict[str, str] = {}  # by action name, as the help lists them
        self.menus_by_title: dict[str, QMenu] = {}  # "&View": the View menu

    def action(
        self, name: str, text: str, shortcut: str, slot: Callable[[], object], tip: str = ""
    ) -> QAction:
        """Makes an action of the window; ``tip`` says what it does (default: ``text``)."""
        action = QAction(text, self._window)
        action.setObjectName(name)
        description = tip or text.replace("&", "").rstrip("…")
        self._descriptions[name] = description
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            # Tooltips name the shortcut, so it is learnt by hovering.
            action.setToolTip(f"{description} ({shortcut})")
        action.triggered.connect(lambda _=False: slot())
        self._window.addAction(action)  # shortcuts work with the menu bar hidden too
        self.actions_by_name[name] = action
        return action

    def add_menu(self, title: str, entries: Sequence[MenuEntry | QAction | None]) -> QMenu:
        """Adds a menu of ``entries`` (actions made from them; None is a separator)."""
        menu = self._window.menuBar().addMenu(title)
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            else:
                menu.addAction(entry if isinstance(entry, QAction) else self.action(*entry))
        menu.setToolTipsVisible(True)  # each tooltip names the shortcut
        self.menus_by_title[title] = menu
        return menu

    def add_help_menu(self) -> QMenu:
        """Adds the Help menu: the keyboard shortcuts, About."""
        return self.add_menu(
            "&Help",
            [
                ("shortcuts", "&Keyboard shortcuts", "F1", self.show_shortcuts, ""),
                ("about", "&About reviewer_app", "", self.show_about, ""),
            ],
        )

    def shortcut_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every shortcut, grouped as the help dialog shows them."""
        # What each action does, without the key the tooltip ends with: the dialog shows
        # the key in its own column.
        window = [
            (
                action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                self._descriptions[name],
            )
            for name, action in self.actions_by_name.items()
            if not action.shortcut().isEmpty()
        ]
        return [
            ("Window", window),
            ("Applicant list", LIST_SHORTCUTS),
            ("Review panel", list(ReviewPanel.SHORTCUTS)),
        ]

    def show_shortcuts(self) -> None:
        """Shows the keyboard shortcuts in a window of their own."""
        dialog = ShortcutsDialog(self.shortcut_sections(), self._window)
        self._dialogs.append(dialog)
        dialog.show()

    def show_about(self) -> None:
        """Shows the version, what the app is for, its licence and what it bundles."""
        from PySide6.QtCore import QUrl

        from reviewer_app.config.paths import THIRD_PARTY_LICENCES, third_party_licences

        licences = third_party_licences()
        bundled = (
            f"<p>It bundles Python, Qt and other free software, each under its own licence: "
            f'see <a href="{QUrl.fromLocalFile(str(licences)).toString()}">'
            f"{THIRD_PARTY_LICENCES}</a>.</p>"
            if licences is not None
            else "<p>Run from source: its dependencies and their licences are those "
            "installed with it (pyproject.toml).</p>"
        )
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "About reviewer_app",
            f"<p><b>reviewer_app</b> {html.escape(__version__)}</p>"
            "<p>Triage applications to volunteer positions, online or offline.</p>"
            "<p>Free software under the MIT licence.</p>" + bundled,
            QMessageBox.StandardButton.Close,
            self._window,
        )
        box.setObjectName("aboutBox")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self._dialogs.append(box)
        box.open()


def add_view_menu(
    menus: WindowMenus, window: QMainWindow, panes: PaneLayout, table: ApplicantTable
) -> QToolButton:
    """Adds the View menu: Position description (and its button), then Sort by.

    Returns:
        The description's button (see :func:`add_description_toggle`).
    """
    button = add_description_toggle(menus, window, panes)
    add_sort_menu(menus.menus_by_title["&View"], table)
    return button


def add_description_toggle(
    menus: WindowMenus, window: QMainWindow, panes: PaneLayout
) -> QToolButton:
    """Adds View → Position description (Ctrl+D), and its button beside the menu bar.

    Returns:
        The button, where it is seen without opening a menu: a folded description is
        easy to miss.
    """
    description = menus.action(
        "description", "Position &description", "Ctrl+D",
        lambda: panes.set_description_shown(description.isChecked()),
        "Show or fold away the position description beside the applicant",
    )  # fmt: skip
    description.setCheckable(True)
    description.setChecked(True)
    menus.add_menu("&View", [description])
    button = QToolButton(window)
    button.setObjectName("descriptionToggle")
    button.setAutoRaise(True)
    button.clicked.connect(description.trigger)
    window.menuBar().setCornerWidget(button, Qt.Corner.TopRightCorner)

    def toggled(shown: bool) -> None:
        description.setChecked(shown)
        button.setText("Description ◂" if shown else "Description ▸")
        verb = "Fold away" if shown else "Show"
        button.setToolTip(f"{verb} the position description (Ctrl+D)")

    panes.description_toggled.connect(toggled)
    toggled(True)
    return button
