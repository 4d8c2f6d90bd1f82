"""A message filled in for one applicant, with every merge field it could not fill named.

A field the template uses but the applicant lacks (no name, no position, a decline
without a reason) stays in the text as written, ``{first_name}``, and is listed in
:attr:`Composed.missing`, so that the window warns before the mail client opens and the
command line exits 1: a message never leaves with a gap nobody saw.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from reviewer_app.applicants.records import ApplicantDetail
from reviewer_app.contact.templates import FIELD_PATTERN, MERGE_FIELDS, Template
from reviewer_app.positions.site import organisation_name, shipped_site_url

# "Dr. Ana Souza" is written to as Ana; a title is not a first name.
_HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sr", "sra", "srta", "herr", "frau", "mme"}
)
# Scripts whose names are written family name first, without a space between given and
# family name: the whole name is the polite form of address.
_FAMILY_FIRST_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


@dataclass(frozen=True)
class ApplicantFields:
    """What a message may say about its applicant.

    Attributes:
        name: The full name as the applicant typed it.
        email: Their address (the message's recipient).
        position: The title of the position applied to (or what they typed).
        reason: The reason given with their decision, "" when none.
    """

    name: str
    email: str = ""
    position: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Composed:
    """A template filled in for one applicant.

    Attributes:
        template: The template's slug.
        to: The applicant's address.
        subject: The filled subject (one line).
        body: The filled text.
        missing: The merge fields used but not filled (no value, or not a merge field
            at all), in order of appearance; they are still in the text as written.
    """

    template: str
    to: str
    subject: str
    body: str
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """Whether every merge field was filled."""
        return not self.missing

    def to_json(self) -> dict[str, object]:
        """Returns the message as plain JSON-ready data (the CLI's ``--json``)."""
        return {
            "template": self.template,
            "to": self.to,
            "subject": self.subject,
            "body": self.body,
            "missing": list(self.missing),
        }


def default_organisation() -> str:
    """The organisation's name, as the shipped positions' site names it ("Couchers.org")."""
    return organisation_name(shipped_site_url())


def first_name(full_name: str) -> str:
    """Returns how to greet someone by their full name; "" for a blank name.

    The first word of a Western or other space-separated name ("Ana-Maria Pop" gives
    "Ana-Maria", "Иван Петров" gives "Иван"), skipping a title ("Dr."); the word after
    the comma of "Pop, Ana"; a single-word name whole; and a Chinese, Japanese or
    Korean name whole, as it is written family name first. A name typed all in lower
    or upper case is capitalised.
    """
    name = " ".join(unicodedata.normalize("NFC", full_name).split())
    if not name:
        return ""
    if any(_family_first(ch) for ch in name):
        return name
    family, comma, given = name.partition(",")
    # "Pop, Ana" is a family name first; "Ana Souza, PhD" is not.
    if comma and "," not in given and " " not in family.strip() and given.strip():
        name = given.strip()
    words = [word for word in name.split(" ") if word]
    while len(words) > 1 and words[0].lower().rstrip(".") in _HONORIFICS:
        words = words[1:]
    first = words[0] if words else name
    if first.isupper() or first.islower():
        first = "-".join(part[:1].upper() + part[1:].lower() for part in first.split("-"))
    return first


def fields_from_detail(detail: ApplicantDetail) -> ApplicantFields:
    """Returns the merge values of an application as the window has it."""
    position = detail.position.title if detail.position is not None else detail.position_typed
    return ApplicantFields(
        name=detail.name,
        email=detail.email,
        position=position or "",
        reason=detail.reason or "",
    )


def compose(
    template: Template,
    applicant: ApplicantFields,
    reviewer: str,
    organisation: str | None = None,
) -> Composed:
    """Fills ``template`` in for one applicant.

    Args:
        template: The template.
        applicant: What the message may say about the applicant.
        reviewer: The name the message is signed with.
        organisation: The organisation's name (default: :func:`default_organisation`).

    Returns:
        The message; a field it could not fill is left as written and named in
        ``missing``. ``{{name}}`` gives the text ``{name}``; other braces are text.
    """
    values = {
        "first_name": first_name(applicant.name),
        "name": applicant.name,
        "position": applicant.position,
        "reviewer": reviewer,
        "organisation": default_organisation() if organisation is None else organisation,
        "reason": applicant.reason,
    }
    # Only known fields; one line each, so that a value never breaks the subject's line.
    filled = {name: " ".join(values[name].split()) for name in MERGE_FIELDS}
    missing: list[str] = []
    subject = _fill(template.subject, filled, missing)
    body = _fill(template.body, filled, missing)
    return Composed(
        template=template.slug,
        to=applicant.email.strip(),
        subject=subject,
        body=body,
        missing=tuple(dict.fromkeys(missing)),
    )


def _fill(text: str, values: dict[str, str], missing: list[str]) -> str:
    # One pass: a value holding "{name}" is text, never filled again.
    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "{" + match["escaped"] + "}"
        name = match["field"]
        value = values.get(name, "")
        if not value:
            missing.append(name)
            return match[0]
        return value

    return FIELD_PATTERN.sub(replace, text)


def _family_first(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(_FAMILY_FIRST_SCRIPTS)


__all__ = [
    "ApplicantFields",
    "Composed",
    "compose",
    "default_organisation",
    "fields_from_detail",
    "first_name",
]
