"""Background work: the one place the window runs slow database work off the GUI thread.

A :class:`TaskRunner` runs callables on its own thread pool (one worker by default, so
database work is serialised as in Anki's task manager) and calls back ``on_done``,
``on_error`` and ``on_progress`` on the GUI thread through queued signals. The callables
never touch a widget.

A task given a ``key`` supersedes the previous task of that key: if that one has not
started it never runs, and if it has, its result is dropped. Moving through applicants
thus reads only the last one asked for, and a slow read never overwrites a newer one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

T = TypeVar("T")

Reporter = Callable[..., None]
"""Passed to a task that reports progress; any arguments reach ``on_progress``."""


class Task(QObject, Generic[T]):
    """One piece of background work; lives on the GUI thread, its signals are queued.

    Emitting a signal of a GUI-thread object from a worker queues the call of the
    connected slot into the GUI thread's event loop.
    """

    _done = Signal(object)
    _failed = Signal(object)
    _progressed = Signal(tuple)

    def __init__(
        self,
        on_done: Callable[[T], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[..., None] | None,
        forget: Callable[[Task[Any]], None],
    ) -> None:
        super().__init__()
        # Set on the GUI thread, read by the worker before it starts: a plain bool is
        # enough, the worst case being one superseded task that runs and is dropped.
        self.superseded = False
        # Work nobody waits for (reading ahead): the runner is not busy with it.
        self.background = False
        # The runner was shut down: the work runs, but its callbacks are not called (the
        # widgets they would touch may be gone; a result already queued is dropped too).
        self.muted = False
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self._forget = forget
        self._done.connect(self._deliver_done)
        self._failed.connect(self._deliver_error)
        self._progressed.connect(self._deliver_progress)

    def report(self, *args: Any) -> None:
        """Sends progress to the GUI thread; safe to call from the worker."""
        self._progressed.emit(args)

    def finish(self, result: T) -> None:
        """Called on the worker with the result."""
        self._done.emit(result)

    def fail(self, exc: BaseException) -> None:
        """Called on the worker with the exception the callable raised."""
        self._failed.emit(exc)

    @Slot(tuple)
    def _deliver_progress(self, args: tuple[Any, ...]) -> None:
        if self._on_progress is not None and not self.muted:
            self._on_progress(*args)

    def drop(self) -> None:
        """Called on the worker instead of running a superseded task."""
        self._done.emit(None)

    @Slot(object)
    def _deliver_done(self, result: T) -> None:
        self._forget(self)
        if self._on_done is not None and not (self.superseded or self.muted):
            self._on_done(result)

    @Slot(object)
    def _deliver_error(self, exc: BaseException) -> None:
        self._forget(self)
        if self.superseded:
            return
        if self._on_error is None:
            # A failure nobody handles is a bug: raised here, on the GUI thread, it
            # reaches sys.excepthook (and fails the test under pytest-qt), muted or not.
            raise exc
        if not self.muted:
            self._on_error(exc)


class _Runnable(QRunnable):
    def __init__(self, task: Task[Any], work: Callable[[], Any]) -> None:
        super().__init__()
        self._task = task
        self._work = work

    def run(self) -> None:
        if self._task.superseded:
            self._task.drop()
            return
        try:
            result = self._work()
        except BaseException as exc:
            self._task.fail(exc)
        else:
            self._task.finish(result)


class TaskRunner(QObject):
    """Runs callables in the background and calls back on the GUI thread.

    Args:
        parent: The Qt parent.
        max_threads: Workers; 1 keeps database work in order.
    """

    def __init__(self, parent: QObject | None = None, max_threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._tasks: set[Task[Any]] = set()
        self._keyed: dict[str, Task[Any]] = {}
        self._shut_down = False

    def run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        key: str | None = None,
        background: bool = False,
    ) -> Task[T]:
        """Runs ``work()`` in the background; returns its task.

        Args:
            work: The callable; it must not touch a widget.
            on_done: Called on the GUI thread with the result.
            on_error: Called on the GUI thread with the exception (None: re-raised there).
            key: The task supersedes the previous one of this key (see the module).
            background: Nobody waits for it: :attr:`busy` leaves it out (until its
                ``background`` is set to False).
        """
        task: Task[T] = Task(on_done, on_error, None, self._forget)
        task.background = background
        if key is not None:
            previous = self._keyed.get(key)
            if previous is not None:
                previous.superseded = True
            self._keyed[key] = task
        self._start(task, work)
        return task

    def run_with_progress(
        self,
        work: Callable[[Reporter], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[..., None] | None = None,
    ) -> Task[T]:
        """Runs ``work(report)``; each ``report(*args)`` calls ``on_progress(*args)``."""
        task: Task[T] = Task(on_done, on_error, on_progress, self._forget)
        self._start(task, lambda: work(task.report))
        return task

    @property
    def busy(self) -> bool:
        """Whether a task is running or waiting for its callback (background ones aside)."""
        return any(not task.background for task in self._tasks)

    def wait(self, timeout_ms: int = -1) -> bool:
        """Waits for the workers to finish (callbacks not yet delivered); True if they did."""
        return self._pool.waitForDone(timeout_ms)

    def shutdown(self) -> None:
        """Finishes the work asked for, then delivers no more callbacks.

        A write queued just before the window closes must still be recorded, so nothing
        is dropped from the queue; reads (keyed tasks) are superseded, so they end at
        once instead of running. A result already on its way to the GUI thread is
        dropped there, and work asked for afterwards runs without callbacks: the window
        they would reach is being deleted.
        """
        self._shut_down = True
        for task in self._keyed.values():
            task.superseded = True
        self._pool.waitForDone()
        for task in list(self._tasks):
            task.muted = True
        self._tasks.clear()
        self._keyed.clear()

    def _forget(self, task: Task[Any]) -> None:
        self._tasks.discard(task)
        for key, keyed in list(self._keyed.items()):
            if keyed is task:
                del self._keyed[key]

    def _start(self, task: Task[Any], work: Callable[[], Any]) -> None:
        task.muted = self._shut_down
        self._tasks.add(task)
        self._pool.start(_Runnable(task, work))
