"""The Decision section of the review panel: stage, reason, Save, and the history.

A decline needs a reason (the shared database refuses one without): Save stays disabled
with a message saying why until a reason is written, rather than failing after a click.
Each stage has an absolute key (Alt+1 … Alt+7, the window's Review menu), shown beside
it in the stage box (``stage_box.py``). Another stage starts with an empty reason: the
current decision's reason (perhaps another reviewer's) belongs to that decision. Enter on
the decision as it is confirms it (``confirmed``): the focus leaves the reason as after a
save, so that the next key is never typed there. The history is folded behind "History
(N) ▸", open or closed for the whole session, whichever applicant is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.review.coordination_state import ContactView
from reviewer_app.review.state import DecisionView
from reviewer_app.ui.review.review_style import STAGE_LABELS, mute, plain_label, section_title
from reviewer_app.ui.review.stage_box import stage_box
from reviewer_app.ui.times import full_time, short_time

NEEDS_REASON_TEXT = "A decline needs a reason."
_HISTORY_SHOWN = 5
# "5 min ago" is made again this often, so that it never says a decision is newer.
TIMES_REFRESH_MS = 60_000


def already_text(stage: Stage) -> str:
    """What Enter on an unchanged decision says: "Already at Screening"."""
    return f"Already at {STAGE_LABELS[stage]}"


def history_toggle_text(count: int, shown: bool) -> str:
    """The disclosure's text: "History (3) ▸" folded, "History (3) ▾" open."""
    return f"History ({count}) {'▾' if shown else '▸'}"


def contact_line(contact: ContactView) -> str:
    """Returns a message sent in one line: "Emailed: decline · Ana · 3 Dec"."""
    parts = [f"Emailed: {contact.template_slug}", contact.reviewer_name]
    parts.append(short_time(contact.contacted_at))
    text = " · ".join(part for part in parts if part)
    return text + (" · not synced yet" if contact.pending else "")


def decision_line(decision: DecisionView) -> str:
    """Returns a decision in one line: "Declined — too few hours · Ana · yesterday 14:02"."""
    text = STAGE_LABELS[decision.stage]
    if decision.reason:
        text += f" — {decision.reason}"
    who_when = [decision.decided_by_name or "", short_time(decision.decided_at)]
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
        confirmed: (stage) Enter on the decision as it is: nothing to save.
    """

    save_requested = Signal(object, object)
    leave_requested = Signal()
    discarded = Signal(object, str)
    confirmed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current: DecisionView | None = None
        self._history: tuple[DecisionView, ...] = ()
        self._contacts: tuple[ContactView, ...] = ()
        self._history_shown = False  # for the session: not reset by another applicant

        self.current = mute(plain_label("No decision yet.", self))
        self.stage_combo = stage_box(self)
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName("Reason")
        self.reason.setClearButtonEnabled(True)
        self.save_button = QPushButton("Save", self)
        self.save_button.setToolTip("Save the decision (Enter in the reason)")
        self.message = plain_label(NEEDS_REASON_TEXT, self)
        self.message.setAccessibleName("Decision problem")
        self.message.hide()

        self.stage_combo.currentIndexChanged.connect(self._sync)
        self.stage_combo.currentIndexChanged.connect(self._on_stage_changed)
        self.reason.textChanged.connect(self._sync)
        # Enter in the reason reaches keyPressEvent (the field lets it through).
        self.save_button.clicked.connect(self._request_save)

        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.stage_combo)
        row.addWidget(self.reason, 1)
        row.addWidget(self.save_button)

        # A flat button, not a label: Tab reaches it and Space opens it.
        self.history_toggle = QPushButton(history_toggle_text(0, False), self)
        self.history_toggle.setObjectName("historyToggle")
        self.history_toggle.setFlat(True)
        self.history_toggle.setCheckable(True)
        self.history_toggle.setToolTip("Show or hide the earlier decisions")
        self.history_toggle.toggled.connect(self._on_history_toggled)
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
        layout.addWidget(self.history_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(self._history_box)

        self._ticker = QTimer(self)
        self._ticker.setInterval(TIMES_REFRESH_MS)
        self._ticker.timeout.connect(self.refresh_times)
        self._ticker.start()
        self._sync()

    @property
    def history_shown(self) -> bool:
        """Whether the history is unfolded (for the session, whichever applicant)."""
        return self._history_shown

    def refresh_times(self) -> None:
        """Says the decisions' times again ("just now" becomes "1 min ago")."""
        self._show_current()
        self._show_history()

    def show_decision(
        self,
        decision: DecisionView | None,
        history: Sequence[DecisionView],
        *,
        contacts: Sequence[ContactView] = (),
        keep_draft: bool = False,
    ) -> None:
        """Shows the current decision in the form, and the most recent history.

        Args:
            decision: The current decision, or None.
            history: The decisions, most recent first.
            contacts: The messages sent to the applicant, shown in the history too.
            keep_draft: Leave a stage or reason chosen but not saved alone (the same
                application shown again, after a check was recorded or a sync).
        """
        draft = keep_draft and self.has_draft()
        self._current = decision
        self._history = tuple(history)
        self._contacts = tuple(contacts)
        self._show_current()
        if not draft:
            stage = Stage.NEW if decision is None else decision.stage
            self.stage_combo.setCurrentIndex(max(0, self.stage_combo.findData(stage.value)))
            self.reason.setText("" if decision is None else decision.reason or "")
        self._show_history()
        self._sync()

    def _show_current(self) -> None:
        decision = self._current
        self.current.setText(
            "No decision yet." if decision is None else "Now: " + decision_line(decision)
        )
        self.current.setToolTip(
            "" if decision is None else f"Decided {full_time(decision.decided_at)}"
        )

    def _show_history(self) -> None:
        # Decisions and messages sent, newest first: one story of the application.
        events = sorted(
            [(d.decided_at, decision_line(d), f"Decided {full_time(d.decided_at)}")
             for d in self._history]
            + [(c.contacted_at, contact_line(c), f"Emailed {full_time(c.contacted_at)}")
               for c in self._contacts],
            key=lambda event: event[0].timestamp() if event[0] is not None else 0.0,
            reverse=True,
        )  # fmt: skip
        history = events
        entries = history[:_HISTORY_SHOWN] if self._history_shown else []
        lines = [line for _at, line, _tip in entries]
        tips = [tip for _at, _line, tip in entries]
        if self._history_shown and len(history) > _HISTORY_SHOWN:
            lines.append(f"… and {len(history) - _HISTORY_SHOWN} earlier")
            tips.append("")
        # Labels are reused from one application to the next; the spare ones are hidden.
        while len(self._history_pool) < len(lines):
            label = mute(plain_label("", self))
            self._history_box.addWidget(label)
            self._history_pool.append(label)
        for number, label in enumerate(self._history_pool):
            if number < len(lines) and label.text() != lines[number]:
                label.setText(lines[number])
                label.setToolTip(tips[number])
            label.setVisible(number < len(lines))
        self.history_labels = self._history_pool[: len(lines)]
        self.history_toggle.setText(history_toggle_text(len(history), self._history_shown))
        self.history_toggle.setAccessibleName(
            f"{'Hide' if self._history_shown else 'Show'} the history: {len(history)} events"
        )
        self.history_toggle.setVisible(bool(history))

    def _on_history_toggled(self, shown: bool) -> None:
        self._history_shown = shown
        self._show_history()

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

    def choose_stage(self, stage: Stage) -> None:
        """Chooses ``stage`` (its key, Alt+1 … Alt+7) and puts the focus in the reason.

        The reason is empty, but for the current decision's own stage (its reason) or a
        reason the reviewer typed for this same stage (a draft, kept). Enter there saves;
        a decline's required reason is typed there first.
        """
        kept = self._reason_typed() and self.stage() == stage
        self.stage_combo.setCurrentIndex(max(0, self.stage_combo.findData(stage.value)))
        if not kept:
            self.reason.setText(self._decided_reason(stage))
        self.reason.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if kept:
            self.reason.deselect()
            self.reason.end(False)
        else:
            self.reason.selectAll()  # the decision's reason: typing replaces it

    def _reason_typed(self) -> bool:
        """Whether the reason holds text of the reviewer's, not the current decision's."""
        current = None if self._current is None else self._current.reason or None
        return self._reason_text() not in (None, current)

    def _decided_reason(self, stage: Stage) -> str:
        """The reason shown for ``stage`` when nothing is typed: the current decision's
        for its own stage, else none."""
        current = self._current
        return current.reason or "" if current is not None and current.stage == stage else ""

    def _on_stage_changed(self) -> None:
        # The current decision's reason never goes with another stage (nor a save of it).
        if not self._reason_typed():
            self.reason.setText(self._decided_reason(self.stage()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter anywhere in the section saves; Esc leaves the reason, then the section.

        Esc in the reason keeps what was typed: the stage box has the focus again. Esc
        there discards a stage or reason not saved, and goes back where the reviewer was.
        """
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._enter()
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
        # Short enough for the panel's least width; the tooltip says why it is needed.
        self.reason.setPlaceholderText(
            "Reason (required)" if stage == Stage.DECLINED else "Reason (optional)"
        )
        self.reason.setToolTip(
            "Why it is declined: required, and a decline email may quote it"
            if stage == Stage.DECLINED
            else "Why this stage (optional)"
        )
        unchanged = self._unchanged()
        # Not for a decline shown as it is (its reason hidden by independent review).
        self.message.setVisible(needs_reason and not unchanged)
        self.save_button.setEnabled(not needs_reason and not unchanged)

    def _unchanged(self) -> bool:
        current = self._current
        return (
            current is not None
            and current.stage == self.stage()
            and (current.reason or None) == self._reason_text()
        )

    def save_finished(self) -> None:
        """Enables Save again as the form says, once a save is done or failed."""
        self._sync()

    def _enter(self) -> None:
        """Enter: saves, or confirms the decision as it is."""
        if self.save_button.isEnabled():
            self._request_save()
        elif self._unchanged():
            self.confirmed.emit(self.stage())

    def _request_save(self) -> None:
        if self.save_button.isEnabled():
            # Until the saved decision is shown again (the save runs on the database
            # worker): a second Enter or click saves nothing.
            self.save_button.setEnabled(False)
            self.save_requested.emit(self.stage(), self._reason_text())
