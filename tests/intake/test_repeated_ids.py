"""A row with an earlier row's response id but other content: rejected, saying what to do."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.intake.reader import read_responses
from tests.intake.test_name_columns import write_csv


def reasons(path: Path) -> list[tuple[int, str]]:
    return [(row.row_number, row.reason) for row in read_responses(path).rejected]


def test_a_resubmitted_row_without_a_response_id_names_the_email_and_time_not_the_id(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path,
        [
            "Timestamp,Name,Email,Why",
            "2026-03-04 09:00:00,Ana,ana@x.org,Because",
            "2026-03-05 10:00:00,Luis,luis@x.org,Why not",
            "2026-03-04 09:00:00,Ana,ana@x.org,Because I can",
        ],
    )
    assert reasons(path) == [
        (
            4,
            "Same email and submission time as row 2, but the answer to 'Why' differs: keep "
            "one of the two rows (or name the form's response id column in a mapping file: "
            '[columns] response_id = "...").',
        )
    ]


def test_without_a_submission_time_the_reason_names_the_email_and_position(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path,
        ["Name,Email,Position", "Ana,ana@x.org,Translator", "Ana Souza,ANA@x.org,Translator"],
    )
    [(row, reason)] = reasons(path)
    assert row == 3
    assert reason.startswith(
        "Same email and position (neither row has a submission time) as row 2, but the "
        "name and the email as typed differ: keep one of the two rows"
    )
    assert "sha:" not in reason


def test_rows_whose_response_id_cells_are_empty_are_told_to_fill_them_in(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        [
            "Response ID,Submitted At,Name,Email,A,B,C,D,E",
            ",2026-03-04 09:00:00,Ana,ana@x.org,1,2,3,4,5",
            ",2026-03-04 09:00:00,Ana,ana@x.org,1,9,9,9,9",
        ],
    )
    [(_, reason)] = reasons(path)
    assert reason == (
        "Same email and submission time as row 2, but the answers to 'B', 'C', 'D' and 1 "
        "more questions differ: keep one of the two rows (or fill in their 'Response ID' "
        "cells)."
    )


def test_a_form_response_id_used_twice_is_named_with_its_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        [
            "Response ID,Submitted At,Name,Email",
            "r1,2026-03-04 09:00:00,Ana,ana@x.org",
            "r1,2026-03-04 09:05:00,Ana,ana@x.org",
        ],
    )
    assert reasons(path) == [
        (
            3,
            "Response id 'r1' ('Response ID' column) is already used by row 2, but the "
            "submission time differs: keep one of the two rows.",
        )
    ]


def test_a_row_repeated_exactly_is_skipped_not_rejected(tmp_path: Path) -> None:
    line = "2026-03-04 09:00:00,Ana,ana@x.org,Because"
    path = write_csv(tmp_path, ["Timestamp,Name,Email,Why", line, line])
    result = read_responses(path)
    assert (len(result.responses), result.rejected) == (1, [])


def test_positions_the_id_takes_for_the_same_are_said_to_differ_as_typed(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, ["Name,Email,Position", "Ana,ana@x.org,Backend", "Ana,ana@x.org,backend "]
    )
    [(_, reason)] = reasons(path)
    assert reason.startswith(
        "Same email and position (neither row has a submission time) as row 2, but the "
        "position as typed differs: keep one of the two rows"
    )


def test_positions_that_differ_are_said_to_differ(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        [
            "Timestamp,Name,Email,Position",
            "2026-03-04 09:00,Ana,ana@x.org,Backend",
            "2026-03-04 09:00,Ana,ana@x.org,Frontend",
        ],
    )
    [(_, reason)] = reasons(path)
    assert "but the position differs:" in reason
