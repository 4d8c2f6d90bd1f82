"""Tests of new_id and new_ids in reviewer_app/domain/vocabulary.py."""

from __future__ import annotations

import uuid

from reviewer_app.domain.vocabulary import new_id, new_ids


def test_new_ids_are_random_version_4_uuids_as_new_id_writes_them() -> None:
    made = new_ids(5_000)
    assert len(set(made)) == 5_000
    for text in made:
        value = uuid.UUID(text)
        assert (value.version, value.variant) == (4, uuid.RFC_4122)
        assert str(value) == text and len(text) == len(new_id())
    # Every random bit is used: each hex digit but the fixed ones takes every value.
    digits = [set(column) for column in zip(*(t.replace("-", "") for t in made), strict=True)]
    assert digits[12] == {"4"} and digits[16] <= set("89ab")
    assert all(len(column) == 16 for n, column in enumerate(digits) if n not in (12, 16))


def test_no_ids_asked_gives_none() -> None:
    assert new_ids(0) == []
