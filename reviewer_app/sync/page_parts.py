"""A pull page applied in parts, its transaction cut short when the window writes.

A page of 10,000 applications takes a write transaction of a tenth of a second or more,
and the window's own writes (a check recorded by a key press) wait for it: the press
feels ignored. So the window's sync applies a page in parts of a hundred rows, and
commits after a part as soon as another thread of the app waits to write
(:class:`~reviewer_app.cache.write_gate.WriteGate`), which then goes next: the press
waits for one part and a commit of at most twenty parts (a sync nobody interrupts
commits every twenty parts). The
cache's cursor moves only with the last part. A sync killed between transactions has
stored some rows above the cursor; the next sync pulls them again and stores them over
themselves, as the upserts of :mod:`~reviewer_app.sync.pull` do for any row.

The parts keep the order a whole page is applied in: erasures, reviewers and positions
(with the rows read ahead) first, then the applications, then each child table. So a
check is never applied before its application is in the cache (which would count it as
an anomaly), and each part reads the pending local changes afresh: a change made in the
window between two parts is kept, as in a whole page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress

from reviewer_app.cache import LocalCache
from reviewer_app.cache.errors import CacheError
from reviewer_app.sync import pull
from reviewer_app.sync.page import Page
from reviewer_app.sync.rows import MIRRORED, SHAPES, Row

_FIRST = ("tombstones", "reviewers", "positions")
# A commit writes what its transaction changed: a press that arrived after 10,000 rows
# waited 40-60 ms for that commit alone. Committed every this many parts, the wait is
# a few milliseconds; a page of 10,000 applications takes ten commits instead of one.
PARTS_PER_TRANSACTION = 20


def _parts(page: Page, rows_per_part: int) -> Iterator[Page]:
    """The page as parts of at most ``rows_per_part`` rows; the cursor moves in none."""
    first = {name: page.rows[name] for name in _FIRST if name in page.rows}
    if first or page.ahead:
        yield Page(rows=first, ahead=page.ahead)
    for name in MIRRORED:
        if name in _FIRST:
            continue
        rows = page.rows.get(name, [])
        for start in range(0, len(rows), rows_per_part):
            yield Page(rows={name: rows[start : start + rows_per_part]})


def _last_part(page: Page) -> Page:
    """The page's row at its upper revision alone, with the cursor's move."""
    for name, rows in page.rows.items():
        at = SHAPES[name].at("revision")
        witness: list[Row] = [row for row in rows if row[at] == page.upper][:1]
        if witness:
            return Page(rows={name: witness}, upper=page.upper)
    return Page(upper=page.upper)


def apply_in_parts(
    cache: LocalCache, page: Page, reviewer_name: str, rows_per_part: int | None
) -> tuple[int, int]:
    """Applies ``page`` as :func:`pull.apply_page` does, in one or several transactions.

    Args:
        rows_per_part: Rows per part; a transaction ends after a part when another
            thread of the app waits to write. None: the whole page in one transaction.

    Returns:
        How many rows were pulled (tombstones excepted) and applications deleted.
    """
    deleted = 0
    try:
        if rows_per_part is None or len(page) <= rows_per_part:
            with cache.session() as session:
                applied = pull.apply_page(session, page, reviewer_name)
            deleted = applied[1]
        else:
            parts = [*_parts(page, rows_per_part), _last_part(page)]
            done = 0
            while done < len(parts):
                with cache.session() as session:
                    for count, part in enumerate(parts[done:], start=1):
                        deleted += pull.apply_page(session, part, reviewer_name)[1]
                        page.anomalies += part.anomalies
                        done += 1
                        if cache.writers_waiting or count == PARTS_PER_TRANSACTION:
                            break  # committed now: that write goes next (cache.write_gate)
            applied = (len(page) - len(page.rows.get("tombstones", [])), deleted)
    except BaseException:
        # Parts already committed may have erased applicants: scrubbed all the same.
        if deleted:
            with suppress(CacheError):  # the first error is the one to tell
                cache.scrub()
        raise
    if deleted:
        cache.scrub()  # nothing of an erased applicant stays in the cache's files
    # No automatic checkpoints meanwhile: one a page, unlocked; the last page's is the
    # load's end's, which flushes it while the indexes are built (bulk_load).
    if cache.bulk_loading and not page.complete:
        cache.checkpoint_passive()
    return applied
