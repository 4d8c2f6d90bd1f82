"""Widgets made once and reused from one application to the next.

Making and laying out widgets is what costs (~2 ms a check row) when moving through
applicants, so the sections keep every widget they have made and hide the spare ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

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
