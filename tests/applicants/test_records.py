"""Tests of reviewer_app/applicants/records.py: what the applicant queries hand the window."""

from __future__ import annotations

from reviewer_app.applicants.records import ApplicantRow, PositionVersion
from reviewer_app.domain.vocabulary import Stage


def _row(done: int, total: int) -> ApplicantRow:
    return ApplicantRow("a1", "Ana", "", None, None, "", Stage.NEW, False, False, done, total)


def test_progress_is_done_of_total_and_empty_without_checks() -> None:
    assert _row(1, 4).progress == "1/4"
    assert _row(0, 0).progress == ""


def test_a_position_versions_description_stays_out_of_its_repr() -> None:
    version = PositionVersion(3, "backend", 2, "Backend developer", "# A long description")
    assert "long description" not in repr(version)
