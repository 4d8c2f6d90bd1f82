"""One check of the Checks section: label, Met / Not met / Unsure, comment, hints.

A row takes the focus itself; 1, 2 and 3 record Met, Not met and Unsure (the list then
moves the focus on to the next row), 0 clears my result, Up and Down ask for the previous
or next row, and C edits the comment. A row only asks for changes (signals) and shows
what it is given.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.positions.checks import Check
from reviewer_app.review.hints import Hint
from reviewer_app.review.state import CheckVerdict
from reviewer_app.ui.review.review_style import RESULT_LABELS, RESULT_SYMBOLS, mute, plain_label
from reviewer_app.ui.widget_pool import show_in_pool

RESULT_KEYS: dict[int, CheckResult] = {
    Qt.Key.Key_1: CheckResult.MET,
    Qt.Key.Key_2: CheckResult.NOT_MET,
    Qt.Key.Key_3: CheckResult.UNSURE,
}
_RESULT_ORDER = (CheckResult.MET, CheckResult.NOT_MET, CheckResult.UNSURE)
_SHORTCUT_OF = {result: str(number) for number, result in enumerate(_RESULT_ORDER, start=1)}
# Icon and word on every button, so that a chosen result reads without its colour.
RESULT_TEXTS = {
    result: f"{RESULT_SYMBOLS[result]} {RESULT_LABELS[result]}" for result in _RESULT_ORDER
}

VERDICT_ICONS = {
    "meets": "✓",
    "below": "⚠",
    "mentioned": "·",
    "not_mentioned": "\u2013",  # an en dash: "nothing found"
    "info": "·",
}

# A check's label wraps between words once it is this wide; a shorter one never wraps
# (QLabel breaks "Git/GitHub" at the slash, one syllable a line in a narrow panel).
LABEL_CHARACTERS = 14

HINT_TOOLTIP = "A hint from the answers, not a result: decide yourself."


def hint_text(hint: Hint) -> str:
    """Returns a hint as one line with its verdict icon."""
    return f"{VERDICT_ICONS[hint.verdict]} {hint.text}"


def show_hint(label: QLabel, hint: Hint) -> None:
    """Shows a hint in a label, as one line with its verdict icon."""
    set_text(label, hint_text(hint))


def others_summary(verdicts: Sequence[CheckVerdict]) -> str:
    """Returns the other reviewers' results compactly: "Others: Ana ✓, Bo ✗"."""
    return "Others: " + ", ".join(
        f"{verdict.reviewer_name} {RESULT_SYMBOLS[verdict.result]}" for verdict in verdicts
    )


class CheckRow(QFrame):
    """One requirement: label, Met / Not met / Unsure, comment, hints, others' results.

    Signals:
        result_requested: (check key, result) when 1/2/3 is pressed or a button clicked;
            ``by_key`` tells whether to move on to the next check.
        clear_requested: (check key) when 0 is pressed or Clear clicked, to clear my result.
        comment_requested: (check key, comment) when an edited comment is finished.
        comment_discarded: (check key, the comment typed) on Esc in a changed comment.
        move_requested: (check key, -1 or +1), to focus the previous or next check.
    """

    result_requested = Signal(str, object, bool)
    clear_requested = Signal(str)
    comment_requested = Signal(str, str)
    comment_discarded = Signal(str, str)
    move_requested = Signal(str, int)

    def __init__(self, check: Check, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = check
        self._result: CheckResult | None = None
        self._comment = ""
        self.setObjectName("checkRow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.label = _CheckLabel(self)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)

        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        self._button_of: dict[CheckResult, QPushButton] = {}
        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.label, 1)
        # One width for all three, wide enough for the longest in bold, so that a chosen
        # button (coloured and bold: resources/app.qss) does not change size and the
        # columns line up row to row.
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        # app.qss gives the buttons a 1 px border and 2 px padding a side: 2 px to spare.
        width = max(metrics.horizontalAdvance(t) for t in RESULT_TEXTS.values()) + 8
        for result in _RESULT_ORDER:
            button = QPushButton(RESULT_TEXTS[result], self)
            button.setCheckable(True)
            button.setObjectName("resultButton")  # its chosen look: resources/app.qss
            button.setProperty("result", result.value)  # its colour: resources/app.qss
            button.setFixedWidth(width)
            # The row keeps the focus: keys 1/2/3 act on it, and Tab goes row to row.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"{RESULT_LABELS[result]} ({_SHORTCUT_OF[result]})")
            self.buttons.addButton(button)
            self._button_of[result] = button
            top.addWidget(button)
        self.buttons.buttonClicked.connect(self._on_button_clicked)

        self.comment = QLineEdit(self)
        self.comment.setPlaceholderText("Comment (optional)")
        self.comment.setClearButtonEnabled(True)
        self.comment.editingFinished.connect(self._on_comment_finished)
        self.comment.installEventFilter(self)
        # Beside the comment, not the results: the row gets no wider. Shown with a result.
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setObjectName("clearResultButton")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # 0 does it from the row
        self.clear_button.setToolTip("Clear your result: back to not checked (0)")
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.clear_button.hide()
        comment_line = QHBoxLayout()
        comment_line.setSpacing(4)
        comment_line.addWidget(self.comment, 1)
        comment_line.addWidget(self.clear_button)

        self.hint_labels: list[QLabel] = []  # every label made; the spare ones hidden
        self._hints_box = QVBoxLayout()
        self._hints_box.setSpacing(0)
        self.others = mute(plain_label("", self))
        self.others.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 6, 6)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addLayout(comment_line)
        layout.addLayout(self._hints_box)
        layout.addWidget(self.others)
        self.set_check(check)
        self._sync_comment_enabled()

    def set_check(self, check: Check) -> None:
        """Makes this row the row of ``check`` (rows are reused from one position to the next)."""
        self.check = check
        self.setAccessibleName(f"Check: {check.label}")
        self.setAccessibleDescription(check.text)
        set_text(self.label, check.label)
        self.label.setToolTip(check.text)
        for result, button in self._button_of.items():
            button.setAccessibleName(f"{check.label}: {RESULT_LABELS[result]}")
        self.comment.setAccessibleName(f"Comment on {check.label}")
        self.clear_button.setAccessibleName(f"Clear my result on {check.label}")

    @property
    def result(self) -> CheckResult | None:
        """This reviewer's recorded result, or None."""
        return self._result

    @property
    def recorded_comment(self) -> str:
        """This reviewer's recorded comment ("" without a result)."""
        return self._comment

    def set_verdict(self, verdict: CheckVerdict | None, *, keep_typing: bool = True) -> None:
        """Shows this reviewer's recorded result and comment.

        Args:
            verdict: The recorded result, or None.
            keep_typing: Leave a comment being typed alone (False: another application).
        """
        self._comment = "" if verdict is None else verdict.comment
        # A comment being typed is not overwritten by a refresh.
        if not (keep_typing and self.comment.hasFocus()) and self.comment.text() != self._comment:
            self.comment.setText(self._comment)
        self.show_result(None if verdict is None else verdict.result)

    def show_result(self, result: CheckResult | None) -> None:
        """Shows ``result`` chosen: at the key press, before the write records it.

        The review read back after the write shows what was recorded (a failed write:
        what was there before, and why).
        """
        self._result = result
        # Non-exclusive for a moment: an exclusive group cannot show "nothing chosen".
        self.buttons.setExclusive(False)
        for choice, button in self._button_of.items():
            button.setChecked(choice == result)
        self.buttons.setExclusive(True)
        self._sync_comment_enabled()
        self.clear_button.setVisible(result is not None)

    def set_hints(self, hints: Sequence[Hint]) -> None:
        """Shows the hints for this check, one muted line each."""
        show_in_pool(self.hint_labels, hints, self._make_hint_label, show_hint)

    def _make_hint_label(self, _hint: Hint) -> QLabel:
        label = mute(plain_label("", self))
        label.setToolTip(HINT_TOOLTIP)
        self._hints_box.addWidget(label)
        return label

    @property
    def shown_hints(self) -> list[QLabel]:
        """The labels of the hints shown now."""
        return [label for label in self.hint_labels if not label.isHidden()]

    def set_others(self, verdicts: Sequence[CheckVerdict]) -> None:
        """Summarises the other reviewers' results, as the review state gives them.

        Independent review hides them until the reviewer has recorded their own (the
        state then holds none, and the panel says how many reviewers are hidden).
        """
        if not verdicts:
            self.others.hide()
            return
        self.others.setText(others_summary(verdicts))
        self.others.setToolTip(
            "\n".join(
                f"{v.reviewer_name}: {RESULT_LABELS[v.result]}"
                + (f" — {v.comment}" if v.comment else "")
                for v in verdicts
            )
        )
        self.others.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """1/2/3 record a result, 0 clears it, Up/Down move, C edits the comment."""
        key = event.key()
        plain = not (
            event.modifiers()
            & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
        )
        if plain and key in RESULT_KEYS:
            self.result_requested.emit(self.check.key, RESULT_KEYS[key], True)
        elif plain and key == Qt.Key.Key_0:
            if self._result is not None:  # nothing to clear: 0 does nothing
                self.clear_requested.emit(self.check.key)
        elif plain and key == Qt.Key.Key_Up:
            self.move_requested.emit(self.check.key, -1)
        elif plain and key == Qt.Key.Key_Down:
            self.move_requested.emit(self.check.key, 1)
        elif plain and key == Qt.Key.Key_C and self.comment.isEnabled():
            self.comment.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif plain and key == Qt.Key.Key_C:
            # Said where the reviewer looks, and the key taken: what they type next
            # would otherwise be read as shortcuts (N, a new note).
            QToolTip.showText(
                self.comment.mapToGlobal(self.comment.rect().bottomLeft()),
                "Choose a result first (1, 2 or 3), then C comments on it.",
                self.comment,
            )
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def eventFilter(self, watched: object, event: object) -> bool:
        """In the comment field, Enter and Esc hand the focus back to the row."""
        if (
            watched is self.comment
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)
        ):
            typed = self.comment.text()
            if event.key() == Qt.Key.Key_Escape and typed != self._comment:
                self.comment.setText(self._comment)
                self.comment_discarded.emit(self.check.key, typed)
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Repaints the focus marker."""
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Repaints without the focus marker."""
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Marks the focused row: a highlight bar on the left, a lighter background."""
        super().paintEvent(event)
        if not self.hasFocus():
            return
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        painter.fillRect(QRect(0, 0, 3, self.height()), palette.color(QPalette.ColorRole.Highlight))
        painter.end()

    def _on_button_clicked(self, button: QAbstractButton) -> None:
        for result, candidate in self._button_of.items():
            if candidate is button:
                self.setFocus(Qt.FocusReason.MouseFocusReason)
                self.result_requested.emit(self.check.key, result, False)
                return

    def _on_clear_clicked(self) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self._result is not None:
            self.clear_requested.emit(self.check.key)

    def _on_comment_finished(self) -> None:
        text = self.comment.text().strip()
        if self._result is not None and text != self._comment:
            self.comment_requested.emit(self.check.key, text)

    def _sync_comment_enabled(self) -> None:
        # set_check needs a result; a comment alone could not be saved.
        enabled = self._result is not None
        self.comment.setEnabled(enabled)
        self.comment.setPlaceholderText(
            "Comment (optional)" if enabled else "Comment: choose a result first"
        )


class _CheckLabel(QLabel):
    """A check's label: a short one never wraps, a long one wraps between words.

    QLabel would break "Git/GitHub" at the slash, a syllable a line in a narrow panel.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)

    def minimumSizeHint(self) -> QSize:
        """As wide as the text on one line, up to LABEL_CHARACTERS or its longest word."""
        hint = super().minimumSizeHint()
        metrics = self.fontMetrics()
        cap = metrics.averageCharWidth() * LABEL_CHARACTERS
        text = self.text()
        longest_word = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
        # Never broken inside a word ("Instagram/TikTok"), unless the word alone is long.
        width = min(metrics.horizontalAdvance(text), max(cap, min(longest_word, 2 * cap)))
        # The label lays text out a pixel or two wider than the font's advance.
        hint.setWidth(max(hint.width(), width + 2))
        return hint


def set_text(label: QLabel, text: str) -> None:
    """Sets a label's text, unless it has it already."""
    # An unchanged text would still make the label ask for a new layout.
    if label.text() != text:
        label.setText(text)
