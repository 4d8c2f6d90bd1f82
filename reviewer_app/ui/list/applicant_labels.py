"""How an application reads in the window: stage and time labels, and the list's cells.

The applicant list's columns are defined here with the text and tooltip of each cell,
so that :mod:`reviewer_app.ui.list.applicant_model` only decides which rows, fetched when.
Times are those of :mod:`reviewer_app.ui.times`: "5 min ago" in a cell is made when the
row is painted after a refresh, and the tooltip has the time in full. The list sorts
on the stored time (in the query), never on this text.
"""

from __future__ import annotations

from reviewer_app.applicants.records import ApplicantRow
from reviewer_app.domain.identity import blind_label
from reviewer_app.ui.times import full_time, short_date, short_time

HEADERS = ("Name", "Position", "Stage", "Submitted", "Mine", "Assigned", "Interview")
NAME, POSITION, STAGE, SUBMITTED, MY_CHECKS, ASSIGNED, INTERVIEW = range(len(HEADERS))

# Before the name (the one column never hidden): work of mine not saved yet is kept here.
DRAFT_MARK = "✎"
DRAFT_NOTE = "✎ Your draft is kept here, not saved yet (a note, a comment or a decision)"


def stage_label(value: str) -> str:
    """A stage as shown to people: "on_hold" gives "On hold"."""
    return value.replace("_", " ").capitalize()


def cell_text(row: ApplicantRow, column: int, *, blind: bool) -> str:
    """The text of ``row`` in ``column``; blind review shows no name."""
    if column == NAME:
        name = blind_label(row.id, row.position_title) if blind else (row.name or "(no name)")
        return f"{DRAFT_MARK} {name}" if row.has_draft else name
    if column == POSITION:
        return row.position_title or "Unmatched"
    if column == STAGE:
        return stage_label(row.stage.value)
    if column == SUBMITTED:
        return short_date(row.submitted_at)  # the day; in full in the tooltip
    if column == ASSIGNED:
        return ", ".join(row.assignees)
    if column == INTERVIEW:
        return short_time(row.interview_at) if row.interview_at is not None else ""
    return row.progress


def cell_tooltip(row: ApplicantRow, column: int, *, blind: bool) -> str | None:
    """The tooltip of ``row`` in ``column``, or None; blind review shows no email."""
    notes = []
    if column == NAME:
        if not blind and row.email:
            notes.append(row.email)
        if row.has_conflict:
            notes.append("A change of yours conflicts with another reviewer's")
        if row.is_duplicate:
            notes.append("Possible duplicate")
        if row.has_draft:
            notes.append(DRAFT_NOTE)
    elif column == POSITION and row.position_title is None:
        notes.append("Not matched to a position; typed: " + (row.position_typed or "nothing"))
    elif column == SUBMITTED and row.submitted_at is not None:
        notes.append(f"Submitted {full_time(row.submitted_at)}")
    elif column == INTERVIEW and row.interview_at is not None:
        notes.append(f"Interview {full_time(row.interview_at)} ({row.interview_timezone})")
    elif column == ASSIGNED and row.assignees:
        notes.append("Assigned to " + ", ".join(row.assignees))
    elif column == MY_CHECKS and row.checks_total:
        notes.append(f"You judged {row.checks_done} of {row.checks_total} checks")
    return "\n".join(notes) or None


def cell_accessible_text(row: ApplicantRow, column: int, *, blind: bool) -> str:
    """What a screen reader says of a cell: its text, with the draft mark in words."""
    text = cell_text(row, column, blind=blind)
    if column == NAME and row.has_draft:
        return f"{text.removeprefix(DRAFT_MARK).lstrip()}, draft not saved"
    return text
