"""A small local cache for the tests of the applicant reads: two positions, five applications.

app-0 to app-4 are submitted a day apart from T0; app-4 duplicates app-0 (both "Ana
Silva"), app-3 is unmatched, app-2 applies to the designer position, the others to the
backend one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication, CachedPosition

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
