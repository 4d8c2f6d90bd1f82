"""The review panel's width for every position's check rows, and its subtitle line.

The panel is given that width once the positions are read, so that it never widens
while the reviewer moves from one applicant to the next (which would narrow the list
and elide its columns differently every time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QStyle, QWidget

from reviewer_app.positions.checks import Check
from reviewer_app.review.state import ReviewState
from reviewer_app.ui.review.check_row import CheckRow
from reviewer_app.ui.times import full_time


def widest_check_row(labels: Iterable[str], parent: QWidget) -> int:
    """The minimum width of the widest check row with one of ``labels`` (0: none)."""
    probe = CheckRow(Check("probe", "", "skill", ""), parent)
    probe.hide()
    widest = 0
    try:
        # The row's layout caches its hint until the event loop runs: the label's own
        # hint is read for each text, beside what the rest of the row takes.
        rest = probe.minimumSizeHint().width() - probe.label.minimumSizeHint().width()
        for label in dict.fromkeys(labels):
            probe.label.setText(label)
            widest = max(widest, rest + probe.label.minimumSizeHint().width())
    finally:
        probe.setParent(None)
        probe.deleteLater()
    return widest


class PanelWidth:
    """Keeps the review panel as wide as its widest row, and only ever wider.

    Args:
        panel: The review panel.
        content: Its scrolled column (never scrolled sideways).
        checks: The checks section (where a probe row is made).

    ``widen`` sets a new minimum width: the panel's own by default; the window's takes
    the room from the middle panes, never from the list.
    """

    def __init__(self, panel: QWidget, content: QWidget, checks: QWidget) -> None:
        self._panel = panel
        self._content = content
        self._checks = checks
        self.widen: Callable[[int], None] = panel.setMinimumWidth

    def reserve(self, labels: Iterable[str]) -> None:
        """Widens the panel at once for the widest check row with one of ``labels``."""
        layout = self._content.layout()
        margins = 0
        if layout is not None:
            margins = layout.contentsMargins().left() + layout.contentsMargins().right()
        self._grow(widest_check_row(labels, self._checks) + margins)

    def fit(self) -> None:
        """Widens the panel for the rows shown now, if they need more than it has."""
        # The scroll area never scrolls sideways, so the panel must be as wide as its
        # widest row (a check's label and three buttons), or the right edge is clipped.
        self._grow(self._content.minimumSizeHint().width())

    def _grow(self, content: int) -> None:
        bar = self._panel.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        if content + bar > self._panel.minimumWidth():
            self.widen(content + bar)


def coordination_line(position: str, state: ReviewState, me: str) -> str:
    """The panel's subtitle: "Backend Developer · Assigned: you, Bo · Interview: …"."""
    parts = [position]
    if state.assignees:
        names = ["you" if name == me else name for name in state.assignees]
        parts.append("Assigned: " + ", ".join(sorted(names, key=lambda n: n != "you")))
    if state.interview is not None:
        parts.append(f"Interview: {full_time(state.interview.starts_at)}")
    return " · ".join(parts)
