"""The list's position filter: one entry per position, plus "All positions"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox

from reviewer_app.applicants.records import PositionVersion


def fill_position_filter(combo: QComboBox, positions: Sequence[PositionVersion]) -> None:
    """Fills ``combo`` with ``positions``, keeping the chosen one, emitting nothing.

    Left alone when it holds them already, or while the reviewer is choosing from it (the
    next refresh fills it).
    """
    items = [("All positions", None), *((p.title, p.slug) for p in positions)]
    shown = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
    if items == shown or combo.view().isVisible():
        return
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for title, slug in items:
        combo.addItem(title, slug)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    combo.blockSignals(False)
