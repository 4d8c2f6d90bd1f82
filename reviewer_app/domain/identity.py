"""Blind review: hiding who an applicant is from the text a reviewer reads.

With blind review on, the window shows "Applicant #1a2b3c" instead of a name (in the
list "#1a2b3c · Backend Developer", which differs from row to row in its first
characters, however narrow the column) and hides the email. Answers can give a person
away too, so before an answer or a hint quoting one is shown, :func:`hide_identity`
replaces web addresses, email addresses and the applicant's own name in it. It is a
best effort on free text, not a guarantee.
"""

from __future__ import annotations

import re

from reviewer_app.domain.links import EMAIL, LINK, link_span

LINK_HIDDEN = "[link hidden]"
EMAIL_HIDDEN = "[email hidden]"
NAME_HIDDEN = "[name hidden]"

_NAME_PART = re.compile(r"[^\W\d_][\w'-]*")


# Six hex digits: a few thousand applications rarely share them, and the position
# beside them tells the rare pair apart.
_SHORT_ID = 6


def blind_id(application_id: str) -> str:
    """The start of an application's id, as blind review shows it: "#1a2b3c"."""
    return f"#{application_id[:_SHORT_ID]}"


def blind_name(application_id: str) -> str:
    """The name shown under blind review: "Applicant #1a2b3c"."""
    return f"Applicant {blind_id(application_id)}"


def blind_label(application_id: str, position_title: str | None) -> str:
    """A list row's name under blind review, its distinguishing part first.

    "#1a2b3c · Backend Developer"; "#1a2b3c · Unmatched" without a position.
    """
    return f"{blind_id(application_id)} · {position_title or 'Unmatched'}"


def _hide_link(match: re.Match[str]) -> str:
    _start, end = link_span(match)
    return LINK_HIDDEN + match.group(0)[end - match.start() :]


def hide_identity(text: str, name: str = "", email: str = "") -> str:
    """Returns ``text`` with addresses, emails and the applicant's name replaced.

    Args:
        text: Text the applicant wrote (or a hint quoting it).
        name: The applicant's name: the whole name (any case) and each of its words
            of two letters or more (as capitalised in the name) are hidden.
        email: The applicant's email, hidden even where it is not a whole address.
    """
    # Each applicant's name and email make patterns of their own: compiled only when
    # the text may hold them (the search's blind texts of 100,000 applications took
    # ~5 s, most of it compiling patterns that then found nothing).
    email = email.strip()
    name = " ".join(name.split())
    if email and _loose(email) in _loose(text):
        text = re.sub(re.escape(email), EMAIL_HIDDEN, text, flags=re.IGNORECASE)
    if "@" in text:
        text = EMAIL.sub(EMAIL_HIDDEN, text)
    if "/" in text or "www." in text.casefold():
        text = LINK.sub(_hide_link, text)
    if name:
        if _loose(name) in _loose(text):
            text = re.sub(re.escape(name), NAME_HIDDEN, text, flags=re.IGNORECASE)
        parts = sorted(
            {part for part in _NAME_PART.findall(name) if len(part) >= 2 and part in text},
            key=len,
            reverse=True,
        )
        if parts:
            words = "|".join(re.escape(part) for part in parts)
            text = re.sub(rf"(?<![\w\[])(?:{words})(?!\w)", NAME_HIDDEN, text)
    return text


def _loose(text: str) -> str:
    """``text`` folded at least as far as a case-insensitive pattern compares it.

    casefold() spells "İ" as "i" and a combining dot, and keeps the dotless i (U+0131),
    where the pattern takes both for "i": so do these, so that a name is never left out.
    """
    return text.casefold().replace("\u0307", "").replace("\u0131", "i")
