"""The stage board: one position's applications as columns by stage, moved by dragging.

A card shows the applicant (or the blind label), the days in its stage and how many of
the position's checks someone judged. Dropping a card on another column (or choosing
"Move to" in its context menu) asks the board's owner to record a decision: the Reports
window runs it through :class:`ReviewService`, like the decision control, so it syncs
and undoes like any decision. A stage that needs a reason (declined) asks for one first.
On the keyboard, Ctrl+Left and Ctrl+Right move the focused card to the previous or next
stage by the same path, and the focus follows it to its new column (not the main
window's Alt+1 … Alt+7: in this window Alt and a number choose a tab).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.identity import blind_name
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.reports.board import BoardCard, BoardColumn, needs_reason
from reviewer_app.reports.figures import STAGE_TITLES

CARD_MIME = "application/x-reviewer-app-application"
_ID_ROLE = Qt.ItemDataRole.UserRole + 1
BOARD_HINT = (
    "Drag a card to another column, or press Ctrl+Left or Ctrl+Right on it, to record "
    "that decision."
)
# The board's stages from left to right: Ctrl+Left and Ctrl+Right step along them.
_STAGES = list(STAGE_TITLES)
_STEPS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}


def card_text(card: BoardCard, *, blind: bool) -> str:
    """A card's two lines: who, then "12 d in stage · checks 2/3"."""
    who = blind_name(card.id) if blind else (card.name or blind_name(card.id))
    details = []
    if card.days_in_stage is not None:
        details.append(f"{card.days_in_stage} d in stage")
    if card.checks_total:
        details.append(f"checks {card.checks_done}/{card.checks_total}")
    return who + ("\n" + " · ".join(details) if details else "")


class _ColumnModel(QStandardItemModel):
    """One column's cards; dragging one carries its application id."""

    def mimeTypes(self) -> list[str]:
        """Only cards."""
        return [CARD_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The dragged card's application id."""
        data = QMimeData()
        ids = [str(index.data(_ID_ROLE)) for index in indexes if index.isValid()]
        data.setData(CARD_MIME, "\n".join(ids).encode("utf-8"))
        return data


class _CardDelegate(QStyledItemDelegate):
    """Frames the focused card in the text's colour, which stands out in light and dark."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """The card, then the frame when it has the focus."""
        super().paint(painter, option, index)
        if not option.state & QStyle.StateFlag.State_HasFocus:
            return
        painter.save()
        painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Text), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
        painter.restore()


class StageColumn(QListView):
    """One stage's cards; cards dropped here from another column are moved to its stage.

    Signals:
        dropped: (application id, this column's stage).
        move_asked: (application id, the stage chosen in the context menu).
        stepped: (application id, the stage before or after this one): Ctrl+Left or
            Ctrl+Right on the current card.
    """

    dropped = Signal(str, object)
    move_asked = Signal(str, object)
    stepped = Signal(str, object)

    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.cards = _ColumnModel(self)
        self.setModel(self.cards)
        self.setObjectName(f"boardColumn_{stage.value}")
        self.setAccessibleName(f"{STAGE_TITLES[stage]} column")
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setSpacing(3)
        self.setAlternatingRowColors(True)
        self.setItemDelegate(_CardDelegate(self))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def show_cards(self, cards: Sequence[BoardCard], *, blind: bool) -> None:
        """Shows ``cards`` in their order."""
        self.cards.clear()
        for card in cards:
            item = QStandardItem(card_text(card, blind=blind))
            item.setData(card.id, _ID_ROLE)
            item.setEditable(False)
            item.setDropEnabled(False)
            self.cards.appendRow(item)

    def card_ids(self) -> list[str]:
        """The application ids shown, in order."""
        return [str(self.cards.item(row).data(_ID_ROLE)) for row in range(self.cards.rowCount())]

    def select_card(self, application_id: str) -> bool:
        """Makes the card of ``application_id`` the current one; False if not shown."""
        if application_id not in (ids := self.card_ids()):
            return False
        self.setCurrentIndex(self.cards.index(ids.index(application_id), 0))
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Left / Ctrl+Right ask to move the current card one stage along."""
        step = _STEPS.get(Qt.Key(event.key()))
        index = self.currentIndex()
        if step is None or event.modifiers() != Qt.KeyboardModifier.ControlModifier:
            super().keyPressEvent(event)
            return
        event.accept()
        place = _STAGES.index(self.stage) + step
        if index.isValid() and 0 <= place < len(_STAGES):
            self.stepped.emit(str(index.data(_ID_ROLE)), _STAGES[place])

    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        source = event.source()
        return (
            event.mimeData().hasFormat(CARD_MIME)
            and isinstance(source, StageColumn)
            and source is not self
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Takes cards from other columns only."""
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Anywhere in the column will do."""
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Asks for the move; the board is read again once the decision is recorded."""
        if not self._accepts(event):
            event.ignore()
            return
        ids = bytes(event.mimeData().data(CARD_MIME).data()).decode("utf-8").split("\n")
        # Copy, not move: the source column must not drop its row before the write.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        for app_id in filter(None, ids):
            self.dropped.emit(app_id, self.stage)

    def _menu(self, point: QPoint) -> None:
        index = self.indexAt(point)
        if not index.isValid():
            return
        app_id = str(index.data(_ID_ROLE))
        menu = QMenu(self)
        for stage in STAGE_TITLES:
            if stage != self.stage:
                action = menu.addAction(f"Move to {STAGE_TITLES[stage]}")
                action.triggered.connect(lambda _=False, s=stage: self.move_asked.emit(app_id, s))
        menu.popup(self.viewport().mapToGlobal(point))


class StageBoard(QWidget):
    """Columns of cards by stage, counts in the headers.

    Signals:
        move_requested: (application id, stage, reason or None): record this decision.
    """

    move_requested = Signal(str, object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: dict[Stage, StageColumn] = {}
        self.headers: dict[Stage, QLabel] = {}
        self._stages: dict[str, Stage] = {}  # each card's current stage
        self._follow: str | None = None  # the card moved by a key: the focus goes with it
        self.reason_dialog: QInputDialog | None = None
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.setSpacing(6)
        for stage in STAGE_TITLES:
            column = StageColumn(stage, self)
            column.dropped.connect(self.move_card)
            column.move_asked.connect(self.move_card)
            column.stepped.connect(self._step)
            header = QLabel(STAGE_TITLES[stage], self)
            header.setObjectName("sectionTitle")
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(header)
            box.addWidget(column, 1)
            row.addLayout(box, 1)
            self.columns[stage], self.headers[stage] = column, header
        # The style's margins, as the window's other tabs: off the tab's frame.
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(row, 1)

    def show_columns(self, columns: Sequence[BoardColumn], *, blind: bool) -> None:
        """Shows the board's columns; a header says how many are in the stage."""
        self._stages = {}
        for board_column in columns:
            shown = len(board_column.cards)
            text = f"{STAGE_TITLES[board_column.stage]} ({board_column.count})"
            if shown < board_column.count:
                text += f", {shown} longest shown"
            self.headers[board_column.stage].setText(text)
            self.columns[board_column.stage].show_cards(board_column.cards, blind=blind)
            self._stages.update({card.id: board_column.stage for card in board_column.cards})
        follow, self._follow = self._follow, None
        for column in self.columns.values():
            if follow is not None and column.select_card(follow):
                column.setFocus(Qt.FocusReason.OtherFocusReason)

    def _step(self, application_id: str, stage: Stage) -> None:
        self._follow = application_id
        self.move_card(application_id, stage)

    def say(self, text: str) -> None:
        """Shows a line above the columns (why there is no board, a move refused)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def move_card(self, application_id: str, stage: Stage, reason: str | None = None) -> None:
        """Asks to move a card to ``stage``; asks for the reason first when one is needed."""
        if self._stages.get(application_id) == stage:
            return
        if needs_reason(stage) and not (reason or "").strip():
            self._ask_reason(application_id, stage)
            return
        self.move_requested.emit(application_id, stage, reason)

    def _ask_reason(self, application_id: str, stage: Stage) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("reasonDialog")
        dialog.setWindowTitle(f"{STAGE_TITLES[stage]}: reason")
        dialog.setLabelText(f"Why is this application {STAGE_TITLES[stage].lower()}?")
        dialog.setTextValue("")
        dialog.textValueSelected.connect(
            lambda text: self.move_card(application_id, stage, text) if text.strip() else None
        )
        self.reason_dialog = dialog
        dialog.open()


__all__ = ["BOARD_HINT", "CARD_MIME", "StageBoard", "StageColumn", "card_text"]
