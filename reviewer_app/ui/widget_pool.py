"""Widgets made once and reused from one application to the next.

Making and laying out widgets is what costs (~2 ms a check row) when moving through
applicants, so the sections keep every widget they have made and hide the spare ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)
T = TypeVar("T")


def show_in_pool(
    pool: list[W],
    items: Sequence[T],
    make: Callable[[T], W],
    show: Callable[[W, T], None],
) -> list[W]:
    """Shows each item in a widget of ``pool`` and hides the rest; returns those shown.

    Args:
        pool: Every widget made so far, in layout order; grown in place.
        items: What to show, one widget each.
        make: Makes (and lays out) a widget for an item when the pool is short.
        show: Shows an item in a widget.
    """
    while len(pool) < len(items):
        pool.append(make(items[len(pool)]))
    for number, widget in enumerate(pool):
        if number < len(items):
            show(widget, items[number])
        widget.setVisible(number < len(items))
    return pool[: len(items)]


@contextmanager
def layouts_held(*widgets: QWidget) -> Iterator[None]:
    """Lays out ``widgets`` once after the block, not once for each widget it shows.

    Showing a hidden widget lays out, there and then, each layout above it up to the
    first widget without one (Qt activates them as it shows): a pooled check row or note
    made visible laid out the whole review panel again, several times an applicant.
    Held, the layouts do nothing until the block ends; their layout requests are then
    posted, and run as the window's other posted layouts do.
    """
    layouts = [layout for widget in widgets if (layout := widget.layout()) is not None]
    held = [layout for layout in layouts if layout.isEnabled()]
    for layout in held:
        layout.setEnabled(False)
    try:
        yield
    finally:
        for layout in held:
            layout.setEnabled(True)
            parent = layout.parentWidget()
            if parent is not None:  # compressed with any request already posted
                QCoreApplication.postEvent(parent, QEvent(QEvent.Type.LayoutRequest))
