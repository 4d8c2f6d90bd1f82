"""The theme row of Settings: the saved theme, and the scheme this run shows instead.

``--color-scheme`` chooses a scheme for one run and is never saved. The combo shows
the saved theme, so that OK without a change keeps both it and the colours on screen;
a note under it says which scheme the window uses, and why.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from reviewer_app.config.settings import THEMES
from reviewer_app.ui.window.appearance import ColorScheme

# What each theme of the settings is called in the dialog, in the order shown.
THEME_NAMES = {"system": "Same as the system", "light": "Light", "dark": "Dark"}


def theme_combo(theme: str, parent: QWidget) -> QComboBox:
    """The themes in the order of the settings, ``theme`` (the saved one) chosen."""
    combo = QComboBox(parent)
    combo.setObjectName("theme")
    for name in THEMES:
        combo.addItem(THEME_NAMES[name], name)
    combo.setCurrentIndex(max(combo.findData(theme), 0))
    combo.setToolTip("Light or dark colours; applied as soon as you press OK")
    return combo


def run_scheme_note(theme: str, scheme: ColorScheme | None) -> str:
    """Says that ``--color-scheme`` shows ``scheme`` over the saved ``theme``; "" if not."""
    if scheme is None or scheme.value == theme:
        return ""
    name = scheme.value
    return (
        f"This window uses the {name} scheme for this run (--color-scheme {name}). "
        "A different theme chosen here is saved and applies at once."
    )
