"""A position's description as a reviewer reads it: without the call to apply.

The descriptions are the website's pages: they open with an "Apply Here" link and end
with an "Apply" section telling applicants how to fill in the form. Beside an
application that was already made, neither means anything, so the window leaves them
out; the website's rendering (:mod:`reviewer_app.positions.rendering`) keeps them.

What is left out, in the sanitized HTML that rendering produces:

- a heading whose text is a call to apply ("Apply", "How to apply"), with its
  section: everything up to the next heading of the same or a higher level;
- a heading that is only a link to apply ("[Apply Here](/volunteer/form)"), alone: it
  is a button of the page, not the title of a section;
- a paragraph whose only content is a link that is a call to apply.

Headings are also made compact: the pane is narrow and the page's section titles
("Position Description", "Requirements") should not take a screen of their own.
"""

from __future__ import annotations

import re

# A call to apply, the whole text of a heading or a link (case and a colon aside).
_APPLY_TEXT = re.compile(
    r"^\s*(?:apply(?:\s+(?:here|now|today))?|how\s+to\s+apply|to\s+apply)\s*[:!.]?\s*$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_LINK_PARAGRAPH = re.compile(
    r"<p\b[^>]*>\s*<a\b[^>]*>(.*?)</a>\s*</p>\s*", re.IGNORECASE | re.DOTALL
)
_ONLY_LINK = re.compile(r"^\s*<a\b[^>]*>.*?</a>\s*$", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")

# Tighter than the page's own: a reviewer scans section titles, they do not need air.
COMPACT_HEADINGS_CSS = (
    "h1 { font-size: large; margin-top: 4px; margin-bottom: 4px; }"
    " h2 { font-size: medium; margin-top: 10px; margin-bottom: 3px; }"
    " h3, h4, h5, h6 { font-size: medium; margin-top: 8px; margin-bottom: 2px; }"
)


def _text(fragment: str) -> str:
    return _TAG.sub("", fragment)


def is_call_to_apply(text: str) -> bool:
    """Whether ``text`` (HTML allowed) is only a call to apply."""
    return bool(_APPLY_TEXT.match(_text(text).replace("&nbsp;", " ")))


def without_apply_sections(body: str) -> str:
    """Returns ``body`` (rendered HTML) without its apply headings, sections and links."""
    headings = list(_HEADING.finditer(body))
    cuts: list[tuple[int, int]] = []
    for index, heading in enumerate(headings):
        if not is_call_to_apply(heading.group(2)):
            continue
        if _ONLY_LINK.match(heading.group(2)):
            end = heading.end()
        else:
            level = int(heading.group(1))
            later = (h for h in headings[index + 1 :] if int(h.group(1)) <= level)
            end = next((h.start() for h in later), len(body))
        if not cuts or heading.start() >= cuts[-1][1]:
            cuts.append((heading.start(), end))
    kept = "".join(
        body[start:end]
        for start, end in zip(
            [0, *(end for _, end in cuts)], [*(start for start, _ in cuts), len(body)], strict=True
        )
    )
    return _LINK_PARAGRAPH.sub(
        lambda match: "" if is_call_to_apply(match.group(1)) else match.group(0), kept
    )


def for_reviewers(document: str) -> str:
    """Returns a rendered position document for the window's description pane.

    Args:
        document: A whole document from
            :func:`reviewer_app.positions.rendering.render_document`.

    Returns:
        The document without the calls to apply, with compact headings.
    """
    head, marker, body = document.partition("<body>")
    if not marker:
        return document
    head = head.replace("</head>", f"<style>{COMPACT_HEADINGS_CSS}</style></head>", 1)
    return f"{head}{marker}{without_apply_sections(body)}"
