"""Tests of reviewer_app.domain.emails: an address's normal form and what is no address."""

from __future__ import annotations

import random
import unicodedata

import pytest

from reviewer_app.domain import emails
from reviewer_app.domain.emails import email_problem, normalise_email, unwrapped_address

PLAIN = "ada@example.org"


@pytest.mark.parametrize(
    "look_alike",
    [
        "ada\u200b@example.org",  # a zero-width space inside
        "a\u202eda@example.org",  # a right-to-left override
        "\u202dada@example.org\u202c",  # a left-to-right override and its end
        "\ufeffada@exam\u200dple.org",  # a byte-order mark, a zero-width joiner
        "\uff41\uff44\uff41@example.org",  # full-width letters
        "\uff41\uff44\uff41\uff20\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45\uff0e\uff4f\uff52\uff47",
        "ADA@Example.ORG",
        " ada@example.org ",
        "ada@example\u3002org",  # an ideographic full stop, a dot to IDNA
    ],
)
def test_look_alikes_have_the_normal_form_of_the_plain_address(look_alike: str) -> None:
    assert normalise_email(look_alike) == PLAIN
    assert email_problem(look_alike) is None


def test_an_internationalised_domain_is_the_same_in_either_form() -> None:
    assert normalise_email("ana@\u4f8b\u3048.JP") == normalise_email("Ana@XN--R8JZ45G.jp")
    assert normalise_email("ana@xn--r8jz45g.jp") == "ana@\u4f8b\u3048.jp"


def test_the_domain_is_lower_cased_the_way_idna_does() -> None:
    # casefold would make it strasse.de, another domain under IDNA 2008.
    assert normalise_email("ana@STRAßE.de") == "ana@straße.de"


def test_anything_has_a_normal_form_even_when_it_is_no_address() -> None:
    assert normalise_email("not an address\u200b") == "not an address"
    assert normalise_email("") == ""


@pytest.mark.parametrize(
    ("email", "reason"),
    [
        ("not-an-email", "it has no @"),
        ("ana@@example.org", "it has 2 @ signs, an address has one"),
        ("@example.org", "nothing comes before the @"),
        ("ana@localhost", "the domain 'localhost' is not a domain like example.org"),
        ("ana@example.", "the domain 'example.' is not a domain like example.org"),
        ("ana smith@example.org", "it holds a space"),
        ("ana\u3000smith@example.org", "it holds a space"),  # an ideographic space
        ("ana\x07@example.org", "it holds the control character U+0007"),
        ("ana\ud800@example.org", "it holds the control character U+D800"),
        ("a" * 65 + "@example.org", "the part before the @ has 65 characters, at most 64"),
        ("a@" + "b" * 252 + ".org", "the domain has 256 characters, at most 255"),
    ],
)
def test_what_is_no_address_is_said(email: str, reason: str) -> None:
    assert email_problem(email) == reason


def test_an_over_long_address_is_refused_by_its_length_as_stored() -> None:
    # Invisible characters count: the value is stored as typed.
    typed = "ana\u200b" * 80 + "@example.org"
    assert normalise_email(typed) == "ana" * 80 + "@example.org"
    assert email_problem(typed) == "it is 332 characters long, an address has at most 320"


@pytest.mark.parametrize(
    "email", ["ana.souza+volunteer@example.org", "o'brien@example.ie", "ü@例え.jp"]
)
def test_unusual_addresses_are_taken(email: str) -> None:
    assert email_problem(email) is None


def _first_blank_or_control(visible: str) -> str | None:
    """The slow path's judgement, character by character (what the fast path skips)."""
    bad = next((ch for ch in visible if unicodedata.category(ch) in ("Cc", "Cs")), None)
    if bad is not None:
        return f"it holds the control character U+{ord(bad):04X}"
    if any(ch.isspace() for ch in visible):
        return "it holds a space"
    return None


@pytest.mark.parametrize("code", range(128))
def test_every_ascii_character_is_judged_as_character_by_character(code: int) -> None:
    for address in (f"a{chr(code)}b@example.org", f"ab@exa{chr(code)}mple.org",
                    f"{chr(code)}ab@example.org"):  # fmt: skip
        reason = email_problem(address)
        expected = _first_blank_or_control(emails._visible(address))
        if expected is not None:
            assert reason == expected, address
        elif reason is not None:  # refused for another reason (an @, a dot): not a blank
            assert "control" not in reason and "space" not in reason, address


def _normal_form_label_by_label(raw: str) -> str:
    """The normal form, every label through the IDNA steps (what the fast path skips)."""
    visible = emails._visible(raw)
    local, at, domain = visible.rpartition("@")
    if not at:
        return visible.casefold()
    labels = domain.translate(emails._IDNA_DOTS).lower().split(".")
    return f"{local.casefold()}@{'.'.join(emails._domain_label(label) for label in labels)}"


def test_plain_addresses_have_the_normal_form_of_the_idna_steps() -> None:
    generator = random.Random(19)
    alphabet = "aZ09.-_+@ xX" + "".join(chr(c) for c in range(33, 127))
    samples = ["Ana@Example.ORG", "a@XN--BCHER-KVA.example", "a@xn--bad-.org", "a@b@c.org",
               "x@abxn--c.org", "@", "plain"]  # fmt: skip
    samples += ["".join(generator.choices(alphabet, k=generator.randint(1, 24)))
                for _ in range(2000)]  # fmt: skip
    for raw in samples:
        assert normalise_email(raw) == _normal_form_label_by_label(raw), raw


@pytest.mark.parametrize(
    ("cell", "address"),
    [
        ("mailto:bia@x.org", "bia@x.org"),
        ("MAILTO: bia@x.org?subject=Volunteering", "bia@x.org"),
        ("Bia Souza <bia@x.org>", "bia@x.org"),
        ("<mailto:bia@x.org>", "bia@x.org"),
        ('"Souza, Bia" <bia@x.org>', "bia@x.org"),
        ("bia@x.org", "bia@x.org"),
        ("not an address", "not an address"),
        ("a@b <c@d>", "a@b <c@d>"),  # two addresses: left for the checks to refuse
    ],
)
def test_an_address_is_unwrapped_from_a_mail_link_or_a_display_name(
    cell: str, address: str
) -> None:
    assert unwrapped_address(cell) == address


@pytest.mark.parametrize(
    "cell", ["ed@example.org; ed2@example.org", "a@x.org, b@y.org", "a@x.org b@y.org"]
)
def test_two_addresses_in_one_cell_are_named_as_such(cell: str) -> None:
    # Said "it holds a space", which is not what is wrong.
    assert email_problem(cell) == "it holds several addresses: keep one"
