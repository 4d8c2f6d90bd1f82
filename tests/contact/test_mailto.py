"""Tests of reviewer_app/contact/mailto.py: ``mailto:`` links as RFC 6068 writes them."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from reviewer_app.config.paths import templates_dir
from reviewer_app.contact.compose import ApplicantFields, compose
from reviewer_app.contact.mailto import MAILTO_MAX_LENGTH, bcc_links, fits_mailto, mailto_url
from reviewer_app.contact.templates import load_templates


def fields(url: str) -> dict[str, str]:
    """The link's header fields, decoded as a mail client does (no "+" as space)."""
    query = urlsplit(url).query
    return {
        name: unquote(value, encoding="utf-8", errors="strict")
        for name, value in (part.split("=", 1) for part in query.split("&"))
    }


def test_non_ascii_names_are_percent_encoded_utf8() -> None:
    url = mailto_url("zoë@example.org", "Olá, Zoë Łukasiewicz", "Здравствуйте, 山田さん")
    assert url.isascii()
    assert url.startswith("mailto:zo%C3%AB@example.org?")
    assert "subject=Ol%C3%A1%2C%20Zo%C3%AB%20%C5%81ukasiewicz" in url
    assert fields(url)["body"] == "Здравствуйте, 山田さん"


def test_newlines_become_crlf_and_spaces_never_plus() -> None:
    url = mailto_url("a@example.org", "Hi there", "Line one\nLine two\r\n\r\nEnd\rX")
    body = url.split("body=", 1)[1]
    assert body == "Line%20one%0D%0ALine%20two%0D%0A%0D%0AEnd%0D%0AX"
    assert "+" not in url


def test_reserved_characters_in_subject_and_body_stay_text() -> None:
    subject = "Q&A? #1 at 100% + more = fun"
    body = "Tom & Jerry?\nSee #3, 50% off, a+b=c & body=hijack&bcc=evil@example.org"
    url = mailto_url("a@example.org", subject, body)
    parsed = fields(url)
    assert set(parsed) == {"subject", "body"}
    assert parsed["subject"] == subject
    assert parsed["body"] == body.replace("\n", "\r\n")
    assert urlsplit(url).fragment == ""
    # Standard query parsing agrees, "+" included (it was sent as %2B).
    assert parse_qs(urlsplit(url).query)["subject"] == [subject]


def test_a_subject_is_one_line() -> None:
    assert fields(mailto_url("a@example.org", "Two\nlines", ""))["subject"] == "Two lines"


def test_many_bcc_recipients_in_one_field_without_a_to() -> None:
    addresses = [f"applicant{number}@example.org" for number in range(200)]
    url = mailto_url(bcc=addresses, subject="Update", body="Hello")
    assert url.startswith("mailto:?bcc=")
    assert fields(url)["bcc"].split(",") == addresses


def test_blank_and_repeated_addresses_are_left_out() -> None:
    url = mailto_url(bcc=["a@example.org", " ", "A@Example.org", "b@example.org"])
    assert url == "mailto:?bcc=a@example.org,b@example.org"


def test_a_plus_or_question_mark_in_an_address_is_encoded() -> None:
    url = mailto_url("ana+jobs@example.org", bcc=["we?ird@example.org"])
    assert url == "mailto:ana%2Bjobs@example.org?bcc=we%3Fird@example.org"


def test_a_long_body_does_not_fit_and_a_short_one_does() -> None:
    assert fits_mailto(mailto_url("a@example.org", "Hi", "Short."))
    long = mailto_url("a@example.org", "Hi", "A sentence of a long message. " * 80)
    assert len(long) > MAILTO_MAX_LENGTH
    assert not fits_mailto(long)


def test_bcc_links_split_a_long_list_each_within_the_limit() -> None:
    addresses = [f"applicant{number:04}@example.org" for number in range(500)]
    links = bcc_links(addresses, "Update", "Hello,\nthanks.")
    assert len(links) > 1
    assert all(len(link) <= MAILTO_MAX_LENGTH for link in links)
    assert [a for link in links for a in fields(link)["bcc"].split(",")] == addresses


def test_bcc_links_are_none_when_the_body_alone_is_too_long() -> None:
    assert bcc_links(["a@example.org"], "Hi", "x" * MAILTO_MAX_LENGTH) == []


def test_every_shipped_template_opens_as_a_link_for_a_typical_applicant() -> None:
    applicant = ApplicantFields(
        "Ana-Maria Łukasiewicz",
        "ana.maria.lukasiewicz@example.org",
        "Social Media Volunteer",
        "we need someone who can give at least 5 hours a week for six months.",
    )
    for template in load_templates(templates_dir()):
        message = compose(template, applicant, "Bo Chen")
        url = mailto_url(message.to, message.subject, message.body)
        assert fits_mailto(url), (template.slug, len(url))
        assert fields(url)["body"] == message.body.replace("\n", "\r\n")
