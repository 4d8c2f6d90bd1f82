"""Tests of the applicant pane (offscreen)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.records import ApplicantDetail
from reviewer_app.domain.identity import blind_id, blind_label
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.ui.detail.applicant_view import ApplicantView
from reviewer_app.ui.times import full_time, short_time
from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.conftest import wait_settled


def _detail(name: str, email: str) -> ApplicantDetail:
    return ApplicantDetail(
        id="app-1",
        name=name,
        email=email,
        submitted_at=datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
        position_typed="Backend",
        stage=Stage.NEW,
        reason=None,
        answers=[("Why?", "To help.")],
        position=None,
        duplicate_of=None,
        duplicates=[],
        has_conflict=False,
    )


def test_a_long_email_does_not_widen_the_pane(qtbot: QtBot) -> None:
    # The pane sits in a splitter beside the description: a minimum width that followed
    # the applicant's longest word would resize both panes with every applicant.
    view = ApplicantView()
    qtbot.addWidget(view)
    view.show()

    def minimum_width(name: str, email: str) -> int:
        view.show_detail(_detail(name, email), [], blind=False)
        qtbot.wait(1)  # the layouts take the new texts into account
        return view.minimumSizeHint().width()

    narrow = minimum_width("Ana", "ana@example.org")
    long_email = "a.very.long.address.without.any.space." * 3 + "@example.org"
    assert minimum_width("Ana" + "-Souza" * 20, long_email) == narrow
    assert view.email_label.toolTip() == long_email  # all of it, should the pane cut it


def test_with_nothing_selected_no_empty_captions_show(qtbot: QtBot) -> None:
    view = ApplicantView()
    qtbot.addWidget(view)
    view.show()
    view.show_detail(None, [], blind=False)
    captions = [label.text() for label in view.findChildren(QLabel) if label.isVisible()]
    assert "Applied for" not in captions and "Matched to" not in captions
    view.show_detail(_detail("Ana", "ana@example.org"), [], blind=False)
    captions = [label.text() for label in view.findChildren(QLabel) if label.isVisible()]
    assert "Applied for" in captions and "Matched to" in captions


def test_the_header_says_when_in_short_and_in_full_on_hover(qtbot: QtBot) -> None:
    view = ApplicantView()
    qtbot.addWidget(view)
    detail = _detail("Ana", "ana@example.org")
    view.show_detail(detail, [], blind=False)
    meta = view.meta_label.text().replace("\u00a0", " ")
    assert meta.startswith(f"Submitted {short_time(detail.submitted_at)} · Stage: New")
    assert view.meta_label.toolTip() == f"Submitted {full_time(detail.submitted_at)}"


def test_blind_review_names_the_applicant_by_the_lists_short_id(qtbot: QtBot) -> None:
    view = ApplicantView()
    qtbot.addWidget(view)
    view.show_detail(_detail("Ana", "ana@example.org"), [], blind=True)
    assert view.name_label.text() == "Applicant #app-1"
    assert blind_label("app-1", "Backend").startswith(blind_id("app-1"))


def test_the_headers_stage_follows_a_decision_saved_in_the_panel(
    qtbot: QtBot, window: MainWindow
) -> None:
    header = window.applicant_view.meta_label
    assert "Stage:\u00a0New" in header.text()
    shown = window.applicant_view.detail
    assert shown is not None
    panel = window.review_panel
    panel.decision.choose_stage(Stage.INTERVIEW)
    qtbot.keyClick(panel.decision.reason, Qt.Key.Key_Return)  # saved, no F5
    qtbot.waitUntil(lambda: "Stage:\u00a0Interview" in header.text(), timeout=5_000)
    wait_settled(qtbot, window)
    assert window.applicant_view.detail is not None
    assert window.applicant_view.detail.id == shown.id
