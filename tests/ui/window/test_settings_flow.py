"""Tests of reviewer_app/ui/window/settings_flow.py: saving the settings and handing them on.

Where a typed password goes is tested through the window in test_dialogs.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.config.settings import Settings, embedded_shared_url
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.domain.identity import blind_name
from reviewer_app.domain.vocabulary import NoteKind
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.app import _application, run
from reviewer_app.ui.window.appearance import ColorScheme, apply_color_scheme, is_dark
from reviewer_app.ui.window.dialogs import SettingsDialog
from reviewer_app.ui.window.main_window import MainWindow
from reviewer_app.ui.window.settings_flow import SettingsFlow
from reviewer_app.ui.window.sync_controller import SyncController
from tests.ui.conftest import wait_settled

REVIEWER = "Test Reviewer"  # as in conftest.py


def test_a_new_name_is_saved_handed_on_and_said_to_apply_at_the_next_start(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    dialogs: list[QWidget] = []
    flow = SettingsFlow(demo_dir, window, dialogs)
    runner = TaskRunner()
    connection = SharedConnection(embedded_shared_url(demo_dir), embedded=True)
    sync = SyncController(runner, demo_cache, connection, demo_dir, REVIEWER)
    applied: list[Settings] = []
    said: list[str] = []
    flow.applied.connect(applied.append)
    flow.message.connect(said.append)
    try:
        flow.start(Settings(reviewer_name=REVIEWER), sync)
        dialog = dialogs[-1]
        assert isinstance(dialog, SettingsDialog)
        dialog.name_edit.setText("Ana Reviewer")
        dialog.interval_spin.setValue(7)
        dialog.accept()
        assert [settings.reviewer_name for settings in applied] == ["Ana Reviewer"]
        assert Settings.load(demo_dir) == applied[0]
        assert said == ["Your new name applies the next time you start reviewer_app."]
        assert sync.timer.interval() == 7 * 60_000
        assert not sync.running  # the same database: no sync started for it
    finally:
        runner.shutdown()


def test_independent_review_is_a_checkbox_of_the_settings(demo_dir: Path, qtbot: QtBot) -> None:
    connection = SharedConnection(embedded_shared_url(demo_dir), embedded=True)
    dialog = SettingsDialog(Settings(reviewer_name=REVIEWER), connection)
    qtbot.addWidget(dialog)
    assert dialog.independent_check.isChecked()  # on by default
    dialog.independent_check.setChecked(False)
    assert dialog.result_settings()[0].independent_review is False
    off = SettingsDialog(Settings(reviewer_name=REVIEWER, independent_review=False), connection)
    qtbot.addWidget(off)
    assert not off.independent_check.isChecked()


def test_turning_independent_review_off_shows_the_others_views_at_once(
    qtbot: QtBot, make_window: Callable[..., MainWindow], demo_cache: LocalCache
) -> None:
    first = ApplicantQuery(demo_cache, REVIEWER).ids()[0]
    ReviewService(demo_cache, "Ana").save_note(first, NoteKind.TRIAGE, "Ana's view")
    window = make_window()
    assert window.current_id() == first
    panel = window.review_panel
    assert panel.hidden_reviews.isVisible() and panel.notes.cards == []
    # What the settings flow hands on once the dialog is accepted and saved.
    window.settings_flow.applied.emit(replace(window.settings, independent_review=False))
    wait_settled(qtbot, window)
    assert not panel.hidden_reviews.isVisible()
    assert [card.note.body for card in panel.notes.cards] == ["Ana's view"]


def test_a_theme_chosen_is_saved_and_applied_at_once(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = QWidget()
    qtbot.addWidget(window)
    dialogs: list[QWidget] = []
    flow = SettingsFlow(demo_dir, window, dialogs)
    runner = TaskRunner()
    connection = SharedConnection(embedded_shared_url(demo_dir), embedded=True)
    sync = SyncController(runner, demo_cache, connection, demo_dir, REVIEWER)
    # Another test in this process may have left a scheme: back to the platform's own.
    apply_color_scheme(app, ColorScheme.SYSTEM)
    assert not is_dark(app.palette())  # the offscreen platform is light
    settings = Settings(reviewer_name=REVIEWER)
    try:
        for theme, dark in [("dark", True), ("light", False), ("dark", True), ("system", False)]:
            dialog = flow.start(settings, sync)
            assert dialog.theme_combo.currentData() == settings.theme
            names = [dialog.theme_combo.itemText(i) for i in range(dialog.theme_combo.count())]
            assert names == ["Same as the system", "Light", "Dark"]
            dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData(theme))
            dialog.accept()
            settings = Settings.load(demo_dir)
            assert settings.theme == theme
            assert is_dark(app.palette()) is dark, theme
            QApplication.processEvents()
            assert is_dark(window.palette()) is dark, theme  # the widgets follow
    finally:
        apply_color_scheme(app, ColorScheme.SYSTEM)
        runner.shutdown()


def test_settings_say_the_command_line_scheme_and_ok_keeps_it(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache
) -> None:
    """``--color-scheme dark`` over a saved "Same as the system": said, and kept by OK."""
    app = _application([], ColorScheme.DARK)  # as main.py --color-scheme dark starts it
    window = QWidget()
    qtbot.addWidget(window)
    flow = SettingsFlow(demo_dir, window, [])
    runner = TaskRunner()
    connection = SharedConnection(embedded_shared_url(demo_dir), embedded=True)
    sync = SyncController(runner, demo_cache, connection, demo_dir, REVIEWER)
    settings = Settings(reviewer_name=REVIEWER)
    settings.save(demo_dir)
    try:
        dialog = flow.start(settings, sync)
        assert dialog.theme_combo.currentText() == "Same as the system"  # the saved theme
        assert dialog.theme_note.isVisible()
        assert dialog.theme_note.text().startswith(
            "This window uses the dark scheme for this run (--color-scheme dark)."
        )
        dialog.accept()
        assert is_dark(app.palette())  # not switched back to the system's light
        assert Settings.load(demo_dir).theme == "system"  # nor the saved theme changed
        # A theme chosen in Settings takes over from the command line's: no note then.
        dialog = flow.start(settings, sync)
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("light"))
        dialog.accept()
        assert not is_dark(app.palette())
        dialog = flow.start(Settings.load(demo_dir), sync)
        assert dialog.theme_combo.currentData() == "light" and not dialog.theme_note.isVisible()
        dialog.reject()
    finally:
        apply_color_scheme(app, ColorScheme.SYSTEM)
        runner.shutdown()


def test_the_saved_theme_is_applied_at_start_unless_the_command_line_asks(
    qtbot: QtBot, demo_dir: Path, tmp_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = Settings.load(demo_dir)
    replace(settings, reviewer_name=REVIEWER, theme="dark").save(demo_dir)
    try:
        assert run([], screenshot=tmp_path / "dark.png", data_dir=demo_dir) == 0
        assert is_dark(app.palette())  # from the settings
        shot = tmp_path / "light.png"
        assert run([], screenshot=shot, data_dir=demo_dir, color_scheme=ColorScheme.LIGHT) == 0
        assert not is_dark(app.palette())  # --color-scheme light wins
    finally:
        apply_color_scheme(app, ColorScheme.SYSTEM)


def test_needs_my_review_with_or_without_unassigned_is_a_setting(
    demo_dir: Path, qtbot: QtBot, make_window: Callable[..., MainWindow], demo_cache: LocalCache
) -> None:
    connection = SharedConnection(embedded_shared_url(demo_dir), embedded=True)
    dialog = SettingsDialog(Settings(reviewer_name=REVIEWER), connection)
    qtbot.addWidget(dialog)
    assert dialog.unassigned_check.isChecked()  # on by default
    dialog.unassigned_check.setChecked(False)
    new = dialog.result_settings()[0]
    assert new.needs_review_includes_unassigned is False
    window = make_window()
    listing = window.applicant_list
    assert listing.toggles["needs_my_review"].text() != "Needs my review 0"
    window._on_settings_applied(new)  # as Settings → OK does
    qtbot.waitUntil(lambda: window.idle, timeout=10_000)
    # Nobody is assigned anything in the demo: nothing needs *my* review now.
    assert listing.toggles["needs_my_review"].text() == "Needs my review 0"


def test_turning_blind_review_on_keeps_the_applicant_found_by_name_selected(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    listing = window.applicant_list
    listing.select(listing.model.application_id(30))
    wait_settled(qtbot, window)
    shown = window.applicant_view.detail
    assert shown is not None and shown.name
    listing.search.setText(shown.name.split()[-1])  # found by name, as the reviewer does
    wait_settled(qtbot, window)
    listing.select(shown.id)
    found = listing.model.rowCount()
    window.settings_flow.applied.emit(replace(window.settings, blind_review=True))
    wait_settled(qtbot, window)
    assert window.current_id() == shown.id  # the reviewer's place
    assert window.applicant_view.detail is not None
    assert window.applicant_view.detail.id == shown.id
    assert window.applicant_view.name_label.text() == blind_name(shown.id)
    row = listing.table.currentIndex().row()
    assert listing.model.application_id(row) == shown.id
    assert listing.table.visible_row_y(row) is not None  # in view
    assert listing.model.rowCount() < found  # the others found by name are gone
    listing.select(None)  # moved on: the search finds no name now
    wait_settled(qtbot, window)
    assert listing.model.row_of(shown.id) < 0
