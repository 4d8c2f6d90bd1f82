"""One sync: push the outbox, pull what changed, check the counts.

Modelled on Anki's sync: the server orders every change with one counter; local edits
travel as pending operations; deletions travel as tombstones; a count check at the end
falls back to a full download when the cache has drifted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from reviewer_app.cache import CacheError, LocalCache, bulk_load
from reviewer_app.cache.models import SYNC_STATE_ID, OutboxOperation, SyncStateRow
from reviewer_app.domain.changes import Changes
from reviewer_app.errors import UserError
from reviewer_app.review.operations import ASSIGN_POSITION
from reviewer_app.server.database import SharedDatabase, SharedDatabaseUnavailable
from reviewer_app.server.revisions import current_revision
from reviewer_app.sync import history, holdings, journal, pull, push
from reviewer_app.sync.attempts import record_failure, record_success
from reviewer_app.sync.errors import (
    CANCELLED,
    CacheOfOtherDatabase,
    CacheOwnedByOther,
    SyncCancelled,
    SyncUnavailable,
    cache_of_other_database,
    cache_owned_by_other,
    server_error,
)
from reviewer_app.sync.page import Page, ServerCounts
from reviewer_app.sync.page_parts import apply_in_parts
from reviewer_app.sync.rebuild import rebuild_cache
from reviewer_app.sync.results import PullOutcome, SyncResult, anomaly_summary, describe_bug
from reviewer_app.sync.stall import StallGuard, default_stall_timeout

__all__ = [
    "CacheOfOtherDatabase",
    "CacheOwnedByOther",
    "Progress",
    "PullOutcome",
    "SyncResult",
    "SyncUnavailable",
    "Syncer",
]

Progress = Callable[[str, int, int], None]

# Beyond this many applications with pending changes the sanity check is skipped: the
# list of them, once per counted table, would not fit into one statement (SQLite's limit
# is 32766 parameters).
_MAX_EXCLUDED = 5_000
# Rows per pull page, and per page while many rows remain (a first sync): resumable
# after each (about 20 MB of rows each).
PAGE_SIZE = 2_000
BULK_PAGE_SIZE = 10_000
# Deadlock detected, serialization failure: the server rolled back, so try again.
_TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})
_PUSH_ATTEMPTS = 3


def _bulk_or_not(remaining: int | None) -> int:
    return BULK_PAGE_SIZE if (remaining or 0) > BULK_PAGE_SIZE else PAGE_SIZE


class Syncer:
    """Synchronises one reviewer's local cache with the shared database.

    Args:
        cache: The reviewer's local cache.
        shared: The shared database.
        reviewer_name: Whose changes are pushed (their reviewer row is made if missing).
        reviewer_email: Stored on the reviewer row when given.
        progress: Called as ``progress(phase, done, total)`` with phase "push", "pull"
            or "check", after each step is committed.
        page_size: Rows per pull page; by default :data:`PAGE_SIZE`, or
            :data:`BULK_PAGE_SIZE` while more than that remain.
        push_batch_size: Operations per push batch (one server transaction each).
        stall_timeout_s: How long a wait on the shared database may hear nothing before
            the sync fails with :class:`SyncStalled` (see :mod:`~reviewer_app.sync.stall`);
            None: :func:`~reviewer_app.sync.stall.default_stall_timeout`, 0: no limit.

    Attributes:
        rows_per_part: Set, a page is applied in parts of that many rows, committed
            when a write of the app waits (see :mod:`~reviewer_app.sync.page_parts`).
    """

    rows_per_part: int | None = None

    def __init__(
        self,
        cache: LocalCache,
        shared: SharedDatabase,
        reviewer_name: str,
        reviewer_email: str = "",
        progress: Progress | None = None,
        page_size: int | None = None,
        push_batch_size: int = 200,
        stall_timeout_s: float | None = None,
    ) -> None:
        if not reviewer_name.strip():
            raise UserError("Set your reviewer name in the settings before syncing.")
        if (page_size is not None and page_size < 1) or push_batch_size < 1:
            raise ValueError("page_size and push_batch_size must be at least 1")
        self._cache = cache
        self._shared = shared
        self._reviewer = reviewer_name
        self._mine = reviewer_name  # the server's name for our work ("mine" on pull)
        self._email = reviewer_email
        self._progress = progress
        self._page_size = page_size
        self._batch_size = push_batch_size
        self._schema_checked = False
        # The server's counts at the last check (see ServerCounts).
        self._server_counts: ServerCounts | None = None
        timeout = default_stall_timeout() if stall_timeout_s is None else stall_timeout_s
        self._guard = StallGuard(shared, timeout)
        # Operations of this sync the server dropped (their application is gone).
        self._dropped = 0

    def cancel(self) -> None:
        """Stops a running sync (and any later one of this syncer), from any thread.

        The sync fails with :class:`SyncCancelled` as soon as its wait on the server is
        broken; whatever it committed stays, the rest waits for the next sync.
        """
        self._guard.cancel()

    def sync(self) -> SyncResult:
        """Pushes the outbox, then pulls everything changed since the last sync.

        When the server has lost history this cache saw (restored from a backup), the
        changes of this laptop that it no longer has go back into the outbox first, and
        the cache is downloaded afresh after the push.

        Raises:
            SyncUnavailable: The shared database cannot be reached, or the connection
                stalled (:class:`SyncStalled`); the failure is recorded in the cache's
                sync state and nothing else changes.
            UserError: Another problem the user can fix (schema, cache).
        """
        self._claim_cache()
        self._dropped = 0
        try:
            with self._guard:
                self._check_schema()
                lost, recovered = self._check_history()
                pushed, conflicts, changes = self._push()
                with self._cache.read_session() as session:
                    restore = session.get_one(SyncStateRow, SYNC_STATE_ID).rebuild_pending
                outcome = PullOutcome(0, 0, False) if restore else self.pull_into(self._cache)
                rebuilt = outcome.consistent is False
                pulled = outcome.pulled
                changes |= outcome.changes
                if rebuilt:
                    more, refused = self._recover_lost()
                    recovered += more
                    pushed, conflicts = pushed + more, conflicts + refused
                    # Each page's wait on the server is guarded in pull_into; the swap
                    # is local work, which the stall guard must not time.
                    fresh, gone = rebuild_cache(
                        self._cache, lambda cache: self.pull_into(cache, check=False)
                    )
                    self._dropped += gone  # lost with their application
                    # Everything was downloaded again: say so in the counts.
                    pulled += fresh.pulled
                    changes = Changes.all()
                    examples, count = anomaly_summary([*outcome.anomalies, *fresh.anomalies])
                    outcome = replace(outcome, anomalies=examples, anomaly_count=count)
        except Exception as exc:
            # Every failure, not only those the user can fix: the window shows whether
            # the last attempt failed. A broken cache cannot record it.
            if not isinstance(exc, CacheError):
                message = str(exc) if isinstance(exc, UserError) else describe_bug(exc)
                with suppress(CacheError):
                    record_failure(self._cache, message)
            raise
        revision = record_success(self._cache)
        return SyncResult(
            pushed=pushed,
            pulled=pulled,
            deleted=outcome.deleted,
            conflicts=conflicts,
            revision=revision,
            rebuilt=rebuilt,
            changes=changes,
            history_lost=lost,
            recovered=recovered,
            dropped=self._dropped,
            anomalies=outcome.anomalies,
            anomaly_count=outcome.anomaly_count,
            recorded_as=None if self._mine == self._reviewer else self._mine,
        )

    def _check_schema(self) -> None:
        # Once per syncer: a schema cannot go back, and a newer one fails the statements.
        if not self._schema_checked:
            with self._server_errors():
                self._shared.check_schema()
                self._mine = push.recorded_name_in(self._shared, self._reviewer)
            self._schema_checked = True

    def _check_history(self) -> tuple[str | None, int]:
        """Checks the instance and whether the server lost history (see history.py).

        Returns:
            Why history was found lost (None if it was not), and how many of this
            laptop's confirmed changes went back into the outbox.
        """
        with self._cache.read_session() as session:
            seen = history.Seen.read(session)
        with self._snapshot() as connection:
            server = history.inspect(connection, seen)
            empty = history.is_empty(connection)
        if empty:  # no backup to download afresh: a sync would empty the cache
            holdings.refuse_empty_database(self._cache, self._shared.url_for_display)
        if seen.instance is not None and seen.instance != server.instance:
            raise cache_of_other_database(
                self._cache.path, seen.instance, self._shared.url_for_display, server.instance
            )
        with self._cache.session() as session:
            state = session.get_one(SyncStateRow, SYNC_STATE_ID)
            state.shared_instance = server.instance
            if server.lost is not None:
                # Committed before anything is requeued: whatever interrupts this sync,
                # the next one downloads the cache afresh.
                state.rebuild_pending = True
        if server.lost is None and not seen.rebuild_pending:
            return None, 0
        # Revisions are handed out again after a restore: counts at one mean nothing now.
        self._server_counts = None
        with self._snapshot() as connection, self._cache.read_session() as session:
            lost_ops = journal.unknown_to_server(connection, journal.op_ids(session))
        with self._cache.session() as session:
            return server.lost, journal.requeue(session, lost_ops)

    def _recover_lost(self) -> tuple[int, int]:
        """Before a rebuild: sends again the journal's changes the server lost, if any."""
        with self._snapshot() as connection, self._cache.read_session() as session:
            lost_ops = journal.unknown_to_server(connection, journal.op_ids(session))
        if not lost_ops:
            return 0, 0
        with self._cache.session() as session:
            journal.requeue(session, lost_ops)
        pushed, conflicts, _changes = self._push()
        return pushed, conflicts

    def _report(self, phase: str, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress(phase, done, total)

    @contextmanager
    def _server_errors(self) -> Iterator[None]:
        # Only around work on the shared database: an OperationalError of the cache's
        # SQLite is a different matter and must not read "unreachable". Each such wait
        # is watched by the stall guard.
        guard = self._guard
        try:
            if guard.cancelled:
                raise SyncCancelled(CANCELLED)
            with guard.waiting():
                yield
        except (SharedDatabaseUnavailable, OperationalError, InterfaceError) as exc:
            raise server_error(exc, guard, self._shared.url_for_display) from exc

    def _claim_cache(self) -> None:
        with self._cache.session() as session:
            state = session.get_one(SyncStateRow, SYNC_STATE_ID)
            self._device = state.device_id  # sent with each push batch
            if state.reviewer_name is None:
                state.reviewer_name = self._reviewer
            elif state.reviewer_name != self._reviewer:
                raise cache_owned_by_other(self._cache.path, state.reviewer_name, self._reviewer)

    def _push(self) -> tuple[int, int, Changes]:
        with self._cache.read_session() as session:
            last_seq = session.scalar(select(func.max(OutboxOperation.seq)))
            total = session.scalar(select(func.count()).select_from(OutboxOperation)) or 0
        if last_seq is None:
            return 0, 0, Changes()
        pushed = conflicts = after = 0
        changes = Changes()
        while True:
            with self._cache.session() as session:
                batch = push.read_batch(session, last_seq, self._batch_size, after)
            if not batch:
                return pushed, conflicts, changes
            after = batch[-1].seq  # an operation the server could not place stays behind
            with self._server_errors():
                outcomes, revision = self._apply_on_server(batch)
            pushed += sum(outcome.get("status") != push.MISSING for outcome in outcomes)
            self._dropped += sum(outcome.get("status") == push.DROPPED for outcome in outcomes)
            # Before the local delete: a crash here must find the push repeatable.
            self._report("push", pushed, max(total, pushed))
            with self._cache.session() as session:
                journal.record(session, batch, outcomes, revision)
                refused = push.settle_batch(session, batch, outcomes, self._mine)
            conflicts += refused
            # Pushed rows are no longer marked pending; a refused decision is a conflict.
            # A refused decision takes the server's stage back, and a position the
            # server kept may differ from ours: both may move a row out of a filter.
            reassigned = any(op.kind == ASSIGN_POSITION for op in batch)
            changes |= Changes.of(
                (op.application_id for op in batch),
                checks=True,
                notes=True,
                decision=True,
                counts=refused > 0 or reassigned,
                membership=refused > 0 or reassigned,
            )

    def _apply_on_server(
        self, batch: Sequence[push.PendingOperation]
    ) -> tuple[list[dict[str, Any]], int]:
        for attempt in range(1, _PUSH_ATTEMPTS + 1):
            try:
                with self._shared.session() as server:
                    pushed = push.apply_batch(
                        server, self._reviewer, self._email, batch, self._device
                    )
                    self._mine = pushed.recorded_as
                    return pushed.outcomes, current_revision(server)
            except DBAPIError as exc:
                # PostgreSQL may pick this transaction as a deadlock victim (e.g. against
                # an erasure, which locks rows before the counter); it rolled back whole.
                sqlstate = getattr(exc.orig, "sqlstate", None)
                if attempt == _PUSH_ATTEMPTS or sqlstate not in _TRANSIENT_SQLSTATES:
                    raise
        raise AssertionError("unreachable")

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        with self._server_errors(), self._shared.engine.connect() as connection:
            if self._shared.dialect == "postgresql":
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                yield connection

    def pull_into(self, cache: LocalCache, *, check: bool = True) -> PullOutcome:
        """Pulls every row above ``cache``'s last revision, one page per local transaction.

        An empty cache is filled without its plain indexes (see :mod:`.cache.bulk_load`).

        Args:
            cache: The cache to fill (this syncer's, or a fresh one being rebuilt).
            check: Compare row counts with the server's at the end.
        """
        with bulk_load.loading_into(cache, pull.MIRRORED):
            return self._pull_pages(cache, check=check)

    def _pull_pages(self, cache: LocalCache, *, check: bool) -> PullOutcome:
        pulled = deleted = done = 0
        anomalies: list[str] = []
        with cache.read_session() as session:
            cursor = session.get_one(SyncStateRow, SYNC_STATE_ID).last_revision
        changes = Changes.all() if cursor == 0 else Changes()  # all new: no ids listed
        page, excluded = self._read_page(cache, cursor, None, check)
        total = page.remaining or 0
        # The next page is read while this one is written (both let go of the GIL).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull") as reader:
            while True:
                left = total - done - len(page)
                ahead = None if page.complete else reader.submit(
                    self._read_page, cache, page.upper or cursor, left, check
                )  # fmt: skip
                if len(page):
                    rows, gone = apply_in_parts(cache, page, self._mine, self.rows_per_part)
                    if not changes.everything:
                        changes |= pull.page_changes(page)
                    pulled += rows
                    deleted += gone
                    done += len(page)
                    self._report("pull", done, max(total, done))
                anomalies += page.anomalies
                if ahead is None:
                    break
                page, excluded = ahead.result()
        consistent = None
        if page.server_counts is not None:
            self._server_counts = page.server_counts
            consistent = self._counts_match(cache, page.server_counts.counts, excluded)
            self._report("check", 1, 1)
        return PullOutcome(pulled, deleted, consistent, changes, *anomaly_summary(anomalies))

    def _read_page(
        self, cache: LocalCache, cursor: int, remaining: int | None, check: bool
    ) -> tuple[Page, list[str]]:
        """Reads the page above ``cursor``, and the applications left out of the counts."""
        with cache.read_session() as session:
            excluded = pull.pending_applications(session)
        counted = check and len(excluded) <= _MAX_EXCLUDED
        with self._snapshot() as connection:
            page = pull.read_page(
                connection,
                cursor,
                self._page_size or (_bulk_or_not(remaining)),
                count_remaining=remaining is None,
                excluded_applications=excluded if counted else None,
                remembered=self._server_counts,
                name_keys=self.rows_per_part is None,  # the window's sync: part by part
            )
        return page, excluded

    def _counts_match(
        self, cache: LocalCache, server_counts: dict[str, int], excluded: Sequence[str]
    ) -> bool | None:
        with cache.read_session() as session:
            if not set(pull.pending_applications(session)) <= set(excluded):
                # A change made during the pull holds rows the server cannot know yet;
                # the next sync checks again.
                return None
            local = pull.cache_counts(session, excluded)
        return local == server_counts
