"""Tests of the applicant pane (offscreen)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.records import ApplicantDetail
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.ui.detail.applicant_view import ApplicantView


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
