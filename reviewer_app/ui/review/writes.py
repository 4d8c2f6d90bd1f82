"""How the review panel runs a write: on the window's database worker, or at once.

A panel in the window writes on the worker, never on the GUI thread; a panel on its own
(a test, a tool) has no worker and writes at once. Either way the outcome arrives
through the same callbacks, on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from reviewer_app.errors import UserError
from reviewer_app.ui.tasks import TaskRunner

T = TypeVar("T")


def run_write(
    runner: TaskRunner | None,
    work: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None],
) -> None:
    """Runs ``work`` on ``runner`` (at once if None); its result or error goes to a callback.

    Without a runner only a :class:`UserError` reaches ``on_error``: a bug is raised here.
    """
    if runner is not None:
        runner.run(work, on_done=on_done, on_error=on_error)
        return
    try:
        result = work()
    except UserError as exc:
        on_error(exc)
        return
    on_done(result)
