"""Test data of the review panel tests: the real Backend Developer position, two applications.

APP_ID applies to the Backend Developer position (four checks, :data:`CHECK_KEYS`),
"app-2" to none. The reviewer is ME.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication, CachedPosition, Draft
from reviewer_app.config.paths import positions_dir
from reviewer_app.positions.parsing import parse_position
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.review.review_panel import ReviewPanel
from reviewer_app.ui.tasks import TaskRunner

APP_ID = "app-1"
ME = "Me"
CHECK_KEYS = ("skill-python", "skill-git-github", "hours-per-week", "months")
ANSWERS = [
    ["Tell us about your relevant experience", "Five years of Python at work."],
    ["How many hours per week can you commit?", "I can do 3 hours a week"],
    ["How long can you commit for?", "6 months"],
    ["GitHub / portfolio link", "https://github.com/lena <b>bold</b>"],
]


def application(app_id: str, position_id: int | None) -> CachedApplication:
    """A cached application of Lena, to position ``position_id``."""
    return CachedApplication(
        id=app_id,
        response_id=f"resp-{app_id}",
        name="Lena <i>Fischer</i>",
        email="lena@example.com",
        position_typed="Backend Developer",
        position_id=position_id,
        answers=ANSWERS,
        content_hash="h",
        revision=2,
    )


def open_review_cache(data_dir: Path) -> LocalCache:
    """Opens a local cache in ``data_dir``, holding the position and the two applications."""
    opened = LocalCache.open(data_dir)
    with opened.read_session() as session:
        if session.get(CachedApplication, APP_ID) is not None:
            return opened  # filled by an earlier opening
    raw = (positions_dir() / "backend-developer.md").read_bytes()
    position = parse_position(raw, "backend-developer")
    with opened.session() as session:
        session.add(
            CachedPosition(
                id=1,
                slug=position.slug,
                version=1,
                title=position.title,
                crumb=position.crumb,
                apply_as=position.apply_as,
                source=position.source,  # repaired by ftfy while parsing
                content_hash=position.content_hash,
                revision=1,
            )
        )
        session.add(application(APP_ID, position_id=1))
        session.add(application("app-2", position_id=None))
    return opened


def embedded_panel(
    qtbot: QtBot, review: ReviewService, cache: LocalCache, runner: TaskRunner | None = None
) -> tuple[ReviewPanel, QWidget]:
    """A panel in a 420 px column, shown offscreen (as in the main window), and the column.

    Keep the column referenced as long as the panel is used: it owns the panel.
    """
    # Embedded: a top-level panel would pass every change of its minimum size to the
    # offscreen platform, which warns that it cannot take them.
    host = QWidget()
    host.setFixedSize(420, 700)
    qtbot.addWidget(host)
    panel = ReviewPanel(review, cache, host, runner=runner)
    QVBoxLayout(host).addWidget(panel)
    host.show()
    qtbot.waitExposed(host)
    return panel, host


def stored_drafts(cache: LocalCache, application_id: str = APP_ID) -> dict[str, dict[str, object]]:
    """The drafts of an application in the cache, by slot."""
    with cache.read_session() as session:
        drafts = session.scalars(select(Draft).where(Draft.application_id == application_id))
        return {draft.slot: draft.value for draft in drafts}
