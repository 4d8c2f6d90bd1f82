"""Fixtures of the review panel tests (data in panel_support.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reviewer_app.cache import LocalCache
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.review.review_panel import ReviewPanel
from tests.ui.review.panel_support import APP_ID, ME, embedded_panel, open_review_cache


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    """A local cache holding the real Backend Developer position and two applications."""
    opened = open_review_cache(tmp_path / "data")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def review(cache: LocalCache) -> ReviewService:
    """The service through which the panel writes, as reviewer "Me"."""
    return ReviewService(cache, ME)


@pytest.fixture
def panel(qtbot: QtBot, review: ReviewService, cache: LocalCache) -> Iterator[ReviewPanel]:
    """The panel showing the Backend Developer application; writes at once (no worker)."""
    widget, host = embedded_panel(qtbot, review, cache)
    widget.show_application(APP_ID)
    yield widget
    del host  # referenced, so alive, until the test ends
