"""The Reports window over the demo data: its figures, a cell's click, the board's moves."""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedDecision, OutboxOperation
from reviewer_app.cli import run_command
from reviewer_app.cli.report_command import add_report_command
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.reports import ReportOptions, compute_report, report_to_json
from reviewer_app.reports.figures import PIPELINE_STAGES, Report
from reviewer_app.reports.html import render_html
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.operations import SET_DECISION
from reviewer_app.ui.reports.launcher import SHORTCUT, ReportsLauncher, fit_on_screen
from reviewer_app.ui.reports.pickers import CUSTOM
from reviewer_app.ui.reports.reports_window import RANGE_NOT_APPLIED, ReportsWindow
from reviewer_app.ui.reports.tables import (
    FiguresView,
    PipelineModel,
    RowsModel,
    cell_padding,
    is_figure,
    text_width,
)
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.appearance import ColorScheme, scheme_palette
from reviewer_app.ui.window.main_window import MainWindow
from tests.reports.report_cache import NOW
from tests.ui.conftest import REVIEWER, wait_settled

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports are made at NOW, whether the window or the command line asks."""
    monkeypatch.setattr("reviewer_app.reports.compute.clock", lambda: NOW)


@pytest.fixture
def reports(qtbot: QtBot, demo_cache: LocalCache) -> Iterator[ReportsWindow]:
    """A Reports window over the demo cache, its first report shown."""
    worker = TaskRunner(max_threads=1)
    window = ReportsWindow(
        demo_cache, ReviewService(demo_cache, REVIEWER), worker, PositionCatalogue()
    )
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, window)
    yield window
    worker.shutdown()


def settle(qtbot: QtBot, window: ReportsWindow) -> None:
    qtbot.waitUntil(lambda: window.idle, timeout=10_000)


def test_the_window_shows_the_figures_of_report_json(
    reports: ReportsWindow, demo_dir: Path
) -> None:
    assert reports.report is not None
    # The command line as the parser will hold it once the hook is added there.
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=None)
    add_report_command(parser.add_subparsers(dest="command"))
    out = io.StringIO()
    args = parser.parse_args(["report", "--json", "--data-dir", str(demo_dir)])
    assert run_command(args, out) == 0
    assert json.loads(out.getvalue()) == report_to_json(reports.report)
    # And the tables show those figures.
    model = reports.pipeline
    total_row = model.rowCount() - 1
    assert model.index(total_row, len(PIPELINE_STAGES)).data() == str(reports.report.total)
    assert reports.report.total == 200


def test_models_are_consistent(reports: ReportsWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(reports.pipeline)
    qtmodeltester.check(reports.waiting)
    empty = RowsModel(["A", "B"])
    qtmodeltester.check(empty)
    qtmodeltester.check(PipelineModel())


def test_a_click_on_a_cell_asks_for_that_position_and_stage(
    qtbot: QtBot, reports: ReportsWindow
) -> None:
    view = reports.pipeline_view
    index = reports.pipeline.index(0, 0)  # the first position's new applications
    with qtbot.waitSignal(reports.cell_chosen) as chosen:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
        )
    cell = chosen.args[0]
    assert reports.report is not None
    assert cell.slug == reports.report.pipeline[0].position.slug
    assert cell.stage == Stage.NEW and not cell.unmatched


def test_a_click_with_a_range_says_the_main_list_shows_every_date(
    qtbot: QtBot, reports: ReportsWindow
) -> None:
    assert "no date filter" not in reports.pipeline_view.toolTip()
    reports.pickers.range_combo.setCurrentText(CUSTOM)
    reports.pickers.start_edit.setDate(QDate(2026, 3, 1))
    settle(qtbot, reports)
    assert reports.report is not None and reports.report.options.start is not None
    assert "no date filter" in reports.pipeline_view.toolTip()
    with qtbot.waitSignal(reports.cell_chosen):
        reports.pipeline_view.clicked.emit(reports.pipeline.index(0, 0))
    assert RANGE_NOT_APPLIED in reports.stamp.text()


def test_charts_come_after_the_first_report_in_the_same_window(reports: ReportsWindow) -> None:
    assert reports.charts_loaded and reports.pipeline_slot.placeholder is None
    assert reports.pipeline_chart is not None and reports.weekly_chart is not None
    assert reports.pipeline_chart.parent() is reports.pipeline_slot


def install(window: MainWindow, cache: LocalCache) -> ReportsLauncher:
    """What the lead adds to MainWindow (see the report of issue 16)."""
    return ReportsLauncher(
        window, window.menus, cache, ReviewService(cache, REVIEWER), window.worker,
        PositionCatalogue(), window.applicant_list,
        lambda changes: window.apply_changes(changes, local=True),
        window.show_application, lambda: window.settings.blind_review,
    )  # fmt: skip


def test_view_reports_opens_and_a_cell_filters_the_main_list(
    qtbot: QtBot, window: MainWindow, demo_cache: LocalCache
) -> None:
    launcher = install(window, demo_cache)
    assert launcher.action.shortcut().toString() == SHORTCUT
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert launcher.action in view_menu.actions()  # type: ignore[union-attr]
    launcher.action.trigger()
    reports = launcher.reports
    assert reports is not None and reports.isVisible()
    # Opened within the screen's room from top to bottom (the offscreen screen is
    # narrower than the window's least width).
    screen = window.screen()
    assert screen is not None
    room, frame = screen.availableGeometry(), reports.frameGeometry()
    assert room.top() <= frame.top() and frame.bottom() <= room.bottom()
    settle(qtbot, reports)
    assert reports.report is not None
    row = next(n for n, r in enumerate(reports.report.pipeline) if r.position.slug is None)
    expected = reports.report.pipeline[row].total
    reports.cell_chosen.emit(
        reports.pipeline.cell(reports.pipeline.index(row, len(PIPELINE_STAGES)))
    )
    wait_settled(qtbot, window)
    applicant_list = window.applicant_list
    assert applicant_list.toggles["unmatched"].isChecked()
    assert applicant_list.position_combo.currentData() is None
    assert applicant_list.model.rowCount() == expected
    # A backend cell: that position, new applications only.
    backend = next(n for n, r in enumerate(reports.report.pipeline) if r.position.slug)
    reports.cell_chosen.emit(reports.pipeline.cell(reports.pipeline.index(backend, 0)))
    wait_settled(qtbot, window)
    assert (
        applicant_list.position_combo.currentData()
        == reports.report.pipeline[backend].position.slug
    )
    assert applicant_list.stage_combo.currentData() == Stage.NEW
    assert not applicant_list.toggles["unmatched"].isChecked()
    assert applicant_list.model.rowCount() == reports.report.pipeline[backend].counts[Stage.NEW]


def open_board(qtbot: QtBot, reports: ReportsWindow, slug: str) -> None:
    reports.pickers.choose_position(slug)
    reports.tabs.setCurrentIndex(reports.tabs.count() - 1)
    settle(qtbot, reports)
    assert reports.board_columns


def test_the_board_keeps_the_margins_of_the_other_tabs(reports: ReportsWindow) -> None:
    """Its columns stand off the tab's frame as the pipeline's and the team's tables do."""
    tabs = reports.tabs
    pipeline, team = tabs.widget(0), tabs.widget(3)
    assert tabs.widget(tabs.indexOf(reports.board)) is reports.board
    margins = []
    for page in (pipeline, team, reports.board):
        layout = page.layout()
        assert layout is not None
        margins.append(layout.contentsMargins())
    assert margins[0].left() > 0
    assert margins[2] == margins[0] == margins[1]


def test_ctrl_right_on_a_card_records_the_decision_as_a_drop_does(
    qtbot: QtBot, reports: ReportsWindow, demo_cache: LocalCache
) -> None:
    open_board(qtbot, reports, "backend-developer")
    assert "Ctrl+Right" in reports.board.message.text()
    new = reports.board.columns[Stage.NEW]
    app_id = new.card_ids()[0]
    reports.activateWindow()
    new.setFocus()
    qtbot.waitUntil(new.hasFocus)
    new.select_card(app_id)
    with qtbot.waitSignal(reports.changed):
        qtbot.keyClick(new, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, reports)
    screening = reports.board.columns[Stage.SCREENING]
    assert app_id in screening.card_ids() and app_id not in new.card_ids()
    with demo_cache.read_session() as session:
        assert session.get(CachedDecision, app_id).stage == Stage.SCREENING  # type: ignore[union-attr]
        kinds = session.scalars(
            select(OutboxOperation.kind).where(OutboxOperation.application_id == app_id)
        ).all()
    assert kinds == [SET_DECISION]


def test_a_board_move_records_a_decision_that_syncs_and_undoes(
    qtbot: QtBot, reports: ReportsWindow, demo_cache: LocalCache
) -> None:
    open_board(qtbot, reports, "backend-developer")
    new = reports.board.columns[Stage.NEW]
    app_id = new.card_ids()[0]
    with qtbot.waitSignal(reports.changed):
        reports.board.move_card(app_id, Stage.INTERVIEW)
    settle(qtbot, reports)
    assert app_id in reports.board.columns[Stage.INTERVIEW].card_ids()
    assert app_id not in new.card_ids()
    assert reports.board.headers[Stage.INTERVIEW].text() == "Interview (1)"
    with demo_cache.read_session() as session:
        assert session.get(CachedDecision, app_id).stage == Stage.INTERVIEW  # type: ignore[union-attr]
        kinds = session.scalars(
            select(OutboxOperation.kind).where(OutboxOperation.application_id == app_id)
        ).all()
    assert kinds == [SET_DECISION]  # in the outbox: the next sync pushes it
    reports.undo_action.trigger()
    settle(qtbot, reports)
    assert app_id in reports.board.columns[Stage.NEW].card_ids()
    with demo_cache.read_session() as session:
        assert session.get(CachedDecision, app_id) is None


def test_a_move_to_declined_asks_for_the_reason_first(
    qtbot: QtBot, reports: ReportsWindow, demo_cache: LocalCache
) -> None:
    open_board(qtbot, reports, "ux-designer")
    app_id = reports.board.columns[Stage.NEW].card_ids()[0]
    reports.board.move_card(app_id, Stage.DECLINED)
    dialog = reports.board.reason_dialog
    assert dialog is not None and dialog.isVisible()
    with demo_cache.read_session() as session:
        assert session.get(CachedDecision, app_id) is None  # nothing recorded yet
    dialog.setTextValue("Fewer hours than the role needs")
    with qtbot.waitSignal(reports.changed):
        dialog.accept()
    settle(qtbot, reports)
    with demo_cache.read_session() as session:
        decision = session.get(CachedDecision, app_id)
    assert decision is not None and decision.stage == Stage.DECLINED
    assert decision.reason == "Fewer hours than the role needs"
    assert app_id in reports.board.columns[Stage.DECLINED].card_ids()


def test_a_card_dragged_carries_its_application(reports: ReportsWindow, qtbot: QtBot) -> None:
    open_board(qtbot, reports, "translator")
    column = reports.board.columns[Stage.NEW]
    index = column.cards.index(0, 0)
    data = column.cards.mimeData([index])
    assert (
        bytes(data.data("application/x-reviewer-app-application").data()).decode()
        == (column.card_ids()[0])
    )
    assert column.cards.mimeTypes() == ["application/x-reviewer-app-application"]


def test_save_as_html_writes_the_figures_shown(
    qtbot: QtBot, reports: ReportsWindow, tmp_path: Path
) -> None:
    target = tmp_path / "board.html"
    reports.save_html(target)
    settle(qtbot, reports)
    assert reports.report is not None
    assert target.read_text(encoding="utf-8") == render_html(reports.report)


def test_the_charts_follow_the_palette(
    qtbot: QtBot, reports: ReportsWindow, qapp: QApplication
) -> None:
    dark = scheme_palette(ColorScheme.DARK)
    # As the app switches (the application's palette, which its style sheet follows);
    # tests/ui/conftest.py puts the palette back after the test.
    qapp.setPalette(dark)
    qtbot.waitUntil(
        lambda: (
            reports.pipeline_chart.backgroundBrush().color() == dark.color(QPalette.ColorRole.Base)
        )
    )
    assert reports.pipeline_chart.text_colour == dark.color(QPalette.ColorRole.Text)


def test_the_window_reads_at_1366_by_768(reports: ReportsWindow) -> None:
    assert reports.width() <= 1366 and reports.height() <= 768 - 60
    assert reports.minimumSizeHint().width() <= 1366
    # Every stage's column of the pipeline is visible without scrolling.
    view = reports.pipeline_view
    last = reports.pipeline.index(0, len(PIPELINE_STAGES))
    assert view.viewport().rect().contains(view.visualRect(last).topLeft() + QPoint(1, 1))


LAPTOP = QRect(0, 0, 1366, 768 - 40)
"""A 1366 by 768 screen's room less a 40-pixel taskbar."""


def hundred_thousand(report: Report) -> Report:
    """``report`` with figures of a 100,000-application cache (totals of six digits)."""
    stages = list(report.stage_totals)
    rows = tuple(
        dataclasses.replace(row, counts={stage: 12_449 if stage == stages[0] else 1_000
                                         for stage in stages})
        for row in report.pipeline
    )  # fmt: skip
    totals = {stage: sum(row.counts[stage] for row in rows) for stage in stages}
    totals[stages[0]] += 100_000 - sum(totals.values())
    return dataclasses.replace(report, pipeline=rows, stage_totals=totals)


def cut_figures(view: FiguresView) -> list[str]:
    """The figures of ``view`` wider than their column, or not all in sight."""
    model, cut = view.model(), []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = str(index.data())
            if not is_figure(text):
                continue
            font = index.data(Qt.ItemDataRole.FontRole)
            font = font.resolve(view.font()) if isinstance(font, QFont) else view.font()
            room = view.columnWidth(column) - cell_padding(view)
            right = view.visualRect(index).right()
            if text_width(font, text) > room or right > view.viewport().width():
                cut.append(text)
    return cut


def test_six_digit_figures_are_never_cut_at_1366_by_768(
    qtbot: QtBot, reports: ReportsWindow
) -> None:
    assert reports.report is not None
    reports.resize(1300, 760)  # as the reviewer left it: taller than the laptop's room
    reports.show_report(hundred_thousand(reports.report))
    fit_on_screen(reports, LAPTOP)
    assert LAPTOP.contains(reports.frameGeometry())  # its title bar too
    qtbot.waitUntil(lambda: reports.pipeline_view.isVisible())
    view = reports.pipeline_view
    total = reports.pipeline.index(reports.pipeline.rowCount() - 1, len(PIPELINE_STAGES))
    assert total.data() == "100,000"
    views = [v for v in reports.findChildren(FiguresView) if v.isVisible()]
    assert view in views and len(views) >= 2
    for shown in views:
        assert cut_figures(shown) == [], shown.objectName()
    # At the narrowest the window allows, the titles give way, never the figures.
    reports.resize(reports.minimumSizeHint().width(), reports.height())
    qtbot.waitUntil(
        lambda: view.verticalHeader().width() < view.verticalHeader().sizeHint().width()
    )
    assert cut_figures(view) == []


def test_the_main_window_starts_without_the_charting_library() -> None:
    script = (
        "import sys; import reviewer_app.ui.window.main_window, reviewer_app.ui.reports.launcher;"
        # Nor the Reports window itself: it imports the charts after its first report.
        "import reviewer_app.ui.reports.reports_window;"
        "print('pyqtgraph' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_core_report_matches_after_a_move(
    qtbot: QtBot, reports: ReportsWindow, demo_cache: LocalCache
) -> None:
    open_board(qtbot, reports, "backend-developer")
    app_id = reports.board.columns[Stage.NEW].card_ids()[0]
    with qtbot.waitSignal(reports.changed):
        reports.board.move_card(app_id, Stage.ACCEPTED)
    settle(qtbot, reports)
    expected = compute_report(demo_cache, reports.pickers.options(14))
    assert reports.report is not None
    assert report_to_json(reports.report) == report_to_json(expected)
    assert reports.report.stage_totals[Stage.ACCEPTED] == 1
    assert compute_report(demo_cache, ReportOptions()).stage_totals[Stage.ACCEPTED] == 1


def test_the_tabs_and_closing_work_from_the_keyboard(qtbot: QtBot, reports: ReportsWindow) -> None:
    reports.activateWindow()
    qtbot.waitUntil(reports.isActiveWindow)
    reports.pipeline_view.setFocus()  # a table: it would take Ctrl+Tab for its cells
    qtbot.keyClick(reports.pipeline_view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert reports.tabs.currentIndex() == 1
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert reports.tabs.currentIndex() == 3
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Escape)
    assert not reports.isVisible()


def test_the_stages_names_are_staggered_when_a_bar_is_narrower_than_one(
    qtbot: QtBot, reports: ReportsWindow
) -> None:
    chart = reports.pipeline_chart
    assert chart is not None
    axis = chart.getPlotItem().getAxis("bottom")
    chart.resize(1200, 300)
    qtbot.waitUntil(lambda: chart.staggered is False)
    names = [name for _position, name in axis._tickLevels[0]]
    assert not any(name.startswith("\n") for name in names)
    chart.resize(380, 300)  # a laptop's: "Screening" and "Interview" ran together
    qtbot.waitUntil(lambda: chart.staggered is True)
    names = [name for _position, name in axis._tickLevels[0]]
    assert [name.startswith("\n") for name in names] == [n % 2 == 1 for n in range(len(names))]
    assert [name.strip() for name in names][:3] == ["New", "Screening", "Interview"]


def test_the_weekly_lines_stay_below_the_legend(qtbot: QtBot, reports: ReportsWindow) -> None:
    chart = reports.weekly_chart
    assert chart is not None
    reports.tabs.setCurrentWidget(reports.weekly_slot)
    for height in (520, 700):  # the tab at 1366x768, and taller
        chart.resize(900, height)
        qtbot.wait(50)
        view = chart.getPlotItem().getViewBox()
        peak = max(chart._report.weekly.totals)
        top_of_lines = view.mapViewToScene(QPointF(0, peak)).y()
        legend_bottom = chart._legend.sceneBoundingRect().bottom()
        assert top_of_lines > legend_bottom  # the scene's y grows downwards
