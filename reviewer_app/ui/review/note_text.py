"""A note as the panel shows it: its body's HTML, its one-line heading, its times."""

from __future__ import annotations

import functools
import re

from reviewer_app.positions.rendering import render_markdown
from reviewer_app.review.state import NoteView
from reviewer_app.ui.review.review_style import NOTE_KIND_LABELS
from reviewer_app.ui.times import full_time, short_time

_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)


@functools.lru_cache(maxsize=512)
def note_html(body: str) -> str:
    """Returns a note's sanitised HTML; kept, as Markdown takes ~3 ms a note.

    A heading is bold text of the note's size: an interview note's questions are
    headings, and as Qt draws them they were twice the size of the applicant's name.
    """
    html = render_markdown(body, breaks=True)  # lines typed one by one stay lines
    return _HEADING.sub(lambda m: f"<p><b>{m[2]}</b></p>", html)


def note_heading(note: NoteView) -> str:
    """Returns a note's one-line heading: author, kind, time and an "edited" marker."""
    parts = [note.author_name, NOTE_KIND_LABELS[note.kind], short_time(note.created_at)]
    if note.edited_at is not None:
        parts.append(f"edited {short_time(note.edited_at)}")
    return " · ".join(part for part in parts if part)


def note_times(note: NoteView) -> str:
    """Returns a note's times in full, for the heading's tooltip."""
    text = f"Written {full_time(note.created_at)}"
    if note.edited_at is not None:
        text += f"\nEdited {full_time(note.edited_at)}"
    return text
