"""On PostgreSQL the server stamps who assigned, contacted or set an interview time.

Any reviewer may assign anyone (and remove anyone) and set any interview time; only a
contact's author may change it; a login cannot claim another reviewer's name for any
of them.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import ProgrammingError

from reviewer_app.cache import LocalCache
from reviewer_app.review.actions import ReviewService
from reviewer_app.server import models
from reviewer_app.sync import Syncer
from tests.server import test_server_authorship as authorship
from tests.server.test_server_authorship import Team, _run
from tests.sync_support import add_applications, cache_rows, server_rows

# The team of logins and the laptop of the authorship tests, as fixtures here too.
team = authorship.team
laptop = authorship.laptop


def test_assignments_are_stamped_with_the_login_not_the_claimed_name(
    team: Team,
    laptop: LocalCache,
) -> None:
    (app,) = add_applications(team.owner, 1)
    as_bob = team.connect("Bob")
    Syncer(laptop, as_bob, "Alice").sync()
    review = ReviewService(laptop, "Alice")
    review.assign([app], ["Alice", "Bob"])
    review.record_contact([app], "acknowledgement", "Thanks")
    review.set_interview(app, datetime(2026, 12, 9, 10, tzinfo=UTC), "Europe/Berlin")

    result = Syncer(laptop, as_bob, "Alice").sync()

    assert (result.pushed, result.recorded_as) == (4, "Bob")
    Syncer(laptop, as_bob, "Alice").sync()
    assert cache_rows(laptop) == server_rows(team.owner)
    bob = team.reviewer_id("Bob")
    with team.owner.session() as session:
        assignments = list(session.scalars(select(models.Assignment)))
        assert {row.assigned_by for row in assignments} == {bob}
        assert {row.reviewer_id for row in assignments} == {team.reviewer_id("Alice"), bob}
        assert session.scalars(select(models.Contact.reviewer_id)).all() == [bob]
        assert session.scalars(select(models.Interview.set_by)).all() == [bob]


def test_any_reviewer_may_remove_an_assignment_but_not_change_anothers_contact(
    team: Team,
) -> None:
    (app,) = add_applications(team.owner, 1)
    alice, bob = team.reviewer_id("Alice"), team.reviewer_id("Bob")
    as_alice, as_bob = team.connect("Alice"), team.connect("Bob")
    _run(
        as_alice,
        "INSERT INTO assignments (application_id, reviewer_id, assigned_by, assigned_at) "
        "VALUES (:app, :bob, :bob, now())",
        app=app,
        bob=bob,
    )
    _run(
        as_alice,
        "INSERT INTO contacts (id, application_id, reviewer_id, template_slug, subject, "
        "contacted_at) VALUES ('c1', :app, :bob, 'decline', 'x', now())",
        app=app,
        bob=bob,
    )
    with team.owner.session() as session:
        row = session.scalars(select(models.Assignment)).one()
        assert (row.assigned_by, row.revision > 0) == (alice, True)
        assert session.scalars(select(models.Contact.reviewer_id)).one() == alice
    # Bob takes himself off Alice's assignment: allowed, and stamped as his.
    _run(as_bob, "UPDATE assignments SET removed_at = now()")
    with team.owner.session() as session:
        assert session.scalars(select(models.Assignment.assigned_by)).one() == bob
    with pytest.raises(ProgrammingError, match="belongs to another reviewer"):
        _run(as_bob, "UPDATE contacts SET removed_at = now()")
    with pytest.raises(ProgrammingError, match="permission denied"):
        _run(as_bob, "DELETE FROM assignments")
