"""A dialog's Tab order set to its layout's, where the order widgets were made differs."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget


def tab_down_to_buttons(fields: Sequence[QWidget], buttons: QDialogButtonBox) -> None:
    """Tab goes through ``fields`` in order, then the buttons as the platform lays them out.

    Qt's default is the order the widgets were made in, so that fields added below the
    buttons of a dialog's base class came after OK and Cancel.
    """
    box = buttons.layout()
    items = [box.itemAt(i) for i in range(box.count())] if box is not None else []
    laid_out = [item.widget() for item in items if item is not None]
    chain = [*fields, *(w for w in laid_out if isinstance(w, QPushButton))]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


__all__ = ["tab_down_to_buttons"]
