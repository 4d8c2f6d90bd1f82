"""Fixtures of the shared-database tests: a migrated database and rows to put in it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase

AddApplication = Callable[..., str]


@pytest.fixture
def add_application(db: SharedDatabase) -> AddApplication:
    """Returns a function that stores an application and returns its id."""
    counter = 0

    def add(**values: object) -> str:
        nonlocal counter
        counter += 1
        fields: dict[str, object] = {
            "response_id": f"response-{counter}",
            "name": f"Applicant {counter}",
            "email": f"applicant{counter}@example.org",
            "answers": [["Why?", "Because"]],
            "content_hash": f"{counter:064x}",
        }
        fields.update(values)
        with db.session() as session:
            application = models.Application(**fields)
            session.add(application)
            session.flush()
            return application.id

    return add


@pytest.fixture
def reviewer_id(db: SharedDatabase) -> int:
    """The id of one stored reviewer."""
    with db.session() as session:
        reviewer = models.Reviewer(name="Rae Viewer", email="rae@example.org")
        session.add(reviewer)
        session.flush()
        return reviewer.id
