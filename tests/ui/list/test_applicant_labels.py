"""Tests of reviewer_app/ui/list/applicant_labels.py:

What the list's cells say of an application.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from reviewer_app.applicants.records import ApplicantRow
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.ui.list.applicant_labels import (
    MY_CHECKS,
    NAME,
    POSITION,
    STAGE,
    SUBMITTED,
    cell_accessible_text,
    cell_text,
    cell_tooltip,
    stage_label,
)
from reviewer_app.ui.times import full_time, short_time

ROW = ApplicantRow(
    id="1a2b3c4d-5e6f",
    name="",
    email="ana@example.org",
    submitted_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    position_title=None,
    position_typed="Backend",
    stage=Stage.ON_HOLD,
    is_duplicate=True,
    has_conflict=False,
    checks_done=1,
    checks_total=4,
)


def test_cells_read_as_words_and_dates() -> None:
    texts = [cell_text(ROW, column, blind=False) for column in (NAME, POSITION, STAGE, MY_CHECKS)]
    assert texts == ["(no name)", "Unmatched", "On hold", "1/4"]
    assert stage_label("on_hold") == "On hold"
    submitted = cell_text(ROW, SUBMITTED, blind=False)
    assert submitted == short_time(ROW.submitted_at)  # the window's one time format
    assert cell_tooltip(ROW, SUBMITTED, blind=False) == f"Submitted {full_time(ROW.submitted_at)}"
    assert cell_tooltip(ROW, POSITION, blind=False) == "Not matched to a position; typed: Backend"


def test_blind_review_shows_neither_name_nor_email() -> None:
    assert cell_text(ROW, NAME, blind=True) == "#1a2b3c · Unmatched"
    matched = dataclasses.replace(ROW, position_title="Backend Developer")
    assert cell_text(matched, NAME, blind=True) == "#1a2b3c · Backend Developer"
    assert cell_tooltip(ROW, NAME, blind=False) == "ana@example.org\nPossible duplicate"
    assert cell_tooltip(ROW, NAME, blind=True) == "Possible duplicate"


def test_a_draft_is_marked_before_the_name_and_said_in_words() -> None:
    drafted = dataclasses.replace(ROW, name="Ana", has_draft=True)
    assert cell_text(drafted, NAME, blind=False) == "✎ Ana"
    assert cell_text(drafted, NAME, blind=True) == "✎ #1a2b3c · Unmatched"
    assert cell_text(ROW, NAME, blind=False) == "(no name)"  # no draft: no mark
    assert cell_accessible_text(drafted, NAME, blind=False) == "Ana, draft not saved"
    assert cell_accessible_text(ROW, NAME, blind=False) == "(no name)"
    tooltip = cell_tooltip(drafted, NAME, blind=True) or ""
    assert tooltip.endswith("not saved yet (a note, a comment or a decision)")
    assert cell_text(drafted, STAGE, blind=False) == "On hold"  # the stage says the stage
