"""The main window: the shipped positions, each description beside its checks."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStyle,
    QTableView,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from reviewer_app import __version__
from reviewer_app.commitment import hours_label, months_label
from reviewer_app.rendering import render_document

if TYPE_CHECKING:
    from reviewer_app.positions import Position

_Index = QModelIndex | QPersistentModelIndex

DEFAULT_SIZE = (1200, 720)
MINIMUM_SIZE = (760, 480)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class PositionListModel(QAbstractListModel):
    """The positions as a list: title and number of checks, a warning icon on errors."""

    PositionRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 1

    def __init__(self, positions: Sequence[Position], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._positions = list(positions)
        # Every row gets an icon, blank when fine, so that all titles line up.
        blank = QPixmap(16, 16)
        blank.fill(Qt.GlobalColor.transparent)
        self._blank_icon = QIcon(blank)
        self._error_icon = QApplication.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning
        )

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Returns the number of positions (0 under any item: the list is flat)."""
        return 0 if parent.isValid() else len(self._positions)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Returns the title and check count, the error icon, the problems or the position."""
        if not index.isValid() or not 0 <= index.row() < len(self._positions):
            return None
        position = self._positions[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{position.title}\n{_plural(len(position.checks), 'check')}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._error_icon if position.has_errors else self._blank_icon
        if role == Qt.ItemDataRole.ToolTipRole and position.problems:
            return "\n".join(f"{p.severity.capitalize()}: {p.message}" for p in position.problems)
        if role == self.PositionRole:
            return position
        return None

    def position(self, row: int) -> Position:
        """Returns the position in ``row``."""
        return self._positions[row]


class CheckTableModel(QAbstractTableModel):
    """The requirement checks of one position: label and the text it checks."""

    HEADERS: ClassVar[tuple[str, str]] = ("Check", "Requirement")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._checks: list[Any] = []

    def set_position(self, position: Position | None) -> None:
        """Shows the checks of ``position`` (none for ``None``)."""
        self.beginResetModel()
        self._checks = list(position.checks) if position is not None else []
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Returns the number of checks."""
        return 0 if parent.isValid() else len(self._checks)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Returns 2: label and requirement text."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Returns the label or text of a check; its kind as tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._checks):
            return None
        check = self._checks[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return check.label if index.column() == 0 else check.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{check.kind}: {check.text}"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Returns the column titles."""
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None


class PositionBrowser(QTextBrowser):
    """A QTextBrowser that never fetches anything: links open in the real browser.

    Lines are kept to a readable length on wide windows (Qt's CSS has no max-width).
    """

    MAX_LINE_WIDTH: ClassVar[int] = 860

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(True)
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self._fit_line_width()

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


def commitment_text(position: Position) -> str:
    """Describes what a position asks of a volunteer, e.g. "Commitment: ≥ 5 h/week · ≥ 3 months"."""
    commitment = position.commitment
    parts = []
    if commitment.min_hours_per_week:
        parts.append(hours_label(commitment.min_hours_per_week))
    if commitment.min_months:
        parts.append(months_label(commitment.min_months))
    if not parts:
        parts = [line for line in commitment.lines if line.strip()]
    return "Commitment: " + (" · ".join(parts) if parts else "not stated")


class PositionDetails(QWidget):
    """The compact panel under the description: commitment, problems, checks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commitment_label = QLabel(self)
        self.commitment_label.setObjectName("commitmentLabel")
        self.commitment_label.setWordWrap(True)
        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("problemsLabel")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.RichText)
        self.checks_model = CheckTableModel(self)
        self.checks_view = QTableView(self)
        self.checks_view.setObjectName("checksView")
        self.checks_view.setModel(self.checks_model)
        self.checks_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.checks_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.checks_view.setWordWrap(True)
        self.checks_view.setAlternatingRowColors(True)
        self.checks_view.verticalHeader().hide()
        # Rows follow their wrapped text whenever the column width changes.
        self.checks_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        header = self.checks_view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.commitment_label)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.checks_view, 1)

    def set_position(self, position: Position | None) -> None:
        """Shows the checks, commitment and problems of ``position``."""
        self.checks_model.set_position(position)
        self.commitment_label.setText(commitment_text(position) if position else "")
        problems = position.problems if position else ()
        self.problems_label.setText(
            "<br>".join(
                f"<b>{html.escape(p.severity.capitalize())}</b>: {html.escape(p.message)}"
                for p in problems
            )
        )
        self.problems_label.setVisible(bool(problems))


class MainWindow(QMainWindow):
    """The positions on the left; the selected description and its checks on the right.

    Args:
        positions: The positions to show, in order.
        settings: Where the window remembers its geometry and splitters; ``None``
            remembers nothing (screenshots, some tests).
    """

    def __init__(
        self,
        positions: Sequence[Position],
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._shown_once = False
        self.setWindowTitle("reviewer_app")
        self.setMinimumSize(*MINIMUM_SIZE)

        self.position_model = PositionListModel(positions, self)
        self.position_list = QListView(self)
        self.position_list.setObjectName("positionList")
        self.position_list.setModel(self.position_model)
        self.position_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Two lines per item (title, number of checks): wrapping lets the view size them.
        self.position_list.setWordWrap(True)
        self.position_list.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.browser = PositionBrowser(self)
        self.browser.setObjectName("positionBrowser")
        self.browser.document().setDocumentMargin(14)
        self.details = PositionDetails(self)

        self.right_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.right_splitter.setObjectName("rightSplitter")
        self.right_splitter.addWidget(self.browser)
        self.right_splitter.addWidget(self.details)
        self.right_splitter.setStretchFactor(0, 3)
        self.right_splitter.setStretchFactor(1, 1)
        self.right_splitter.setChildrenCollapsible(False)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.position_list)
        self.main_splitter.addWidget(self.right_splitter)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.setSizes([280, DEFAULT_SIZE[0] - 280])
        self.right_splitter.setSizes([540, 160])
        self.setCentralWidget(self.main_splitter)

        self._build_menus()
        self.statusBar().showMessage(self._status_text(positions))
        self._fit_default_size()
        self._restore_state()

        if positions:
            self.position_list.setCurrentIndex(self.position_model.index(0, 0))
        else:
            self.browser.setPlainText("No positions found.")
            self.details.set_position(None)

    def current_position(self) -> Position | None:
        """Returns the selected position, if any."""
        index = self.position_list.currentIndex()
        return self.position_model.position(index.row()) if index.isValid() else None

    def show_position(self, position: Position | None) -> None:
        """Shows ``position`` in the description browser and the details panel."""
        if position is None:
            self.browser.clear()
        else:
            self.browser.setHtml(render_document(position.body, title=position.title))
        self.details.set_position(position)

    def showEvent(self, event: QShowEvent) -> None:
        """Starts the description at its top once the window has its real size."""
        super().showEvent(event)
        # Laid out at a tiny size before the first show, the browser scrolls to keep
        # its cursor visible and would open a little way down the page.
        if not self._shown_once:
            self._shown_once = True
            self.browser.verticalScrollBar().setValue(0)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remembers the window geometry and splitters, then closes."""
        self._save_state()
        super().closeEvent(event)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        # Explicit: QKeySequence.StandardKey.Quit is empty on Windows.
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu("&Help")
        about_action = QAction("&About reviewer_app", self)
        about_action.triggered.connect(self._show_about)
        help_menu.addAction(about_action)

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            "About reviewer_app",
            f"<p><b>reviewer_app</b> {html.escape(__version__)}</p>"
            "<p>Triage applications to volunteer positions, online or offline.</p>",
        )

    @staticmethod
    def _status_text(positions: Sequence[Position]) -> str:
        text = _plural(len(positions), "position")
        with_errors = sum(1 for p in positions if p.has_errors)
        if with_errors:
            text += f", {with_errors} with errors"
        return text

    def _fit_default_size(self) -> None:
        width, height = DEFAULT_SIZE
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.95))
            height = min(height, int(available.height() * 0.95))
        self.resize(max(width, MINIMUM_SIZE[0]), max(height, MINIMUM_SIZE[1]))

    def _on_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        self.show_position(self.position_model.position(indexes[0].row()) if indexes else None)

    def _restore_state(self) -> None:
        if self._settings is None:
            return
        for key, restore in (
            ("main_window/geometry", self.restoreGeometry),
            ("main_window/state", self.restoreState),
            ("main_window/main_splitter", self.main_splitter.restoreState),
            ("main_window/right_splitter", self.right_splitter.restoreState),
        ):
            value = self._settings.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                restore(value)

    def _save_state(self) -> None:
        if self._settings is None:
            return
        self._settings.setValue("main_window/geometry", self.saveGeometry())
        self._settings.setValue("main_window/state", self.saveState())
        self._settings.setValue("main_window/main_splitter", self.main_splitter.saveState())
        self._settings.setValue("main_window/right_splitter", self.right_splitter.saveState())
        self._settings.sync()
