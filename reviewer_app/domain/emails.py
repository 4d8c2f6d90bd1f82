"""What an applicant's email address is when telling people apart.

An address is stored and shown as the applicant typed it; every comparison (possible
duplicates, the erasure record) uses its normal form instead, so that look-alikes
typed by accident or on purpose (full-width letters, a zero-width space, a
right-to-left override) stand for the address they look like:

- NFKC, so full-width letters and ``@`` (U+FF41, U+FF20, ...) are the plain ones;
- invisible format characters removed (Unicode category Cf: zero-width spaces and
  joiners, bidirectional controls, the byte-order mark, soft hyphens);
- the domain lower-cased label by label, with ``xn--`` labels decoded and the
  ideographic full stops that IDNA reads as dots taken as dots;
- the local part case-folded: no mail provider the form's applicants use tells
  ``Ana`` from ``ana``.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 320
"""The longest address: a 64-character local part, "@", a 255-character domain."""
MAX_LOCAL_LENGTH = 64
MAX_DOMAIN_LENGTH = 255

# What IDNA (UTS #46) reads as a label separator besides "." (NFKC already turns the
# full-width one, U+FF0E, into "."; the halfwidth one becomes U+3002).
_IDNA_DOTS = str.maketrans({"\u3002": ".", "\uff61": "."})

# An address written as a mail link or after a display name, as some form tools and
# spreadsheets export it: "mailto:bia@x.org", "mailto:bia@x.org?subject=Hi",
# "Bia Souza <bia@x.org>", "<mailto:bia@x.org>".
_ADDRESS = r"[^<>\s?@]+@[^<>\s?@]+"
_WRAPPED = re.compile(
    rf"(?:mailto:\s*(?P<link>{_ADDRESS})(?:\?\S*)?"
    rf"|[^<>@]*<\s*(?:mailto:\s*)?(?P<named>{_ADDRESS})(?:\?[^<>]*)?\s*>)",
    re.IGNORECASE,
)


def _visible(text: str) -> str:
    """``text`` in NFKC without format characters, stripped of surrounding whitespace."""
    if text.isascii():  # NFKC keeps ASCII as it is, and no ASCII character is a format one
        return text.strip()
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf").strip()


def look_alike(raw: str) -> str | None:
    """The address ``raw`` looks like when it holds invisible or full-width characters.

    Returns:
        The address without them (NFKC, no format characters), or None when ``raw``
        has none.
    """
    visible = _visible(raw)
    return visible if visible != raw.strip() else None


def _domain_label(label: str) -> str:
    if label.startswith("xn--"):
        try:
            # The ASCII form of an internationalised label is the same domain.
            return label[4:].encode("ascii").decode("punycode").lower()
        except UnicodeError:
            return label  # not valid punycode: compared as typed
    return label


def unwrapped_address(text: str) -> str:
    """The address of a cell that holds it as a mail link or after a display name.

    "mailto:bia@x.org" and "Bia Souza <bia@x.org>" are "bia@x.org"; any other text is
    returned as it is (whether it is an address is for :func:`email_problem` to say).
    """
    match = _WRAPPED.fullmatch(text.strip())
    if match is None:
        return text
    return match.group("link") or match.group("named")


def normalise_email(raw: str) -> str:
    """Returns the form of an address used to compare it with others.

    Never fails: an address that is not valid gets a normal form too, so that stored
    values of any age can be compared.
    """
    visible = _visible(raw)
    local, at, domain = visible.rpartition("@")
    if not at:
        return visible.casefold()
    if visible.isascii():  # nearly every address: no dots but ".", no case but ASCII's
        domain = domain.lower()
        if "xn--" not in domain:
            return f"{local.lower()}@{domain}"
    # Lower, not casefold: casefold makes "straße.de" "strasse.de", another domain
    # under IDNA 2008.
    labels = domain.translate(_IDNA_DOTS).lower().split(".")
    return f"{local.casefold()}@{'.'.join(_domain_label(label) for label in labels)}"


# Between two addresses in one cell: "a@x.org; b@y.org", "a@x.org, b@y.org", "a@x b@y".
_SEVERAL = re.compile(r"\s*[;,/]\s*|\s+(?:and\s+|or\s+)?")


def email_problem(raw: str) -> str | None:
    """Says why ``raw`` cannot be an email address, judged on its normal form.

    Returns:
        None when it can be one; else the reason, to follow "is not an email address:".
    """
    if len(raw) > MAX_LENGTH:
        return f"it is {len(raw)} characters long, an address has at most {MAX_LENGTH}"
    visible = _visible(raw)
    several = visible.count("@") > 1 and _SEVERAL.search(visible.strip()) is not None
    if several and sum("@" in part for part in _SEVERAL.split(visible.strip())) > 1:
        return "it holds several addresses: keep one"
    if visible.isascii() and visible.isprintable():
        # Nearly every address: no control character, and a space is the only blank
        # (a pass in C instead of one in Python per character, 20 µs a row).
        if " " in visible:
            return "it holds a space"
    else:
        bad = next((ch for ch in visible if unicodedata.category(ch) in ("Cc", "Cs")), None)
        if bad is not None:
            return f"it holds the control character U+{ord(bad):04X}"
        if any(ch.isspace() for ch in visible):
            return "it holds a space"
    ats = visible.count("@")
    if ats != 1:
        return "it has no @" if ats == 0 else f"it has {ats} @ signs, an address has one"
    local, _, domain = visible.partition("@")
    if not local:
        return "nothing comes before the @"
    if len(local) > MAX_LOCAL_LENGTH:
        return f"the part before the @ has {len(local)} characters, at most {MAX_LOCAL_LENGTH}"
    domain = domain.translate(_IDNA_DOTS)
    if len(domain) > MAX_DOMAIN_LENGTH:
        return f"the domain has {len(domain)} characters, at most {MAX_DOMAIN_LENGTH}"
    labels = domain.split(".")
    if len(labels) < 2 or not all(labels):
        return f"the domain {domain!r} is not a domain like example.org"
    return None
