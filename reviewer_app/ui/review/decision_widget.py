"""The Decision section of the review panel: stage, reason, Save, and the history.

A decline needs a reason (the shared database refuses one without): Save stays disabled
with a message saying why until a reason is written, rather than failing after a click.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.review.state import DecisionView
from reviewer_app.ui.review.review_style import (
    STAGE_LABELS,
    format_time,
    mute,
    plain_label,
    section_title,
)

NEEDS_REASON_TEXT = "A decline needs a reason."
_HISTORY_SHOWN = 5


def decision_line(decision: DecisionView) -> str:
    """Returns a decision in one line: "Declined — too few hours · Ana · 3 Nov 2026, 14:02"."""
    text = STAGE_LABELS[decision.stage]
    if decision.reason:
        text += f" — {decision.reason}"
    who_when = [decision.decided_by_name or "", format_time(decision.decided_at)]
    details = " · ".join(part for part in who_when if part)
    if details:
        text += f" · {details}"
    if decision.pending:
        text += " · not synced yet"
    return text


class DecisionWidget(QWidget):
    """Moves an application along the pipeline.

    Signals:
        save_requested: (stage, reason or None).
        leave_requested: Esc in the stage box: back to where the reviewer was before.
        discarded: (stage, reason typed) Esc in the stage box gave up a stage or reason
            chosen but not saved; the form shows the current decision again.
    """

    save_requested = Signal(object, object)
    leave_requested = Signal()
    discarded = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current: DecisionView | None = None
        self._history: tuple[DecisionView, ...] = ()

        self.current = mute(plain_label("No decision yet.", self))
        self.stage_combo = QComboBox(self)
        self.stage_combo.setAccessibleName("Stage")
        for stage, label in STAGE_LABELS.items():
            self.stage_combo.addItem(label, stage.value)
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName("Reason")
        self.reason.setClearButtonEnabled(True)
        self.save_button = QPushButton("Save", self)
        self.save_button.setToolTip("Save the decision (Enter in the reason)")
        self.message = plain_label(NEEDS_REASON_TEXT, self)
        self.message.setAccessibleName("Decision problem")
        self.message.hide()

        self.stage_combo.currentIndexChanged.connect(self._sync)
        self.reason.textChanged.connect(self._sync)
        self.reason.returnPressed.connect(self._request_save)
        self.save_button.clicked.connect(self._request_save)

        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.stage_combo)
        row.addWidget(self.reason, 1)
        row.addWidget(self.save_button)

        self.history_title = mute(plain_label("History", self))
        self._history_box = QVBoxLayout()
        self._history_box.setSpacing(0)
        self.history_labels: list[QLabel] = []  # those shown
        self._history_pool: list[QLabel] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(section_title("Decision", self))
        layout.addWidget(self.current)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.history_title)
        layout.addLayout(self._history_box)
        self._sync()

    def show_decision(
        self,
        decision: DecisionView | None,
        history: Sequence[DecisionView],
        *,
        keep_draft: bool = False,
    ) -> None:
        """Shows the current decision in the form, and the most recent history.

        Args:
            decision: The current decision, or None.
            history: The decisions, most recent first.
            keep_draft: Leave a stage or reason chosen but not saved alone (the same
                application shown again, after a check was recorded or a sync).
        """
        draft = keep_draft and self.has_draft()
        self._current = decision
        self._history = tuple(history)
        self.current.setText(
            "No decision yet." if decision is None else "Now: " + decision_line(decision)
        )
        if not draft:
            stage = Stage.NEW if decision is None else decision.stage
            self.stage_combo.setCurrentIndex(max(0, self.stage_combo.findData(stage.value)))
            self.reason.setText("" if decision is None else decision.reason or "")
        lines = [decision_line(entry) for entry in history[:_HISTORY_SHOWN]]
        if len(history) > _HISTORY_SHOWN:
            lines.append(f"… and {len(history) - _HISTORY_SHOWN} earlier")
        # Labels are reused from one application to the next; the spare ones are hidden.
        while len(self._history_pool) < len(lines):
            label = mute(plain_label("", self))
            self._history_box.addWidget(label)
            self._history_pool.append(label)
        for number, label in enumerate(self._history_pool):
            if number < len(lines) and label.text() != lines[number]:
                label.setText(lines[number])
            label.setVisible(number < len(lines))
        self.history_labels = self._history_pool[: len(lines)]
        self.history_title.setVisible(bool(history))
        self._sync()

    def stage(self) -> Stage:
        """Returns the stage chosen in the form."""
        return Stage(str(self.stage_combo.currentData()))

    def has_draft(self) -> bool:
        """Whether the form holds a stage or reason that differs from the current decision."""
        current = self._current
        stage = Stage.NEW if current is None else current.stage
        reason = None if current is None else current.reason or None
        return (self.stage(), self._reason_text()) != (stage, reason)

    def draft(self) -> tuple[Stage, str] | None:
        """The stage and reason (as typed) chosen but not saved, or None."""
        return (self.stage(), self.reason.text()) if self.has_draft() else None

    def restore_draft(self, stage: Stage, reason: str) -> None:
        """Puts a kept draft back in the form (the focus stays where it is)."""
        self.stage_combo.setCurrentIndex(max(0, self.stage_combo.findData(stage.value)))
        self.reason.setText(reason)

    def reset(self) -> None:
        """Shows the current decision in the form again, forgetting any draft."""
        self.show_decision(self._current, self._history)

    def discard(self) -> None:
        """Gives up the stage and reason not saved (see ``discarded``)."""
        held = self.draft()
        if held is not None:
            self.reset()
            self.discarded.emit(*held)

    def focus_stage(self) -> None:
        """Focuses the stage combo box."""
        self.stage_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter anywhere in the section saves; Esc leaves the reason, then the section.

        Esc in the reason keeps what was typed: the stage box has the focus again. Esc
        there discards a stage or reason not saved, and goes back where the reviewer was.
        """
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.save_button.isEnabled():
            self._request_save()
        elif key == Qt.Key.Key_Escape and self.reason.hasFocus():
            self.focus_stage()
        elif key == Qt.Key.Key_Escape and self.stage_combo.hasFocus():
            self.discard()  # what was chosen and not saved (Undo brings it back)
            self.leave_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _reason_text(self) -> str | None:
        return self.reason.text().strip() or None

    def _sync(self) -> None:
        stage = self.stage()
        reason = self._reason_text()
        needs_reason = stage == Stage.DECLINED and reason is None
        self.reason.setPlaceholderText(
            "Reason (required)" if stage == Stage.DECLINED else "Reason (optional)"
        )
        unchanged = (
            self._current is not None
            and self._current.stage == stage
            and (self._current.reason or None) == reason
        )
        # Not for a decline shown as it is (its reason hidden by independent review).
        self.message.setVisible(needs_reason and not unchanged)
        self.save_button.setEnabled(not needs_reason and not unchanged)

    def save_finished(self) -> None:
        """Enables Save again as the form says, once a save is done or failed."""
        self._sync()

    def _request_save(self) -> None:
        if self.save_button.isEnabled():
            # Until the saved decision is shown again (the save runs on the database
            # worker): Enter in the reason, seen by the field and by this widget, or a
            # second press, saves once.
            self.save_button.setEnabled(False)
            self.save_requested.emit(self.stage(), self._reason_text())
