"""Tests of reviewer_app/ui/review/note_text.py: a note as the panel shows it."""

from __future__ import annotations

from reviewer_app.ui.review.note_text import note_html


def test_an_interview_notes_questions_are_bold_lines_not_big_headings() -> None:
    # As Qt draws <h1> and <h2>, each question was twice the size of the applicant's name.
    html = note_html("# Interview: UX Designer\n\n## Why us?\n\nBecause\n\n### Next?\n")
    assert "<h" not in html
    assert html.count("<p><b>") == 3
    assert "<p><b>Why us?</b></p>" in html and "<p>Because</p>" in html
