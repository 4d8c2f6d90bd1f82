"""Tests of resources/app.qss: focus, a filter that is on, and a chosen result never look alike."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from reviewer_app.config.paths import resources_dir
from reviewer_app.ui.window.appearance import ColorScheme, apply_color_scheme, style_sheet
from tests.ui.window.test_appearance import contrast

KINDS = [
    QPushButton,
    QToolButton,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QTableView,
    QCheckBox,
    QRadioButton,
]


@pytest.fixture(params=[ColorScheme.LIGHT, ColorScheme.DARK], ids=["light", "dark"])
def styled(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[None]:
    """The application's style sheet, in a light or dark scheme."""
    previous_sheet, previous_style = qapp.styleSheet(), qapp.style().name()
    previous_palette = qapp.palette()
    apply_color_scheme(qapp, request.param)
    qapp.setStyleSheet(style_sheet(resources_dir()))
    yield
    qapp.setStyleSheet(previous_sheet)
    apply_color_scheme(qapp, ColorScheme.SYSTEM)
    qapp.setStyle(previous_style)
    qapp.setPalette(previous_palette)


def _host(qtbot: QtBot, *widgets: QWidget) -> QWidget:
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    layout.addWidget(QLineEdit(host))  # somewhere else for the focus to be
    for widget in widgets:
        layout.addWidget(widget)
    host.show()
    host.activateWindow()  # the focus is drawn only in an active window
    qtbot.waitUntil(host.isActiveWindow)
    return host


def _grab(widget: QWidget) -> QImage:
    return widget.grab().toImage()


@pytest.mark.usefixtures("styled")
@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_every_control_shows_its_focus_without_changing_size(
    qtbot: QtBot, kind: type[QWidget]
) -> None:
    widget = kind()
    if isinstance(widget, QPushButton | QToolButton | QCheckBox | QRadioButton):
        widget.setText("Change")
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    host = _host(qtbot, widget)
    host.findChild(QLineEdit).setFocus()
    qtbot.waitUntil(lambda: not widget.hasFocus())
    size, before = widget.size(), _grab(widget)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)
    assert _grab(widget) != before, f"{kind.__name__}: no visible focus"
    assert widget.size() == size


@pytest.mark.usefixtures("styled")
def test_a_filter_that_is_on_is_filled_unlike_a_focused_one(qtbot: QtBot) -> None:
    on, focused = QPushButton("Duplicates 38"), QPushButton("Duplicates 38")
    for button in (on, focused):
        button.setCheckable(True)
        button.setProperty("filterToggle", True)
        button.setFixedWidth(160)
    on.setChecked(True)
    host = _host(qtbot, on, focused)
    focused.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(focused.hasFocus)
    on_image, focused_image = _grab(on), _grab(focused)
    middle = (on_image.width() // 8, on_image.height() // 2)  # inside, left of the text
    highlight = QApplication.palette().highlight().color().name()
    assert on_image.pixelColor(*middle).name() == highlight  # filled
    assert focused_image.pixelColor(*middle).name() != highlight  # a ring, not a fill
    assert host.isVisible()


@pytest.mark.usefixtures("styled")
@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton], ids=lambda kind: kind.__name__)
def test_a_box_shows_its_outline_at_3_to_1_and_its_mark_when_checked(
    qtbot: QtBot, kind: type[QCheckBox | QRadioButton]
) -> None:
    unchecked, checked = kind("Include notes"), kind("Include checks")
    checked.setChecked(True)
    host = _host(qtbot, unchecked, checked)
    window = QApplication.palette().window().color()
    off, on = _grab(unchecked), _grab(checked)
    indicator = QRect(0, 0, off.height(), off.height())  # at the left, as high as the row
    pixels = [(x, y) for x in range(indicator.width()) for y in range(indicator.height())]
    outline = max(contrast(off.pixelColor(x, y), window) for x, y in pixels)
    assert outline >= 3.0, f"{kind.__name__}: outline at {outline:.2f}:1 on the window"
    marked = [(x, y) for x, y in pixels if on.pixelColor(x, y) != off.pixelColor(x, y)]
    assert len(marked) >= 6, f"{kind.__name__}: no mark when checked"
    assert host.isVisible()
