"""Small presentation helpers shared by the review panel's sections.

Colours come only from the palette (``PlaceholderText`` for muted text), so light and
dark themes both work; nothing here draws applicant text as HTML.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QWidget

from reviewer_app.domain.identity import hide_identity
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.review.hints import Hint

STAGE_LABELS: dict[Stage, str] = {
    Stage.NEW: "New",
    Stage.SCREENING: "Screening",
    Stage.INTERVIEW: "Interview",
    Stage.ACCEPTED: "Accepted",
    Stage.DECLINED: "Declined",
    Stage.WITHDRAWN: "Withdrawn",
    Stage.ON_HOLD: "On hold",
}

# Absolute keys: Alt+4 is Accepted whatever the current stage (the window's Review menu).
STAGE_KEYS: dict[Stage, str] = {
    stage: f"Alt+{number}" for number, stage in enumerate(STAGE_LABELS, start=1)
}

NOTE_KIND_LABELS: dict[NoteKind, str] = {
    NoteKind.TRIAGE: "Triage",
    NoteKind.INTERVIEW: "Interview",
}

RESULT_LABELS: dict[CheckResult, str] = {
    CheckResult.MET: "Met",
    CheckResult.NOT_MET: "Not met",
    CheckResult.UNSURE: "Unsure",
}

RESULT_SYMBOLS: dict[CheckResult, str] = {
    CheckResult.MET: "✓",
    CheckResult.NOT_MET: "✗",
    CheckResult.UNSURE: "?",
}


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """Returns a label that shows ``text`` literally, never as HTML.

    Applicant and reviewer text would otherwise be guessed as rich text by QLabel. A
    wrapped label never widens the panel (:func:`never_widens`).
    """
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setText(text)
    if wrap:
        never_widens(label)
    return label


def never_widens(label: QLabel) -> QLabel:
    """Keeps a wrapped label's longest word out of the panel's minimum width.

    The panel grows to its content's minimum width and never shrinks back
    (``PanelWidth.fit``): a pasted link in a note or a reason pushed the check buttons
    and the description out of the window, for every applicant after it. A word longer
    than the panel is cut instead, as in the applicant's answers.
    """
    policy = label.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    label.setSizePolicy(policy)
    return label


def mute(label: QLabel) -> QLabel:
    """Shows ``label`` in the palette's secondary text colour, slightly smaller."""
    # A role, not a copied colour, so the label follows a theme switch at run time.
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    font = label.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    return label


def section_title(text: str, parent: QWidget | None = None) -> QLabel:
    """Returns a section heading (styled by ``QLabel#sectionTitle`` in app.qss)."""
    label = plain_label(text, parent, wrap=False)
    label.setObjectName("sectionTitle")
    font = label.font()
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def heading_label(parent: QWidget | None = None) -> QLabel:
    """Returns the panel's heading (the applicant): bold, a little larger."""
    label = plain_label("", parent)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


def error_label(parent: QWidget | None = None) -> QLabel:
    """Returns a hidden, bold, selectable label for an error the reviewer can fix."""
    label = plain_label("", parent)
    label.setAccessibleName("Error")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.hide()
    return label


def blind_hint(hint: Hint, name: str) -> Hint:
    """A hint as blind review shows it: no address, email or name of the applicant."""
    # Hints quote answers, and a link hint is the applicant's address itself.
    return replace(hint, text=hide_identity(hint.text, name), url=None)


def separator(parent: QWidget) -> QFrame:
    """A thin horizontal line between the panel's sections."""
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
