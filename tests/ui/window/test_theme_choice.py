"""Tests of reviewer_app/ui/window/theme_choice.py: what Settings says of the scheme shown."""

from __future__ import annotations

from reviewer_app.ui.window.appearance import ColorScheme
from reviewer_app.ui.window.theme_choice import run_scheme_note


def test_the_note_names_the_command_line_scheme_only_over_another_theme() -> None:
    note = run_scheme_note("system", ColorScheme.DARK)
    assert note.startswith("This window uses the dark scheme for this run (--color-scheme dark).")
    assert "light scheme" in run_scheme_note("dark", ColorScheme.LIGHT)
    assert run_scheme_note("dark", ColorScheme.DARK) == ""  # the combo says it already
    assert run_scheme_note("light", None) == ""  # no --color-scheme: the saved theme rules
