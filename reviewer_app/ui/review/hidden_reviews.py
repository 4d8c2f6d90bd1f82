"""Independent review's one line: how many reviewers are hidden, and "Show anyway".

Until the reviewer has recorded a result for every check, the review state holds none of
the other reviewers' results, notes or decision reason (so that the reviewer's first
judgement is their own); this line says how many have reviewed, and offers a
deliberate way to see them, which the panel records for that application.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from reviewer_app.ui.review.review_style import mute, plain_label


def hidden_text(count: int) -> str:
    """The line for ``count`` hidden reviewers."""
    if count == 1:
        return "1 reviewer has reviewed; their view appears once you record yours"
    return f"{count} reviewers have reviewed; their views appear once you record yours"


class HiddenReviewsBanner(QFrame):
    """Says how many reviewers' views are hidden, with "Show anyway".

    Signals:
        reveal_requested: Show anyway was pressed.
    """

    reveal_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hiddenReviews")
        self.text = mute(plain_label("", self))
        self.show_button = QPushButton("Show anyway", self)
        self.show_button.setToolTip(
            "See the other reviewers' results, notes and reason before recording yours "
            "(remembered for this applicant)"
        )
        self.show_button.clicked.connect(self.reveal_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_count(self, count: int) -> None:
        """Shows the line for ``count`` hidden reviewers; hides it for 0."""
        if count > 0:
            self.text.setText(hidden_text(count))
            self.show_button.setAccessibleName(f"Show anyway: {hidden_text(count)}")
            self.show_button.setEnabled(True)
        self.setVisible(count > 0)
