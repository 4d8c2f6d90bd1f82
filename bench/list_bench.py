"""Benchmark of the applicant list: ``uv run python bench/list_bench.py [--count N] [--assign]``.

Fills a temporary local cache like ``bench/bench_export.py`` does (100,000 applications,
half of them checked by two of four reviewers, 80 % decided), adds duplicates and
conflicts, then times what the window asks for: :meth:`ApplicantQuery.ids` for each
filter (:meth:`ApplicantSearch.ids` for a search, done in memory),
:meth:`ApplicantQuery.rows` for one block of 200 rows and :meth:`ApplicantQuery.counts`
(:meth:`ApplicantSearch.counts` within a search), best of 5 each, after one warm-up call
(which reads the search texts).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_export import REVIEWERS, fill_cache  # type: ignore[import-not-found]
from sqlalchemy import insert, select, update

from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery, SortKey
from reviewer_app.applicants.search import ApplicantSearch
from reviewer_app.cache.models import CachedApplication, CachedAssignment, Conflict
from reviewer_app.cache.store import LocalCache

BLOCK = 200
RUNS = 5


def add_duplicates_and_conflicts(cache: LocalCache, seed: int = 0) -> None:
    """Marks ~2 % of the applications as duplicates and gives ~0.5 % a conflict."""
    rng = random.Random(seed)
    with cache.session() as session:
        ids = list(session.scalars(select(CachedApplication.id)))
        pairs = [(a, b) for a, b in zip(ids[::2], ids[1::2], strict=False) if rng.random() < 0.04]
        for duplicate, original in pairs:
            session.execute(
                update(CachedApplication)
                .where(CachedApplication.id == duplicate)
                .values(duplicate_of=original)
            )
        conflicted = rng.sample(ids, len(ids) // 200)
        if conflicted:
            session.execute(
                insert(Conflict),
                [
                    {"application_id": i, "entity": "decision", "theirs": {}, "mine": {}}
                    for i in conflicted
                ],
            )


def add_assignments(cache: LocalCache, seed: int = 0) -> None:
    """Assigns ~30 % of the applications to the first reviewer, ~40 % to the others."""
    rng = random.Random(seed)
    with cache.session() as session:
        ids = list(session.scalars(select(CachedApplication.id)))
        rows = []
        for application_id in ids:
            draw = rng.random()
            if draw < 0.3:
                names = [REVIEWERS[0]]
            elif draw < 0.7:
                names = [rng.choice(REVIEWERS[1:])]
            else:
                continue
            rows += [{"application_id": application_id, "reviewer_name": n} for n in names]
        session.execute(insert(CachedAssignment), rows)


def best_ms(call: Callable[[], object]) -> tuple[float, object]:
    """Returns the best time of :data:`RUNS` calls in milliseconds, and the last result."""
    call()
    timings = []
    result: object = None
    for _ in range(RUNS):
        began = time.perf_counter()
        result = call()
        timings.append(time.perf_counter() - began)
    return min(timings) * 1000, result


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark and prints its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000, help="applications (100000)")
    parser.add_argument(
        "--assign",
        action="store_true",
        help="assign ~30 %% of the applications to the reviewer, ~40 %% to others",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, LocalCache.open(Path(tmp) / "data") as cache:
        began = time.perf_counter()
        fill_cache(cache, args.count)
        add_duplicates_and_conflicts(cache)
        if args.assign:
            add_assignments(cache)
        print(f"filled {args.count} applications in {time.perf_counter() - began:.1f} s")
        query = ApplicantQuery(cache, REVIEWERS[0])
        search = ApplicantSearch(query)
        cases = {
            "ids: all, newest first": (ApplicantFilter(), SortKey.SUBMITTED),
            "ids: all, by name": (ApplicantFilter(), SortKey.NAME),
            "ids: all, by stage": (ApplicantFilter(), SortKey.STAGE),
            "ids: one position": (ApplicantFilter(position="backend-developer"), SortKey.SUBMITTED),
            "ids: stage declined": (ApplicantFilter(stage="declined"), SortKey.SUBMITTED),  # type: ignore[arg-type]
            "ids: needs my review": (ApplicantFilter(needs_my_review=True), SortKey.SUBMITTED),
            "ids: unmatched": (ApplicantFilter(unmatched=True), SortKey.SUBMITTED),
            "ids: duplicates": (ApplicantFilter(duplicates=True), SortKey.SUBMITTED),
            "ids: conflicts": (ApplicantFilter(conflicts=True), SortKey.SUBMITTED),
            "ids: assigned to me": (ApplicantFilter(assigned_to_me=True), SortKey.SUBMITTED),
            "ids: unassigned": (ApplicantFilter(unassigned=True), SortKey.SUBMITTED),
            "ids: search 'applicant 4242'": (
                ApplicantFilter(search="applicant 4242"),
                SortKey.NAME,
            ),
            "ids: search answers 'help. to'": (ApplicantFilter(search="help. to"), SortKey.NAME),
            "ids: search 'zzz' (no match)": (ApplicantFilter(search="zzz"), SortKey.SUBMITTED),
            "ids: search 'Café' (non-ASCII)": (ApplicantFilter(search="Café"), SortKey.SUBMITTED),
        }
        print(f"{'what':44} {'ms':>8} {'rows':>8}")
        for label, (applicant_filter, sort) in cases.items():
            lister = search if applicant_filter.search else query
            ms, ids = best_ms(lambda f=applicant_filter, s=sort, q=lister: q.ids(f, s))  # type: ignore[misc]
            print(f"{label:44} {ms:8.1f} {len(ids):8}")  # type: ignore[arg-type]
        all_ids = query.ids()
        middle = len(all_ids) // 2
        ms, _ = best_ms(lambda: query.rows(all_ids[middle : middle + BLOCK]))
        print(f"{f'rows: one block of {BLOCK}':44} {ms:8.1f} {BLOCK:8}")
        ms, counts = best_ms(query.counts)
        print(f"{'counts: all toggles':44} {ms:8.1f} {'':>8}  {counts}")
        ms, _ = best_ms(lambda: search.counts(ApplicantFilter(search="applicant 12")))
        print(f"{'counts: within a search':44} {ms:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
