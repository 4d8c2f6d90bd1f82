"""Tests of reviewer_app/reports/html.py's figures as text."""

from __future__ import annotations

import pytest

from reviewer_app.reports.html import percent


@pytest.mark.parametrize(
    ("share", "text"),
    [(None, "—"), (0.0, "0%"), (1 / 200, "<1%"), (1 / 199, "1%"), (0.4449, "44%"),
     (0.996, ">99%"), (1.0, "100%")],
)  # fmt: skip
def test_a_share_is_never_rounded_to_none_or_to_all(share: float | None, text: str) -> None:
    # One interview of 200 applications read "0%".
    assert percent(share) == text
