"""Tests of reviewer_app/contact/compose.py: a template filled in, gaps named, braces kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reviewer_app.applicants.records import ApplicantDetail, PositionVersion
from reviewer_app.config.paths import templates_dir
from reviewer_app.contact.compose import (
    ApplicantFields,
    compose,
    default_organisation,
    fields_from_detail,
    first_name,
)
from reviewer_app.contact.templates import (
    Template,
    find_template,
    load_templates,
    parse_template,
)
from reviewer_app.domain.vocabulary import Stage

ANA = ApplicantFields("Ana-Maria Pop", "ana@example.org", "Backend Developer", "")


def template(body: str, subject: str = "About {position}") -> Template:
    return parse_template(f"---\nsubject: {subject}\nstage: new\n---\n{body}\n", "t")


@pytest.mark.parametrize(
    ("full", "first"),
    [
        ("Ana-Maria Pop", "Ana-Maria"),
        ("José da Silva", "José"),
        ("Madonna", "Madonna"),
        ("  ana   souza ", "Ana"),
        ("JOÃO PEREIRA", "João"),
        ("Dr. Ana Souza", "Ana"),
        ("Pop, Ana", "Ana"),
        ("Pop, Ana Maria", "Ana"),
        ("Ana Souza, PhD", "Ana"),
        ("Иван Петров", "Иван"),
        ("محمد علي", "محمد"),
        ("Αλέξανδρος Παπαδόπουλος", "Αλέξανδρος"),
        ("山田太郎", "山田太郎"),
        ("김민준", "김민준"),
        ("McKenzie O'Neil", "McKenzie"),
        ("", ""),
    ],
)
def test_first_name_from_a_full_name(full: str, first: str) -> None:
    assert first_name(full) == first


def test_every_field_is_filled() -> None:
    message = compose(
        parse_template(
            "---\nsubject: '{first_name}: {position}'\nstage: declined\n---\n"
            "{name}, {reviewer}, {organisation}: {reason}\n",
            "t",
        ),
        ApplicantFields("Ana Souza", " ana@example.org ", "Translator", "no Portuguese"),
        "Bo",
        "Couchers.org",
    )
    assert message.subject == "Ana: Translator"
    assert message.body == "Ana Souza, Bo, Couchers.org: no Portuguese"
    assert message.to == "ana@example.org"
    assert message.missing == () and message.complete


def test_a_missing_merge_field_is_flagged_and_left_visible() -> None:
    message = compose(
        template("Hi {first_name}, about {reason}. {first_name}!"),
        ApplicantFields("", "x@example.org", "Translator"),
        "Bo",
    )
    assert message.missing == ("first_name", "reason")
    assert not message.complete
    assert message.body == "Hi {first_name}, about {reason}. {first_name}!"
    assert message.to_json()["missing"] == ["first_name", "reason"]


def test_a_missing_reviewer_or_position_is_flagged() -> None:
    message = compose(template("From {reviewer}"), ApplicantFields("Ana"), "  ")
    assert message.missing == ("position", "reviewer")


def test_an_unknown_field_is_flagged_too() -> None:
    assert compose(template("Hi {nickname}"), ANA, "Bo").missing == ("nickname",)


def test_literal_braces_survive() -> None:
    body = 'JSON {"a": 1}, set {1, 2}, { spaced }, {}, }{, {{first_name}} is {first_name}'
    message = compose(template(body), ANA, "Bo")
    assert message.body == (
        'JSON {"a": 1}, set {1, 2}, { spaced }, {}, }{, {first_name} is Ana-Maria'
    )
    assert message.complete


def test_a_value_holding_a_field_is_not_filled_again() -> None:
    tricky = ApplicantFields("{reviewer} Smith", "x@example.org", "Translator")
    message = compose(template("Hi {name}, from {reviewer}"), tricky, "Bo")
    assert message.body == "Hi {reviewer} Smith, from Bo"


def test_a_value_never_breaks_the_subject_line() -> None:
    message = compose(template("x", subject="'{name}'"), ApplicantFields("Ana\nSouza"), "Bo")
    assert message.subject == "Ana Souza"


def test_the_organisation_is_named_as_the_positions_site() -> None:
    assert default_organisation() == "Couchers.org"
    message = compose(template("{organisation}"), ANA, "Bo")
    assert message.body == "Couchers.org"


def test_fields_from_a_detail_take_the_position_title_else_what_was_typed() -> None:
    detail = ApplicantDetail(
        id="a1",
        name="Ana",
        email="ana@example.org",
        submitted_at=datetime(2026, 1, 1, tzinfo=UTC),
        position_typed="backend dev",
        stage=Stage.DECLINED,
        reason="no Python",
        answers=[],
        position=PositionVersion(1, "backend-developer", 1, "Backend Developer", ""),
        duplicate_of=None,
        duplicates=[],
        has_conflict=False,
    )
    assert fields_from_detail(detail) == ApplicantFields(
        "Ana", "ana@example.org", "Backend Developer", "no Python"
    )
    unmatched = fields_from_detail(
        ApplicantDetail(**{**detail.__dict__, "position": None, "reason": None})
    )
    assert (unmatched.position, unmatched.reason) == ("backend dev", "")


def test_the_shipped_decline_reads_well_for_a_real_applicant() -> None:
    decline = find_template(load_templates(templates_dir()), "decline")
    message = compose(decline, ANA, "Bo Chen")
    assert message.complete
    assert message.subject == "Your application for Backend Developer at Couchers.org"
    assert message.body.startswith("Hi Ana-Maria,\n\nThank you for applying for the Backend")
    assert "{" not in message.body
    assert message.body.endswith("Bo Chen\nfor the Couchers.org volunteer team")
