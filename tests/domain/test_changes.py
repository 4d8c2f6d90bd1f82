"""Tests of reviewer_app/domain/changes.py: the value every write returns."""

from __future__ import annotations

from reviewer_app.domain.changes import Changes


def test_nothing_changed_is_false() -> None:
    assert not Changes()
    assert Changes.of(["a"])
    assert Changes(counts=True)


def test_two_changes_merge_ids_and_flags() -> None:
    merged = Changes.of(["a"], notes=True) | Changes.of(["b"], counts=True)
    assert merged == Changes(applications=frozenset({"a", "b"}), notes=True, counts=True)


def test_touches_names_the_applications_or_everything() -> None:
    assert Changes.of(["a"], checks=True).touches("a")
    assert not Changes.of(["a"], checks=True).touches("b")
    assert not Changes.of(["a"]).touches(None)
    assert Changes.all().touches("anything")


def test_a_note_needs_neither_the_list_nor_the_counts_again() -> None:
    note = Changes.of(["a"], notes=True)
    assert not note.list_changed
    assert not note.counts
    assert note.review_changed


def test_only_checks_notes_or_drafts_are_a_review_only_change() -> None:
    assert Changes.of(["a"], checks=True, counts=True).review_only
    assert Changes.of(["a"], notes=True).review_only
    assert Changes.of(["a"], drafts=True).review_only
    assert not Changes.of(["a"], checks=True, decision=True).review_only
    assert not Changes.of(["a"], counts=True).review_only
    assert not Changes.of(["a"]).review_only
    assert not Changes.all().review_only
