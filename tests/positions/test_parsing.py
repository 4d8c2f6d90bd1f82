"""Tests of reading position descriptions, from tidy files to messy ones."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from reviewer_app.config.paths import positions_dir
from reviewer_app.errors import UserError
from reviewer_app.positions.parsing import Position, load_position, load_positions, parse_position

FRONTMATTER = '---\ntitle: "Test Position"\ndescription: "A position for tests"\n---\n\n'


def parse(body: str, frontmatter: str = FRONTMATTER, slug: str = "test-position") -> Position:
    return parse_position(frontmatter + body, slug)


def labels(position: Position) -> list[str]:
    return [check.label for check in position.checks]


def skill_texts(position: Position) -> list[str]:
    return [check.text for check in position.checks if check.kind == "skill"]


def errors(position: Position) -> list[str]:
    return [p.message for p in position.problems if p.severity == "error"]


def warnings(position: Position) -> list[str]:
    return [p.message for p in position.problems if p.severity == "warning"]


# --- The shipped content -------------------------------------------------------------


def shipped() -> list[Position]:
    return load_positions(positions_dir())


def test_shipped_positions_parse_without_errors() -> None:
    positions = shipped()
    assert len(positions) >= 6
    for position in positions:
        assert not position.has_errors, (position.slug, position.problems)
        assert position.apply_as, position.slug
        assert position.title and position.description


def test_shipped_positions_other_than_backend_have_no_warnings() -> None:
    for position in shipped():
        if position.slug != "backend-developer":
            assert position.problems == (), position.slug


def test_shipped_apply_as_names_are_distinct() -> None:
    names = [p.apply_as for p in shipped()]
    assert len(names) == len(set(names))


def test_backend_developer_gives_exactly_the_four_checks() -> None:
    backend = load_position(positions_dir() / "backend-developer.md")
    assert labels(backend) == ["Python", "Git & GitHub", "≥ 5 h/week", "≥ 3 months"]
    assert [c.key for c in backend.checks] == [
        "skill-python",
        "skill-git-github",
        "hours-per-week",
        "months",
    ]
    assert [c.kind for c in backend.checks] == ["skill", "skill", "commitment", "commitment"]
    assert backend.apply_as == "Backend Developer"
    assert backend.crumb == "Backend Developer"
    assert len(backend.preferred) == 3


def test_backend_developer_mojibake_is_repaired_with_a_warning() -> None:
    path = positions_dir() / "backend-developer.md"
    backend = load_position(path)
    assert "—" in backend.html
    assert "â€”" not in backend.html
    assert "â€”" not in backend.source
    assert not backend.has_errors
    assert len(backend.problems) == 1
    assert "â€”" in backend.problems[0].message
    # The file itself stays as published; the hash is of its bytes.
    raw = path.read_bytes()
    assert "â€”".encode() in raw
    assert backend.content_hash == hashlib.sha256(raw).hexdigest()


def test_backend_commitment_comes_from_its_section_not_the_intro() -> None:
    backend = load_position(positions_dir() / "backend-developer.md")
    assert backend.commitment.lines == ("At least 5 hours per Week", "3 months commitment")


def test_shipped_translator_applies_as_translator() -> None:
    assert load_position(positions_dir() / "translator.md").apply_as == "Translator"


def test_shipped_ux_designer_has_crlf_line_endings_and_reads_them() -> None:
    path = positions_dir() / "ux-designer.md"
    assert b"\r\n" in path.read_bytes()
    ux = load_position(path)
    assert "\r" not in ux.source
    assert labels(ux)[:4] == [
        "Portfolio",
        "Research",
        "Prototyping (Figma or Penpot)",
        "Communication (written English)",
    ]
    assert ux.commitment.min_hours_per_week == 5
    assert ux.commitment.min_months == 12


def test_shipped_ambassador_has_no_checks() -> None:
    ambassador = load_position(positions_dir() / "ambassador.md")
    assert ambassador.checks == ()
    assert ambassador.commitment.lines[0].startswith("There is no minimum frequency")


# --- Frontmatter ---------------------------------------------------------------------


def test_unquoted_and_quoted_values_read_the_same() -> None:
    quoted = parse("", '---\ntitle: "UX Designer"\ncrumb: \'UX\'\ndescription: "Design"\n---\n')
    plain = parse("", "---\ntitle: UX Designer\ncrumb: UX\ndescription: Design\n---\n")
    assert (quoted.title, quoted.crumb, quoted.description) == ("UX Designer", "UX", "Design")
    assert (plain.title, plain.crumb, plain.description) == ("UX Designer", "UX", "Design")


def test_absent_crumb_and_description() -> None:
    position = parse("Body", "---\ntitle: Ambassador\n---\n")
    assert position.crumb is None
    assert position.description == ""
    assert position.problems == ()


def test_missing_title_falls_back_to_first_h1_with_a_warning() -> None:
    position = parse("# Community Helper\n\nText", "---\ndescription: x\n---\n")
    assert position.title == "Community Helper"
    assert not position.has_errors
    assert any("title" in w for w in warnings(position))


def test_missing_title_without_h1_falls_back_to_slug_words() -> None:
    position = parse("Text", "---\ndescription: x\n---\n", slug="data-analyst")
    assert position.title == "Data Analyst"


def test_file_without_frontmatter_is_an_error_but_still_parsed() -> None:
    position = parse_position("## Requirements\n\n- Python\n", "no-front")
    assert position.has_errors
    assert any("frontmatter" in e for e in errors(position))
    assert labels(position) == ["Python"]
    assert position.title == "No Front"


def test_broken_yaml_is_an_error_but_the_body_is_still_parsed() -> None:
    broken = '---\ntitle: "Unclosed\ndescription: [oops\n---\n'
    position = parse("## Requirements\n\n- Python\n", broken)
    assert any("YAML" in e for e in errors(position))
    assert labels(position) == ["Python"]
    assert position.body.startswith("## Requirements")


@pytest.mark.parametrize(
    "source",
    [
        '---\ntitle: "Unclosed\n---\n# Heading\n',
        "---\ntitle: x\n\n# Heading\n",
        "---\n- title\n---\n# Heading\n",
        "# Heading\n",
    ],
    ids=["invalid YAML", "not closed", "not a mapping", "no frontmatter"],
)
def test_unreadable_frontmatter_is_one_error_without_a_missing_title_warning(source: str) -> None:
    # The title may well be there: saying it is missing would send the author looking.
    position = parse_position(source, "x")
    assert len(errors(position)) == 1
    assert warnings(position) == []
    assert position.title == "Heading"


@pytest.mark.parametrize(
    ("frontmatter", "key", "lines"),
    [
        ("---\ntitle: First\ndescription: d\ntitle: Second\n---\n", "title", (2, 4)),
        (
            "---\ntitle: X\nchecks:\n  - key: py\n    label: Py\n    label: P\n---\n",
            "label",
            (5, 6),
        ),
    ],
    ids=["top level", "in a check entry"],
)
def test_a_key_given_twice_is_an_error_naming_it_and_its_lines(
    frontmatter: str, key: str, lines: tuple[int, int]
) -> None:
    position = parse("## Requirements\n\n- Python\n", frontmatter)
    assert errors(position) == [
        f"frontmatter key '{key}' is given twice, on lines {lines[0]} and {lines[1]} (only "
        "the last one would be read): remove one"
    ]


def test_unclosed_frontmatter_is_an_error() -> None:
    position = parse_position("---\ntitle: x\n\n## Requirements\n- Python\n", "x")
    assert any("not closed" in e for e in errors(position))


def test_frontmatter_that_is_not_a_mapping_is_an_error() -> None:
    position = parse("Body", "---\n- title\n- x\n---\n")
    assert any("key: value" in e for e in errors(position))


def test_title_that_is_a_list_is_an_error_naming_the_field() -> None:
    position = parse("Body", "---\ntitle: [a, b]\n---\n")
    assert any("'title'" in e for e in errors(position))


# --- Sections ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    ["### Requirements", "## Requirements", "## Skills and Experience", "## Skills & Experience"],
)
def test_requirement_section_names_and_levels(heading: str) -> None:
    position = parse(f"## Position Description\n\nText\n\n{heading}\n\n- Python\n- Git\n")
    assert labels(position) == ["Python", "Git"]


@pytest.mark.parametrize("heading", ["### Preferred", "## Nice to have"])
def test_preferred_sections_are_not_checks(heading: str) -> None:
    position = parse(f"### Requirements\n\n- Python\n\n{heading}\n\n- React;\n- *Docker*.\n")
    assert labels(position) == ["Python"]
    assert position.preferred == ("React", "Docker")


def test_informational_and_duties_sections_are_not_checks() -> None:
    body = "## Duties:\n\n- Write code\n\n## Our Stack\n\n- Python\n- React\n"
    position = parse(body)
    assert position.checks == ()
    assert position.preferred == ()


def test_position_without_requirement_section_has_no_skill_checks_and_no_problems() -> None:
    position = parse("## Position Description\n\nCome and help.\n\n## Commitment\n\n- 3 months\n")
    assert labels(position) == ["≥ 3 months"]
    assert position.problems == ()


def test_intro_line_directly_above_the_list_is_not_an_item() -> None:
    body = "### Requirements\nAn ideal candidate would have:\n- Python experience;\n- Git.\n"
    position = parse(body)
    assert skill_texts(position) == ["Python experience", "Git"]


def test_bullet_endings_are_cleaned() -> None:
    body = "### Requirements\n\n- Uses Python;\n- Uses Git.\n- Uses Docker\n- Uses Linux; and\n"
    position = parse(body)
    assert skill_texts(position) == ["Uses Python", "Uses Git", "Uses Docker", "Uses Linux"]


def test_bold_lead_in_is_the_label_and_stays_in_the_text() -> None:
    body = "### Requirements\n\n- **Research:** running interviews or usability tests;\n"
    (check,) = parse(body).checks
    assert check.label == "Research"
    assert check.key == "skill-research"
    assert check.text == "Research: running interviews or usability tests"


def test_a_bold_lead_in_that_only_says_tools_gives_way_to_the_tools() -> None:
    body = "### Requirements\n\n- **Tools:** confident in *Figma* or Penpot;\n"
    (check,) = parse(body).checks
    assert check.label == "Figma or Penpot"
    assert check.key == "skill-tools"  # the key is the lead-in's, as it always was
    assert check.text == "Tools: confident in Figma or Penpot"


def test_numbered_list_items_are_checks() -> None:
    body = "## Requirements\n\n1. Python\n2. Git and GitHub\n3) Kind to others\n"
    assert labels(parse(body)) == ["Python", "Git & GitHub", "Kind to others"]


def test_continuation_lines_join_their_item() -> None:
    body = "## Requirements\n\n- Experience with Python\n  and its testing tools\n- Git\n"
    assert skill_texts(parse(body)) == ["Experience with Python and its testing tools", "Git"]


@pytest.mark.parametrize("empty", ["-", "-   ", "*", "1."])
def test_an_empty_item_ends_the_one_above_and_never_underlines_a_heading(empty: str) -> None:
    # "-" below a wrapped item was read as a setext underline: "and async code" became a
    # heading, and every check after it was lost.
    body = (
        f"## Requirements\n\n- Experience with Python\n  and async code\n{empty}\n- Git\n- Docker\n"
    )
    assert skill_texts(parse(body)) == ["Experience with Python and async code", "Git", "Docker"]


def test_a_paragraph_underlined_with_a_dash_is_still_a_heading() -> None:
    body = "Requirements\n-\n\n- Python\n- Git\n"
    assert skill_texts(parse(body)) == ["Python", "Git"]


def test_a_task_list_box_is_no_part_of_the_check() -> None:
    body = "## Requirements\n\n- [ ] Python\n- [x] Git and GitHub\n- Docker\n"
    assert labels(parse(body)) == ["Python", "Git & GitHub", "Docker"]


def test_paragraph_only_requirement_section_is_one_item() -> None:
    body = (
        "## Skills and Experience\n\nExperience moderating an online community,\n"
        "and the patience to stay fair when members disagree.\n\n## Apply\n\nSoon.\n"
    )
    (check,) = parse(body).checks
    assert check.kind == "skill"
    assert check.label == "Online community moderation"
    assert check.text.endswith("when members disagree")


def test_labels_are_short() -> None:
    body = (
        "## Requirements\n\n- Native or near-native command of the language you translate into\n"
        "- Excellent written and spoken English and a friendly voice in writing\n"
    )
    assert labels(parse(body)) == ["Near-native target language", "Written & spoken English"]


def test_markdown_links_and_code_are_plain_in_check_text() -> None:
    body = "## Requirements\n\n- Knows [Git](https://git-scm.com) and `pytest`\n"
    assert skill_texts(parse(body)) == ["Knows Git and pytest"]


def test_subheadings_of_a_requirement_section_belong_to_it() -> None:
    body = (
        "### Requirements\n\n#### Technical\n\n- Python\n\n#### People\n\n- Patience\n\n"
        "### Duties\n\n- Coding\n"
    )
    assert labels(parse(body)) == ["Python", "Patience"]


def test_subheadings_after_requirement_items_are_their_own_sections() -> None:
    body = "## Requirements\n\n- Python\n\n### Our Stack\n\n- React\n"
    assert labels(parse(body)) == ["Python"]


def test_headings_inside_code_blocks_are_not_sections() -> None:
    body = "## Requirements\n\n- Python\n\n```\n## Requirements\n- not a check\n```\n"
    assert labels(parse(body)) == ["Python"]


# --- Keys ----------------------------------------------------------------------------


def keys(body: str) -> list[str]:
    return [c.key for c in parse(body).checks]


def test_keys_are_stable_under_reordering_punctuation_and_typo_fixes() -> None:
    original = keys(
        "## Requirements\n\n- Experience with writing tested Python code;\n"
        "- Experience with Git and GitHub including code reveiw;\n"
        "- Good written English, for code reviews\n"
    )
    edited = keys(
        "## Requirements\n\n- Good written English - for code review.\n"
        "- Experience with GitHub and Git including code review.\n"
        "- Strong experience with writing well-tested Python code\n"
    )
    assert sorted(original) == sorted(edited)
    assert "skill-python" in original and "skill-git-github" in original


def test_keys_are_unique_within_a_position() -> None:
    body = "## Requirements\n\n- Python for the API\n- Python for data pipelines\n- Python\n"
    assert keys(body) == ["skill-python", "skill-python-2", "skill-python-3"]


def test_commitment_keys_and_labels() -> None:
    position = parse("### Expectations/Commitment\n\n- At least 5 hours per Week\n- 1 year\n")
    assert [(c.key, c.label, c.kind) for c in position.checks] == [
        ("hours-per-week", "≥ 5 h/week", "commitment"),
        ("months", "≥ 1 year", "commitment"),
    ]
    assert position.checks[0].text == "At least 5 hours per Week"


# --- Commitment ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading", ["Expectations/Commitment", "Commitment", "Time Commitment", "Expectations"]
)
def test_commitment_section_names(heading: str) -> None:
    position = parse(f"### {heading}\n\n- At least 5 hours per Week\n- 3 months commitment\n")
    assert position.commitment.min_hours_per_week == 5
    assert position.commitment.min_months == 3


def test_commitment_in_intro_prose_counts_only_where_the_section_states_none() -> None:
    intro = "## Position Description\n\nCommit 5+ hours per week (you choose when!).\n"
    alone = parse(intro)
    assert alone.commitment.min_hours_per_week == 5
    assert labels(alone) == ["≥ 5 h/week"]
    with_section = parse(intro + "\n## Commitment\n\n- At least 3 hours per week\n")
    assert with_section.commitment.min_hours_per_week == 3


def test_post_rate_gives_no_hours_check() -> None:
    body = "## Expectations/Commitment\n\n- 1 or more posts every 1-2 weeks\n- At least 6 months\n"
    position = parse(body)
    assert position.commitment.min_hours_per_week is None
    assert labels(position) == ["≥ 6 months"]


def test_no_minimum_frequency_gives_no_commitment_checks() -> None:
    position = parse("## Commitment\n\n- There is no minimum frequency\n")
    assert position.checks == ()
    assert position.commitment.lines == ("There is no minimum frequency",)


def test_commitment_lines_are_cleaned_bullets() -> None:
    position = parse("## Commitment\n\n- **At least** 5 hours per week\n* 3 months\n")
    assert position.commitment.lines == ("At least 5 hours per week", "3 months")


# --- Apply as ------------------------------------------------------------------------


def test_apply_as_with_straight_quotes() -> None:
    body = '## Apply\n\n1. Under "Position Applying For", put "Backend Developer".\n'
    assert parse(body).apply_as == "Backend Developer"


def test_apply_as_with_curly_quotes() -> None:
    body = "### Apply\n\n1. Under “Position Applying For”, put “Translator”, and more.\n"
    assert parse(body).apply_as == "Translator"


def test_missing_apply_instruction_gives_none() -> None:
    position = parse("## Apply\n\n1. Fill out the form.\n")
    assert position.apply_as is None
    assert position.problems == ()


# --- Encodings and damaged files -----------------------------------------------------


def test_utf8_bom_is_removed_silently() -> None:
    data = ("\ufeff" + FRONTMATTER + "## Requirements\n\n- Python\n").encode()
    position = parse_position(data, "bom")
    assert position.title == "Test Position"
    assert position.problems == ()


def test_non_utf8_bytes_are_read_as_cp1252_with_a_warning() -> None:
    data = FRONTMATTER.encode() + "Café \u2013 naïve\n".encode("cp1252")
    position = parse_position(data, "legacy")
    assert "Café \u2013 naïve" in position.body
    assert not position.has_errors
    assert any("not UTF-8" in w for w in warnings(position))


def test_bytes_undefined_in_cp1252_fall_back_to_latin1() -> None:
    data = FRONTMATTER.encode() + b"Odd \x81 byte\n"
    position = parse_position(data, "odd")
    assert "Odd \x81 byte" in position.body
    assert any("Latin-1" in w for w in warnings(position))


def test_crlf_line_endings_parse_like_lf() -> None:
    text = FRONTMATTER + "### Requirements\nIntro:\n- Python;\n\n### Commitment\n\n- 3 months\n"
    lf = parse_position(text.encode(), "x")
    crlf = parse_position(text.replace("\n", "\r\n").encode(), "x")
    assert "\r" not in crlf.source
    assert crlf.source == lf.source
    assert crlf.checks == lf.checks
    assert crlf.content_hash != lf.content_hash


def test_emoji_and_non_ascii_punctuation_are_kept() -> None:
    position = parse("## Requirements\n\n- Python 🐍 \u2013 “tested” code…\n")
    assert position.checks[0].text == "Python 🐍 \u2013 “tested” code…"
    assert position.problems == ()


def test_mojibake_is_repaired_and_named() -> None:
    position = parse("## Position Description\n\nWe meet â€” online.\n")
    assert "We meet — online." in position.body
    assert "â€”" not in position.source
    (warning,) = warnings(position)
    assert "â€”" in warning and "—" in warning


@pytest.mark.parametrize("data", [b"", b"  \n\r\n", ""])
def test_empty_file_is_an_error(data: bytes | str) -> None:
    position = parse_position(data, "empty-one")
    assert errors(position) == ["file is empty"]
    assert position.title == "Empty One"
    assert position.checks == ()


def test_content_hash_of_text_is_of_source() -> None:
    position = parse("Body")
    assert position.content_hash == hashlib.sha256(position.source.encode()).hexdigest()


# --- Declared checks -----------------------------------------------------------------


DECLARED = """---
title: Backend
checks:
  - key: python
    label: Python
    text: Experience with production Python
  - key: sql
    label: SQL
---
"""


def test_declared_checks_replace_derived_skill_checks() -> None:
    body = "## Requirements\n\n- Something else\n\n## Commitment\n\n- 3 months\n"
    position = parse(body, DECLARED)
    assert [(c.key, c.label, c.text) for c in position.checks] == [
        ("python", "Python", "Experience with production Python"),
        ("sql", "SQL", "SQL"),
        ("months", "≥ 3 months", "3 months"),
    ]
    assert position.problems == ()


def test_declared_commitment_check_replaces_derived_commitment_checks() -> None:
    front = "---\ntitle: X\nchecks:\n  - {key: weekends, label: Weekends, kind: commitment}\n---\n"
    position = parse("## Commitment\n\n- 3 months\n", front)
    assert [c.key for c in position.checks] == ["weekends"]


@pytest.mark.parametrize(
    "checks",
    [
        "checks: python",
        "checks: []",
        "checks:\n  - python",
        "checks:\n  - {key: python}",
        "checks:\n  - {key: Not A Slug, label: X}",
        "checks:\n  - {key: a, label: A}\n  - {key: a, label: B}",
        "checks:\n  - {key: a, label: A, kind: other}",
    ],
)
def test_invalid_declared_checks_are_an_error_naming_the_field(checks: str) -> None:
    position = parse("## Requirements\n\n- Python\n", f"---\ntitle: X\n{checks}\n---\n")
    assert any("checks" in e for e in errors(position))
    assert labels(position) == ["Python"]


def test_every_bad_check_entry_is_reported_with_its_number() -> None:
    front = """---
title: X
checks:
  - key: python
    label: Python
  - key: Bad Key
    label: Bad key
  - key: git
    label: [5]
  - key: sql
    label: SQL
    text: [1, 2]
  - just text
  - label: No key
  - key: python
    label: Again
    kind: other
---
"""
    position = parse("## Requirements\n\n- Django\n", front)
    where = "frontmatter field 'checks', entry"
    assert errors(position) == [
        f"{where} 2: 'key' must be lower-case words joined by '-' (found 'Bad Key')",
        f"{where} 3: 'label' must be text (put it in quotes)",
        f"{where} 4: 'text', when given, must be text (put it in quotes)",
        f"{where} 5 must be 'key: value' lines with a 'key' and a 'label'",
        f"{where} 6: 'key' is missing",
        f"{where} 7: 'kind' must be skill or commitment",
        f"{where} 7: key 'python' is used twice",
    ]
    # The declared checks are not used, so the derived ones are.
    assert labels(position) == ["Django"]


# --- Loading files -------------------------------------------------------------------


def test_unreadable_file_gives_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "folder.md"
    path.mkdir()
    position = load_position(path)
    assert position.slug == "folder"
    assert any("folder.md" in e for e in errors(position))


def test_load_positions_returns_broken_and_good_files_sorted(tmp_path: Path) -> None:
    (tmp_path / "b-good.md").write_text(FRONTMATTER + "## Requirements\n\n- Python\n")
    (tmp_path / "a-broken.md").write_bytes(b'---\ntitle: "x\n---\n')
    (tmp_path / "c-empty.md").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a position")
    positions = load_positions(tmp_path)
    assert [p.slug for p in positions] == ["a-broken", "b-good", "c-empty"]
    assert [p.has_errors for p in positions] == [True, False, True]
    assert positions[1].path == tmp_path / "b-good.md"


def test_load_positions_from_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        load_positions(tmp_path / "missing")


def test_load_positions_from_a_file_says_it_is_not_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "backend-developer.md"
    path.write_text("---\ntitle: X\n---\n", encoding="utf-8")
    with pytest.raises(UserError, match="is a file, not a folder"):
        load_positions(path)


# --- Output --------------------------------------------------------------------------


def test_to_json_has_exactly_the_documented_shape() -> None:
    backend = load_position(positions_dir() / "backend-developer.md")
    data = backend.to_json()
    assert list(data) == [
        "slug",
        "title",
        "description",
        "page_url",
        "apply_as",
        "html",
        "checks",
        "preferred",
        "commitment",
        "problems",
    ]
    assert data["checks"][0] == {  # type: ignore[index]
        "key": "skill-python",
        "label": "Python",
        "kind": "skill",
        "text": "Experience with writing tested, production-grade Python code",
    }
    assert data["commitment"] == {
        "min_hours_per_week": 5,
        "min_months": 3,
        "lines": ["At least 5 hours per Week", "3 months commitment"],
    }
    assert data["problems"][0]["severity"] == "warning"  # type: ignore[index]
    json.dumps(data)


def test_html_is_rendered_from_the_body() -> None:
    html = parse("## Requirements\n\n- **Python**\n").html
    assert "<h2>Requirements</h2>" in html
    assert "<strong>Python</strong>" in html
    assert "title:" not in html


def test_commitment_stated_among_requirements_is_a_commitment_check() -> None:
    text = (
        "---\ntitle: Editor\n---\n### Requirements\n\n"
        "- Excellent written English\n"
        "- 3 years of editing experience\n"
        "- At least 4 hours per week\n"
        "- Able to commit for at least 6 months\n"
    )
    position = parse_position(text, "editor")
    assert [c.kind for c in position.checks] == ["skill", "skill", "commitment", "commitment"]
    assert [c.label for c in position.checks[2:]] == ["≥ 4 h/week", "≥ 6 months"]
    assert position.commitment.min_hours_per_week == 4
    assert position.commitment.min_months == 6


@pytest.mark.parametrize(
    ("heading", "kind"), [("Requirments", "skill"), ("Qualifcations", "skill")]
)
def test_a_misspelt_section_heading_is_read_and_named_in_a_warning(heading: str, kind: str) -> None:
    position = parse(f"## {heading}\n\n- Python\n\n## Committment\n\n- 5 hours per week\n")
    assert [(check.kind, check.text) for check in position.checks] == [
        (kind, "Python"),
        ("commitment", "5 hours per week"),
    ]
    warnings = [p.message for p in position.problems if p.severity == "warning"]
    assert any(f"the heading {heading!r} was read as" in w for w in warnings)
    assert any("the heading 'Committment' was read as 'commitment'" in w for w in warnings)


def test_a_commitment_stating_two_minimums_is_warned_about() -> None:
    body = (
        "## Requirements\n\n- Python\n\n## Commitment\n\n- 5 hours per week\n- 10 hours per week\n"
    )
    position = parse(body)
    assert position.commitment.min_hours_per_week == 5
    [warning] = [p.message for p in position.problems if p.severity == "warning"]
    assert "more than one minimum ('10 hours per week'" in warning
    assert "the checks ask for 5 h/week" in warning


@pytest.mark.parametrize(
    "other", ["Meetings: 1 hour per week", "That is about 20 hours per month", "Expectation"]
)
def test_a_part_or_the_same_minimum_in_other_words_is_no_second_minimum(other: str) -> None:
    body = f"## Requirements\n\n- Python\n\n## Commitment\n\n- 5 hours per week\n- {other}\n"
    position = parse(body)
    assert not [p for p in position.problems if p.severity == "warning"], position.problems


@pytest.mark.parametrize("heading", ["Expectation", "Commitments", "Qualification"])
def test_a_heading_spelt_right_gets_no_spelling_warning(heading: str) -> None:
    position = parse(f"## {heading}\n\n- 5 hours per week\n\n## Requirements\n\n- Python\n")
    assert not [p for p in position.problems if "spelling" in p.message]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1.10", "1.10"),
        ("010", "010"),
        ("12:30", "12:30"),
        ("No", "No"),
        ("true", "true"),
        ("2024-01-01", "2024-01-01"),
        ("1e3", "1e3"),
        ("0x1F", "0x1F"),
        ("'quoted'", "quoted"),
    ],
)
def test_a_plain_title_is_read_as_typed_never_as_a_number_date_or_yes_no(
    typed: str, read: str
) -> None:
    position = parse("## Requirements\n\n- Django\n", f"---\ntitle: {typed}\n---\n")
    assert position.title == read
    assert errors(position) == []


def test_null_still_means_no_title() -> None:
    position = parse("# From the page\n\n## Requirements\n\n- Django\n", "---\ntitle: null\n---\n")
    assert position.title == "From the page"


def test_a_title_that_is_a_list_is_one_error_that_says_so_and_no_warning() -> None:
    position = parse("## Requirements\n\n- Django\n", "---\ntitle: [Backend, Developer]\n---\n")
    assert [(p.severity, p.message) for p in position.problems] == [
        (
            "error",
            "frontmatter field 'title' must be one line of text, not a list (a value holding "
            "': ' or starting with '- ' or '[' needs quotes)",
        )
    ]


@pytest.mark.parametrize("empty", ["[]", "{}"])
def test_an_empty_list_as_the_title_is_one_error_too(empty: str) -> None:
    position = parse("## Requirements\n\n- Django\n", f"---\ntitle: {empty}\n---\n")
    assert [p.severity for p in position.problems] == ["error"]
