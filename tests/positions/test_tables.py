"""Requirements written as a Markdown or HTML table read as the list they stand for."""

from __future__ import annotations

import time

import pytest

from reviewer_app.positions.markdown_structure import section_lines
from reviewer_app.positions.parsing import Position
from reviewer_app.positions.tables import REQUIRED, WISHED, Table, read_table, table_items
from tests.positions.test_parsing import labels, parse, skill_texts, warnings

BRIEF_TABLE = (
    "| Requirement | Details |\n"
    "|---|---|\n"
    "| Python | 2+ years writing production code |\n"
    "| Time | At least 5 hours per week |\n"
    "| Duration | 6 months minimum |\n"
)
BRIEF_LIST = (
    "- Python: 2+ years writing production code\n"
    "- Time: At least 5 hours per week\n"
    "- Duration: 6 months minimum\n"
)


def checks(position: Position) -> list[tuple[str, str, str, str]]:
    return [(c.key, c.label, c.kind, c.text) for c in position.checks]


def test_a_requirements_table_gives_the_checks_of_the_same_list() -> None:
    table = parse(f"## Requirements\n\n{BRIEF_TABLE}")
    assert checks(table) == checks(parse(f"## Requirements\n\n{BRIEF_LIST}"))
    assert skill_texts(table) == ["Python: 2+ years writing production code"]
    assert labels(table) == ["Python (2+ years)", "≥ 5 h/week", "≥ 6 months"]
    assert table.commitment.min_hours_per_week == 5
    assert table.commitment.min_months == 6
    assert warnings(table) == []


@pytest.mark.parametrize(
    "heading",
    [
        "## Requirements\n",
        "### Skills & Experience\n",
        "Requirements:\n",
        "<h3>Requirements</h3>\n",
    ],
)
def test_a_table_is_read_under_any_heading_the_list_reader_knows(heading: str) -> None:
    position = parse(f"## About\n\nCome and help.\n\n{heading}\n{BRIEF_TABLE}")
    assert skill_texts(position) == ["Python: 2+ years writing production code"]


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_what_were_looking_for_is_a_requirements_heading(apostrophe: str) -> None:
    heading = f"## What we{apostrophe}re looking for\n\n"
    assert skill_texts(parse(heading + "- Python\n- Git\n")) == ["Python", "Git"]
    position = parse(heading + "### Technical\n\n" + BRIEF_TABLE)
    assert labels(position) == ["Python (2+ years)", "≥ 5 h/week", "≥ 6 months"]


def test_the_header_row_is_no_requirement() -> None:
    body = "### Requirements\n\n| Skill | Level |\n| ----- | :---: |\n| Python | Advanced |\n"
    assert skill_texts(parse(body)) == ["Python: Advanced"]


def test_a_table_without_its_pipes_at_the_borders_is_read() -> None:
    body = "### Requirements\n\nSkill | Level\n--- | ---\nPython | Advanced\nGit | Basic\n"
    assert skill_texts(parse(body)) == ["Python: Advanced", "Git: Basic"]


def test_a_table_of_one_column_gives_one_check_a_row() -> None:
    body = "### Requirements\n\n| Requirement |\n|---|\n| Python |\n| Git and GitHub |\n"
    assert labels(parse(body)) == ["Python", "Git & GitHub"]


def test_empty_cells_and_dashes_are_left_out() -> None:
    body = (
        "### Requirements\n\n| Skill | Level | Notes |\n|---|---|---|\n"
        "| Python | | - |\n| | | |\n| Git | Basic | — |\n| | Kind to newcomers | |\n"
    )
    assert skill_texts(parse(body)) == ["Python", "Git: Basic", "Kind to newcomers"]


def test_inline_markdown_and_escaped_pipes_in_cells() -> None:
    body = (
        "### Requirements\n\n| Skill | Details |\n|---|---|\n"
        "| **Python** | [Django](https://djangoproject.com) *or* Flask |\n"
        "| Git \\| GitHub | `git rebase` |\n"
        "| Shell | `a | b` pipes |\n"
    )
    assert skill_texts(parse(body)) == [
        "Python: Django or Flask",
        "Git | GitHub: git rebase",
        "Shell: a | b pipes",
    ]


def test_cells_past_the_header_width_are_dropped_as_the_page_drops_them() -> None:
    body = "### Requirements\n\n| Skill |\n|---|\n| Python | hidden |\n"
    assert skill_texts(parse(body)) == ["Python"]


@pytest.mark.parametrize(
    "header", ["Must have / Nice to have", "Priority", "Required or optional", ""]
)
def test_a_column_marking_wishes_makes_its_rows_preferred(header: str) -> None:
    body = (
        f"### Requirements\n\n| Skill | {header} |\n|---|---|\n"
        "| Python | Must have |\n| Docker | *Nice to have* |\n| Figma | Optional |\n"
        "| Git | Required |\n| Kind to newcomers | |\n"
    )
    position = parse(body)
    assert skill_texts(position) == ["Python", "Git", "Kind to newcomers"]
    assert position.preferred == ("Docker", "Figma")


@pytest.mark.parametrize(
    ("header", "required", "wished"),
    [("Required?", "Python", "Docker"), ("Nice to have?", "Docker", "Python")],
)
def test_yes_and_no_mean_what_the_header_asks(header: str, required: str, wished: str) -> None:
    body = (
        f"### Requirements\n\n| Skill | {header} |\n|---|---|\n| Python | Yes |\n| Docker | No |\n"
    )
    position = parse(body)
    assert skill_texts(position) == [required]
    assert position.preferred == (wished,)


def test_yes_under_a_header_that_asks_nothing_is_part_of_the_item() -> None:
    body = "### Requirements\n\n| Question | Answer |\n|---|---|\n| Over 18 | Yes |\n"
    assert skill_texts(parse(body)) == ["Over 18: Yes"]


def test_columns_headed_must_have_and_nice_to_have_are_two_lists() -> None:
    body = (
        "### Requirements\n\n| Must have | Nice to have |\n|---|---|\n"
        "| Python | Docker |\n| Git | |\n"
    )
    position = parse(body)
    assert skill_texts(position) == ["Python", "Git"]
    assert position.preferred == ("Docker",)


def test_a_table_below_a_bonus_line_is_preferred_unless_a_row_says_must() -> None:
    body = (
        "### Requirements\n\n- Python\n\nBonus points if you have:\n\n| Skill | |\n|---|---|\n"
        "| Docker | |\n| Git | Must have |\n"
    )
    position = parse(body)
    assert skill_texts(position) == ["Python", "Git"]
    assert position.preferred == ("Docker",)


def test_a_table_under_a_preferred_heading_gives_wishes() -> None:
    body = "### Requirements\n\n- Python\n\n### Nice to have\n\n| Skill |\n|---|\n| Docker |\n"
    position = parse(body)
    assert skill_texts(position) == ["Python"]
    assert position.preferred == ("Docker",)


def test_a_table_in_the_commitment_section_gives_its_rows_not_its_pipes() -> None:
    body = (
        "### Requirements\n\n- Python\n\n### Commitment\n\n"
        "| Commitment | Details |\n|---|---|\n| Hours | At least 5 hours per week |\n"
        "| Duration | 3 months |\n"
    )
    position = parse(body)
    assert position.commitment.lines == ("Hours: At least 5 hours per week", "Duration: 3 months")
    assert labels(position) == ["Python", "≥ 5 h/week", "≥ 3 months"]


def test_an_html_table_reads_as_a_markdown_one() -> None:
    body = (
        "<h3>Requirements</h3>\n\n<table>\n"
        "  <thead><tr><th>Requirement</th><th>Details</th></tr></thead>\n  <tbody>\n"
        "  <tr><td>Python</td><td>2+ <b>years</b> writing production code</td></tr>\n"
        "  <tr>\n    <td>Time</td>\n    <td>At least 5 hours per week</td>\n  </tr>\n"
        "  <tr><td>Duration</td><td>6 months minimum<script>alert(1)</script></td></tr>\n"
        "  <tr><td>Docker</td><td></td><td>Nice to have</td></tr>\n"
        "</tbody></table>\n"
    )
    position = parse(body)
    assert checks(position) == checks(parse(f"## Requirements\n\n{BRIEF_LIST}"))
    assert position.preferred == ("Docker",)


def test_an_html_table_without_thead_takes_a_row_of_th_as_its_header() -> None:
    lines = ("<table>", "<tr><th>Skill</th></tr>", "<tr><td>Python &amp; Django</td></tr>")
    found = read_table(lines, 0)
    assert found == (Table(("Skill",), (("Python & Django",),)), 3)


@pytest.mark.parametrize(
    "section",
    [
        "## Schedule\n\n| Day | What |\n|---|---|\n| Monday | At least 5 hours per week |\n",
        "## About us\n\n<table><tr><td>Kubernetes</td><td>we commit 5 hours per week</td>"
        "</tr></table>\n",
        "## Requirements\n\n```\n| Skill |\n|---|\n| Kubernetes |\n```\n",
    ],
    ids=["markdown table elsewhere", "html table elsewhere", "fenced"],
)
def test_a_table_outside_the_requirements_gives_no_check(section: str) -> None:
    position = parse(f"{section}\n### Skills\n\n- Git\n")
    assert labels(position) == ["Git"]
    assert position.commitment.lines == ()


def test_a_table_whose_requirements_cannot_be_read_is_still_warned_of() -> None:
    position = parse("## Requirements\n\n| Python | Git |\n|---|---|\n")
    assert skill_texts(position) == []
    [warning] = warnings(position)
    assert "the page speaks of requirements ('Requirements')" in warning


def test_pipes_without_a_delimiter_row_are_no_table() -> None:
    assert read_table(("| Python | Git |", "| Django | Flask |"), 0) is None
    assert read_table(("Python | Git", "---"), 0) is None
    assert read_table(("| Python |", "|---|---|"), 0) is None


def test_table_items_carry_the_marker_of_their_row() -> None:
    table = Table(("Skill", "Type"), (("Python", "Must"), ("Docker", "Bonus"), ("Git", "")))
    assert table_items(table) == [("Python", REQUIRED), ("Docker", WISHED), ("Git", None)]


def test_section_lines_give_a_tables_rows() -> None:
    lines = ("Intro", "| Hours | Days |", "|--|--|", "| **5** per week | Mon |", "", "End")
    assert section_lines(lines) == ("Intro", "5 per week: Mon", "End")


def test_a_long_row_of_backticks_is_read_quickly() -> None:
    row = "| " + " ".join("`" * (n % 97 + 1) + "a" for n in range(20_000)) + " |"
    start = time.perf_counter()
    parse(f"### Requirements\n\n| Skill |\n|---|\n{row}\n")
    assert time.perf_counter() - start < 3
