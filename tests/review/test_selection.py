"""Tests of reviewer_app/review/selection.py: the selected applicant, read once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

import reviewer_app.positions.catalogue as catalogue_module
from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache, UnknownApplication
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.positions.parsing import Position, parse_position
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.selection import Selection, read_selection
from reviewer_app.review.state import load_review_state
from tests.applicants.cache_support import ME, fill_sample_cache


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    """Two positions, five applications; app-0 checked, noted and decided by ME."""
    opened = LocalCache.open(tmp_path)
    fill_sample_cache(opened)
    review = ReviewService(opened, ME)
    review.set_check("app-0", "skill-python", CheckResult.MET, "ok")
    review.save_note("app-0", NoteKind.TRIAGE, "Strong answers")
    review.set_decision("app-0", Stage.INTERVIEW)
    yield opened
    opened.close()


def test_the_detail_and_the_review_agree(cache: LocalCache) -> None:
    selection = read_selection(cache, "app-0", ME, PositionCatalogue())
    detail, review = selection.detail, selection.review
    assert isinstance(selection, Selection)
    assert detail.id == review.application_id == "app-0"
    assert detail.name == review.applicant_name == "Ana Silva"
    assert detail.answers == list(review.answers)
    assert review.decision is not None and detail.stage == review.decision.stage
    assert detail.position is not None and review.position is not None
    assert detail.position.slug == review.position.slug == "backend"
    assert review.my_checks["skill-python"].result == CheckResult.MET
    assert [note.body for note in review.notes] == ["Strong answers"]
    # The same as the two reads each on their own.
    assert detail == ApplicantQuery(cache, ME).detail("app-0")
    assert review == load_review_state(cache, "app-0", ME)


def test_an_unmatched_application_has_no_position(cache: LocalCache) -> None:
    selection = read_selection(cache, "app-3", ME, PositionCatalogue())
    assert selection.detail.position is None
    assert selection.review.position is None
    assert selection.review.decision is None


def test_an_unknown_application_raises(cache: LocalCache) -> None:
    with pytest.raises(UnknownApplication, match="missing"):
        read_selection(cache, "missing", ME, PositionCatalogue())
    assert load_review_state(cache, "missing", ME) is None


def test_it_is_one_read_transaction(cache: LocalCache, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    read_session = cache.read_session

    def counted() -> AbstractContextManager[Session]:
        opened.append("read_session")
        return read_session()

    monkeypatch.setattr(cache, "read_session", counted)
    begun: list[Session] = []

    def on_begin(session: Session, *_: Any) -> None:
        begun.append(session)

    event.listen(Session, "after_begin", on_begin)
    try:
        read_selection(cache, "app-0", ME, PositionCatalogue())
    finally:
        event.remove(Session, "after_begin", on_begin)
    assert opened == ["read_session"]
    assert len(begun) == 1


def test_the_position_is_parsed_by_the_catalogue_given(
    cache: LocalCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses: list[str] = []

    def counting(source: str, slug: str) -> Position:
        parses.append(slug)
        return parse_position(source, slug)

    monkeypatch.setattr(catalogue_module, "parse_position", counting)
    catalogue = PositionCatalogue()
    ApplicantQuery(cache, ME, catalogue=catalogue).counts()  # the list parses every version
    first = read_selection(cache, "app-0", ME, catalogue)
    again = read_selection(cache, "app-1", ME, catalogue)
    assert sorted(parses) == ["backend", "ux"]  # the selection parsed nothing again
    assert first.review.position is again.review.position
