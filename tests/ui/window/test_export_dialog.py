"""Tests of reviewer_app/ui/window/exporting.py: the export dialog says what it exports."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import SYNC_STATE_ID, CachedApplication, SyncStateRow
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.exporting import ExportChoice, ExportDialog, ExportFlow


def dialog(
    qtbot: QtBot, *, shown: int = 38, total: int = 1204, blind: bool = False
) -> ExportDialog:
    made = ExportDialog(shown, total, blind=blind, path=Path("/tmp/decisions.csv"))
    qtbot.addWidget(made)
    return made


def test_the_dialog_names_both_scopes_with_counts(qtbot: QtBot) -> None:
    made = dialog(qtbot)
    assert made.filtered.text().replace("&", "") == "Only the current filter: 38 applications"
    assert made.everything.text().replace("&", "") == "All 1,204 applications in the cache"
    assert made.filtered.isChecked()
    assert dialog(qtbot, shown=1).filtered.text().endswith(": 1 application")


def test_the_defaults_are_the_current_filter_excel_identity_and_no_notes(qtbot: QtBot) -> None:
    choice = dialog(qtbot).choice()
    assert not choice.everything
    assert choice.options.include_identity and choice.options.excel
    assert not choice.options.include_notes


def test_the_options_chosen_reach_the_export(qtbot: QtBot) -> None:
    made = dialog(qtbot)
    made.everything.setChecked(True)
    made.no_identity.setChecked(True)
    made.notes.setChecked(True)
    made.plain.setChecked(True)
    choice = made.choice()
    assert choice.everything
    assert not choice.options.include_identity
    assert choice.options.include_notes
    assert not choice.options.excel


def test_blind_review_keeps_name_and_email_out(qtbot: QtBot) -> None:
    made = dialog(qtbot, blind=True)
    assert made.no_identity.isChecked() and not made.no_identity.isEnabled()
    assert not made.choice().options.include_identity


def test_every_control_is_reachable_by_the_keyboard(qtbot: QtBot) -> None:
    made = dialog(qtbot)
    made.show()
    qtbot.waitExposed(made)
    made.activateWindow()
    qtbot.waitUntil(made.isActiveWindow, timeout=1000)
    for control in (made.filtered, made.everything, made.no_identity, made.notes, made.excel,
                    made.plain, made.browse):  # fmt: skip
        assert "&" in control.text(), control.text()
    reached = set()
    for _ in range(12):
        reached.add(made.focusWidget())
        qtbot.keyClick(made.focusWidget(), Qt.Key.Key_Tab)
    # Radio buttons of one group share one Tab stop (arrows move within it).
    assert {made.no_identity, made.notes, made.browse, made.path} <= reached
    assert made.filtered in reached or made.everything in reached
    assert made.excel in reached or made.plain in reached
    # Alt+letter mnemonics, one letter each (the File label's goes to the path field).
    texts = [c.text() for c in (made.filtered, made.everything, made.no_identity, made.notes,
                                made.excel, made.plain, made.browse)]  # fmt: skip
    texts.append("&File:")
    letters = [QKeySequence.mnemonic(text).toString() for text in texts]
    assert letters == ["Alt+C", "Alt+A", "Alt+N", "Alt+T", "Alt+E", "Alt+P", "Alt+H", "Alt+F"]
    made.path.setFocus()
    # Return exports (the default button), never opens the file picker.
    export = made.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert export.isDefault() and export.text() == "Export"
    assert not made.browse.autoDefault()


def test_the_dialog_fits_a_small_laptop_screen(qtbot: QtBot) -> None:
    made = dialog(qtbot)
    made.show()
    qtbot.waitExposed(made)
    assert made.width() <= 1366 and made.height() <= 700


def test_a_file_name_without_suffix_gets_csv(qtbot: QtBot) -> None:
    made = dialog(qtbot)
    made.path.setText("/tmp/out")
    assert made.chosen_path() == Path("/tmp/out.csv")


# --- the flow -----------------------------------------------------------------------------


@pytest.fixture
def cache(data_dir: Path) -> Iterator[LocalCache]:
    """A cache with three unmatched applications, never synced."""
    opened = LocalCache.open(data_dir)
    with opened.session() as session:
        session.add_all(
            CachedApplication(id=f"a{n}", response_id=f"r{n}", content_hash="h", revision=1)
            for n in range(3)
        )
    yield opened
    opened.close()


@pytest.fixture
def flow(qtbot: QtBot, cache: LocalCache) -> Iterator[ExportFlow]:
    window = QWidget()
    qtbot.addWidget(window)
    runner = TaskRunner()
    yield ExportFlow(cache, runner, window)
    runner.shutdown()


def test_a_cache_that_never_synced_is_refused_before_asking_anything(
    qtbot: QtBot, flow: ExportFlow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(flow, "ask_path", lambda: asked.append(True) or tmp_path / "out.csv")
    flow.start(["a1"], include_identity=True, as_of=None)
    qtbot.waitUntil(lambda: flow.message_box is not None)
    box = flow.message_box
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "Export failed"
    assert "never synced" in box.text()
    assert asked == []
    assert not (tmp_path / "out.csv").exists()
    box.close()


def _mark_synced(cache: LocalCache) -> None:
    """The cache has synced once (an export of a never-synced one is refused)."""
    with cache.session() as session:
        session.get_one(SyncStateRow, SYNC_STATE_ID).last_sync_at = datetime(2024, 7, 1, tzinfo=UTC)


def test_all_applications_with_notes_exports_every_application(
    qtbot: QtBot,
    flow: ExportFlow,
    cache: LocalCache,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _mark_synced(cache)
    target = tmp_path / "out.csv"
    counts: list[tuple[int, int]] = []

    def choose() -> Path:
        counts.append((flow._shown, flow._scope.total))
        everything = ExportChoice(everything=True)
        flow.choice = ExportChoice(
            everything=True,
            options=type(everything.options)(include_notes=True, excel=False),
        )
        return target

    monkeypatch.setattr(flow, "ask_path", choose)
    flow.start(["a1"], include_identity=True, as_of=None)
    qtbot.waitUntil(lambda: flow.message_box is not None)
    assert counts == [(1, 3)]
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["Application ID"] for row in rows] == ["a0", "a1", "a2"]
    assert "Note texts" in rows[0]
    assert "Exported 3 applications" in flow.message_box.text()


def test_the_current_filter_exports_only_what_the_list_shows(
    qtbot: QtBot,
    flow: ExportFlow,
    cache: LocalCache,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _mark_synced(cache)
    target = tmp_path / "out.csv"
    monkeypatch.setattr(flow, "ask_path", lambda: target)
    flow.start(["a2"], include_identity=False, as_of=None)
    qtbot.waitUntil(lambda: flow.message_box is not None)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["Application ID"] for row in rows] == ["a2"]
    assert "Name" not in rows[0]


def test_the_dialog_opens_again_on_the_file_last_chosen(
    qtbot: QtBot, flow: ExportFlow, tmp_path: Path
) -> None:
    # A folder mistyped fails the export: the next Ctrl+E shows what was typed, to
    # correct, where it showed ~/decisions.csv again.
    typed = tmp_path / "missing-folder" / "decisions-june.csv"
    seen: list[str] = []

    def type_and_accept() -> None:
        assert flow.dialog is not None
        seen.append(flow.dialog.path.text())
        flow.dialog.path.setText(str(typed))
        flow.dialog.accept()

    def look_and_cancel() -> None:
        assert flow.dialog is not None
        seen.append(flow.dialog.path.text())
        flow.dialog.reject()

    QTimer.singleShot(0, type_and_accept)
    assert flow.ask_path() == typed
    QTimer.singleShot(0, look_and_cancel)
    assert flow.ask_path() is None
    assert seen == [str(Path.home() / "decisions.csv"), str(typed)]
