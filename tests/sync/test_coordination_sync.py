"""Assignments, bulk decisions, contacts and interview times between two laptops.

Each pushes from one laptop, reaches the other with its pull, and leaves both caches
and the server holding the same rows; on SQLite and on real PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedDecision, OutboxOperation
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.state import load_review_state
from reviewer_app.review.undo import UndoHistory
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import erase_application
from reviewer_app.sync import Syncer
from tests.sync_support import OpenCache, add_applications, cache_rows, server_rows


@dataclass
class Team:
    """Rae's and Sam's laptops on one shared database holding some applications."""

    db: SharedDatabase
    rae: LocalCache
    sam: LocalCache
    apps: list[str]

    def sync(self, *caches: LocalCache) -> None:
        for cache in caches or (self.rae, self.sam):
            Syncer(cache, self.db, "Rae" if cache is self.rae else "Sam").sync()

    def agree(self) -> None:
        """Syncs both laptops twice; both and the server hold the same rows."""
        self.sync()
        self.sync()
        assert cache_rows(self.rae) == server_rows(self.db) == cache_rows(self.sam)


@pytest.fixture
def team(db: SharedDatabase, open_cache: OpenCache) -> Team:
    apps = add_applications(db, 60)
    with db.session() as session:
        session.add_all([models.Reviewer(name="Rae"), models.Reviewer(name="Sam")])
    made = Team(db, open_cache("rae"), open_cache("sam"), apps)
    made.sync()
    return made


def _assignees(cache: LocalCache, app: str) -> tuple[str, ...]:
    state = load_review_state(cache, app, "Sam")
    assert state is not None
    return state.assignees


def _pending(cache: LocalCache) -> int:
    with cache.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxOperation)) or 0)


def test_an_assignment_reaches_the_other_laptop_and_so_does_its_removal(team: Team) -> None:
    rae = ReviewService(team.rae, "Rae")
    rae.assign(team.apps[:2], ["Rae", "Sam"])
    team.agree()

    assert _assignees(team.sam, team.apps[0]) == ("Rae", "Sam")
    sam_list = ApplicantQuery(team.sam, "Sam")
    assert set(sam_list.ids(ApplicantFilter(assigned_to_me=True))) == set(team.apps[:2])
    assert sam_list.counts()["assigned_to_me"] == 2
    assert sam_list.counts()["unassigned"] == len(team.apps) - 2
    with team.db.session() as session:
        rows = list(session.scalars(select(models.Assignment)))
        rae_id = session.scalars(select(models.Reviewer.id).where(models.Reviewer.name == "Rae"))
        assert {row.assigned_by for row in rows} == {rae_id.one()}
        assert all(row.revision > 0 for row in rows)

    ReviewService(team.sam, "Sam").assign([team.apps[0]], ["Rae"], remove=True)
    team.agree()
    assert _assignees(team.rae, team.apps[0]) == ("Sam",)
    assert set(ApplicantQuery(team.rae, "Rae").ids(ApplicantFilter(assigned_to_me=True))) == {
        team.apps[1]
    }
    with team.db.session() as session:
        # The removal is an update of the row, which every laptop pulls.
        assert session.scalar(select(func.count()).select_from(models.Assignment)) == 4


def test_undoing_a_pushed_assignment_removes_it_everywhere(team: Team) -> None:
    rae = ReviewService(team.rae, "Rae", UndoHistory())
    rae.assign([team.apps[0]], ["Sam"])
    team.agree()
    rae.undo()
    assert _pending(team.rae) == 1  # the reverse operation, as it was sent
    team.agree()
    assert _assignees(team.sam, team.apps[0]) == ()
    rae.redo()
    team.agree()
    assert _assignees(team.sam, team.apps[0]) == ("Sam",)


def test_a_bulk_decision_pushes_one_operation_per_applicant(team: Team) -> None:
    rae = ReviewService(team.rae, "Rae", UndoHistory())
    ids = team.apps[:50]
    rae.set_decisions(ids, Stage.DECLINED, "Spam")
    assert _pending(team.rae) == 50

    result = Syncer(team.rae, team.db, "Rae").sync()

    assert result.pushed == 50
    team.agree()
    with team.sam.read_session() as session:
        decided = {row.application_id: row.stage for row in session.scalars(select(CachedDecision))}
    assert decided == dict.fromkeys(ids, Stage.DECLINED)
    # Undone after the push: 50 reverse operations, and every applicant is new again.
    rae.undo()
    assert _pending(team.rae) == 50
    team.agree()
    with team.sam.read_session() as session:
        stages = set(session.scalars(select(CachedDecision.stage)))
    assert stages == {Stage.NEW}


def test_contacts_and_interview_times_sync_with_their_author(team: Team) -> None:
    rae = ReviewService(team.rae, "Rae", UndoHistory())
    rae.record_contact(team.apps[:2], "decline-kind", "Your application to Backend")
    starts = datetime(2026, 12, 10, 14, 0, tzinfo=UTC)
    rae.set_interview(team.apps[0], starts, "Europe/Lisbon")
    team.agree()

    state = load_review_state(team.sam, team.apps[0], "Sam")
    assert state is not None
    (contact,) = state.contacts
    assert (contact.reviewer_name, contact.template_slug, contact.pending) == (
        "Rae",
        "decline-kind",
        False,
    )
    assert state.interview is not None
    assert (state.interview.starts_at, state.interview.timezone) == (starts, "Europe/Lisbon")
    assert state.interview.set_by_name == "Rae" and not state.interview.pending
    (row,) = ApplicantQuery(team.sam, "Sam").rows([team.apps[0]]).values()
    assert (row.interview_at, row.interview_timezone) == (starts, "Europe/Lisbon")

    # A contact taken back after its push stays a row, marked removed, on every laptop.
    rae.undo()  # the interview time
    rae.undo()  # the contacts
    team.agree()
    state = load_review_state(team.sam, team.apps[0], "Sam")
    assert state is not None and state.contacts == () and state.interview is None


def test_erasing_an_application_takes_its_coordination_rows_everywhere(team: Team) -> None:
    rae = ReviewService(team.rae, "Rae")
    rae.assign([team.apps[0]], ["Sam"])
    rae.record_contact([team.apps[0]], "acknowledgement", "Thanks")
    rae.set_interview(team.apps[0], datetime(2026, 12, 1, 9, tzinfo=UTC), "UTC")
    team.agree()

    erase_application(team.db, team.apps[0])
    team.agree()

    assert load_review_state(team.sam, team.apps[0], "Sam") is None
    for model in (models.Assignment, models.Contact, models.Interview):
        with team.db.session() as session:
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_a_bulk_decision_conflicts_only_where_someone_else_decided_first(team: Team) -> None:
    ids = team.apps[:3]
    ReviewService(team.sam, "Sam").set_decision(ids[1], Stage.ACCEPTED)
    team.sync(team.sam)
    ReviewService(team.rae, "Rae").set_decisions(ids, Stage.DECLINED, "Spam")

    result = Syncer(team.rae, team.db, "Rae").sync()

    assert (result.pushed, result.conflicts) == (3, 1)
    team.sync(team.sam)
    with team.sam.read_session() as session:
        stages = {row.application_id: row.stage for row in session.scalars(select(CachedDecision))}
    assert stages == {ids[0]: Stage.DECLINED, ids[1]: Stage.ACCEPTED, ids[2]: Stage.DECLINED}
