"""Tests of reviewer_app.intake.rows: what 100,000 responses hold in memory."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.intake import rows
from reviewer_app.intake.columns import ColumnMapping
from reviewer_app.intake.reader import read_responses


def test_short_answers_that_repeat_are_held_once(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    long = "x" * (rows._SHARED_LENGTH + 1)
    lines = [f"Ana {i},a{i}@example.org,Yes,{long},{i}\n" for i in range(3)]
    path.write_text("Name,Email,Keen?,Story,Number\n" + "".join(lines), encoding="utf-8")
    first, second, third = read_responses(path).responses
    assert first.answers == (("Keen?", "Yes"), ("Story", long), ("Number", "0"))
    assert first.answers[0] is second.answers[0] is third.answers[0]
    assert first.answers[1] == second.answers[1] and first.answers[1] is not second.answers[1]


def test_the_rows_read_are_let_go_of(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Name,Email\nAna,a@example.org\nBo,b@example.org\n", encoding="utf-8")
    table: list[tuple[int, list[object]]] = [
        (1, ["Name", "Email"]),
        (2, ["Ana", "a@example.org"]),
        (3, ["Bo", "b@example.org"]),
    ]
    result = rows.build_result(path, table, ColumnMapping(), None, [], counted_cells=True)
    assert [r.name for r in result.responses] == ["Ana", "Bo"]
    assert table == []
