"""The review panel's keys, as the help dialog lists them.

Each is handled by the section that has the focus: a check row (1, 2, 3, 0, C, the
arrows), the note editor and cards, the decision; N and D are the window's actions.
"""

from __future__ import annotations

REVIEW_SHORTCUTS: list[tuple[str, str]] = [
    ("Up / Down", "Previous / next check"),
    ("Tab", "Next check or comment"),
    ("1", "Mark the focused check Met, go to the next"),
    ("2", "Mark the focused check Not met, go to the next"),
    ("3", "Mark the focused check Unsure, go to the next"),
    ("0", "Clear your result on the focused check"),
    ("C", "Comment on the focused check (Enter saves, Esc discards)"),
    ("Ctrl+Enter", "Save the note being written (the focus goes back)"),
    ("Esc", "Discard the note being written (Undo brings it back)"),
    ("Delete", "Delete your note whose Edit or Delete button has the focus"),
    ("Enter", "Save the decision, or keep it as it is: the focus goes back where it was"),
    ("Esc", "In the decision: out of the reason, then discard what is not saved"),
]
