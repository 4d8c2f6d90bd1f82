"""An application erased on the shared database leaves every figure at the next sync."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.intake.demo_import import load_demo
from reviewer_app.reports import ReportOptions, compute_report
from reviewer_app.review.actions import ReviewService
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import erase_application
from reviewer_app.sync import Syncer

REVIEWER = "Ana Souza"


def test_an_erased_application_counts_nowhere_after_the_sync(tmp_path: Path) -> None:
    db = SharedDatabase(f"sqlite:///{tmp_path / 'shared.sqlite3'}")
    try:
        load_demo(db, count=12, seed=3)
        with LocalCache.open(tmp_path / "laptop") as cache:
            Syncer(cache, db, REVIEWER, "").sync()
            before = compute_report(cache, ReportOptions())
            with cache.read_session() as session:
                matched = (
                    session.connection()
                    .exec_driver_sql(
                        "SELECT a.id, p.slug FROM applications AS a "
                        "JOIN positions AS p ON p.id = a.position_id ORDER BY a.id LIMIT 1"
                    )
                    .one()
                )
            app_id, slug = matched
            review = ReviewService(cache, REVIEWER)
            review.save_note(app_id, NoteKind.TRIAGE, "Strong candidate.")
            review.set_decision(app_id, Stage.ACCEPTED)
            keys = sorted(review_keys(cache, app_id))
            for key in keys:
                review.set_check(app_id, key, CheckResult.MET)
            Syncer(cache, db, REVIEWER, "").sync()
            reviewed = compute_report(cache, ReportOptions())
            assert reviewed.stage_totals[Stage.ACCEPTED] == before.stage_totals[Stage.ACCEPTED] + 1
            assert [(r.name, r.checks, r.applications, r.notes) for r in reviewed.reviewers] == [
                (REVIEWER, len(keys), 1, 1)
            ]

            erase_application(db, app_id)
            Syncer(cache, db, REVIEWER, "").sync()
            after = compute_report(cache, ReportOptions())
    finally:
        db.dispose()
    assert after.total == before.total - 1
    assert after.stage_totals[Stage.ACCEPTED] == before.stage_totals[Stage.ACCEPTED]
    assert after.reviewers == ()
    assert after.funnel[1].count == before.funnel[1].count  # its review went with it
    assert not [c for c in after.checks if c.position.slug == slug]
    assert app_id not in {w.id for w in after.waiting}


def review_keys(cache: LocalCache, application_id: str) -> set[str]:
    """The check keys of the application's position version."""
    query = ApplicantQuery(cache, REVIEWER)
    detail = query.detail(application_id)
    assert detail.position is not None
    return set(query.check_keys(detail.position.id))
