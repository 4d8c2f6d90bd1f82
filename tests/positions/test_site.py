"""Relative links resolve against the page's own address on the site (issue 14, class 5).

A folder of pages has a ``site_url`` (``_site.toml``, by default
https://couchers.org/volunteer/); a page's address is that followed by its slug, and a
page may give its own ``site_url`` in its frontmatter.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewer_app.config.paths import positions_dir
from reviewer_app.errors import UserError
from reviewer_app.positions.parsing import Position, load_position, load_positions, parse_position
from reviewer_app.positions.site import (
    DEFAULT_SITE_URL,
    SITE_FILE,
    folder_site_url,
    page_url,
    site_url_problem,
)

FRONTMATTER = '---\ntitle: "Backend Developer"\n---\n\n'


def href(position: Position, text: str) -> str:
    """The address of the link whose text is ``text`` in the rendered page."""
    match = re.search(rf'<a href="([^"]*)"[^>]*>{re.escape(text)}</a>', position.html)
    assert match is not None, position.html
    return match.group(1)


def linked(target: str, frontmatter: str = FRONTMATTER, slug: str = "backend-developer") -> str:
    body = f"We accept contributions via the [Open Source Developer process]({target}).\n"
    return href(parse_position(frontmatter + body, slug), "Open Source Developer process")


@pytest.mark.parametrize(
    ("target", "address"),
    [
        ("./event-organizer", "https://couchers.org/volunteer/event-organizer"),
        ("event-organizer", "https://couchers.org/volunteer/event-organizer"),
        ("../handbook", "https://couchers.org/handbook"),
        ("../../handbook", "https://couchers.org/handbook"),
        ("/volunteer/form", "https://couchers.org/volunteer/form"),
        ("#apply", "https://couchers.org/volunteer/backend-developer#apply"),
        ("./open-source-developer#how", "https://couchers.org/volunteer/open-source-developer#how"),
    ],
)
def test_a_relative_link_resolves_against_the_pages_own_address(target: str, address: str) -> None:
    assert linked(target) == address


@pytest.mark.parametrize(
    "target",
    ["https://github.com/Couchers-org/couchers", "mailto:volunteer@couchers.org"],
)
def test_an_absolute_link_stays_as_written(target: str) -> None:
    assert linked(target) == target


def test_the_page_address_is_the_site_url_and_the_slug() -> None:
    position = parse_position(FRONTMATTER + "Text\n", "translator")
    assert position.site_url == DEFAULT_SITE_URL
    assert position.page_url == "https://couchers.org/volunteer/translator"


def test_the_frontmatter_site_url_wins() -> None:
    front = '---\ntitle: "Guide"\nsite_url: https://couchers.org/help\n---\n\n'
    assert linked("./faq", front, slug="guide") == "https://couchers.org/help/faq"
    assert linked("../about", front, slug="guide") == "https://couchers.org/about"


@pytest.mark.parametrize("value", ["couchers.org/volunteer", "ftp://couchers.org/", "[1, 2]", "''"])
def test_a_wrong_frontmatter_site_url_is_an_error_naming_the_field(value: str) -> None:
    position = parse_position(f"---\ntitle: X\nsite_url: {value}\n---\n\nText\n", "x")
    (error,) = [p.message for p in position.problems if p.severity == "error"]
    assert "'site_url'" in error
    assert position.site_url == DEFAULT_SITE_URL


def test_a_folders_site_file_sets_the_address_of_its_pages(tmp_path: Path) -> None:
    (tmp_path / SITE_FILE).write_text('site_url = "https://example.org/join"\n', encoding="utf-8")
    (tmp_path / "host.md").write_text(FRONTMATTER + "[Next](./guest)\n", encoding="utf-8")
    (position,) = load_positions(tmp_path)
    assert position.page_url == "https://example.org/join/host"
    assert href(position, "Next") == "https://example.org/join/guest"
    assert load_position(tmp_path / "host.md").page_url == "https://example.org/join/host"


def test_a_folder_without_a_site_file_uses_the_default(tmp_path: Path) -> None:
    assert folder_site_url(tmp_path) == DEFAULT_SITE_URL


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("site_url = https://example.org", "not valid TOML"),
        ('site_url = "example.org"', "absolute http(s) address"),
        ("site_url = 5", "must be an address"),
    ],
)
def test_a_broken_site_file_is_a_user_error_naming_it(
    tmp_path: Path, content: str, said: str
) -> None:
    (tmp_path / SITE_FILE).write_text(content, encoding="utf-8")
    (tmp_path / "host.md").write_text(FRONTMATTER + "Text\n", encoding="utf-8")
    with pytest.raises(UserError, match=re.escape(said)) as raised:
        load_positions(tmp_path)
    assert SITE_FILE in str(raised.value)
    # One file loaded alone carries the same message as its error.
    position = load_position(tmp_path / "host.md")
    assert position.has_errors and said in position.problems[0].message


def test_the_shipped_folder_says_where_its_pages_live() -> None:
    assert (positions_dir() / SITE_FILE).is_file()
    assert folder_site_url(positions_dir()) == "https://couchers.org/volunteer/"
    for position in load_positions(positions_dir()):
        assert position.page_url == f"https://couchers.org/volunteer/{position.slug}"


def test_site_url_helpers() -> None:
    assert page_url("https://couchers.org/volunteer", "x") == "https://couchers.org/volunteer/x"
    assert site_url_problem("https://couchers.org/volunteer/") is None
    assert site_url_problem(None) is not None
