"""Benchmark of the CSV export: ``uv run python bench/export_bench.py [--count N]``.

Fills a temporary local cache with synthetic applications to the seven shipped positions
(bulk inserts through the cache models), then times ``export_decisions`` (best of 3) and
measures the export's peak Python memory with tracemalloc in a separate, untimed run.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update

from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CachedApplication,
    CachedDecision,
    CachedNote,
    CachedPosition,
    CachedRequirementCheck,
    SyncStateRow,
)
from reviewer_app.cache.store import LocalCache
from reviewer_app.export import ExportOptions, export_decisions
from reviewer_app.paths import positions_dir
from reviewer_app.positions import load_positions
from reviewer_app.shared.models import CheckResult, NoteKind, Stage

REVIEWERS = ("Ana Souza", "Bo Lindqvist", "Chidi Okafor", "Dana Cohen")
STAGES = (
    (Stage.SCREENING, 30),
    (Stage.INTERVIEW, 15),
    (Stage.ACCEPTED, 10),
    (Stage.DECLINED, 15),
    (Stage.WITHDRAWN, 3),
    (Stage.ON_HOLD, 7),
)
CHUNK = 10_000


def fill_cache(cache: LocalCache, count: int, seed: int = 0) -> None:
    """Inserts ``count`` applications with checks, notes and decisions into ``cache``."""
    rng = random.Random(seed)
    positions = load_positions(positions_dir())
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with cache.session() as session:
        session.execute(
            insert(CachedPosition),
            [
                {
                    "id": number,
                    "slug": p.slug,
                    "version": 1,
                    "title": p.title,
                    "source": p.source,
                    "content_hash": p.content_hash,
                    "revision": number,
                }
                for number, p in enumerate(positions, start=1)
            ],
        )
        session.execute(
            update(SyncStateRow)
            .where(SyncStateRow.id == SYNC_STATE_ID)
            .values(last_sync_at=datetime.now(UTC), last_revision=count)
        )
    stages, weights = zip(*STAGES, strict=True)
    for first in range(0, count, CHUNK):
        apps: list[dict[str, Any]] = []
        checks: list[dict[str, Any]] = []
        notes: list[dict[str, Any]] = []
        decisions: list[dict[str, Any]] = []
        for number in range(first, min(first + CHUNK, count)):
            app_id = str(uuid.UUID(int=rng.getrandbits(128)))
            matched = rng.random() < 0.95
            position_number = rng.randrange(len(positions))
            position = positions[position_number]
            apps.append(
                {
                    "id": app_id,
                    "response_id": f"resp-{number}",
                    "submitted_at": start + timedelta(minutes=rng.randrange(525_600)),
                    "name": f"Applicant {number}",
                    "email": f"applicant{number}@example.org",
                    "position_typed": position.title,
                    "position_id": position_number + 1 if matched else None,
                    "answers": [["Why do you want to volunteer?", "To help. " * 20]],
                    "content_hash": f"{number:064x}",
                    "revision": number,
                }
            )
            if matched and rng.random() < 0.5:
                for reviewer in rng.sample(REVIEWERS, 2):
                    for check in position.checks:
                        result = rng.choice(list(CheckResult))
                        checks.append(
                            {
                                "application_id": app_id,
                                "check_key": check.key,
                                "reviewer_name": reviewer,
                                "result": result,
                                "comment": "",
                            }
                        )
            for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                notes.append(
                    {
                        "id": str(uuid.UUID(int=rng.getrandbits(128))),
                        "application_id": app_id,
                        "author_name": rng.choice(REVIEWERS),
                        "kind": NoteKind.TRIAGE,
                        "body": "Looks promising; ask about availability.",
                    }
                )
            if rng.random() < 0.8:
                stage = rng.choices(stages, weights)[0]
                decisions.append(
                    {
                        "application_id": app_id,
                        "stage": stage,
                        "reason": "Not enough experience" if stage is Stage.DECLINED else None,
                        "decided_by_name": rng.choice(REVIEWERS),
                        "decided_at": start + timedelta(days=rng.randrange(400)),
                    }
                )
        with cache.session() as session:
            session.execute(insert(CachedApplication), apps)
            if checks:
                session.execute(insert(CachedRequirementCheck), checks)
            if notes:
                session.execute(insert(CachedNote), notes)
            if decisions:
                session.execute(insert(CachedDecision), decisions)


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark and prints its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000, help="applications (100000)")
    parser.add_argument("--plain", action="store_true", help="plain UTF-8 instead of Excel")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with LocalCache.open(folder / "data") as cache:
            began = time.perf_counter()
            fill_cache(cache, args.count)
            print(f"filled {args.count} applications in {time.perf_counter() - began:.1f} s")
            target = folder / "decisions.csv"
            options = ExportOptions(excel=not args.plain)
            timings = []
            for _ in range(3):
                began = time.perf_counter()
                report = export_decisions(cache, target, options, force=True)
                timings.append(time.perf_counter() - began)
            best = min(timings)
            tracemalloc.start()
            export_decisions(cache, target, options, force=True)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        # ru_maxrss is in KiB on Linux, in bytes on macOS.
        max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        max_rss_mib = max_rss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        size = target.stat().st_size
        print(f"rows:                 {report.rows}")
        print(f"columns:              {len(report.columns)}")
        print(f"seconds (best of 3):  {best:.2f}  (all: {', '.join(f'{t:.2f}' for t in timings)})")
        print(f"rows/s:               {report.rows / best:,.0f}")
        print(f"file size:            {size / 1024 / 1024:.1f} MiB")
        print(f"peak traced memory:   {peak / 1024 / 1024:.1f} MiB (export only, tracemalloc)")
        print(f"max RSS of process:   {max_rss_mib:.0f} MiB (includes filling the cache)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
