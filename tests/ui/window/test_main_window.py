"""Tests of the reviewer's window and of starting the app (offscreen, demo data)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import event, select

from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery, SortKey
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication, CachedPosition, Conflict, OutboxOperation
from reviewer_app.domain.identity import blind_label, blind_name
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.review.actions import SET_DECISION
from reviewer_app.ui.detail import applicant_view
from reviewer_app.ui.detail.applicant_view import LINK_HIDDEN, SafeBrowser, linkify
from reviewer_app.ui.window.app import run
from reviewer_app.ui.window.main_window import MainWindow
from tests.applicants.search_support import ReferenceSearch
from tests.ui.conflict_support import add_decision_conflict
from tests.ui.conftest import wait_settled

REVIEWER = "Test Reviewer"

MakeWindow = Callable[..., MainWindow]
Settle = Callable[[MainWindow], None]


def _press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    window.applicant_list.table.setFocus()
    qtbot.keyClick(window.applicant_list.table, key)
    wait_settled(qtbot, window)


def _select(qtbot: QtBot, window: MainWindow, application_id: str | None) -> None:
    """Selects an application and waits until every pane shows it (read on the worker)."""
    window.applicant_list.select(application_id)
    wait_settled(qtbot, window)


def test_window_opens_with_the_first_applicant_selected(
    window: MainWindow, demo_cache: LocalCache
) -> None:
    first = ApplicantQuery(demo_cache, REVIEWER).ids()[0]
    assert window.current_id() == first
    detail = window.applicant_view.detail
    assert detail is not None and detail.id == first
    assert window.applicant_view.name_label.text() == detail.name
    assert window.review_panel.application_id == first


def test_j_and_k_move_through_the_list(qtbot: QtBot, window: MainWindow) -> None:
    model = window.applicant_list.model
    _press(qtbot, window, Qt.Key.Key_J)
    _press(qtbot, window, Qt.Key.Key_J)
    assert window.current_id() == model.application_id(2)
    _press(qtbot, window, Qt.Key.Key_K)
    assert window.current_id() == model.application_id(1)
    _press(qtbot, window, Qt.Key.Key_Down)
    assert window.current_id() == model.application_id(2)
    assert window.applicant_view.detail is not None
    assert window.applicant_view.detail.id == model.application_id(2)


def test_toggles_narrow_the_list_and_show_counts(
    settle: Settle, window: MainWindow, demo_cache: LocalCache
) -> None:
    counts = ApplicantQuery(demo_cache, REVIEWER).counts()
    toggles = window.applicant_list.toggles
    for key, button in toggles.items():
        assert button.text().endswith(f" {counts[key]:,}")
    toggles["unmatched"].setChecked(True)
    settle(window)
    assert window.applicant_list.model.rowCount() == counts["unmatched"]
    toggles["duplicates"].setChecked(True)
    settle(window)
    both = ApplicantQuery(demo_cache, REVIEWER).ids(
        ApplicantFilter(unmatched=True, duplicates=True)
    )
    assert list(window.applicant_list.model.ids) == both
    assert window.current_id() in (both or [None])


def test_position_filter_updates_the_counts(
    settle: Settle, window: MainWindow, demo_cache: LocalCache
) -> None:
    combo = window.applicant_list.position_combo
    combo.setCurrentIndex(1)
    settle(window)
    slug = combo.currentData()
    expected = ApplicantQuery(demo_cache, REVIEWER).counts(ApplicantFilter(position=slug))
    assert window.applicant_list.model.rowCount() == expected["all"]
    assert window.applicant_list.toggles["unmatched"].text().endswith(" 0")


def test_search_finds_by_answer_text_after_a_pause(
    qtbot: QtBot, window: MainWindow, demo_cache: LocalCache
) -> None:
    with demo_cache.read_session() as session:
        app = session.scalars(select(CachedApplication).limit(1)).one()
    answer = next(a for _, a in app.answers if len(a) > 12)
    words = answer[2:14]
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.applicant_list.search.hasFocus()
    qtbot.keyClicks(window.applicant_list.search, words)
    expected = ReferenceSearch(demo_cache, REVIEWER).ids(ApplicantFilter(search=words))
    qtbot.waitUntil(lambda: list(window.applicant_list.model.ids) == expected)
    assert app.id in expected


def _visible_texts(window: MainWindow) -> list[str]:
    """Every text the window shows or would show on hover, as plain text."""
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        elif isinstance(widget, QTextEdit):
            texts.append(widget.toPlainText())
            texts.append(widget.toHtml())
    model = window.applicant_list.model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                texts.append(str(model.index(row, column).data(role) or ""))
    return texts


def test_blind_review_hides_identity_everywhere(
    qtbot: QtBot, make_window: MakeWindow, demo_cache: LocalCache
) -> None:
    with demo_cache.session() as session:
        position = session.scalars(select(CachedPosition).limit(1)).one()
        position_title = position.title
        app = session.scalars(select(CachedApplication).limit(1)).one()
        app.name = "Zelda Quist"
        app.email = "zelda.q@example.net"
        app.position_id = position.id
        app.answers = [
            ["Portfolio", "see https://example.org/zq and github.com/zquist"],
            ["About you", "I am Zelda Quist, write to zq@elsewhere.org"],
        ]
        target = app.id
        duplicate = session.scalars(
            select(CachedApplication).where(CachedApplication.id != target).limit(1)
        ).one()
        duplicate.duplicate_of = target
        duplicate_id = duplicate.id
    window = make_window(blind=True)
    for shown in (target, duplicate_id):  # the original, and the hint pointing at it
        _select(qtbot, window, shown)
        assert window.review_panel.title.text() == blind_name(shown)
        texts = "\n".join(_visible_texts(window))
        for secret in ("Zelda", "Quist", "zelda.q@", "zq@", "example.org", "github.com"):
            assert secret not in texts, secret
    _select(qtbot, window, target)
    assert LINK_HIDDEN in window.applicant_view.answers.toPlainText()
    assert blind_name(target) in window.applicant_view.name_label.text()
    row = window.applicant_list.model.row_of(target)
    assert window.applicant_list.model.index(row, 0).data() == blind_label(target, position_title)


def test_blind_review_can_be_turned_off_for_the_shown_applicant(
    make_window: MakeWindow, demo_cache: LocalCache
) -> None:
    window = make_window(blind=True)
    current = window.current_id()
    assert current is not None
    name = ApplicantQuery(demo_cache, REVIEWER).detail(current).name
    assert window.review_panel.title.text() == blind_name(current)
    window.review_panel.set_blind(False)
    assert window.review_panel.title.text() == name


def test_applicant_html_is_shown_literally(
    qtbot: QtBot, make_window: MakeWindow, demo_cache: LocalCache
) -> None:
    evil = '<b>bold</b><script>alert(1)</script><img src="https://t.example/p.png">'
    with demo_cache.session() as session:
        app = session.scalars(select(CachedApplication).limit(1)).one()
        app.name = "<i>Mallory</i>"
        app.answers = [["<h1>Q</h1>", evil + " https://example.org/a?b=1&c=2."]]
        target = app.id
    window = make_window()
    _select(qtbot, window, target)
    view = window.applicant_view
    assert view.name_label.text() == "<i>Mallory</i>"
    assert view.name_label.textFormat() == Qt.TextFormat.PlainText
    text = view.answers.toPlainText()
    assert evil in text and "<h1>Q</h1>" in text
    assert 'href="https://example.org/a?b=1&amp;c=2"' in linkify("https://example.org/a?b=1&c=2.")
    for url in ("https://t.example/p.png", "file:///etc/passwd"):
        resource = view.answers.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(url))
        assert resource is None
    assert view.answers.openExternalLinks()


def test_duplicate_hint_opens_the_original(
    qtbot: QtBot, window: MainWindow, demo_cache: LocalCache
) -> None:
    with demo_cache.read_session() as session:
        duplicate = session.scalars(
            select(CachedApplication).where(CachedApplication.duplicate_of.is_not(None)).limit(1)
        ).one()
    _select(qtbot, window, duplicate.id)
    assert window.applicant_view.duplicate_label.isVisible()
    assert "Possible duplicate of" in window.applicant_view.duplicate_label.text()
    window.applicant_view.duplicate_label.linkActivated.emit(duplicate.duplicate_of)
    wait_settled(qtbot, window)
    assert window.applicant_view.detail is not None
    assert window.applicant_view.detail.id == duplicate.duplicate_of


def test_change_position_reassigns_and_counts_a_pending_change(
    qtbot: QtBot, window: MainWindow, demo_cache: LocalCache
) -> None:
    target = window.current_id()
    first = window.applicant_view.position_menu.actions()[0]
    title = first.text()
    first.trigger()  # the menu is rebuilt for the new position
    wait_settled(qtbot, window)
    detail = window.applicant_view.detail
    assert detail is not None and detail.id == target
    assert detail.position is not None and detail.position.title == title
    assert demo_cache.pending_operations() == 1
    assert window.status.pending_label.text() == "1 pending change"
    window.menus.actions_by_name["position_pane"].trigger()
    assert detail.position.title in window.position_browser.toPlainText()


def test_export_writes_what_the_list_shows(
    qtbot: QtBot,
    settle: Settle,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    flow = window.export_flow
    monkeypatch.setattr(flow, "ask_path", lambda: target)
    asked: list[Path] = []
    monkeypatch.setattr(flow, "confirm_overwrite", lambda path: asked.append(path) or True)
    window.applicant_list.toggles["unmatched"].setChecked(True)
    settle(window)
    shown = window.applicant_list.model.rowCount()
    window.menus.actions_by_name["export"].trigger()
    qtbot.waitUntil(lambda: flow.message_box is not None)
    assert asked == [target]
    box = flow.message_box
    assert box is not None and isinstance(box, QMessageBox)
    assert f"Exported {shown:,} applications" in box.text()
    assert "as of" in box.text()
    assert len(target.read_text(encoding="utf-8-sig").splitlines()) == shown + 1
    box.close()


def test_window_fits_a_small_laptop_screen(window: MainWindow) -> None:
    assert window.minimumWidth() <= 1366
    assert window.minimumHeight() <= 768
    assert window.width() <= 1366 and window.height() <= 768


def test_window_remembers_its_splitters(
    qtbot: QtBot, make_window: MakeWindow, layout_settings: QSettings, tmp_path: Path
) -> None:
    first = make_window(settings=layout_settings)
    first.main_splitter.setSizes([600, 300, 400])
    qtbot.wait(200)
    sizes = first.main_splitter.sizes()
    first.close()
    second = make_window(settings=layout_settings)
    qtbot.wait(200)
    restored = second.main_splitter.sizes()
    # Panes whose content grows may take a few pixels back; the split stays the user's.
    assert all(abs(a - b) <= 40 for a, b in zip(restored, sizes, strict=True))


def test_run_reports_a_screenshot_it_cannot_save(
    qtbot: QtBot, demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shot = tmp_path / "missing-folder" / "x.png"
    assert run([], screenshot=shot, data_dir=demo_dir) == 1
    assert str(shot) in capsys.readouterr().err
    assert not shot.exists()


class RecordingBrowser(SafeBrowser):
    """The answers browser, remembering every resource its document asks for."""

    asked: ClassVar[list[str]] = []

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Records the URL, then answers as the real browser does (nothing)."""
        self.asked.append(QUrl(name).toString())
        return super().loadResource(type, name)


def test_applicant_markup_fetches_nothing(
    qtbot: QtBot, make_window: MakeWindow, demo_cache: LocalCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(applicant_view, "SafeBrowser", RecordingBrowser)
    monkeypatch.setattr(RecordingBrowser, "asked", [])
    tags = '<script src="http://evil.example/x.js"></script><img src=http://evil.example/p.png>'
    with demo_cache.session() as session:
        app = session.scalars(select(CachedApplication).limit(1)).one()
        app.answers = [["About you", f"Hi {tags} bye"]]
        target = app.id
    window = make_window()
    browser = window.applicant_view.answers
    assert isinstance(browser, RecordingBrowser)
    _select(qtbot, window, target)
    browser.viewport().repaint()  # laid out and painted: an image would be asked for now
    assert f"Hi {tags} bye" in browser.toPlainText()
    assert not [url for url in RecordingBrowser.asked if url.startswith("http")]
    # The recorder does see what markup, had it been rendered, would ask for.
    browser.setHtml('<p>x<img src="http://evil.example/p.png"></p>')
    browser.viewport().repaint()
    assert "http://evil.example/p.png" in RecordingBrowser.asked


@pytest.mark.parametrize("choice", ["keep_theirs", "apply_mine"])
def test_a_sync_conflict_is_resolved_from_the_banner(
    qtbot: QtBot, make_window: MakeWindow, demo_cache: LocalCache, choice: str
) -> None:
    target = ApplicantQuery(demo_cache, REVIEWER).ids()[3]
    conflict_id = add_decision_conflict(demo_cache, target)
    window = make_window()
    model = window.applicant_list.model
    _select(qtbot, window, target)
    banner = window.review_panel.conflict
    assert banner.isVisible() and "Ana" in banner.text.text()
    assert model.applicant_row(model.row_of(target)).has_conflict  # type: ignore[union-attr]
    button = banner.keep_button if choice == "keep_theirs" else banner.apply_button
    with qtbot.wait_signal(window.review_panel.changed):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_settled(qtbot, window)
    assert not banner.isVisible()
    with demo_cache.read_session() as session:
        assert session.get_one(Conflict, conflict_id).resolved_at is not None
        kinds = list(session.scalars(select(OutboxOperation.kind)))
    assert not model.applicant_row(model.row_of(target)).has_conflict  # type: ignore[union-attr]
    if choice == "keep_theirs":
        assert kinds == []
        assert window.status.pending_label.text() in ("", "No pending changes")
    else:
        assert kinds == [SET_DECISION]
        assert window.review_panel.decision.stage() == Stage.DECLINED
        assert window.status.pending_label.text() == "1 pending change"


def test_the_list_has_the_keys_when_the_window_opens(qtbot: QtBot, window: MainWindow) -> None:
    # J/K and the arrows move through applicants at once (the position filter would
    # otherwise take the arrows).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.applicant_list.table.hasFocus()


class _QuerySpy:
    """Records the SQL the cache runs and each count the list asks for."""

    def __init__(self, window: MainWindow, cache: LocalCache) -> None:
        self.statements: list[str] = []
        self.recounts = 0
        self._engine = cache.engine
        event.listen(self._engine, "before_cursor_execute", self._on_sql)
        counts = window.applicant_list.update_counts

        def counting() -> None:
            self.recounts += 1
            counts()

        window.applicant_list.update_counts = counting  # type: ignore[method-assign]

    def _on_sql(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement)

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._on_sql)

    @property
    def counted(self) -> list[str]:
        """Counts over the list (not one application's conflicts, nor the outbox)."""
        return [
            s
            for s in self.statements
            if "count(" in s.lower() and "= ?" not in s and "outbox" not in s
        ]


def test_saving_a_note_runs_no_count_query_and_repaints_no_list_row(
    qtbot: QtBot, window: MainWindow, demo_cache: LocalCache, settle: Settle
) -> None:
    spy = _QuerySpy(window, demo_cache)
    repainted: list[int] = []
    window.applicant_list.model.dataChanged.connect(lambda top, _bottom: repainted.append(top))
    panel = window.review_panel
    panel.start_new_note()
    qtbot.keyClicks(panel.notes.editor, "Strong answers")
    with qtbot.wait_signal(panel.changed) as changed:
        qtbot.keyClick(panel.notes.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    spy.close()
    assert changed.args[0].notes and not changed.args[0].counts
    assert spy.recounts == 0 and spy.counted == []
    assert repainted == []
    assert [card.body.text() for card in panel.notes.cards] == ["<p>Strong answers</p>"]


def test_recording_a_check_recounts_and_repaints_that_row_only(
    qtbot: QtBot, window: MainWindow, demo_cache: LocalCache, settle: Settle
) -> None:
    spy = _QuerySpy(window, demo_cache)
    repainted: list[tuple[int, int]] = []
    window.applicant_list.model.dataChanged.connect(
        lambda top, bottom: repainted.append((top.row(), bottom.row()))
    )
    current = window.current_id()
    row = window.applicant_list.model.row_of(current or "")
    first = window.review_panel.checks.rows[0]
    first.setFocus()
    with qtbot.wait_signal(window.review_panel.changed):
        qtbot.keyClick(first, Qt.Key.Key_1)
    settle(window)
    spy.close()
    assert spy.recounts == 1
    assert repainted == [(row, row)]


def test_the_drafts_toggle_at_once_after_typing_finds_the_applicant_typed_about(
    qtbot: QtBot, window: MainWindow, settle: Settle
) -> None:
    settle(window)
    panel = window.review_panel
    shown = panel.application_id
    assert shown is not None
    panel.start_new_note()
    qtbot.keyClicks(panel.notes.editor, "Short commitment")
    # Within the draft's delay (it was written after the list was queried: the list came
    # without the applicant, and the panel moved to another one).
    window.applicant_list.toggles["drafts"].setChecked(True)
    settle(window)
    assert list(window.applicant_list.model.ids) == [shown]
    assert panel.application_id == shown
    assert panel.notes.editor.toPlainText() == "Short commitment"


def test_window_remembers_the_lists_order(
    qtbot: QtBot, make_window: MakeWindow, layout_settings: QSettings
) -> None:
    first = make_window(settings=layout_settings)
    model = first.applicant_list.model
    name = next(s for s in range(model.columnCount()) if model.SORT_KEYS.get(s) == SortKey.NAME)
    first.applicant_list.table.sortByColumn(name, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: first.idle and model.sort_key == (SortKey.NAME, False))
    first.close()
    second = make_window(settings=layout_settings)
    qtbot.waitUntil(lambda: second.idle)
    assert second.applicant_list.model.sort_key == (SortKey.NAME, False)
    header = second.applicant_list.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        name, Qt.SortOrder.AscendingOrder
    )  # fmt: skip
    names = [second.applicant_list.model.data(second.applicant_list.model.index(r, name))
             for r in range(5)]  # fmt: skip
    assert names == sorted(names, key=str.casefold)


def test_window_opens_again_on_the_applicant_it_showed(
    qtbot: QtBot, make_window: MakeWindow, layout_settings: QSettings
) -> None:
    first = make_window(settings=layout_settings)
    qtbot.waitUntil(lambda: first.idle)
    fourth = first.applicant_list.model.application_id(3)
    first.applicant_list.select(fourth)
    qtbot.waitUntil(lambda: first.idle and first.review_panel.application_id == fourth)
    first.close()
    second = make_window(settings=layout_settings)
    qtbot.waitUntil(lambda: second.idle and second.review_panel.application_id is not None)
    assert second.current_id() == fourth == second.review_panel.application_id


def test_an_applicant_remembered_but_gone_opens_on_the_first(
    qtbot: QtBot, make_window: MakeWindow, layout_settings: QSettings
) -> None:
    layout_settings.setValue("main_window/applicant", "no-such-application")
    window = make_window(settings=layout_settings)
    qtbot.waitUntil(lambda: window.idle and window.current_id() is not None)
    assert window.current_id() == window.applicant_list.model.application_id(0)


def test_window_opens_again_with_the_filters_it_had(
    qtbot: QtBot, make_window: MakeWindow, layout_settings: QSettings
) -> None:
    # A reviewer working through "Unmatched" came back to the whole list.
    first = make_window(settings=layout_settings)
    qtbot.waitUntil(lambda: first.idle)
    listing = first.applicant_list
    listing.toggles["unmatched"].setChecked(True)
    listing.stage_combo.setCurrentIndex(listing.stage_combo.findText("New"))
    qtbot.waitUntil(lambda: first.idle)
    shown = list(listing.model.ids)
    first.close()
    second = make_window(settings=layout_settings)
    qtbot.waitUntil(lambda: second.idle and second.current_id() is not None)
    again = second.applicant_list
    assert again.toggles["unmatched"].isChecked()
    assert again.stage_combo.currentText() == "New"
    assert again.model.ids == shown
    assert [key for key, button in again.toggles.items() if button.isChecked()] == ["unmatched"]


def test_filters_written_by_hand_are_ignored(
    qtbot: QtBot, make_window: MakeWindow, layout_settings: QSettings
) -> None:
    layout_settings.setValue("main_window/filters", "no_such_toggle; rm -rf")
    layout_settings.setValue("main_window/stage", "vanished")
    window = make_window(settings=layout_settings)
    qtbot.waitUntil(lambda: window.idle)
    assert not any(button.isChecked() for button in window.applicant_list.toggles.values())
    assert window.applicant_list.stage_combo.currentData() is None


def test_an_order_written_by_hand_is_ignored(
    qtbot: QtBot, make_window: MakeWindow, layout_settings: QSettings
) -> None:
    layout_settings.setValue("main_window/sort", "99 1; rm -rf")
    window = make_window(settings=layout_settings)
    qtbot.waitUntil(lambda: window.idle)
    assert window.applicant_list.model.sort_key == (SortKey.SUBMITTED, True)


def test_the_decline_reasons_placeholder_fits_at_the_windows_least_width(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    window.resize(window.minimumWidth(), 700)
    qtbot.waitUntil(lambda: window.idle and window.review_panel.application_id is not None)
    decision = window.review_panel.decision
    for stage in (Stage.DECLINED, Stage.SCREENING):
        decision.choose_stage(stage)
        qtbot.wait(50)  # laid out
        reason = decision.reason
        room = reason.contentsRect().width() - 12  # the line edit's own text margins
        text = reason.placeholderText()
        assert reason.fontMetrics().horizontalAdvance(text) <= room, (text, room)
    decision.choose_stage(Stage.DECLINED)
    assert "email" in decision.reason.toolTip()  # why a decline needs one, said in full
