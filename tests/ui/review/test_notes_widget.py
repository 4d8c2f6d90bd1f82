"""Tests of reviewer_app/ui/review/notes_widget.py: how a note's heading says when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from reviewer_app.domain.vocabulary import NoteKind
from reviewer_app.review.state import NoteView
from reviewer_app.ui.review.notes_widget import NotesWidget, note_heading
from reviewer_app.ui.times import full_time, short_time

WRITTEN = datetime(2026, 11, 3, 14, 2, tzinfo=UTC)


def _note(created_at: datetime, edited_at: datetime | None = None) -> NoteView:
    return NoteView("n1", "Ana", NoteKind.TRIAGE, "Solid.", created_at, edited_at, mine=True)


def test_a_heading_says_when_briefly_and_the_tooltip_in_full() -> None:
    edited = WRITTEN + timedelta(days=1)
    note = _note(WRITTEN, edited)
    assert note_heading(note) == (
        f"Ana · Triage · {short_time(WRITTEN)} · edited {short_time(edited)}"
    )


def test_just_now_becomes_minutes_ago_without_another_read(qtbot: QtBot) -> None:
    widget = NotesWidget()
    qtbot.addWidget(widget)
    note = _note(datetime.now(UTC) - timedelta(seconds=50))
    widget.show_notes([note])
    (card,) = widget.cards
    assert card.heading.text() == "Ana · Triage · just now"
    assert card.heading.toolTip() == f"Written {full_time(note.created_at)}"
    card.note = _note(datetime.now(UTC) - timedelta(minutes=2))  # as if two minutes passed
    widget.refresh_times()
    assert card.heading.text() == "Ana · Triage · 2 min ago"
