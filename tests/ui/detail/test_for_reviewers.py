"""Tests of the description as a reviewer reads it: no call to apply, compact headings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewer_app.config.paths import positions_dir
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.positions.rendering import render_document
from reviewer_app.ui.detail.for_reviewers import (
    COMPACT_HEADINGS_CSS,
    for_reviewers,
    without_apply_sections,
)
from reviewer_app.ui.detail.position_view import position_html

SOURCE = """---
title: Tester
---

## [Apply Here](/volunteer/form)

## Position Description

Test things. Apply your judgement.

### Duties

- Testing

## Apply

1. [Fill out this form](/volunteer/form).
2. We'll get back to you.

### After applying

We call you.

## Commitment

Three months.

[Apply now](/volunteer/form)
"""


def _text(document: str) -> str:
    return re.sub(r"<[^>]+>", "", document.partition("<body>")[2])


def test_the_apply_link_and_section_are_left_out_and_the_rest_kept() -> None:
    shown = for_reviewers(render_document(SOURCE.split("---\n", 2)[2], title="Tester"))
    text = _text(shown)
    assert "Apply Here" not in text
    assert "Fill out this form" not in text
    assert "After applying" not in text  # a subsection of the apply section
    assert "Apply now" not in text
    for kept in ("Position Description", "Apply your judgement.", "Testing", "Commitment"):
        assert kept in text
    assert "Three months." in text


def test_the_website_rendering_keeps_them() -> None:
    website = render_document(SOURCE.split("---\n", 2)[2])
    assert "Apply Here" in website
    assert "Fill out this form" in website


@pytest.mark.parametrize(
    "heading", ["Apply", "How to apply", "How to Apply:", "APPLY HERE", "Apply today!"]
)
def test_each_spelling_of_the_apply_heading_is_a_call_to_apply(heading: str) -> None:
    body = f"<h2>{heading}</h2><p>Fill out the form.</p><h2>Other</h2><p>Kept.</p>"
    assert without_apply_sections(body) == "<h2>Other</h2><p>Kept.</p>"


def test_a_heading_or_link_that_only_mentions_applying_stays() -> None:
    body = (
        "<h2>Applying your skills</h2><p><a href='x'>Apply the patch</a></p>"
        "<p>Read this, then <a href='f'>apply</a>.</p>"
    )
    assert without_apply_sections(body) == body


@pytest.mark.parametrize("path", sorted(positions_dir().glob("*.md")), ids=lambda path: path.stem)
def test_no_shipped_description_shows_a_call_to_apply_in_the_window(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    shown = position_html(source, path.stem, "Title", PositionCatalogue())
    text = _text(shown)
    assert "Apply Here" not in text
    assert "Fill out this form" not in text
    assert not re.search(r"<h\d>\s*(?:How to )?Apply\b", shown, re.IGNORECASE)
    assert "Position Description" in text
    assert COMPACT_HEADINGS_CSS in shown
