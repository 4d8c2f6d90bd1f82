"""Position Markdown rendered to safe HTML for display in the app.

The Markdown comes from files we ship, but it is edited by many hands and copied from
the website, so the HTML is sanitized all the same: no scripts, no styles, no images
(a remote image would tell a tracker who opened which position), no event handlers and
no ``javascript:`` links. Relative links are made absolute so that a click opens the
real site instead of a path on this laptop.
"""

from __future__ import annotations

import functools
import html
import re

import nh3

from reviewer_app.config.paths import resources_dir

DEFAULT_BASE_URL = "https://couchers.org"

# "sane_lists" keeps a numbered list numbered and stops "1." inside bullets from
# switching list type; "tables" because descriptions copied from the site use them.
# No "smarty": the text is shown as written.
_MARKDOWN_EXTENSIONS = ("sane_lists", "tables", "fenced_code")
# Python-Markdown recurses once per level of a nested list: 400 levels overflowed the
# stack. No description nests deeper than a few; deeper lines are indented this far.
_MAX_INDENT = 40
_DEEP_INDENT = re.compile(rf"^[ \t]{{{_MAX_INDENT + 1},}}", re.MULTILINE)

_ALLOWED_TAGS = frozenset(
    {
        "h1", "h2", "h3", "h4", "h5", "h6",
        "p", "br", "hr", "blockquote", "pre", "code",
        "ul", "ol", "li",
        "strong", "em", "b", "i",
        "a",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip

# These go with everything inside them; any other unknown tag keeps its text.
_DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"}
)

_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}

_URL_SCHEMES = frozenset({"http", "https", "mailto"})

_LINK_REL = "noopener noreferrer"

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)

# A list item; and one that may start a list right after a paragraph line (CommonMark
# lets only "1." or "1)" begin a numbered list there, so "2024. was a year" stays text).
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_LIST_START = re.compile(r"^ {0,3}(?:[-*+]|1[.)])[ \t]+\S")


# One base address per page: positions resolve relative links against their own address.
@functools.lru_cache(maxsize=64)
def _cleaner(base_url: str) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(_ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in _ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(_URL_SCHEMES),
        url_relative=("rewrite_with_base", base_url),
        link_rel=_LINK_REL,
        strip_comments=True,
    )


def separate_lists(text: str) -> str:
    """Puts a blank line before a list that directly follows a paragraph line.

    Position descriptions write "An ideal candidate would have:" with the list on the
    next line, as GitHub and CommonMark allow; Python-Markdown would fold such a list
    into the paragraph ("… have: - Portfolio: …; - Research: …"). Fenced code is left.
    """
    lines = text.split("\n")
    out: list[str] = []
    fenced = False
    previous = ""
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif (
            not fenced
            and _LIST_START.match(line)
            and previous.strip()
            and not previous[:1].isspace()
            and not _LIST_ITEM.match(previous)
        ):
            out.append("")
        out.append(line)
        previous = line
    return "\n".join(out)


def render_markdown(text: str, base_url: str = DEFAULT_BASE_URL, *, breaks: bool = False) -> str:
    """Renders position Markdown to a sanitized HTML fragment.

    Args:
        text: The Markdown body of a position description.
        base_url: The site against which relative links are made absolute.
        breaks: Each line break is kept (a note typed line by line), not joined.

    Returns:
        An HTML fragment safe to show in a QTextBrowser.
    """
    import markdown  # not on the window's start: the first description shown imports it

    text = _DEEP_INDENT.sub(" " * _MAX_INDENT, text)
    raw = markdown.markdown(
        separate_lists(text),
        extensions=[*_MARKDOWN_EXTENSIONS, *(["nl2br"] if breaks else [])],
        output_format="html",
    )
    return _cleaner(base_url).clean(raw)


def stylesheet() -> str:
    """Returns the CSS for a rendered position (``resources/position.css``), without comments."""
    css = (resources_dir() / "position.css").read_text(encoding="utf-8")
    # Qt's HTML parser does not treat <style> as raw text: a "<p>" in a comment would
    # end the stylesheet early and silently drop every rule after it.
    return _CSS_COMMENT.sub("", css).strip()


def render_document(text: str, base_url: str = DEFAULT_BASE_URL, title: str = "") -> str:
    """Renders position Markdown to a complete HTML document with the position stylesheet.

    Args:
        text: The Markdown body of a position description.
        base_url: The site against which relative links are made absolute.
        title: Shown as the document's first heading when given (plain text).

    Returns:
        An HTML document for ``QTextBrowser.setHtml``.
    """
    heading = f"<h1>{html.escape(title)}</h1>" if title else ""
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        f"<style>{stylesheet()}</style></head>"
        f"<body>{heading}{render_markdown(text, base_url)}</body></html>"
    )
