"""Tests of reviewer_app/export: every column of the decisions CSV is formula-safe.

The rule itself is tested in tests/storage/test_spreadsheet_cells.py; here, that the
export applies it to each cell, whichever way the cell is read from the cache.
"""

# Look-alike and invisible characters are the point of these tests.
# ruff: noqa: RUF001

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CachedApplication,
    CachedDecision,
    CachedPosition,
    CachedRequirementCheck,
    SyncStateRow,
)
from reviewer_app.domain.vocabulary import CheckResult, Stage
from reviewer_app.export.decisions import ExportOptions, export_decisions

CASES = [
    ' =HYPERLINK("x")',
    "\u200b=1+1",
    "\ufeff=1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "\u00a0\u202e-1",
]


@pytest.fixture
def cache(data_dir: Path) -> Iterator[LocalCache]:
    """A new local cache with one position, "Backend Developer" (check: python)."""
    opened = LocalCache.open(data_dir)
    try:
        add_position(opened, 1, "backend-developer", "Backend Developer", "Python")
        with opened.session() as session:
            session.get_one(SyncStateRow, SYNC_STATE_ID).last_sync_at = datetime(
                2024, 7, 1, tzinfo=UTC
            )
        yield opened
    finally:
        opened.close()


def add_position(cache: LocalCache, position_id: int, slug: str, title: str, label: str) -> None:
    # JSON strings are YAML strings, with every odd character escaped.
    source = (
        f"---\ntitle: {json.dumps(title)}\nchecks:\n  - key: python\n    label: "
        f"{json.dumps(label)}\n---\n\nHi.\n"
    )
    with cache.session() as session:
        session.add(
            CachedPosition(
                id=position_id,
                slug=slug,
                version=1,
                title=title,
                source=source,
                content_hash=f"hash-{position_id}",
                revision=position_id,
            )
        )


def add_application(
    cache: LocalCache,
    app_id: str,
    *,
    position_id: int | None = 1,
    name: str = "Zoë Ångström",
    email: str = "zoe@example.org",
    typed: str = "Backend Developer",
    decided_by: str | None = None,
    reason: str | None = None,
) -> None:
    with cache.session() as session:
        session.add(
            CachedApplication(
                id=app_id,
                response_id=f"resp-{app_id}",
                submitted_at=datetime(2024, 5, 1, 9, len(app_id), tzinfo=UTC),
                name=name,
                email=email,
                position_typed=typed,
                position_id=position_id,
                content_hash=f"hash-{app_id}",
                revision=1,
            )
        )
        if decided_by is not None:
            session.add(
                CachedDecision(
                    application_id=app_id,
                    stage=Stage.SCREENING if reason is None else Stage.DECLINED,
                    reason=reason,
                    decided_by_name=decided_by,
                    decided_at=datetime(2024, 6, 2, tzinfo=UTC),
                )
            )


def add_check(cache: LocalCache, app_id: str, reviewer: str) -> None:
    with cache.session() as session:
        session.add(
            CachedRequirementCheck(
                application_id=app_id,
                check_key="python",
                reviewer_name=reviewer,
                result=CheckResult.MET,
            )
        )


def export(cache: LocalCache, path: Path) -> dict[str, dict[str, str]]:
    """Exports ``cache`` and returns its rows by application id."""
    export_decisions(cache, path, ExportOptions(), force=True)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["Application ID"]: row for row in csv.DictReader(handle)}


def test_a_reviewer_named_like_a_formula_is_text_in_decided_by(
    cache: LocalCache, tmp_path: Path
) -> None:
    reviewer = ' =HYPERLINK("http://x","click")'
    add_application(cache, "a1", decided_by=reviewer)
    assert export(cache, tmp_path / "out.csv")["a1"]["Decided by"] == "'" + reviewer


@pytest.mark.parametrize("value", CASES)
def test_every_column_from_people_is_neutralised(
    cache: LocalCache, tmp_path: Path, value: str
) -> None:
    add_application(cache, "a1", name=value, email=value, decided_by=value, reason=value)
    add_application(cache, "a2", position_id=None, typed=value)
    # A position whose title, and so its check's header, looks like a formula.
    add_position(cache, 2, "odd", value, "Python")
    add_application(cache, "a3", position_id=2)
    add_check(cache, "a3", value)
    rows = export(cache, tmp_path / "out.csv")
    safe = "'" + value
    first = rows["a1"]
    assert [first[c] for c in ("Name", "Email", "Decision reason", "Decided by")] == [safe] * 4
    assert rows["a2"]["Position"] == safe
    assert rows["a3"]["Position"] == safe
    assert rows["a3"][f"'{value}: Python"] == "met"  # the check's column
    # The reviewer's name starts the cell; "=" in a name is escaped, which defuses it.
    results = rows["a3"]["Reviewer results"]
    assert results.startswith("'") or "\\=" in results


@pytest.mark.parametrize("value", CASES)
def test_values_another_program_wrote_are_neutralised(
    cache: LocalCache, tmp_path: Path, value: str
) -> None:
    # The shared database is the cache's source, and other programs may write to it:
    # a check result or a stage this app does not know is text from elsewhere.
    add_application(cache, "a1", decided_by="Bo")
    add_check(cache, "a1", "Ana")
    with cache.session() as session:
        connection = session.connection()
        connection.exec_driver_sql("UPDATE requirement_checks SET result = ?", (value,))
        connection.exec_driver_sql("UPDATE decisions SET stage = ?", (value,))
    row = export(cache, tmp_path / "out.csv")["a1"]
    assert row["Python"] == "'" + value
    assert row["Stage"] == "'" + value


def test_legitimate_text_is_kept_and_a_negative_number_becomes_text(
    cache: LocalCache, tmp_path: Path
) -> None:
    add_application(cache, "a1", name="Zoë Ångström-Łódź", decided_by="Ana-Maria", reason="-5")
    add_application(cache, "a2", name="\u200b-5 hours")
    rows = export(cache, tmp_path / "out.csv")
    assert (rows["a1"]["Name"], rows["a1"]["Decided by"]) == ("Zoë Ångström-Łódź", "Ana-Maria")
    # OWASP's documented trade-off: a leading minus in free text is written as text.
    assert rows["a1"]["Decision reason"] == "'-5"
    assert rows["a2"]["Name"] == "'\u200b-5 hours"
