"""Tests of reviewer_app/domain/identity.py: what blind review hides in an applicant's text."""

from __future__ import annotations

import pytest

from reviewer_app.domain.identity import (
    EMAIL_HIDDEN,
    LINK_HIDDEN,
    NAME_HIDDEN,
    blind_id,
    blind_label,
    blind_name,
    hide_identity,
)


def test_blind_name_shows_only_the_start_of_the_id() -> None:
    assert blind_id("1a2b3c4d-5e6f") == "#1a2b3c"
    assert blind_name("1a2b3c4d-5e6f") == "Applicant #1a2b3c"


def test_a_blind_label_leads_with_what_differs_from_row_to_row() -> None:
    assert blind_label("4b0c1a2b-5e6f", "Backend Developer") == "#4b0c1a · Backend Developer"
    assert blind_label("4b0c1a2b-5e6f", None) == "#4b0c1a · Unmatched"
    # The part that tells two rows apart comes before any common word.
    first, second = blind_label("4b0c1a", "Mentor"), blind_label("9f3e2d", "Mentor")
    assert first[:2] != second[:2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://lena.dev/cv.", f"see {LINK_HIDDEN}."),
        ("my code: github.com/lfischer, thanks", f"my code: {LINK_HIDDEN}, thanks"),
        ("www.lena-fischer.de", LINK_HIDDEN),
        ("linkedin.com/in/lena-f", LINK_HIDDEN),
    ],
)
def test_links_are_hidden_with_or_without_a_scheme(text: str, expected: str) -> None:
    assert hide_identity(text) == expected


def test_technology_names_with_dots_are_not_links() -> None:
    text = "Node.js, Vue.js and ASP.NET, e.g. at work."
    assert hide_identity(text) == text


def test_emails_are_hidden() -> None:
    assert hide_identity("write to lena.f+jobs@example.co.uk") == f"write to {EMAIL_HIDDEN}"
    assert hide_identity("LENA@EXAMPLE.COM", email="lena@example.com") == EMAIL_HIDDEN


def test_the_applicants_name_is_hidden_whole_and_in_parts() -> None:
    text = "I am Lena Fischer. Ask Dr. Fischer; lena fischer on forums. Fischerei stays."
    hidden = hide_identity(text, name="Lena  Fischer")
    assert "Lena" not in hidden and "Fischer." not in hidden and "lena fischer" not in hidden
    assert hidden.count(NAME_HIDDEN) == 3
    assert "Fischerei stays." in hidden


def test_an_empty_name_hides_nothing_else() -> None:
    assert hide_identity("Hello there", name=" ") == "Hello there"


@pytest.mark.parametrize(
    ("text", "name", "email", "hidden"),
    [
        ("ILKER YILMAZ wrote", "İlker Y\u0131lmaz", "", "[name hidden] wrote"),
        ("ilker y\u0131lmaz wrote", "ilker yilmaz", "", "[name hidden] wrote"),
        ("Write to İLKER@EXAMPLE.COM", "", "ilker@example.com", "Write to [email hidden]"),
        ("GROSS and groß", "Groß", "", "GROSS and [name hidden]"),
        ("Analytics, not Ana", "Ana Silva", "", "Analytics, not [name hidden]"),
        ("see WWW.ana.dev today", "", "", "see [link hidden] today"),
        ("nothing of theirs here", "Ana Silva", "ana@example.com", "nothing of theirs here"),
    ],
)
def test_hide_identity_finds_what_a_case_blind_pattern_finds(
    text: str, name: str, email: str, hidden: str
) -> None:
    # The patterns of a name and an email are compiled only when the text may hold them.
    assert hide_identity(text, name, email) == hidden
