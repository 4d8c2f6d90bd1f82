"""Tests of light and dark appearance: the contrast of what is drawn, and a high-DPI layout.

Contrast is measured on what a reviewer sees: labels and buttons in a grab of the
window (the colour that differs most from the commonest one, the background), and
documents fragment by fragment, their colours resolved against the browser's palette.
A colour hard-coded for one scheme fails in the other.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.config.paths import resources_dir
from reviewer_app.domain.vocabulary import CheckResult, NoteKind
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.entry import main
from reviewer_app.ui.window.appearance import (
    ColorScheme,
    apply_color_scheme,
    follow_palette_changes,
    is_dark,
    scheme_palette,
    style_sheet,
)
from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.conflict_support import add_decision_conflict
from tests.ui.conftest import wait_settled

REVIEWER = "Test Reviewer"
# WCAG 2 AA: 4.5:1 for text, 3:1 for large text; muted lines are held to the lower bar.
TEXT = 4.5
MUTED = 3.0
SCHEMES = [ColorScheme.LIGHT, ColorScheme.DARK]

MakeWindow = Callable[..., MainWindow]


def luminance(color: QColor) -> float:
    """Returns the WCAG relative luminance of an opaque colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(first: QColor, second: QColor) -> float:
    """Returns the WCAG contrast ratio of two opaque colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(color: QColor, background: QColor) -> QColor:
    """Returns ``color`` drawn over an opaque ``background``."""
    alpha = color.alphaF()
    return QColor.fromRgbF(
        color.redF() * alpha + background.redF() * (1 - alpha),
        color.greenF() * alpha + background.greenF() * (1 - alpha),
        color.blueF() * alpha + background.blueF() * (1 - alpha),
    )


def _colors(image: QImage) -> Counter[int]:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = bytes(image.constBits())
    stride, width = image.bytesPerLine(), image.width()
    counts: Counter[int] = Counter()
    for y in range(image.height()):
        row = data[y * stride : y * stride + 4 * width]
        counts.update(int.from_bytes(row[x : x + 4], "little") for x in range(0, 4 * width, 4))
    return counts


def drawn_contrast(widget: QWidget, inset: int = 0) -> float:
    """Returns the contrast of the text drawn in ``widget`` against its background.

    The widget's area of a grab of its window, so that the background is what really
    shows behind it; the background is the commonest colour there, the text the colour
    that differs most from it.
    """
    window = widget.window()
    image = window.grab().toImage()
    ratio = image.devicePixelRatio()
    area = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()).adjusted(
        inset, inset, -inset, -inset
    )
    physical = QRect(
        round(area.x() * ratio),
        round(area.y() * ratio),
        round(area.width() * ratio),
        round(area.height() * ratio),
    )
    counts = _colors(image.copy(physical))
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    return max(contrast(QColor.fromRgb(rgb), background) for rgb in counts)


def document_contrasts(browser: QTextEdit) -> dict[str, float]:
    """Returns each text fragment of the browser's document with its contrast ratio.

    A fragment without a colour of its own is drawn in the palette's Text colour; a
    translucent background (``code`` in position.css) is blended over the page's.
    """
    palette = browser.viewport().palette()
    page = palette.color(browser.viewport().backgroundRole())
    text = palette.color(QPalette.ColorRole.Text)
    found: dict[str, float] = {}
    block = browser.document().begin()
    while block.isValid():
        block_brush = block.blockFormat().background()
        block_bg = page
        if block_brush.style() != Qt.BrushStyle.NoBrush:
            block_bg = over(block_brush.color(), page)
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            fmt = fragment.charFormat()
            background = block_bg
            if fmt.background().style() != Qt.BrushStyle.NoBrush:
                background = over(fmt.background().color(), block_bg)
            color = text
            if fmt.foreground().style() != Qt.BrushStyle.NoBrush:
                color = fmt.foreground().color()
            if fragment.text().strip():
                found[fragment.text()] = min(
                    found.get(fragment.text(), 21.0), contrast(over(color, background), background)
                )
            fragments += 1
        block = block.next()
    return found


@pytest.fixture
def restored_appearance(qapp: QApplication) -> Iterator[None]:
    """Puts the application's style and palette back as they were after the test."""
    style, palette = qapp.style().name(), QPalette(qapp.palette())
    yield
    if hasattr(qapp.styleHints(), "unsetColorScheme"):  # Qt 6.8+
        qapp.styleHints().unsetColorScheme()
    qapp.setStyle(style)
    qapp.setPalette(palette)


@pytest.fixture
def scheme(
    request: pytest.FixtureRequest, qapp: QApplication, restored_appearance: None
) -> ColorScheme:
    """The application in the scheme of the test's parameter."""
    apply_color_scheme(qapp, request.param)
    return ColorScheme(request.param)


@pytest.fixture
def app_stylesheet(qapp: QApplication) -> Iterator[None]:
    """The application's style sheet from resources/, as the app sets it."""
    previous = qapp.styleSheet()
    qapp.setStyleSheet(style_sheet(resources_dir()))
    follow_palette_changes(qapp)
    yield
    qapp.setStyleSheet(previous)


@pytest.fixture
def busy_window(make_window: MakeWindow, demo_cache: LocalCache, qtbot: QtBot) -> MainWindow:
    """The first applicant with a result of each kind, a note with a link, a conflict."""
    target = ApplicantQuery(demo_cache, REVIEWER).ids()[0]
    add_decision_conflict(demo_cache, target)
    ReviewService(demo_cache, "Ana").save_note(
        # Only a link: the note's text colour is then the link colour.
        target,
        NoteKind.INTERVIEW,
        "[A talk on Python](https://example.org)",
    )
    window = make_window()
    window.applicant_list.select(target)
    wait_settled(qtbot, window)
    rows = window.review_panel.checks.rows
    review = ReviewService(demo_cache, REVIEWER)
    review.set_check(target, rows[0].check.key, CheckResult.MET, "Django app")
    review.set_check(target, rows[1].check.key, CheckResult.NOT_MET)
    review.reveal(target)  # "Show anyway": Ana's note before every check is recorded
    window.show_application(target)
    wait_settled(qtbot, window)
    window.statusBar().showMessage("Exported 200 applications")
    window.position_browser.ensure_rendered()
    qtbot.waitUntil(lambda: window.review_panel.conflict.isVisible())
    return window


def _drawn_contrasts(window: MainWindow) -> dict[str, tuple[float, float]]:
    """Returns (contrast, minimum) for each kind of text the window draws."""
    view, panel = window.applicant_view, window.review_panel
    checks = panel.checks
    checked = [
        button
        for row in checks.rows
        if row.isVisible()
        for button in row.buttons.buttons()
        if button.isChecked()
    ]
    unchecked = next(b for b in checks.rows[0].buttons.buttons() if not b.isChecked())
    hints = [label for row in checks.rows for label in row.shown_hints]
    disabled = next(row.comment for row in checks.rows if not row.comment.isEnabled())
    (card,) = panel.notes.cards
    status = window.statusBar()
    measured = {
        "applicant name": (drawn_contrast(view.name_label), TEXT),
        "applicant meta (muted)": (drawn_contrast(view.meta_label), MUTED),
        "conflict banner": (drawn_contrast(panel.conflict.text), TEXT),
        "check label": (drawn_contrast(checks.rows[0].label), TEXT),
        "unchecked result button": (drawn_contrast(unchecked, inset=3), TEXT),
        # Disabled until a result is chosen, and its placeholder says so.
        "placeholder of a disabled comment": (drawn_contrast(disabled, inset=3), MUTED),
        "hint (muted)": (min(drawn_contrast(label) for label in hints), MUTED),
        "note heading (muted)": (drawn_contrast(card.heading), MUTED),
        "link in a note": (drawn_contrast(card.body), TEXT),
        "pending changes": (drawn_contrast(window.status.pending_label), TEXT),
        "last sync (muted)": (drawn_contrast(window.status.synced_label), MUTED),
    }
    assert len(checked) == 2 and hints
    for number, button in enumerate(checked):
        measured[f"checked result button {number}"] = (drawn_contrast(button, inset=3), TEXT)
    # The temporary message is drawn by the status bar itself, left of its widgets.
    message = QWidget(status)
    message.setGeometry(0, 0, window.status.x(), status.height())
    measured["status message"] = (drawn_contrast(message), TEXT)
    message.deleteLater()
    return measured


def _assert_readable(measured: dict[str, tuple[float, float]]) -> None:
    failing = {name: round(value, 2) for name, (value, bar) in measured.items() if value < bar}
    assert not failing, f"too little contrast: {failing}"


def _assert_documents_readable(window: MainWindow) -> None:
    for browser in (window.applicant_view.answers, window.position_browser):
        fragments = document_contrasts(browser)
        assert fragments, browser.objectName()
        failing = {text[:30]: round(ratio, 2) for text, ratio in fragments.items() if ratio < TEXT}
        assert not failing, f"{browser.objectName()}: too little contrast: {failing}"


@pytest.mark.parametrize("scheme", SCHEMES, indirect=True)
def test_the_scheme_palette_is_used_where_the_platform_cannot_switch(
    scheme: ColorScheme, qapp: QApplication
) -> None:
    assert is_dark(qapp.palette()) == (scheme is ColorScheme.DARK)
    wanted = scheme_palette(scheme)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Text, QPalette.ColorRole.Link):
        assert qapp.palette().color(role) == wanted.color(role)


@pytest.mark.parametrize("scheme", SCHEMES, indirect=True)
def test_text_reads_well_in_every_widget(
    scheme: ColorScheme, app_stylesheet: None, busy_window: MainWindow
) -> None:
    _assert_readable(_drawn_contrasts(busy_window))


@pytest.mark.parametrize("scheme", SCHEMES, indirect=True)
def test_description_and_answers_read_well(scheme: ColorScheme, busy_window: MainWindow) -> None:
    _assert_documents_readable(busy_window)
    # The links are there, in the palette's link colour.
    link = busy_window.applicant_view.answers.palette().color(QPalette.ColorRole.Link)
    assert link == scheme_palette(scheme).color(QPalette.ColorRole.Link)


@pytest.mark.parametrize("scheme", [ColorScheme.LIGHT], indirect=True)
def test_widgets_follow_a_switch_to_dark_while_the_window_is_open(
    scheme: ColorScheme, app_stylesheet: None, busy_window: MainWindow, qapp: QApplication
) -> None:
    apply_color_scheme(qapp, ColorScheme.DARK)
    assert is_dark(busy_window.review_panel.checks.rows[0].label.palette())
    _assert_readable(_drawn_contrasts(busy_window))


@pytest.mark.parametrize("scheme", [ColorScheme.LIGHT], indirect=True)
def test_document_links_follow_a_switch_to_dark(
    scheme: ColorScheme, app_stylesheet: None, busy_window: MainWindow, qapp: QApplication
) -> None:
    apply_color_scheme(qapp, ColorScheme.DARK)
    _assert_documents_readable(busy_window)


@pytest.mark.parametrize("scheme", [ColorScheme.DARK], indirect=True)
def test_the_checks_catch_black_text_on_a_dark_palette(scheme: ColorScheme, qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(300, 120)
    label = QLabel("Hard-coded black", host)
    label.setStyleSheet("color: black")
    label.adjustSize()
    browser = QTextEdit(host)
    browser.setGeometry(0, 40, 300, 80)
    browser.setHtml("<p>Palette text</p><p style='color:#000'>Hard-coded black</p>")
    host.show()
    qtbot.waitExposed(host)
    assert drawn_contrast(label) < MUTED
    contrasts = document_contrasts(browser)
    assert contrasts["Palette text"] >= TEXT
    assert contrasts["Hard-coded black"] < MUTED


def test_screenshot_in_dark_at_the_size_asked_for(
    qtbot: QtBot, demo_dir: Path, tmp_path: Path, restored_appearance: None
) -> None:
    shot = tmp_path / "dark.png"
    options = ["--color-scheme", "dark", "--screenshot-size", "1366x768"]
    assert main(["--data-dir", str(demo_dir), "--screenshot", str(shot), *options]) == 0
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)
    commonest = QColor.fromRgb(_colors(image).most_common(1)[0][0])
    assert luminance(commonest) < 0.05


def test_a_screenshot_size_must_be_width_by_height(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["--screenshot", str(tmp_path / "x.png"), "--screenshot-size", "1366"])
    assert "WIDTHxHEIGHT" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


# Run with QT_SCALE_FACTOR in a process of its own: the factor is read at start-up.
_HIGH_DPI_SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QStyle
from reviewer_app.config.settings import Settings
from reviewer_app.ui.window.app import build_services, wait_for_list
from reviewer_app.ui.entry import main
from reviewer_app.ui.window.main_window import MainWindow

app = QApplication([])
data_dir = Path(sys.argv[1])
services = build_services(data_dir, Settings(reviewer_name="Test Reviewer"))
window = MainWindow(services.cache, services.review, services.query, services.runner,
                    services.settings, data_dir)
window.resize(1366, 768)
window.show()
wait_for_list(window)
window.applicant_list.select(window.applicant_list.model.application_id(0))
window.position_browser.ensure_rendered()
panel = window.review_panel
for _ in range(250):  # laid out, polished and the checks shown
    QTest.qWait(20)
    if any(row.isVisible() for row in panel.checks.rows):
        break
QTest.qWait(100)
clipped = []
for pane in (window.applicant_view, window.review_panel, window.status):
    for label in pane.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text():
            continue
        if label.wordWrap():  # its longest word, and its lines at its width
            need = (label.minimumSizeHint().width(), label.heightForWidth(label.width()))
        else:
            hint = label.sizeHint()
            need = (hint.width(), hint.height())
        if need[0] > label.width() or need[1] > label.height():
            clipped.append([label.text()[:40], need, [label.width(), label.height()]])
    for button in pane.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or not button.text():
            continue
        margin = button.style().pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, button)
        need = button.fontMetrics().horizontalAdvance(button.text()) + 2 * margin
        if need > button.width():
            clipped.append([button.text(), [need, 0], [button.width(), button.height()]])
viewport = panel.scroll_area.viewport()
cut_rows = [
    row.check.label
    for row in panel.checks.rows
    if row.isVisible()
    for button in row.buttons.buttons()
    if button.mapTo(viewport, button.rect().topRight()).x() > viewport.width()
]
average = window.fontMetrics().averageCharWidth()
print(json.dumps({
    "ratio": window.devicePixelRatio(),
    "grab": [window.grab().width(), window.grab().height()],
    "clipped": clipped,
    "cut_rows": cut_rows,
    "rows": sum(row.isVisible() for row in panel.checks.rows),
    "applicant_chars": window.applicant_view.width() // average,
    "description_chars": window.position_browser.viewport().width() // average,
}))
window.close()
services.runner.shutdown()
services.cache.close()
"""


@pytest.mark.parametrize("factor", ["2", "1.5"])
def test_window_at_high_dpi_shows_everything_unclipped(demo_dir: Path, factor: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": factor}
    done = subprocess.run(
        [sys.executable, "-c", _HIGH_DPI_SCRIPT, str(demo_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ratio"] == float(factor)
    assert result["grab"] == [round(1366 * float(factor)), round(768 * float(factor))]
    assert result["clipped"] == []
    assert result["cut_rows"] == []
    assert result["rows"] > 0
    # Room to read: the applicant's answers and the description beside them.
    assert result["applicant_chars"] >= 30
    assert result["description_chars"] >= 30


@pytest.mark.parametrize("scheme", [ColorScheme.LIGHT, ColorScheme.DARK])
def test_control_borders_and_placeholders_stand_out(scheme: ColorScheme) -> None:
    palette = scheme_palette(scheme)
    role = QPalette.ColorRole

    def color(which: QPalette.ColorRole) -> QColor:
        return palette.color(QPalette.ColorGroup.Active, which)

    # The style sheet draws fields' and buttons' borders in palette(dark): 3:1 beside
    # the window and the field (WCAG 1.4.11).
    for beside in (role.Window, role.Base):
        assert contrast(color(role.Dark), color(beside)) >= 3, beside
    # A placeholder reads (4.5:1) and never passes for typed text.
    assert contrast(color(role.PlaceholderText), color(role.Base)) >= 4.5
    assert contrast(color(role.PlaceholderText), color(role.Text)) >= 2
