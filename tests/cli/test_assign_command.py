"""Tests of ``assign``: all to all, balanced round-robin, and refusals that write nothing."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.cli import build_parser, main
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.sync import Syncer

T0 = datetime(2026, 11, 1, tzinfo=UTC)
TEAM = ("Ana", "Bo", "Cy")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def _fill(db: SharedDatabase, count: int) -> list[str]:
    """A backend position with ``count`` applications a day apart (in a shuffled insert
    order), a translator one with one, and the team; returns backend's in submission order."""
    with db.session() as session:
        session.add_all([models.Reviewer(name=name) for name in (*TEAM, "Gone")])
        backend = models.Position(
            slug="backend", version=1, title="Backend", source="# x", content_hash="b" * 64
        )
        translator = models.Position(
            slug="translator", version=1, title="Translator", source="# x", content_hash="t" * 64
        )
        session.add_all([backend, translator])
        session.flush()
        applications = []
        for number in [*range(1, count, 2), *range(0, count, 2)]:
            applications.append(
                models.Application(
                    response_id=f"r{number}",
                    submitted_at=T0 + timedelta(days=number),
                    name=f"Applicant {number}",
                    position_id=backend.id,
                    content_hash=f"{number}".ljust(64, "0"),
                )
            )
        session.add(
            models.Application(
                response_id="other", position_id=translator.id, content_hash="x" * 64
            )
        )
        session.add_all(applications)
        session.flush()
        gone = session.scalars(select(models.Reviewer).where(models.Reviewer.name == "Gone"))
        gone.one().disabled_at = T0
        applications.sort(key=lambda row: row.submitted_at or T0)
        return [row.id for row in applications]


def _assignments(db: SharedDatabase) -> dict[str, list[str]]:
    """Application ids per reviewer name."""
    found: dict[str, list[str]] = {}
    with db.session() as session:
        query = (
            select(models.Reviewer.name, models.Assignment.application_id)
            .join(models.Reviewer, models.Reviewer.id == models.Assignment.reviewer_id)
            .where(models.Assignment.removed_at.is_(None))
        )
        for name, application in session.execute(query):
            found.setdefault(name, []).append(application)
    return {name: sorted(applications) for name, applications in found.items()}


@pytest.fixture
def shared(db: SharedDatabase, data_dir: Path) -> list[str]:
    return ["--shared", str(db.engine.url.render_as_string(hide_password=False)),
            "--data-dir", str(data_dir)]  # fmt: skip


def test_balance_deals_the_unassigned_round_robin_in_submission_order(
    db: SharedDatabase, shared: list[str]
) -> None:
    ids = _fill(db, 11)
    status, output = run("assign", "--position", "backend", "--to", "Ana", *shared)
    assert status == 0
    assert "11 applications of backend; 11 new assignments." in output

    # Ana's are all taken: a balanced deal among Bo and Cy finds nothing left.
    status, output = run("assign", "--position", "backend", "--to", "Bo,Cy", "--balance", *shared)
    assert status == 0 and "11 already assigned to someone" in output
    with db.session() as session:
        session.execute(models.Assignment.__table__.delete())

    status, output = run(
        "assign", "--position", "backend", "--to", "Ana,Bo,Cy", "--balance", *shared
    )
    assert status == 0, output
    assert "  Ana: 4 assigned\n  Bo: 4 assigned\n  Cy: 3 assigned\n" in output
    dealt = _assignments(db)
    assert dealt == {"Ana": sorted(ids[0::3]), "Bo": sorted(ids[1::3]), "Cy": sorted(ids[2::3])}
    counts = [len(dealt[name]) for name in TEAM]
    assert max(counts) - min(counts) <= 1


def test_without_balance_every_match_goes_to_every_name_and_the_stage_narrows(
    db: SharedDatabase, shared: list[str]
) -> None:
    ids = _fill(db, 4)
    with db.session() as session:
        session.add(models.Decision(application_id=ids[0], stage=Stage.SCREENING))
    status, output = run(
        "assign", "--position", "backend", "--to", "Bo, Cy", "--stage", "new", *shared
    )
    assert status == 0, output
    assert "3 applications of backend at stage new; 6 new assignments." in output
    assert _assignments(db) == {
        "Bo": sorted(ids[1:]),
        "Cy": sorted(ids[1:]),
    }
    status, output = run("assign", "--position", "backend", "--to", "Bo", *shared)
    assert "  Bo: 1 assigned, 3 already" in output


def test_a_name_with_a_comma_is_named_in_quotes_or_by_repeating_the_option(
    db: SharedDatabase, shared: list[str]
) -> None:
    ids = _fill(db, 2)
    with db.session() as session:
        session.add(models.Reviewer(name="Smith, Jane"))
    status, output = run(
        "assign", "--position", "backend", "--to", '"Smith, Jane"', "--to", "Ana", *shared
    )
    assert status == 0, output
    assert "  Smith, Jane: 2 assigned\n  Ana: 2 assigned\n" in output
    status, output = run("assign", "--position", "backend", "--to", 'Bo, "Smith, Jane"', *shared)
    assert status == 0, output
    assert "  Bo: 2 assigned\n  Smith, Jane: 0 assigned, 2 already\n" in output
    assert _assignments(db) == {name: sorted(ids) for name in ("Smith, Jane", "Ana", "Bo")}


@pytest.mark.parametrize(
    ("given", "names"),
    [
        (["Ana,Bo"], ["Ana", "Bo"]),
        (["Bo, Cy", "Ana"], ["Bo", "Cy", "Ana"]),
        (['"Smith, Jane",Bo'], ["Smith, Jane", "Bo"]),
        (['Jo "JJ" Lee'], ['Jo "JJ" Lee']),
    ],
)
def test_to_takes_commas_quotes_and_repetition(given: list[str], names: list[str]) -> None:
    argv = ["assign", "--position", "backend"]
    for value in given:
        argv += ["--to", value]
    assert build_parser().parse_args(argv).to == names


def test_an_unclosed_quote_in_to_is_refused_saying_how_to_quote(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["assign", "--position", "b", "--to", '"Smith, Jane'])
    assert "double quotes" in capsys.readouterr().err


def test_the_help_of_to_says_how_to_name_a_reviewer_with_a_comma(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["assign", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "the option repeated" in help_text
    assert """--to '"Smith, Jane"'""" in help_text


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--position", "backend", "--to", "Ana,Zed"], "'Zed'"),
        (["--position", "backend", "--to", "Gone"], "'Gone'"),
        (["--position", "nothing", "--to", "Ana"], "'nothing'"),
        (["--position", "backend", "--to", "Ana", "--stage", "maybe"], "'maybe'"),
    ],
)
def test_an_unknown_name_slug_or_stage_exits_2_and_writes_nothing(
    db: SharedDatabase,
    shared: list[str],
    options: list[str],
    named: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _fill(db, 3)
    with db.session() as session:
        before = session.scalar(select(func.max(models.SyncCounter.value)))
    status, output = run("assign", *options, *shared)
    assert status == 2 and output == ""
    assert named in capsys.readouterr().err
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Assignment)) == 0
        assert session.scalar(select(func.max(models.SyncCounter.value))) == before


def test_an_unknown_slug_is_refused_naming_the_published_ones(
    db: SharedDatabase, shared: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # It said "positions lists them", and positions shows file names and titles, no slug.
    _fill(db, 1)
    assert run("assign", "--position", "ux", "--to", "Ana", *shared) == (2, "")
    assert "(published: backend, translator)" in capsys.readouterr().err


def test_balanced_assignments_show_as_assigned_to_me_on_each_laptop(
    db: SharedDatabase, shared: list[str], tmp_path: Path
) -> None:
    ids = _fill(db, 6)
    assert run("assign", "--position", "backend", "--to", "Ana,Bo", "--balance", *shared)[0] == 0
    for name, expected in (("Ana", ids[0::2]), ("Bo", ids[1::2])):
        with LocalCache.open(tmp_path / name) as cache:
            Syncer(cache, db, name).sync()
            mine = ApplicantQuery(cache, name).ids(ApplicantFilter(assigned_to_me=True))
            assert sorted(mine) == sorted(expected)
