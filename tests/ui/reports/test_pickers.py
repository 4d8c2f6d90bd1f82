"""The Reports window's range presets and pickers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from reviewer_app.domain.identity import blind_name
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.reports.board import BoardCard
from reviewer_app.reports.figures import PositionTitle, ReportOptions
from reviewer_app.ui.reports.pickers import CUSTOM, ReportPickers, range_presets
from reviewer_app.ui.reports.stage_board import card_text


def test_presets_count_whole_days_and_quarters() -> None:
    presets = {name: (start, end) for name, start, end in range_presets(date(2026, 5, 14))}
    assert presets["All time"] == (None, None)
    assert presets["Last 30 days"] == (date(2026, 4, 15), date(2026, 5, 14))
    assert presets["This quarter"] == (date(2026, 4, 1), date(2026, 5, 14))
    assert presets["Last quarter"] == (date(2026, 1, 1), date(2026, 3, 31))
    assert presets["This year"] == (date(2026, 1, 1), date(2026, 5, 14))
    january = {name: (s, e) for name, s, e in range_presets(date(2026, 1, 2))}
    assert january["Last quarter"] == (date(2025, 10, 1), date(2025, 12, 31))


def test_custom_range_and_position_make_the_options(qtbot: QtBot) -> None:
    pickers = ReportPickers(date(2026, 5, 14))
    qtbot.addWidget(pickers)
    assert pickers.options(14) == ReportOptions(waiting_days=14)
    assert not pickers.start_edit.isEnabled()
    pickers.set_positions([PositionTitle("ux", "UX Designer"), PositionTitle(None, "Unmatched")])
    assert pickers.position_combo.count() == 2  # all positions, and ux (unmatched is none)
    with qtbot.waitSignal(pickers.changed):
        pickers.range_combo.setCurrentText(CUSTOM)
    pickers.start_edit.setDate(QDate(2026, 3, 1))
    pickers.end_edit.setDate(QDate(2026, 3, 31))
    pickers.choose_position("ux")
    assert pickers.options(7) == ReportOptions(
        start=date(2026, 3, 1), end=date(2026, 3, 31), position="ux", waiting_days=7
    )


def test_the_greyed_dates_show_the_range_chosen_and_custom_starts_from_it(
    qtbot: QtBot,
) -> None:
    pickers = ReportPickers(date(2026, 5, 14))
    qtbot.addWidget(pickers)
    assert pickers.start_edit.text() == pickers.end_edit.text() == "—"  # all time
    pickers.range_combo.setCurrentText("Last 90 days")
    assert (pickers.start_edit.text(), pickers.end_edit.text()) == ("2026-02-14", "2026-05-14")
    assert not pickers.start_edit.isEnabled()
    pickers.range_combo.setCurrentText(CUSTOM)
    assert pickers.options(7).start == date(2026, 2, 14)  # from the range shown last
    pickers.range_combo.setCurrentText("All time")
    pickers.range_combo.setCurrentText(CUSTOM)  # no day shown: the last 30 days
    assert (pickers.options(7).start, pickers.options(7).end) == (
        date(2026, 4, 15), date(2026, 5, 14),
    )  # fmt: skip


def test_a_card_names_the_applicant_or_hides_them() -> None:
    card = BoardCard("1a2b3c4d-0000", "Ana Silva", Stage.NEW, None, 12, 2, 3)
    assert card_text(card, blind=False) == "Ana Silva\n12 d in stage · checks 2/3"
    assert card_text(card, blind=True).startswith(blind_name(card.id) + "\n")
    assert "Ana" not in card_text(card, blind=True)
