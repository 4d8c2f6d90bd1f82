"""A small local cache for the tests of the applicant reads: two positions, five applications.

app-0 to app-4 are submitted a day apart from T0; app-4 duplicates app-0 (both "Ana
Silva"), app-3 is unmatched, app-2 applies to the designer position, the others to the
backend one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from reviewer_app.applicants.queries import TOGGLE_KEYS, ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication, CachedPosition, Conflict
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import CheckResult, Stage
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.drafts import DECISION, save_draft

ME = "Me Reviewer"
BACKEND = (
    '---\ntitle: "Backend Developer"\n---\n\n## Requirements\n\n'
    "- Python experience\n- Git and GitHub\n"
)
DESIGNER = '---\ntitle: "UX Designer"\n---\n\n## Requirements\n\n- Figma\n'
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def fill_sample_cache(cache: LocalCache) -> None:
    """Stores the two positions and five applications in ``cache``."""
    with cache.session() as session:
        session.add_all(
            [
                CachedPosition(
                    id=1, slug="backend", version=1, title="Backend Developer",
                    source=BACKEND, content_hash="b1", revision=1,
                ),
                CachedPosition(
                    id=2, slug="ux", version=1, title="UX Designer",
                    source=DESIGNER, content_hash="u1", revision=2,
                ),
            ]
        )  # fmt: skip
        session.flush()
        for number, (name, email, position, answer) in enumerate(
            [
                ("Ana Silva", "ana@example.com", 1, "I love Python"),
                ("Björn Haugen", "bjorn@example.com", 1, "Café owner, 100% committed"),
                ("Chloé Dubois", "chloe@example.com", 2, "<script>alert(1)</script>"),
                ("Dmitri Ivanova", "dmitri@example.com", None, "anything_goes"),
                ("Ana Silva", "ana@example.com", 1, "Second try"),
            ]
        ):
            session.add(
                CachedApplication(
                    id=f"app-{number}",
                    response_id=f"r{number}",
                    submitted_at=T0 + timedelta(days=number),
                    name=name,
                    email=email,
                    position_typed="typed",
                    position_id=position,
                    answers=[["Why?", answer], ["Python?", "no"]],
                    content_hash=str(number),
                    revision=10 + number,
                )
            )
        session.flush()
        session.execute(
            update(CachedApplication)
            .where(CachedApplication.id == "app-4")
            .values(duplicate_of="app-0")
        )


def review_writes(cache: LocalCache) -> list[Callable[[], Changes]]:
    """Writes of every kind a reviewer makes (and undoes), each returning its Changes.

    Adds a conflict to app-1 at once, for the writes that resolve it.
    """
    with cache.session() as session:
        conflict = Conflict(
            application_id="app-1", entity="decision", theirs={},
            mine={"stage": "screening", "reason": None},
        )  # fmt: skip
        session.add(conflict)
        session.flush()
        conflict_id = conflict.id
    review = ReviewService(cache, ME)
    return [
        lambda: review.set_check("app-0", "skill-python", CheckResult.MET),
        lambda: review.set_check("app-0", "skill-git-github", CheckResult.NOT_MET),
        lambda: review.set_decision("app-1", Stage.SCREENING),
        lambda: review.assign(["app-2"], [ME]),
        lambda: review.assign_position("app-3", 1),
        lambda: review.set_check("app-3", "skill-python", CheckResult.UNSURE),
        lambda: save_draft(cache, "app-4", DECISION, {"stage": "screening", "reason": ""}),
        lambda: review.set_decision("app-4", Stage.SCREENING),  # ends the draft
        review.undo,
        review.redo,
        lambda: review.set_decisions(["app-0", "app-2", "app-3"], Stage.SCREENING),
        review.undo,
        lambda: review.keep_theirs(conflict_id),
        review.undo,
        lambda: review.apply_mine(conflict_id),
        lambda: review.assign(["app-0", "app-2", "app-4"], [ME]),
        review.undo,
        lambda: review.assign(["app-2"], [ME], remove=True),
        lambda: review.assign_position("app-4", None),
        lambda: review.discard_draft("app-4", DECISION),
        lambda: review.clear_check("app-0", "skill-python"),
    ]


def toggle_members(query: ApplicantQuery) -> dict[str, set[str]]:
    """The applications each toggle keeps, from every application's toggle bits."""
    flags = query.toggle_flags()
    return {
        key: {app_id for app_id, bits in flags.items() if bits >> bit & 1}
        for bit, key in enumerate(TOGGLE_KEYS)
    }
