"""The window's reads of the selected applicant, and of the next one before J asks.

Every pane shows one read of the selection (:func:`read_selection`), on the window's
worker; a read overtaken by the next one is dropped. Once an applicant is shown, the
worker reads the next one in the list (as Anki prepares the next card): J then shows it
without waiting for a read (5 to 7 ms of a J press at 100,000 applications). Anything
that may change what a read gives (a write, a sync, a setting) forgets what was read
ahead; a J that arrives while that read still runs waits for it instead of starting
another.
"""

from __future__ import annotations

from collections.abc import Callable

from reviewer_app.cache import LocalCache
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.review.selection import Selection, read_selection
from reviewer_app.ui.tasks import Task, TaskRunner

Show = Callable[[Selection], None]
Failed = Callable[[BaseException], None]
# What a read depends on besides the cache: the reviewer, and independent review.
Options = tuple[str, bool]

AHEAD = "read ahead"


class SelectionReader:
    """Reads the selection for the panes; reads the next one ahead in the background.

    Args:
        worker: The window's database worker.
        cache: The local cache.
        catalogue: Parses the applications' positions.
        options: The reviewer and whether review is independent, now.
    """

    def __init__(
        self,
        worker: TaskRunner,
        cache: LocalCache,
        catalogue: PositionCatalogue,
        options: Callable[[], Options],
    ) -> None:
        self._worker = worker
        self._cache = cache
        self._catalogue = catalogue
        self._options = options
        self._generation = 0
        self._ready: tuple[str, Options, Selection] | None = None
        self._running: tuple[str, Options, Task[Selection]] | None = None
        self._waiting: tuple[Show, Callable[[], None]] | None = None

    def _work(
        self, application_id: str, options: Options, review_only: bool = False
    ) -> Callable[[], Selection]:
        cache, catalogue = self._cache, self._catalogue
        reviewer, independent = options
        return lambda: read_selection(
            cache, application_id, reviewer, catalogue,
            independent=independent, review_only=review_only,
        )  # fmt: skip

    def read(
        self, application_id: str, show: Show, failed: Failed, *, review_only: bool = False
    ) -> None:
        """Reads ``application_id`` for the panes (unless read ahead) and shows it.

        Args:
            application_id: The application.
            show: Shows its selection (on the GUI thread).
            failed: Called with the exception when the read fails.
            review_only: Read the review state alone (never read ahead).
        """
        options = self._options()

        def read_now() -> None:
            self._worker.run(
                self._work(application_id, options, review_only),
                on_done=show,
                on_error=failed,
                key="review" if review_only else "selection",
            )

        if review_only or not self._take(application_id, options, show, read_now):
            read_now()

    @property
    def read_ahead(self) -> str | None:
        """The application read ahead and not yet shown, if its read has ended."""
        return None if self._ready is None else self._ready[0]

    def forget(self) -> None:
        """What was read ahead may be out of date: it is never shown."""
        self._generation += 1
        self._ready = None
        self._drop_running()
        if self._waiting is not None:  # a J waits for it: that J reads anew
            read_now = self._waiting[1]
            self._waiting = None
            read_now()

    def read_after(self, shown_id: str, next_id: str | None) -> None:
        """Reads ``next_id`` (the one after ``shown_id`` in the list) in the background."""
        options, generation = self._options(), self._generation
        if next_id is None or next_id == shown_id:
            return
        if self._ready is not None and self._ready[:2] == (next_id, options):
            return
        task = self._worker.run(
            self._work(next_id, options),
            on_done=lambda selection: self._arrived(generation, next_id, options, selection),
            on_error=lambda _exc: self._failed(generation),
            key=AHEAD,
            background=True,
        )
        self._running = (next_id, options, task)

    def _take(
        self, application_id: str, options: Options, show: Show, read_now: Callable[[], None]
    ) -> bool:
        """Shows what was read ahead, now or when its read ends; False: not read ahead."""
        ready, self._ready = self._ready, None
        self._waiting = None
        if ready is not None and ready[:2] == (application_id, options):
            show(ready[2])
            return True
        running = self._running
        if running is not None and running[:2] == (application_id, options):
            running[2].background = False  # the window now waits for it
            self._waiting = (show, read_now)
            return True
        self._drop_running()  # the read asked for goes first
        return False

    def _drop_running(self) -> None:
        if self._running is not None:
            self._running[2].superseded = True  # never run if not started yet
            self._running = None

    def _arrived(
        self, generation: int, application_id: str, options: Options, selection: Selection
    ) -> None:
        if generation != self._generation:
            return
        self._running = None
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting[0](selection)
        else:
            self._ready = (application_id, options, selection)

    def _failed(self, generation: int) -> None:
        # Not said: a J that waited for it reads again, and says what fails then.
        if generation != self._generation:
            return
        self._running = None
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting[1]()
