"""The one rule for what counts as a web address or an email in an applicant's text.

Blind review hides what it finds and the hints list it, so both agree on what a link
is: an ``http(s)://`` address, a ``www.`` address, or a bare domain with a path
("github.com/ada", "ana.io/work"). A domain needs a path to count, so that "Node.js"
or "e.g." stay text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LINK = re.compile(
    r"\bhttps?://[^\s<>\"'`]+"
    r"|(?<![\w.@/])www\.[^\s<>\"'`]+"
    r"|(?<![\w.@/-])(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s<>\"'`]*",
    re.IGNORECASE,
)
# Punctuation that ends a sentence, not the address.
LINK_TAIL = ".,;:!?)]}>'\"\u2019\u201d"


def link_span(match: re.Match[str]) -> tuple[int, int]:
    """The start and end of a :data:`LINK` match, without trailing punctuation."""
    text = match.group(0)
    return match.start(), match.start() + len(text.rstrip(LINK_TAIL))


def find_links(text: str) -> Iterator[str]:
    """Yields each address in ``text`` as an absolute URL (``https://`` added if absent)."""
    for match in LINK.finditer(text):
        start, end = link_span(match)
        url = text[start:end]
        if not url.lower().startswith(("http://", "https://")):
            url = "https://" + url
        yield url
