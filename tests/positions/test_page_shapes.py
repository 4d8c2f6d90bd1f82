"""Position pages as other editors and tools write them, and pages meant to do harm."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reviewer_app.positions.commitment import hours_per_week, months
from reviewer_app.positions.parsing import MAX_SOURCE, load_position, load_positions, parse_position
from reviewer_app.positions.rendering import render_markdown
from tests.positions.test_parsing import labels, parse, skill_texts

REQUIREMENTS = "- Python\n- Git and GitHub\n"


@pytest.mark.parametrize(
    "heading",
    [
        "### Requirements\n",
        "Requirements:\n",
        "**Requirements**\n",
        "**Requirements:**\n",
        "__Skills__:\n",
        "<h3>Requirements</h3>\n",
        "Requirements\n------------\n",
        "Requirements\n============\n",
    ],
    ids=["atx", "colon", "bold", "bold colon", "underscores", "html", "setext 2", "setext 1"],
)
def test_requirements_are_read_under_any_kind_of_heading(heading: str) -> None:
    body = f"## About\n\nCome and help.\n\n{heading}\n{REQUIREMENTS}\n"
    body += "## Commitment\n\n- 5 hours a week\n"
    position = parse(body)
    assert skill_texts(position) == ["Python", "Git and GitHub"]
    assert "≥ 5 h/week" in labels(position)


def test_a_line_ending_in_a_colon_that_names_no_section_is_no_heading() -> None:
    body = "### Requirements\n\nYou will need:\n- Python\n- Git\n"
    assert skill_texts(parse(body)) == ["Python", "Git"]


def test_a_rule_below_a_list_is_no_heading() -> None:
    body = "### Requirements\n\n- Python\n- Git\n\n---\n\nThanks!\n"
    assert skill_texts(parse(body)) == ["Python", "Git"]


def test_html_comments_give_no_checks() -> None:
    body = (
        "### Requirements\n\n<!-- - Kubernetes -->\n- Python\n<!--\n- Rust\n-->\n- Git\n\n"
        "### Commitment\n\n<!-- - At least 40 hours per week -->\n- At least 5 hours per week\n"
        "<!-- unclosed: everything below is hidden\n- At least 20 hours per week\n"
    )
    position = parse(body)
    assert skill_texts(position) == ["Python", "Git"]
    assert position.commitment.min_hours_per_week == 5


def test_requirements_the_reading_misses_are_warned_of() -> None:
    position = parse("## Anforderungen\n\n| Python | Git |\n|---|---|\n")
    assert skill_texts(position) == []
    [warning] = [p.message for p in position.problems if p.severity == "warning"]
    assert "the page speaks of requirements ('Anforderungen')" in warning
    # A page that asks for nothing is not warned of.
    assert parse("## Duties\n\n- Organise meetups\n").problems == ()


@pytest.mark.parametrize(
    ("line", "hours"),
    [
        ("up to 10 hours per week", None),
        ("no more than 2 hours a week", None),
        ("Maximum 4 hours per week", None),
        ("2,5 hours per week", 2.5),
        ("at least 5 hours per week, up to 10 hours per week", 5),
    ],
)
def test_a_most_is_no_minimum_and_a_decimal_comma_is_a_decimal(
    line: str, hours: float | None
) -> None:
    assert hours_per_week(line) == hours


def test_a_most_of_months_is_no_minimum() -> None:
    assert months("up to 6 months") is None
    assert months("at least 3 months, at most 12 months") == 3


@pytest.mark.parametrize(
    "bullet",
    ["_a " * 20_000, "*a " * 20_000, " ;" * 20_000, "[a" * 20_000, "<a" * 20_000, "**a" * 20_000],
    ids=["underscores", "stars", "semicolons", "brackets", "tags", "strong"],
)
def test_a_long_bullet_of_unclosed_marks_is_read_quickly(bullet: str) -> None:
    start = time.perf_counter()
    parse(f"### Requirements\n\n- Python\n- {bullet}\n\nAnd a paragraph: {bullet}\n")
    # Each pattern scanned to the line's end from every mark: seconds to minutes.
    assert time.perf_counter() - start < 3


def test_mojibake_in_a_long_page_is_repaired_quickly() -> None:
    prose = "We build a non-profit platform with volunteers from all over the world. " * 700
    start = time.perf_counter()
    position = parse(f"## About\n\nCouchers.org â€” {prose}\n\n### Requirements\n\n- Python\n")
    assert time.perf_counter() - start < 3  # a diff of the whole text took 30 s
    assert "Couchers.org — We" in position.body
    assert any('"â€”" → "—"' in p.message for p in position.problems)


def test_a_deeply_nested_list_renders() -> None:
    text = "\n".join(" " * (4 * level) + "- item" for level in range(500))
    html = render_markdown(text)  # Python-Markdown's recursion overflowed
    assert html.count("item") == 500


def test_fenced_code_renders_as_code() -> None:
    html = render_markdown("```\n<script>alert(1)</script>\n```\n")
    assert html.startswith("<pre><code>&lt;script&gt;")


def test_an_oversized_file_is_an_error_without_being_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_bytes(b"---\ntitle: Huge\n---\n" + b"x" * (MAX_SOURCE + 10))
    position = load_position(path)
    assert position.checks == ()
    assert "longer than 512 KB" in position.problems[-1].message


def test_a_link_out_of_the_folder_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0", encoding="utf-8")
    folder = tmp_path / "positions"
    folder.mkdir()
    (folder / "passwd.md").symlink_to(secret)
    (folder / "inside.md").write_text("---\ntitle: Inside\n---\n", encoding="utf-8")
    (folder / "alias.md").symlink_to(folder / "inside.md")
    alias, inside, passwd = load_positions(folder)
    assert "root" not in passwd.source
    assert "is a link to a file outside its folder" in passwd.problems[0].message
    assert alias.title == inside.title == "Inside"


def test_two_positions_of_one_title_are_errors(tmp_path: Path) -> None:
    for name in ("backend-developer.md", "copy.md", "Backend-Developer.md"):
        (tmp_path / name).write_text("---\ntitle: Backend Developer\n---\n", encoding="utf-8")
    first, second, third = load_positions(tmp_path)  # sorted by name: B, b, c
    assert [p.severity for p in first.problems] == []
    assert "Backend-Developer.md has the same title, 'Backend Developer'" in str(second.problems)
    assert "differs from Backend-Developer.md's only in case" in str(second.problems)
    assert "has the same title" in str(third.problems)


def test_a_copy_that_kept_the_crumb_or_apply_as_name_of_another_is_warned_of(
    tmp_path: Path,
) -> None:
    # A new position made by copying one and changing its title alone: applicants who
    # typed the old name were matched to neither, and the check said nothing.
    page = (
        "---\ntitle: {title}\ncrumb: {crumb}\n---\n\n## Apply\n\n"
        'Under "Position Applying For", put "{apply}".\n'
    )
    for name, title, crumb, apply in (
        ("a-interpreter.md", "Interpreter", "Translator", "Translator"),
        ("b-translator.md", "Translator", "Translator", "Translator"),
        ("c-editor.md", "Editor", "Editor", "Proofreader"),
        ("d-proofreader.md", "Proofreader", "Reviews", "Proofreading"),
        ("e-writer.md", "Writer", "Writer", "Proofreading"),
        ("f-reader.md", "Reader", "Reviews", "Reader"),  # a crumb shared: not said
    ):
        text = page.format(title=title, crumb=crumb, apply=apply)
        (tmp_path / name).write_text(text, encoding="utf-8")
    interpreter, translator, editor, proofreader, writer, reader = load_positions(tmp_path)
    assert interpreter.problems == editor.problems == reader.problems == ()
    # Warnings: a crumb many pages share ("Volunteer") is no one's title, and is not said.
    assert {p.severity for p in (*translator.problems, *writer.problems)} == {"warning"}
    assert [p.message for p in translator.problems] == [
        "a-interpreter.md answers to 'Translator' too (its crumb), this position's title: "
        "applicants who type it could be matched to neither; change a-interpreter.md's "
        "crumb, or this title"
    ]
    assert [p.message for p in proofreader.problems] == [
        "c-editor.md answers to 'Proofreader' too (its \"apply as\" name), this position's "
        "title: applicants who type it could be matched to neither; change c-editor.md's "
        '"apply as" name, or this title'
    ]
    assert [p.message for p in writer.problems] == [
        'its "apply as" name \'Proofreading\' is d-proofreader.md\'s "apply as" name too: '
        'applicants who type it could be matched to neither; change this "apply as" name, '
        "or d-proofreader.md's"
    ]


def test_names_with_the_same_words_are_warned_of_as_the_import_matches_them(
    tmp_path: Path,
) -> None:
    for name, title, crumb in (
        ("a.md", "Event Co-ordinator", "Events"),
        ("b.md", "The Event Co-ordinator", "Event planning"),
        ("c.md", "Planner", "Event Planning!"),
    ):
        text = f"---\ntitle: {title}\ncrumb: {crumb}\n---\n"
        (tmp_path / name).write_text(text, encoding="utf-8")
    first, second, third = load_positions(tmp_path)
    assert first.problems == ()
    assert [(p.severity, p.message) for p in second.problems] == [
        (
            "warning",
            "its title 'The Event Co-ordinator' has the words of a.md's title: applicants "
            "who type it could be matched to neither; change this title, or a.md's",
        )
    ]
    assert third.problems == ()  # crumbs alike, nobody's title: not said


def test_yes_and_no_in_the_frontmatter_are_text() -> None:
    position = parse("Body\n", frontmatter="---\ntitle: No\ndescription: yes\n---\n")
    assert (position.title, position.description) == ("No", "yes")


def test_curly_quotes_around_the_title_are_left_out_and_said() -> None:
    position = parse("Body\n", frontmatter="---\ntitle: \u201cBackend Developer\u201d\n---\n")
    assert position.title == "Backend Developer"
    assert "is in curly quotes" in position.problems[0].message


def test_a_toml_frontmatter_is_told_for_what_it_is() -> None:
    position = parse("Body\n", frontmatter='+++\ntitle = "Backend Developer"\n+++\n')
    assert "frontmatter is TOML" in position.problems[0].message


def test_script_text_gives_no_check() -> None:
    position = parse("### Requirements\n\n- Git <script>alert(17)</script>\n")
    assert skill_texts(position) == ["Git"]


def test_control_characters_are_removed_and_binary_data_refused() -> None:
    position = parse("### Requirements\n\n- Py\x00thon \x1b]0;owned\x07\x1b[2J\n")
    assert skill_texts(position) == ["Python ]0;owned[2J"]
    assert "removed 4 control character(s)" in position.problems[0].message
    binary = parse_position(bytes(range(256)) * 40, "binary")
    assert [p.message for p in binary.problems if p.severity == "error"] == [
        "file is not text (it holds binary data): is it the right file?"
    ]


def test_md_files_of_any_case_and_markdown_files_are_read(tmp_path: Path) -> None:
    for name in ("a.md", "B.MD", "c.markdown", "d.txt", ".hidden.md"):
        (tmp_path / name).write_text(f"---\ntitle: {name}\n---\n", encoding="utf-8")
    assert [p.slug for p in load_positions(tmp_path)] == ["B", "a", "c"]


def test_a_sentence_asking_for_time_states_the_commitment() -> None:
    body = "## Position Description\n\nYou must know Python. We ask for at least 5 hours per "
    body += "week for 3 months.\n\nWe expect 2 hours a week at first.\n"
    commitment = parse(body).commitment
    assert (commitment.min_hours_per_week, commitment.min_months) == (5, 3)
