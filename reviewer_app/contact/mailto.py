"""``mailto:`` links (RFC 6068) that open the reviewer's own mail client with a message.

Every character of a subject or body that is not unreserved is percent-encoded as
UTF-8: spaces as ``%20`` (never ``+``, which a mail client reads as a plus), line breaks
as ``%0D%0A`` (the RFC's only line break), and ``&``, ``?``, ``#``, ``%``, ``+`` and
``=`` so that they stay text and never end a field.

A link longer than :data:`MAILTO_MAX_LENGTH` characters should be copied instead of
opened (see :func:`fits_mailto`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import quote

MAILTO_MAX_LENGTH = 2000
"""The longest link the window opens; a longer message is copied instead.

On Windows a link reaches the mail client through ShellExecute, and Outlook, the
classic Windows Mail and Internet Explorer's URL handling cut or refuse a URL past
2,083 characters (INTERNET_MAX_URL_LENGTH); some clients cut at 2,048. 2,000 leaves a
margin under both. macOS and Linux clients take far longer links, but the window
cannot know which client will answer, and a message cut without a word is worse than
one copied. With percent-encoding a plain English body of about 1,500 characters fits;
one in Cyrillic or Japanese (6 to 9 characters per letter) is copied sooner.
"""

# What an address may keep as it is: "@" and the characters RFC 6068 lets an
# addr-spec hold unencoded, less "+", which some clients read as a space.
_ADDRESS_SAFE = "@!$'()*;:"


def mailto_url(
    to: str | Sequence[str] = (),
    subject: str = "",
    body: str = "",
    *,
    cc: Sequence[str] = (),
    bcc: Sequence[str] = (),
) -> str:
    """Returns a ``mailto:`` link for a message.

    Args:
        to: The recipient, or recipients (comma-separated in the link); may be empty
            when everyone is in ``bcc``.
        subject: The subject; line breaks in it become spaces.
        body: The text; any line break ("\\n", "\\r\\n", "\\r") becomes ``%0D%0A``.
        cc: Recipients of a copy.
        bcc: Recipients of a blind copy (one ``bcc`` field, comma-separated).

    Blank addresses are left out, and an address given twice (case aside) is given once.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    fields: list[tuple[str, str]] = []
    for name, addresses in (("cc", cc), ("bcc", bcc)):
        joined = _addresses(addresses)
        if joined:
            fields.append((name, joined))
    one_line_subject = " ".join(subject.split())
    if one_line_subject:
        fields.append(("subject", _text(one_line_subject)))
    if body:
        fields.append(("body", _text(_crlf(body))))
    query = "&".join(f"{name}={value}" for name, value in fields)
    return f"mailto:{_addresses(recipients)}" + (f"?{query}" if query else "")


def fits_mailto(url: str, limit: int = MAILTO_MAX_LENGTH) -> bool:
    """Whether a link is short enough to open (see :data:`MAILTO_MAX_LENGTH`)."""
    return len(url) <= limit


def bcc_links(
    bcc: Sequence[str],
    subject: str,
    body: str,
    *,
    to: str = "",
    limit: int = MAILTO_MAX_LENGTH,
) -> list[str]:
    """Returns as few links as hold every ``bcc`` recipient, each within ``limit``.

    For one message to a selection of applicants: each link has the same subject and
    body and its share of the recipients, in order.

    Returns:
        The links; [] when even one recipient does not fit beside the subject and body
        (the message should be copied instead).
    """
    unique = _unique(bcc)
    links: list[str] = []
    start = 0
    while start < len(unique):
        end = start + 1
        if not fits_mailto(mailto_url(to, subject, body, bcc=unique[start:end]), limit):
            return []
        # Grows the share while the link fits; one address costs about 25 characters.
        while end < len(unique) and fits_mailto(
            mailto_url(to, subject, body, bcc=unique[start : end + 1]), limit
        ):
            end += 1
        links.append(mailto_url(to, subject, body, bcc=unique[start:end]))
        start = end
    return links


def _crlf(text: str) -> str:
    return "\r\n".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _text(text: str) -> str:
    return quote(text, safe="", encoding="utf-8", errors="strict")


def _unique(addresses: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for address in addresses:
        cleaned = address.strip()
        if cleaned:
            seen.setdefault(cleaned.casefold(), cleaned)
    return list(seen.values())


def _addresses(addresses: Iterable[str]) -> str:
    return ",".join(quote(address, safe=_ADDRESS_SAFE) for address in _unique(addresses))


__all__ = ["MAILTO_MAX_LENGTH", "bcc_links", "fits_mailto", "mailto_url"]
