"""The decision's stage box: each stage with its key (Alt+1 … Alt+7) beside it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from reviewer_app.ui.review.review_style import STAGE_KEYS, STAGE_LABELS

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # a stage's key in the stage box: "Alt+4"


class _StageKeyDelegate(QStyledItemDelegate):
    """Draws a stage in the stage box's list with its key right-aligned and muted."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Draws the stage as usual, then its key at the right edge."""
        super().paint(painter, option, index)
        key = index.data(KEY_ROLE)
        if not key:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        painter.save()
        painter.setPen(option.palette.color(role))
        rect = option.rect.adjusted(0, 0, -8, 0)
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, key)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Room for the key beside the stage."""
        hint = super().sizeHint(option, index)
        key = index.data(KEY_ROLE)
        if key:
            metrics = option.fontMetrics
            hint.setWidth(hint.width() + metrics.horizontalAdvance(f"    {key}") + 8)
        return hint


def stage_box(parent: QWidget) -> QComboBox:
    """The stages in a combo box, each item's data its value, its key drawn beside it."""
    combo = QComboBox(parent)
    combo.setAccessibleName("Stage")
    for stage, label in STAGE_LABELS.items():
        combo.addItem(label, stage.value)
        index = combo.count() - 1
        combo.setItemData(index, STAGE_KEYS[stage], KEY_ROLE)
        combo.setItemData(index, f"{label} ({STAGE_KEYS[stage]})", Qt.ItemDataRole.ToolTipRole)
    combo.setItemDelegate(_StageKeyDelegate(combo))
    # The popup is as wide as the box unless told: room for a stage and its key.
    metrics = combo.fontMetrics()
    combo.view().setMinimumWidth(
        max(
            metrics.horizontalAdvance(f"{label}    {STAGE_KEYS[stage]}")
            for stage, label in STAGE_LABELS.items()
        )
        + 3 * metrics.height()
    )
    combo.setToolTip(
        "Stage: "
        + ", ".join(f"{STAGE_KEYS[stage]} {label}" for stage, label in STAGE_LABELS.items())
    )
    return combo
