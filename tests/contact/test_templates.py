"""Tests of reviewer_app/contact/templates.py: reading and linting message templates."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from reviewer_app.config.paths import templates_dir
from reviewer_app.contact.templates import (
    MAX_TEMPLATE,
    MERGE_FIELDS,
    UnknownTemplate,
    find_template,
    load_template,
    load_templates,
    parse_template,
)
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.errors import UserError

GOOD = """---
subject: "Your application for {position}"
stage: declined
---
Hi {first_name},

Thank you, {name}.
"""


def errors(text: str | bytes) -> list[str]:
    return [p.message for p in parse_template(text, "t").problems if p.severity == "error"]


def test_every_shipped_template_lints_clean() -> None:
    templates = load_templates(templates_dir())
    assert {t.slug for t in templates} >= {
        "acknowledgement",
        "interview-invitation",
        "acceptance",
        "decline",
        "decline-specific",
        "more-information",
    }
    for template in templates:
        assert template.problems == (), template.slug
        assert template.subject and template.body and template.stage is not None
        assert set(template.fields) <= set(MERGE_FIELDS), template.slug
        assert "{first_name}" in template.body and "{reviewer}" in template.body


def test_shipped_templates_fit_their_stages() -> None:
    stages = {t.slug: t.stage for t in load_templates(templates_dir())}
    assert stages["acceptance"] is Stage.ACCEPTED
    assert stages["decline"] is stages["decline-specific"] is Stage.DECLINED
    assert stages["interview-invitation"] is Stage.INTERVIEW
    assert "{reason}" in find_template(load_templates(templates_dir()), "decline-specific").body


def test_a_good_template_is_read() -> None:
    template = parse_template(GOOD, "decline")
    assert template.problems == ()
    assert template.subject == "Your application for {position}"
    assert template.stage is Stage.DECLINED
    assert template.title == "Decline"
    assert template.body == "Hi {first_name},\n\nThank you, {name}."
    assert template.fields == ("position", "first_name", "name")


def test_an_unknown_merge_field_is_an_error_with_a_suggestion() -> None:
    found = errors(GOOD.replace("{first_name}", "{frist_name}"))
    assert len(found) == 1
    assert "unknown merge field {frist_name} in the text: did you mean {first_name}?" in found[0]
    assert "{{frist_name}}" in found[0]


def test_an_unknown_merge_field_in_the_subject_is_named_there() -> None:
    (found,) = errors(GOOD.replace("{position}", "{Position}"))
    assert "{Position} in the subject: did you mean {position}?" in found


def test_literal_braces_and_escaped_fields_are_no_merge_fields() -> None:
    template = parse_template(GOOD + 'Data: {"a": 1}, { spaced }, {{name}}, {} and }{.\n', "t")
    assert template.problems == ()
    assert template.fields == ("position", "first_name", "name")


def test_a_missing_subject_is_an_error() -> None:
    assert errors(GOOD.replace('subject: "Your application for {position}"\n', "")) == [
        "frontmatter has no subject: add 'subject: ...'"
    ]


@pytest.mark.parametrize("subject", ["{first_name}", "{first_name}, hi"])
def test_an_unquoted_subject_starting_with_a_field_says_to_quote_it(subject: str) -> None:
    found = errors(GOOD.replace('"Your application for {position}"', subject))
    assert found[-1] == (
        "a frontmatter value that starts with a merge field needs quotes, "
        'e.g. subject: "{first_name}, welcome"'
    )


def test_an_empty_subject_is_an_error() -> None:
    assert errors(GOOD.replace('"Your application for {position}"', '""')) == [
        "frontmatter field 'subject' is empty"
    ]


@pytest.mark.parametrize("stage", ["hired", "[new]", "7"])
def test_a_bad_stage_is_an_error_naming_the_stages(stage: str) -> None:
    (found,) = errors(GOOD.replace("stage: declined", f"stage: {stage}"))
    assert "frontmatter field 'stage'" in found
    assert "new, screening, interview, accepted, declined, withdrawn, on_hold" in found


def test_a_stage_is_required_and_may_be_written_loosely() -> None:
    assert "frontmatter has no stage" in errors(GOOD.replace("stage: declined\n", ""))[0]
    assert parse_template(GOOD.replace("declined", "On hold"), "t").stage is Stage.ON_HOLD


def test_bad_yaml_is_an_error_with_its_line() -> None:
    (found,) = errors(GOOD.replace("stage: declined", "stage: [declined"))
    assert found.startswith("frontmatter is not valid YAML (line ")


def test_no_frontmatter_asks_for_a_subject_and_a_stage() -> None:
    (found,) = errors("Hi {first_name}\n")
    assert found == (
        "no frontmatter: the file must start with a '---' block with a subject and a stage"
    )


def test_an_empty_body_and_an_empty_file_are_errors() -> None:
    assert errors(GOOD.split("---\n", 2)[0] + "---\n" + GOOD.split("---\n", 2)[1] + "---\n")
    assert errors(b"") == ["file is empty"]


def test_an_unknown_frontmatter_key_is_a_warning() -> None:
    template = parse_template(GOOD.replace("stage:", "subjet: x\nstage:"), "t")
    (problem,) = template.problems
    assert problem.severity == "warning"
    assert "'subjet' is not read (did you mean 'subject'?)" in problem.message


def test_odd_encodings_are_read_as_positions_are(tmp_path: Path) -> None:
    text = GOOD.replace("Thank you", "Obrigada, até já")
    (tmp_path / "bom.md").write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode())
    (tmp_path / "utf16.md").write_bytes(text.encode("utf-16"))
    (tmp_path / "legacy.md").write_bytes(text.encode("cp1252"))
    (tmp_path / "garbled.md").write_bytes(text.encode("utf-8").decode("cp1252").encode("utf-8"))
    loaded = {t.slug: t for t in load_templates(tmp_path)}
    for slug in ("bom", "utf16", "legacy", "garbled"):
        assert "Obrigada, até já" in loaded[slug].body, slug
        assert not loaded[slug].has_errors, slug
    assert loaded["bom"].problems == loaded["utf16"].problems == ()
    assert "not UTF-8" in loaded["legacy"].problems[0].message
    assert "repaired mojibake" in loaded["garbled"].problems[0].message


def test_damaged_utf16_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")
    assert "damaged UTF-16" in load_template(path).problems[0].message


def test_find_template_suggests_a_close_name() -> None:
    templates = load_templates(templates_dir())
    assert find_template(templates, "decline.md").slug == "decline"
    with pytest.raises(UnknownTemplate, match="did you mean 'acceptance'"):
        find_template(templates, "acceptence")


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        load_templates(tmp_path / "nowhere")


def test_an_oversized_template_is_an_error_without_being_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_bytes(b"---\nsubject: Hi\nstage: screening\n---\n" + b"x" * (MAX_TEMPLATE + 10))
    template = load_template(path)
    assert [p.message for p in template.problems] == [
        "file is longer than 256 KB, the most a message template may be (a message is a few "
        "KB): is it the right file?"
    ]
