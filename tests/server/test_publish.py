"""Tests of publishing position descriptions to the shared database."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from reviewer_app.errors import UserError
from reviewer_app.positions.parsing import Position, parse_position
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.publish import Published, latest_positions, publish_positions


def _position(slug: str, title: str, body: str = "Help us out.") -> Position:
    text = f'---\ntitle: "{title}"\ncrumb: {title}\n---\n\n## Position Description\n\n{body}\n'
    return parse_position(text, slug)


def _broken(slug: str) -> Position:
    position = parse_position("", slug)
    assert position.has_errors
    return position


def _versions(db: SharedDatabase, slug: str) -> list[tuple[int, str]]:
    with db.session() as session:
        rows = session.execute(
            select(models.Position.version, models.Position.title)
            .where(models.Position.slug == slug)
            .order_by(models.Position.version)
        )
        return [(version, title) for version, title in rows]


def test_new_positions_are_published_as_version_1(db: SharedDatabase) -> None:
    report = publish_positions(db, [_position("cook", "Cook"), _position("baker", "Baker")])
    assert report.new == [Published("baker", 1), Published("cook", 1)]
    assert (report.updated, report.unchanged, report.refused) == ([], [], [])
    with db.session() as session:
        row = session.scalars(select(models.Position).where(models.Position.slug == "cook")).one()
    assert (row.title, row.crumb) == ("Cook", "Cook")
    assert row.content_hash == _position("cook", "Cook").content_hash
    assert "Help us out." in row.source
    assert row.revision >= 1


def test_unchanged_position_is_not_published_again(db: SharedDatabase) -> None:
    publish_positions(db, [_position("cook", "Cook")])
    report = publish_positions(db, [_position("cook", "Cook")])
    assert report.unchanged == ["cook"]
    assert report.new == report.updated == []
    assert _versions(db, "cook") == [(1, "Cook")]


def test_changed_position_gets_the_next_version_and_keeps_the_old(db: SharedDatabase) -> None:
    publish_positions(db, [_position("cook", "Cook")])
    with db.session() as session:
        first_id = session.scalars(select(models.Position.id)).one()
        session.add(models.Application(response_id="r1", content_hash="h", position_id=first_id))

    publish_positions(db, [_position("cook", "Head Cook")])
    report = publish_positions(db, [_position("cook", "Chef", body="Now with knives.")])

    assert report.updated == [Published("cook", 3)]
    assert _versions(db, "cook") == [(1, "Cook"), (2, "Head Cook"), (3, "Chef")]
    with db.session() as session:
        # The applicant still points at the text they applied to.
        application = session.scalars(select(models.Application)).one()
        assert application.position_id == first_id
        assert [(p.slug, p.version) for p in latest_positions(session)] == [("cook", 3)]


def test_position_with_errors_is_refused_and_nothing_of_it_written(db: SharedDatabase) -> None:
    report = publish_positions(db, [_broken("empty"), _position("cook", "Cook")])
    assert [r.slug for r in report.refused] == ["empty"]
    assert "file is empty" in report.refused[0].reason
    assert report.new == [Published("cook", 1)]
    assert _versions(db, "empty") == []
    assert "empty.md refused: file is empty" in report.summary()
    assert report.summary().endswith("then publish again.")


def test_summary_counts_every_outcome(db: SharedDatabase) -> None:
    publish_positions(db, [_position("cook", "Cook"), _position("baker", "Baker")])
    report = publish_positions(
        db,
        [
            _position("cook", "Cook"),
            _position("baker", "Master Baker"),
            _position("driver", "Driver"),
            _broken("empty"),
        ],
    )
    assert report.summary().splitlines()[0] == "1 new, 1 updated, 1 unchanged, 1 refused"


def test_latest_positions_lists_one_row_per_slug(db: SharedDatabase) -> None:
    publish_positions(db, [_position("cook", "Cook"), _position("baker", "Baker")])
    publish_positions(db, [_position("cook", "Head Cook")])
    with db.session() as session:
        latest = [(p.slug, p.version, p.title) for p in latest_positions(session)]
    assert latest == [("baker", 1, "Baker"), ("cook", 2, "Head Cook")]


def test_two_positions_with_one_slug_are_a_user_error(db: SharedDatabase) -> None:
    with pytest.raises(UserError, match="'cook'"):
        publish_positions(db, [_position("cook", "Cook"), _position("cook", "Chef")])
    assert _versions(db, "cook") == []
