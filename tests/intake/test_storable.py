"""Tests of reviewer_app.intake.storable: rows the database could not hold, rejected early."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.intake.reader import read_responses
from reviewer_app.intake.storable import reject_unstorable


def test_rows_the_database_cannot_hold_become_rejected_rows_with_their_cells(
    tmp_path: Path,
) -> None:
    long_id = "x" * 250
    path = tmp_path / "export.csv"
    path.write_text(
        "Ref,Applicant,Contact,Why?\n"
        "ok-1,Ana,ana@example.org,fine\n"
        f"{long_id},Bo,bo@example.org,too long an id\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[columns]\nresponse_id = "Ref"\nname = "Applicant"\nemail = "Contact"\n',
        encoding="utf-8",
    )
    read = read_responses(path, mapping)
    assert len(read.responses) == 2

    result = reject_unstorable(read, path, mapping)

    assert [r.response_id for r in result.responses] == ["ok-1"]
    [rejected] = result.rejected
    assert rejected.row_number == 3
    assert rejected.reason.startswith("The response id is 250 characters long")
    # Put back under the file's own headers, for FILE.rejected.csv.
    assert rejected.values == {
        "Ref": long_id,
        "Applicant": "Bo",
        "Contact": "bo@example.org",
        "Why?": "too long an id",
    }


def test_a_result_without_such_rows_is_returned_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Name,Email\nAna,ana@example.org\n", encoding="utf-8")
    read = read_responses(path)
    assert reject_unstorable(read, path, None) is read
