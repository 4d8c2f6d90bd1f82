"""Tests of reviewer_app.intake.responses: a response's content hash and stored answers."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from reviewer_app.intake.responses import FormResponse


def hash_as_first_written(response: FormResponse) -> str:
    """The content hash as imports have always stored it (one JSON of every field)."""
    when = response.submitted_at.isoformat() if response.submitted_at is not None else None
    payload = [
        response.response_id,
        when,
        response.name,
        response.email,
        response.position_typed,
        [list(pair) for pair in response.answers],
    ]
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@pytest.mark.parametrize(
    "answers",
    [
        (),
        (("Why?", "Because"),),
        (('Say "hi"\\', "tab\tnew\nline é 🌍 \x00 \u2028"), ("", "")),
        (("Half", "\ud83d of an emoji"),),
    ],
)
@pytest.mark.parametrize("submitted_at", [None, datetime(2026, 10, 1, 9, 30, tzinfo=UTC)])
def test_the_content_hash_is_the_one_stored_by_earlier_imports(
    answers: tuple[tuple[str, str], ...], submitted_at: datetime | None
) -> None:
    # A different hash would show every application as "updated" on the next import.
    response = FormResponse(2, "id-1", submitted_at, "Zoë", "zoe@example.org", "UX ✓", answers)
    stored, digest = response.stored_form()[1:]
    assert digest == response.content_hash == hash_as_first_written(response)
    assert json.loads(stored) == [list(pair) for pair in answers]


def test_a_changed_copy_has_its_own_hash() -> None:
    response = FormResponse(2, "id-1", None, "Ana", "ana@example.org", "", (("Q", "a"),))
    first = response.content_hash
    changed = replace(response, answers=(("Q", "b"),))
    assert changed.content_hash != first == response.content_hash
    assert changed.content_hash == hash_as_first_written(changed)
    assert changed == replace(response, answers=(("Q", "b"),))
