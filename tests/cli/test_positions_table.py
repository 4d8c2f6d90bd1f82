"""Tests of ``positions --table``: the checks as reviewers will see them, to proofread."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from reviewer_app.cli import main

KIND_AT = 36  # two spaces, the longest shipped label (32) and two spaces


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def block(report: str, file_name: str) -> list[str]:
    """The lines a position's entry takes in the report."""
    lines = report.splitlines()
    start = lines.index(next(line for line in lines if line.startswith(file_name)))
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith("  ")), len(lines)
    )
    return lines[start:end]


def test_the_shipped_positions_print_label_kind_and_full_text() -> None:
    status, report = run("positions", "--table")
    assert status == 0
    backend = block(report, "backend-developer.md")
    assert backend[0] == 'backend-developer.md: Backend Developer  (apply as "Backend Developer")'
    rows = [" ".join(line.split()) for line in backend[1:6]]
    assert rows == [
        "label kind full text",
        "Python skill Experience with writing tested, production-grade Python code",
        "Git & GitHub skill Experience with best practices Git and GitHub including code review",
        "≥ 5 h/week commitment At least 5 hours per Week",
        "≥ 3 months commitment 3 months commitment",
    ]
    assert backend[6] == "  commitment: 5 h/week minimum, 3 months minimum"
    assert "  nice to have: Experience with Protocol Buffers and/or gRPC" in backend
    # The columns line up, whatever the label's length.
    for line in backend[1:6]:
        assert line[KIND_AT - 1] == " " and line[KIND_AT] != " ", line
    assert "…" not in report
    assert "warning: the label" not in report


def test_a_position_without_checks_says_so(tmp_path: Path) -> None:
    (tmp_path / "ambassador.md").write_text(
        "---\ntitle: Ambassador\n---\n\n## Commitment\n\n- No minimum frequency\n",
        encoding="utf-8",
    )
    status, report = run("positions", str(tmp_path), "--table")
    assert status == 0
    assert block(report, "ambassador.md")[1:] == ["  no checks", "  commitment: no minimum stated"]


def test_a_label_shortened_hard_is_warned_about(tmp_path: Path) -> None:
    item = "Kind, patient, welcoming, diplomatic and a good listener to members from everywhere"
    (tmp_path / "host.md").write_text(
        f"---\ntitle: Host\n---\n\n### Requirements\n\n- {item}\n", encoding="utf-8"
    )
    for flags in ([], ["--table"]):
        status, report = run("positions", str(tmp_path), *flags)
        assert status == 0  # a warning, not an error
        (warning,) = [line for line in report.splitlines() if "warning:" in line]
        assert '"Kind, patient, welcoming"' in warning and "checks:" in warning
        assert report.endswith("0 with errors, 1 warning(s)\n")


def test_the_frontmatter_checks_are_what_the_table_shows(tmp_path: Path) -> None:
    (tmp_path / "host.md").write_text(
        "---\ntitle: Host\nchecks:\n  - key: kindness\n    label: Kindness\n"
        "    text: Kind and patient with guests\n---\n\n### Requirements\n\n- Whatever\n",
        encoding="utf-8",
    )
    _, report = run("positions", str(tmp_path), "--table")
    rows = [" ".join(line.split()) for line in block(report, "host.md")[1:3]]
    assert rows == ["label kind full text", "Kindness skill Kind and patient with guests"]


def test_table_and_json_do_not_go_together(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("positions", "--table", "--json")
    assert exit_info.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_the_commitment_is_summed_up_as_the_page_states_it(tmp_path: Path) -> None:
    (tmp_path / "helper.md").write_text(
        "---\ntitle: Helper\n---\n\n## Requirements\n\n"
        "- At least 10 hours per month\n- At least 12 weeks\n",
        encoding="utf-8",
    )
    status, report = run("positions", str(tmp_path), "--table")
    assert status == 0
    assert "  commitment: 10 h/month minimum, 12 weeks minimum" in block(report, "helper.md")
