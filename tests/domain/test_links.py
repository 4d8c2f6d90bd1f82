"""Tests of reviewer_app/domain/links.py: one rule for links, shared by blind review and hints."""

from __future__ import annotations

import pytest

from reviewer_app.domain.identity import LINK_HIDDEN, hide_identity
from reviewer_app.domain.links import find_links

LINKS = [
    ("see https://ada.dev/cv.", "https://ada.dev/cv"),
    ("my work: ana.io/work", "https://ana.io/work"),
    ("github.com/ada)", "https://github.com/ada"),
    ("www.example.org!", "https://www.example.org"),
]


@pytest.mark.parametrize(("text", "url"), LINKS)
def test_blind_review_hides_exactly_what_the_hints_list(text: str, url: str) -> None:
    assert list(find_links(text)) == [url]
    hidden = hide_identity(text)
    assert LINK_HIDDEN in hidden
    assert url.removeprefix("https://") not in hidden


@pytest.mark.parametrize("text", ["I use Node.js, e.g. for APIs", "ada@example.org"])
def test_a_domain_without_a_path_or_an_email_is_not_a_link(text: str) -> None:
    assert list(find_links(text)) == []
