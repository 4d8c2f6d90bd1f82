"""The review panel's banner for a decision conflict: theirs, mine, and the way out.

The server refused the reviewer's decision because another reviewer changed it first;
the banner shows both and asks for Keep theirs or Apply mine, which the panel records.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.review.state import ConflictView, DecisionView
from reviewer_app.ui.review.review_style import STAGE_LABELS, plain_label
from reviewer_app.ui.times import short_time


def _decision_summary(decision: DecisionView | None) -> str:
    if decision is None:
        return "no decision"
    text = STAGE_LABELS[decision.stage]
    return f"{text}: {decision.reason}" if decision.reason else text


def conflict_text(conflict: ConflictView) -> str:
    """Returns the banner text of a decision conflict."""
    theirs = conflict.theirs
    author = (theirs.decided_by_name if theirs else None) or "another reviewer"
    when = short_time(theirs.decided_at) if theirs else ""
    details = _decision_summary(theirs) + (f", {when}" if when else "")
    return (
        f"Your decision conflicts with {author}'s ({details}). "
        f"Yours: {_decision_summary(conflict.mine)}"
    )


class ConflictBanner(QFrame):
    """Shows an unresolved decision conflict with Keep theirs / Apply mine."""

    keep_theirs = Signal(int)
    apply_mine = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._conflict_id: int | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # The platform's colours for a note that asks for attention (light yellow in most
        # light themes), paired so that the text reads in light and dark themes alike.
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        self.text = plain_label("", self)
        self.text.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.keep_button = QPushButton("Keep theirs", self)
        self.keep_button.setToolTip("Accept the other reviewer's decision")
        self.apply_button = QPushButton("Apply mine", self)
        self.apply_button.setToolTip("Decide again with your stage and reason")
        self.keep_button.clicked.connect(self._on_keep)
        self.apply_button.clicked.connect(self._on_apply)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addLayout(buttons)

    def show_conflict(self, conflict: ConflictView | None) -> None:
        """Shows ``conflict``, or hides the banner for None."""
        self._conflict_id = None if conflict is None else conflict.id
        if conflict is not None:
            self.text.setText(conflict_text(conflict))
            # Applying "mine" needs a decision of mine; a deletion cannot be re-applied.
            self.apply_button.setEnabled(conflict.mine is not None)
        self.setVisible(conflict is not None)

    def _on_keep(self) -> None:
        if self._conflict_id is not None:
            self.keep_theirs.emit(self._conflict_id)

    def _on_apply(self) -> None:
        if self._conflict_id is not None:
            self.apply_mine.emit(self._conflict_id)
