"""Tests of reviewer_app.positions.rendering: position Markdown to safe HTML."""

from __future__ import annotations

import pytest

from reviewer_app.positions.rendering import (
    render_document,
    render_markdown,
    separate_lists,
    stylesheet,
)


def test_headings_lists_and_emphasis_render() -> None:
    html = render_markdown(
        "## Duties\n\n**Remote** and *fun*\n\n- one\n- two\n\n1. first\n2. second\n"
    )
    assert "<h2>Duties</h2>" in html
    assert "<strong>Remote</strong>" in html
    assert "<em>fun</em>" in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in html


def test_absolute_link_keeps_href_and_gets_noopener_noreferrer() -> None:
    html = render_markdown("[site](https://example.org/path?q=1)")
    assert 'href="https://example.org/path?q=1"' in html
    assert 'rel="noopener noreferrer"' in html


def test_mailto_link_is_kept() -> None:
    assert 'href="mailto:team@example.org"' in render_markdown("[mail](mailto:team@example.org)")


def test_relative_link_is_made_absolute_against_the_site() -> None:
    html = render_markdown("[Apply](/volunteer/form)")
    assert 'href="https://couchers.org/volunteer/form"' in html


def test_relative_link_uses_the_given_base_url() -> None:
    html = render_markdown("[Apply](/volunteer/form)", base_url="https://example.org")
    assert 'href="https://example.org/volunteer/form"' in html


def test_script_in_markdown_does_not_survive() -> None:
    html = render_markdown("Hello\n\n<script>alert('x')</script>\n\nand <script>steal()</script>")
    assert "<script" not in html
    assert "alert" not in html
    assert "steal" not in html
    assert "Hello" in html


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="http://tracker.example/pixel.png">',
        "![pixel](http://tracker.example/pixel.png)",
    ],
)
def test_remote_image_is_dropped(markup: str) -> None:
    html = render_markdown(f"Text {markup} more")
    assert "<img" not in html
    assert "tracker.example" not in html


def test_style_and_iframe_are_dropped_with_their_content() -> None:
    html = render_markdown(
        '<style>body { display: none }</style>\n\n<iframe src="https://x.example">in</iframe>'
    )
    assert "display" not in html
    assert "iframe" not in html
    assert "x.example" not in html


@pytest.mark.parametrize(
    "markdown_text",
    [
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<a href="JaVaScRiPt:alert(1)">click</a>',
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_script_urls_are_dropped(markdown_text: str) -> None:
    html = render_markdown(markdown_text)
    assert "click" in html
    assert "href" not in html
    assert "javascript" not in html.lower()


def test_event_handler_attributes_are_dropped() -> None:
    html = render_markdown(
        '<p onclick="steal()">hi <b onmouseover="steal()">there</b></p>\n\n'
        '<a href="https://example.org" onclick="steal()">link</a>'
    )
    assert "onclick" not in html
    assert "onmouseover" not in html
    assert "steal" not in html
    assert 'href="https://example.org"' in html


def test_typography_is_kept_as_written() -> None:
    html = render_markdown('We\'ll call you — soon. "Quoted" -- text...')
    assert "—" in html
    assert "--" in html
    assert "..." in html
    assert "&mdash;" not in html
    assert "“" not in html


def test_stylesheet_has_rules_and_no_markup() -> None:
    css = stylesheet()
    assert "h1" in css
    assert "a {" in css
    # Qt's HTML parser would end the <style> element at a "<" (even inside a comment).
    assert "<" not in css


def test_document_wraps_body_and_stylesheet() -> None:
    document = render_document("## Duties\n\n- code", title="Backend <Developer>")
    assert document.startswith("<!DOCTYPE html>")
    assert f"<style>{stylesheet()}</style>" in document
    assert "<h1>Backend &lt;Developer&gt;</h1>" in document
    assert "<h2>Duties</h2>" in document
    assert document.rstrip().endswith("</body></html>")


def test_document_without_title_has_no_heading() -> None:
    assert "<h1>" not in render_document("text")


def test_a_list_right_after_a_paragraph_line_is_a_list() -> None:
    text = (
        "An ideal candidate would have:\n- **Portfolio:** case studies;\n- **Research:** tests.\n"
    )
    rendered = render_markdown(text)
    assert rendered.count("<li>") == 2
    assert "have:</p>" in rendered


def test_separating_lists_leaves_code_and_numbers_in_prose() -> None:
    text = "```\nx = 1\n- not a list\n```\nIn\n2024. was a year\n"
    assert separate_lists(text) == text
