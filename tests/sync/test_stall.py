"""A sync over a connection that goes silent fails in bounded time, losing nothing.

Through a local proxy (:mod:`tests.sync.stall_proxy`) that stops forwarding mid-pull or
mid-push while keeping the sockets open: no TCP error or keepalive ever fires, as with a
stalled VPN. The stall timeout is a couple of seconds here (60 s by default).
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from reviewer_app.cache import LocalCache
from reviewer_app.cli import main
from reviewer_app.config.settings import Settings
from reviewer_app.domain.vocabulary import NoteKind
from reviewer_app.review.actions import ReviewService
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.sync import Syncer, SyncStalled
from tests.conftest import PG_URL
from tests.sync.stall_proxy import StallingProxy
from tests.sync_support import add_applications, cache_rows, server_count, server_rows

STALL_S = 2.0
# What failing may take beyond the stall timeout: the watchdog's poll, the error's way out.
SLACK_S = 1.5


@pytest.fixture
def direct(pg_url: str) -> Iterator[SharedDatabase]:
    """The shared database, reached directly (for setting up and checking)."""
    database = SharedDatabase(pg_url)
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def proxy() -> Iterator[StallingProxy]:
    """A proxy to the test PostgreSQL server, closed after the test."""
    target = make_url(PG_URL)
    with StallingProxy((target.host or "127.0.0.1", target.port or 5432)) as running:
        yield running


@pytest.fixture
def proxied(proxy: StallingProxy, pg_url: str) -> Iterator[SharedDatabase]:
    """The same shared database, through the proxy."""
    database = SharedDatabase(proxy.url(pg_url))
    yield database
    database.dispose()


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    """Rae's local cache."""
    opened = LocalCache.open(tmp_path / "rae")
    yield opened
    opened.close()


def _stall_at(proxy: StallingProxy, phase: str, call: int, when: list[float]) -> object:
    seen = 0

    def progress(reported: str, _done: int, _total: int) -> None:
        nonlocal seen
        if reported == phase:
            seen += 1
            if seen == call:
                when.append(time.monotonic())
                proxy.stall()

    return progress


def test_a_connection_that_stalls_mid_pull_fails_the_sync_in_bounded_time(
    direct: SharedDatabase,
    proxied: SharedDatabase,
    proxy: StallingProxy,
    cache: LocalCache,
) -> None:
    apps = add_applications(direct, 10)
    Syncer(cache, direct, "Rae").sync()
    review = ReviewService(cache, "Rae")
    for i in range(5):
        review.save_note(apps[i], NoteKind.TRIAGE, f"note {i}")
    add_applications(direct, 60)

    stalled_at: list[float] = []
    syncer = Syncer(
        cache,
        proxied,
        "Rae",
        page_size=10,
        stall_timeout_s=STALL_S,
        progress=_stall_at(proxy, "pull", 1, stalled_at),  # type: ignore[arg-type]
    )
    with pytest.raises(SyncStalled, match="the connection stalled") as excinfo:
        syncer.sync()
    waited = time.monotonic() - stalled_at[0]
    assert STALL_S <= waited < STALL_S + SLACK_S, f"failed {waited:.2f} s after the stall"
    assert "kept" in str(excinfo.value) and "127.0.0.1" in str(excinfo.value)
    # Nothing lost: the notes were pushed before the pull, one page was applied.
    assert cache.pending_operations() == 0
    assert server_count(direct, models.Note) == 5
    state = cache.sync_state()
    assert state.last_error is not None and "stalled" in state.last_error

    # Through a working connection (the same proxy, forwarding again) the next sync
    # completes, from where the stalled one stopped.
    proxy.resume()
    result = Syncer(cache, proxied, "Rae", stall_timeout_s=STALL_S).sync()
    assert 0 < result.pulled < 60
    assert cache_rows(cache) == server_rows(direct)
    assert cache.sync_state().last_error is None


def test_a_connection_that_stalls_mid_push_loses_and_doubles_nothing(
    direct: SharedDatabase,
    proxied: SharedDatabase,
    proxy: StallingProxy,
    cache: LocalCache,
) -> None:
    apps = add_applications(direct, 10)
    Syncer(cache, direct, "Rae").sync()
    review = ReviewService(cache, "Rae")
    for i in range(30):
        review.save_note(apps[i % 10], NoteKind.TRIAGE, f"note {i}")

    stalled_at: list[float] = []
    syncer = Syncer(
        cache,
        proxied,
        "Rae",
        push_batch_size=5,
        stall_timeout_s=STALL_S,
        progress=_stall_at(proxy, "push", 2, stalled_at),  # type: ignore[arg-type]
    )
    with pytest.raises(SyncStalled):
        syncer.sync()
    waited = time.monotonic() - stalled_at[0]
    assert STALL_S <= waited < STALL_S + SLACK_S, f"failed {waited:.2f} s after the stall"
    assert cache.pending_operations() == 20

    proxy.resume()
    result = Syncer(cache, proxied, "Rae", stall_timeout_s=STALL_S).sync()
    assert (result.pushed, cache.pending_operations()) == (20, 0)
    assert server_count(direct, models.Note) == 30
    assert server_count(direct, models.AppliedOperation) == 30
    assert cache_rows(cache) == server_rows(direct)


def test_the_command_line_sync_gives_up_on_a_stalled_connection(
    direct: SharedDatabase,
    pg_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_applications(direct, 300)
    data_dir = tmp_path / "cli"
    data_dir.mkdir()
    Settings(reviewer_name="Rae").save(data_dir)
    target = make_url(PG_URL)
    # The stall timeout from the environment; the proxy stalls by itself mid-pull.
    monkeypatch.setenv("REVIEWER_SYNC_STALL_TIMEOUT", str(STALL_S))
    with StallingProxy(
        (target.host or "127.0.0.1", target.port or 5432), stall_after_bytes=40_000
    ) as proxy:
        args = ["sync", "--shared", proxy.url(pg_url), "--data-dir", str(data_dir)]
        started = time.monotonic()
        assert main(args, io.StringIO()) == 1
        took = time.monotonic() - started
        assert proxy.stalled.is_set()
    err = capsys.readouterr().err
    assert "the connection stalled" in err and f"for {STALL_S:g} s" in err
    assert took < STALL_S + 5, f"the stalled sync took {took:.2f} s"

    # A later sync, directly: complete, nothing missing.
    args = ["sync", "--shared", pg_url, "--data-dir", str(data_dir), "--stall-timeout", "5"]
    assert main(args, io.StringIO()) == 0
    with LocalCache.open(data_dir) as cache:
        assert cache_rows(cache) == server_rows(direct)
