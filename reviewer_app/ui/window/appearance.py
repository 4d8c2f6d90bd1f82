"""Light and dark appearance: following the system, or a scheme asked for by name.

On Windows, macOS and Linux with a platform theme Qt follows the system's colour
scheme by itself, and every widget here takes its colours from palette roles. Where
the platform cannot switch (the offscreen platform of screenshots and tests, Linux
without a theme), an explicit scheme is shown with the Fusion style and a palette of
our own whose text, muted text, links and selection all read at 4.5:1 or better.

Two things do not follow a palette change by themselves, so a switch while the app
runs needs help: widgets polished under a style sheet keep the palette they had
(:func:`follow_palette_changes`), and rich text keeps the link colour it was parsed
with (widgets showing HTML set it again on ``QEvent.PaletteChange``).
"""

from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


class ColorScheme(enum.Enum):
    """Which colours the window uses."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


# Colours of the palette of each scheme, for the active and inactive groups.
_COLORS: dict[ColorScheme, dict[QPalette.ColorRole, str]] = {
    ColorScheme.LIGHT: {
        Role.Window: "#efefef",
        Role.WindowText: "#000000",
        Role.Base: "#ffffff",
        Role.AlternateBase: "#f5f5f5",
        Role.ToolTipBase: "#ffffdc",
        Role.ToolTipText: "#000000",
        Role.PlaceholderText: "#646464",
        Role.Text: "#000000",
        Role.Button: "#efefef",
        Role.ButtonText: "#000000",
        Role.BrightText: "#ffffff",
        Role.Light: "#ffffff",
        Role.Midlight: "#cacaca",
        Role.Mid: "#b8b8b8",
        # The style sheet's control borders: 3:1 on the window and the fields (WCAG 1.4.11).
        Role.Dark: "#767676",
        Role.Shadow: "#767676",
        # Darker than Fusion's #308cc6, under which white text reads at only 3.7:1.
        Role.Highlight: "#1f6cb0",
        Role.HighlightedText: "#ffffff",
        Role.Accent: "#1f6cb0",
        Role.Link: "#0b5cad",
        Role.LinkVisited: "#6a2ca0",
    },
    ColorScheme.DARK: {
        Role.Window: "#2d2d2d",
        Role.WindowText: "#e8e8e8",
        Role.Base: "#1f1f1f",
        Role.AlternateBase: "#383838",
        Role.ToolTipBase: "#3c3c3c",
        Role.ToolTipText: "#e8e8e8",
        # Well under the text (#e8e8e8), so that a hint never reads as typed; 5:1 still.
        Role.PlaceholderText: "#8c8c8c",
        Role.Text: "#e8e8e8",
        Role.Button: "#3a3a3a",
        Role.ButtonText: "#e8e8e8",
        Role.BrightText: "#ffffff",
        Role.Light: "#4b4b4b",
        Role.Midlight: "#404040",
        Role.Mid: "#232323",
        # The style sheet's control borders: 3:1 on the window and the fields (WCAG 1.4.11).
        Role.Dark: "#7a7a7a",
        Role.Shadow: "#161616",
        Role.Highlight: "#2a6fb0",
        Role.HighlightedText: "#ffffff",
        Role.Accent: "#2a6fb0",
        Role.Link: "#6cb4ff",
        Role.LinkVisited: "#c39bff",
    },
}

# Disabled widgets: fainter than enabled text, still 3:1 on their background, as a
# disabled field's placeholder says why it is disabled ("choose a result first").
_DISABLED: dict[ColorScheme, dict[QPalette.ColorRole, str]] = {
    ColorScheme.LIGHT: {
        Role.WindowText: "#868686",
        Role.Text: "#868686",
        Role.ButtonText: "#868686",
        Role.PlaceholderText: "#868686",
        Role.Base: "#efefef",
        Role.Highlight: "#919191",
    },
    ColorScheme.DARK: {
        Role.WindowText: "#808080",
        Role.Text: "#808080",
        Role.ButtonText: "#808080",
        Role.PlaceholderText: "#808080",
        Role.Base: "#2d2d2d",
        Role.Button: "#333333",
        Role.Highlight: "#505050",
    },
}


def scheme_palette(scheme: ColorScheme) -> QPalette:
    """Returns the palette shown for ``scheme`` where the platform cannot switch.

    Raises:
        ValueError: ``scheme`` is SYSTEM, which has no palette of its own.
    """
    if scheme is ColorScheme.SYSTEM:
        raise ValueError("the system scheme uses the platform's palette")
    palette = QPalette()
    for role, color in _COLORS[scheme].items():
        palette.setColor(role, QColor(color))  # all groups
    for role, color in _DISABLED[scheme].items():
        palette.setColor(Group.Disabled, role, QColor(color))
    return palette


def style_sheet(resources: Path) -> str:
    """The application's style sheet (``app.qss`` in ``resources``), ready to set.

    Its images are named under ``@RESOURCES@``: a style sheet set as text finds a
    relative ``url()`` from the working folder, wherever the app was started.
    """
    text = (resources / "app.qss").read_text(encoding="utf-8")
    return text.replace("@RESOURCES@", resources.resolve().as_posix())


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` draws light text on a dark window."""
    return palette.color(Role.Window).lightness() < palette.color(Role.WindowText).lightness()


# The style the application had before a scheme of ours replaced it, kept on the app.
_PLATFORM_STYLE = "reviewerPlatformStyle"
# The scheme --color-scheme asked for this run, kept on the app until another is applied.
_RUN_SCHEME = "reviewerRunScheme"


def apply_color_scheme(app: QApplication, scheme: ColorScheme) -> None:
    """Shows the application in ``scheme``; SYSTEM gives the platform its choice back.

    The platform is asked first (Qt 6.8+), so that a native style keeps its look; where
    it does not switch, the Fusion style with :func:`scheme_palette` is used instead.
    May be called again while the app runs (Settings → Theme): SYSTEM then undoes what
    an earlier LIGHT or DARK did, style and palette.
    """
    app.setProperty(_RUN_SCHEME, "")  # the scheme shown is no longer the command line's
    hints = app.styleHints()
    if scheme is ColorScheme.SYSTEM:
        if hasattr(hints, "unsetColorScheme"):  # Qt 6.8+
            hints.unsetColorScheme()
        platform_style = app.property(_PLATFORM_STYLE)
        if isinstance(platform_style, str) and platform_style:
            app.setProperty(_PLATFORM_STYLE, "")
            app.setStyle(platform_style)
            app.setPalette(QPalette())  # no role set: the platform's palette again
        if is_dark(app.palette()) != (hints.colorScheme() == Qt.ColorScheme.Dark):
            # A palette set before (by a scheme, not by the platform) is still shown.
            app.setPalette(app.style().standardPalette())
        return
    wanted = Qt.ColorScheme.Dark if scheme is ColorScheme.DARK else Qt.ColorScheme.Light
    if hasattr(hints, "setColorScheme"):  # Qt 6.8+
        hints.setColorScheme(wanted)
    if hints.colorScheme() == wanted and is_dark(app.palette()) == (scheme is ColorScheme.DARK):
        return
    if not app.property(_PLATFORM_STYLE):
        app.setProperty(_PLATFORM_STYLE, app.style().name())
    app.setStyle("Fusion")
    app.setPalette(scheme_palette(scheme))


def apply_run_scheme(app: QApplication, scheme: ColorScheme) -> None:
    """Shows ``scheme`` as ``--color-scheme`` asked, over the saved theme, for this run.

    :func:`run_scheme` tells it until another scheme is applied (Settings → Theme).
    SYSTEM, the option's default, leaves the choice to the saved theme.
    """
    apply_color_scheme(app, scheme)
    if scheme is not ColorScheme.SYSTEM:
        app.setProperty(_RUN_SCHEME, scheme.value)


def run_scheme(app: QApplication) -> ColorScheme | None:
    """The scheme ``--color-scheme`` shows this run, or None when the saved theme decides."""
    value = app.property(_RUN_SCHEME)
    return ColorScheme(value) if isinstance(value, str) and value else None


_REFRESHER_NAME = "styleSheetRefresher"


class _StyleSheetRefresher(QObject):
    """Polishes every widget again when the application's palette changes.

    Told by the ``paletteChanged`` signal, not by an event filter on the application:
    such a filter sees every event of every object, in Python.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._refreshing = False
        app.paletteChanged.connect(self._refresh)

    def _refresh(self, _palette: QPalette) -> None:
        """Sets the application's style sheet again after a palette change."""
        if self._refreshing or not self._app.styleSheet():
            return
        self._refreshing = True
        try:
            self._app.setStyleSheet(self._app.styleSheet())
        finally:
            self._refreshing = False


def follow_palette_changes(app: QApplication) -> None:
    """Makes every widget take a new application palette, as when the system turns dark.

    Under a style sheet Qt gives each widget a copy of the palette when it is polished,
    and such widgets stay in the old colours after a switch: light text on a light
    window. Setting the style sheet again polishes them with the new palette.
    """
    if app.findChild(_StyleSheetRefresher, _REFRESHER_NAME) is None:
        refresher = _StyleSheetRefresher(app)
        refresher.setObjectName(_REFRESHER_NAME)
