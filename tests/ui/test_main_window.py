"""Tests of the main window and of starting the app (offscreen, temporary settings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QKeySequence, QTextDocument
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from reviewer_app.paths import positions_dir
from reviewer_app.positions import Position, load_positions, parse_position
from reviewer_app.ui.app import run, window_settings
from reviewer_app.ui.main_window import MainWindow

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def positions() -> list[Position]:
    """The positions shipped with the app."""
    loaded = load_positions(positions_dir())
    assert loaded, "the app ships at least one position"
    return loaded


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Window settings in a temporary file, never the real user's configuration."""
    return window_settings(tmp_path)


@pytest.fixture
def window(qtbot: QtBot, positions: list[Position], settings: QSettings) -> MainWindow:
    """The main window over the shipped positions, shown offscreen."""
    main_window = MainWindow(positions, settings=settings)
    qtbot.addWidget(main_window)
    main_window.show()
    qtbot.waitExposed(main_window)
    return main_window


def test_window_opens_on_the_first_position(window: MainWindow, positions: list[Position]) -> None:
    first = positions[0]
    assert window.current_position() is first
    text = window.browser.toPlainText()
    assert first.title in text
    assert "<" not in text  # rendered, not shown as markup
    assert window.details.checks_model.rowCount() == len(first.checks)


def test_status_bar_counts_positions(window: MainWindow, positions: list[Position]) -> None:
    count = len(positions)
    assert (
        window.statusBar()
        .currentMessage()
        .startswith(f"{count} position" + ("" if count == 1 else "s"))
    )


def test_selecting_a_position_shows_its_description(qtbot: QtBot, settings: QSettings) -> None:
    first, second = (_fake_position("one", "First Role"), _fake_position("two", "Second Role"))
    main_window = MainWindow([first, second], settings=settings)
    qtbot.addWidget(main_window)
    main_window.position_list.setCurrentIndex(main_window.position_model.index(1, 0))
    assert main_window.current_position() is second
    assert "Second Role" in main_window.browser.toPlainText()
    assert "First Role" not in main_window.browser.toPlainText()


def test_window_fits_a_small_laptop_screen(window: MainWindow) -> None:
    assert window.minimumWidth() <= 1366
    assert window.minimumHeight() <= 768


def test_description_never_loads_resources(window: MainWindow) -> None:
    for url in ("https://tracker.example/pixel.png", "file:///etc/passwd", "pixel.png"):
        assert (
            window.browser.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(url)) is None
        )
    assert window.browser.openExternalLinks()


def test_position_models_are_consistent(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.position_model)
    qtmodeltester.check(window.details.checks_model)


def test_quit_has_ctrl_q(window: MainWindow) -> None:
    actions = {
        a.text().replace("&", ""): a for m in window.menuBar().actions() for a in m.menu().actions()
    }
    assert actions["Quit"].shortcut() == QKeySequence("Ctrl+Q")
    assert "About reviewer_app" in actions


def test_window_remembers_its_splitters(
    qtbot: QtBot, positions: list[Position], tmp_path: Path
) -> None:
    first = MainWindow(positions, settings=window_settings(tmp_path))
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.main_splitter.setSizes([400, 700])
    sizes = first.main_splitter.sizes()
    first.close()
    assert (tmp_path / "window.ini").is_file()

    second = MainWindow(positions, settings=window_settings(tmp_path))
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.main_splitter.sizes() == sizes


def test_run_saves_a_screenshot(qtbot: QtBot, tmp_path: Path) -> None:
    shot = tmp_path / "x.png"
    assert run([], screenshot=shot, data_dir=tmp_path) == 0
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 1000


def test_run_reports_a_screenshot_it_cannot_save(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shot = tmp_path / "missing-folder" / "x.png"
    assert run([], screenshot=shot, data_dir=tmp_path) == 1
    assert str(shot) in capsys.readouterr().err
    assert not shot.exists()


def _fake_position(slug: str, title: str) -> Position:
    return parse_position(f'---\ntitle: "{title}"\n---\n\n## About\n\n{title} text.\n', slug)
