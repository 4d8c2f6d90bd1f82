"""A local cache with known dates, stages and reviewers, for the report's hand-computed figures.

Every time is noon UTC, so days between two of them are whole. The report is made at
NOW (31 March 2026, noon). Positions: backend v1 (2 checks) and v2 ("Backend Engineer",
3 checks), ux (1 check), translator (no checks). Applications:

====  ==========  ===========  =====================  ===================================
app   position    submitted    stage (decided)        reviews
====  ==========  ===========  =====================  ===================================
A1    backend v1  Mon 2 Mar    accepted (12 Mar)      Ana: python met, git met (3 Mar);
                                                      history screening 4, interview 8,
                                                      accepted 12 Mar
A2    backend v1  3 Mar        declined (23 Mar)      Bo: python not met (5 Mar), git
                                                      cleared (4 Mar: no review)
A3    backend v2  Mon 9 Mar    none (new)             Ana: note 13 Mar, python and git
                                                      met 14 Mar (2 of 3); Bo: a deleted
                                                      note 10 Mar (no review)
A4    backend v2  10 Mar       none                   none: waits 21 days
A5    ux          Mon 16 Mar   screening (24 Mar)     Ana: figma unsure (25 Mar)
A6    ux          Fri 20 Mar   none                   none: waits 11 days
A7    unmatched   5 Mar        none                   none: waits 26 days
A8    unmatched   undated      withdrawn (20 Mar)     the decision only
A9    translator  Fri 20 Feb   interview (1 Mar)      Bo: note 22 Feb; history interview
A10   translator  Wed 25 Mar   new, decided (26 Mar)  none (a decision "new" is none)
====  ==========  ===========  =====================  ===================================
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CachedApplication,
    CachedDecision,
    CachedDecisionHistory,
    CachedNote,
    CachedPosition,
    CachedRequirementCheck,
    SyncStateRow,
)
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage

ANA = "Ana Souza"
BO = "Bo Lindqvist"
NOW = datetime(2026, 3, 31, 12, tzinfo=UTC)
LAST_SYNC = datetime(2026, 3, 30, 8, tzinfo=UTC)

BACKEND_V1 = (
    '---\ntitle: "Backend Developer"\n---\n\n## Requirements\n\n'
    "- Python experience\n- Git and GitHub\n"
)
BACKEND_V2 = (
    '---\ntitle: "Backend Engineer"\n---\n\n## Requirements\n\n'
    "- Python experience\n- Git and GitHub\n- SQL\n"
)
UX = '---\ntitle: "UX Designer"\n---\n\n## Requirements\n\n- Figma\n'
TRANSLATOR = '---\ntitle: "Translator"\n---\n\nTranslate our pages.\n'
PYTHON, GIT, FIGMA = "skill-python", "skill-git-github", "skill-figma"


def at(month: int, day: int) -> datetime:
    """Noon UTC of a day of 2026."""
    return datetime(2026, month, day, 12, tzinfo=UTC)


def fill_report_cache(cache: LocalCache) -> None:
    """Stores the positions, applications and reviews of the module's table."""
    with cache.session() as session:
        for number, (slug, version, title, source) in enumerate(
            [
                ("backend", 1, "Backend Developer", BACKEND_V1),
                ("backend", 2, "Backend Engineer", BACKEND_V2),
                ("ux", 1, "UX Designer", UX),
                ("translator", 1, "Translator", TRANSLATOR),
            ],
            start=1,
        ):
            session.add(
                CachedPosition(
                    id=number, slug=slug, version=version, title=title, source=source,
                    content_hash=f"h{number}", revision=number,
                )
            )  # fmt: skip
        session.flush()
        for name, position, submitted in [
            ("A1", 1, at(3, 2)),
            ("A2", 1, at(3, 3)),
            ("A3", 2, at(3, 9)),
            ("A4", 2, at(3, 10)),
            ("A5", 3, at(3, 16)),
            ("A6", 3, at(3, 20)),
            ("A7", None, at(3, 5)),
            ("A8", None, None),
            ("A9", 4, at(2, 20)),
            ("A10", 4, at(3, 25)),
        ]:
            session.add(
                CachedApplication(
                    id=name, response_id=f"r-{name}", submitted_at=submitted,
                    name=f"Person {name}", email=f"{name.lower()}@example.org",
                    position_typed="typed", position_id=position, content_hash=name,
                    revision=10,
                )
            )  # fmt: skip
        session.flush()
        for app, stage, reason, by, when in [
            ("A1", Stage.ACCEPTED, None, ANA, at(3, 12)),
            ("A2", Stage.DECLINED, "No Python", BO, at(3, 23)),
            ("A5", Stage.SCREENING, None, ANA, at(3, 24)),
            ("A8", Stage.WITHDRAWN, None, BO, at(3, 20)),
            ("A9", Stage.INTERVIEW, None, BO, at(3, 1)),
            ("A10", Stage.NEW, None, ANA, at(3, 26)),
        ]:
            session.add(
                CachedDecision(
                    application_id=app, stage=stage, reason=reason, decided_by_name=by,
                    decided_at=when, revision=20,
                )
            )  # fmt: skip
        for number, (app, stage, when) in enumerate(
            [
                ("A1", Stage.SCREENING, at(3, 4)),
                ("A1", Stage.INTERVIEW, at(3, 8)),
                ("A1", Stage.ACCEPTED, at(3, 12)),
                ("A2", Stage.DECLINED, at(3, 23)),
                ("A5", Stage.SCREENING, at(3, 24)),
                ("A9", Stage.INTERVIEW, at(3, 1)),
            ],
            start=1,
        ):
            session.add(
                CachedDecisionHistory(
                    id=number, application_id=app, stage=stage,
                    reason="No Python" if stage == Stage.DECLINED else None,
                    decided_at=when, revision=30 + number,
                )
            )  # fmt: skip
        for app, key, reviewer, result, when in [
            ("A1", PYTHON, ANA, CheckResult.MET, at(3, 3)),
            ("A1", GIT, ANA, CheckResult.MET, at(3, 3)),
            ("A2", PYTHON, BO, CheckResult.NOT_MET, at(3, 5)),
            ("A2", GIT, BO, None, at(3, 4)),
            ("A3", PYTHON, ANA, CheckResult.MET, at(3, 14)),
            ("A3", GIT, ANA, CheckResult.MET, at(3, 14)),
            ("A5", FIGMA, ANA, CheckResult.UNSURE, at(3, 25)),
        ]:
            session.add(
                CachedRequirementCheck(
                    application_id=app, check_key=key, reviewer_name=reviewer,
                    result=result, updated_at=when, revision=40,
                )
            )  # fmt: skip
        for app, author, when, deleted in [
            ("A3", ANA, at(3, 13), None),
            ("A3", BO, at(3, 10), at(3, 11)),
            ("A9", BO, at(2, 22), None),
        ]:
            session.add(
                CachedNote(
                    application_id=app, author_name=author, kind=NoteKind.TRIAGE,
                    body="" if deleted else "Seen.", created_at=when, deleted_at=deleted,
                    revision=50,
                )
            )  # fmt: skip
        session.execute(
            update(SyncStateRow)
            .where(SyncStateRow.id == SYNC_STATE_ID)
            .values(last_sync_at=LAST_SYNC)
        )
