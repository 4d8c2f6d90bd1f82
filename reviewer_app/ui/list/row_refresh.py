"""After a local change, the list reads only the changed rows again, on the worker.

Dropping the changed row's block instead made the table read its 200 rows on the GUI
thread at the next paint: 8 to 40 ms after every key press that recorded a check (the
most during a sync). Here the changed rows are read on the database worker, behind the
write, and put into the blocks already fetched; the row shows its old marks until then
(a few milliseconds).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, MutableMapping

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.applicants.records import ApplicantRow
from reviewer_app.errors import UserError
from reviewer_app.ui.tasks import TaskRunner

# The model's fetched blocks: block number to the rows of that block, by id.
Blocks = MutableMapping[int, dict[str, ApplicantRow]]


class RowRefresh:
    """Reads changed rows again and puts them where the model keeps its fetched rows.

    Args:
        query: Reads the rows.
        runner: The window's database worker; None reads at once (blocking).
        blocks: The model's fetched blocks (changed in place), and the rows of a block.
        locate: The rows in the list of those of some ids that it shows.
        on_done: Called with the list rows that were put back (or dropped: erased, or
            the read failed, so they are fetched again when painted).
    """

    def __init__(
        self,
        query: ApplicantQuery,
        runner: TaskRunner | None,
        blocks: tuple[Blocks, int],
        locate: Callable[[Collection[str]], dict[str, int]],
        on_done: Callable[[list[int]], None],
    ) -> None:
        self._query = query
        self._runner = runner
        self._blocks, self._block_size = blocks
        self._locate = locate
        self._on_done = on_done
        self._epoch = 0  # of the blocks: a read older than a reset of them is not kept
        self._pending = 0

    @property
    def pending(self) -> bool:
        """Whether a read of changed rows is on its way."""
        return self._pending > 0

    def reset(self) -> None:
        """The blocks were emptied: reads on their way are of no use."""
        self._epoch += 1

    def refresh(self, application_ids: Collection[str]) -> None:
        """Reads the rows of those of ``application_ids`` in a fetched block again."""
        size = self._block_size
        located = self._locate(application_ids)
        fetched = [id_ for id_, row in located.items() if row // size in self._blocks]
        if not fetched:
            return  # read from the cache when painted
        epoch, query = self._epoch, self._query
        if self._runner is None:
            self._put(epoch, fetched, query.rows(fetched))
            return
        self._pending += 1
        self._runner.run(
            lambda: query.rows(fetched),
            on_done=lambda rows: self._delivered(epoch, fetched, rows),
            on_error=lambda exc: self._failed(epoch, fetched, exc),
        )

    def _delivered(self, epoch: int, ids: list[str], rows: dict[str, ApplicantRow]) -> None:
        self._pending -= 1
        self._put(epoch, ids, rows)

    def _failed(self, epoch: int, ids: list[str], exc: BaseException) -> None:
        self._pending -= 1
        # E.g. the cache busy: their blocks are read again when painted.
        located = self._locate(ids)
        if epoch == self._epoch:
            for row in located.values():
                self._blocks.pop(row // self._block_size, None)
        self._on_done(sorted(located.values()))
        if not isinstance(exc, UserError):
            raise exc

    def _put(self, epoch: int, ids: list[str], rows: dict[str, ApplicantRow]) -> None:
        located = self._locate(ids)
        if epoch == self._epoch:
            for id_, at in located.items():
                fetched = self._blocks.get(at // self._block_size)
                if fetched is None:
                    continue  # dropped meanwhile: read again when painted
                row = rows.get(id_)
                if row is None:
                    fetched.pop(id_, None)  # erased meanwhile
                else:
                    fetched[id_] = row
        self._on_done(sorted(located.values()))
