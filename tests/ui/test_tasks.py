"""Tests of reviewer_app/ui/tasks.py: background work with callbacks on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from reviewer_app.ui.tasks import Reporter, TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """A runner shut down after the test."""
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


def test_work_runs_off_the_gui_thread_and_result_arrives_on_it(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    seen: dict[str, object] = {}

    def work() -> int:
        seen["work_on_main"] = threading.current_thread() is threading.main_thread()
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["done_on_main"] = threading.current_thread() is threading.main_thread()

    runner.run(work, on_done=done)
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen == {"work_on_main": False, "result": 42, "done_on_main": True}
    assert not runner.busy


def test_an_exception_reaches_on_error_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    errors: list[tuple[BaseException, bool]] = []

    def work() -> None:
        raise ValueError("broken")

    runner.run(
        work,
        on_done=lambda _: pytest.fail("no result expected"),
        on_error=lambda exc: errors.append(
            (exc, threading.current_thread() is threading.main_thread())
        ),
    )
    qtbot.waitUntil(lambda: bool(errors))
    exc, on_main = errors[0]
    assert isinstance(exc, ValueError) and str(exc) == "broken"
    assert on_main


def test_progress_arrives_in_order_before_the_result(qtbot: QtBot, runner: TaskRunner) -> None:
    events: list[object] = []

    def work(report: Reporter) -> str:
        for step in range(3):
            report("pull", step, 3)
        return "finished"

    runner.run_with_progress(
        work,
        on_done=events.append,
        on_progress=lambda phase, done, total: events.append((phase, done, total)),
    )
    qtbot.waitUntil(lambda: "finished" in events)
    assert events == [("pull", 0, 3), ("pull", 1, 3), ("pull", 2, 3), "finished"]


def test_one_worker_runs_tasks_in_order(qtbot: QtBot, runner: TaskRunner) -> None:
    order: list[int] = []
    for number in range(5):
        runner.run(lambda n=number: n, on_done=order.append)  # type: ignore[misc]
    qtbot.waitUntil(lambda: len(order) == 5)
    assert order == [0, 1, 2, 3, 4]


def test_shutdown_waits_and_delivers_nothing_afterwards(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gate = threading.Event()
    delivered: list[int] = []
    runner.run(lambda: gate.wait(5) and 1, on_done=delivered.append)
    gate.set()
    runner.shutdown()
    qtbot.wait(50)
    assert delivered == []
    assert not runner.busy


def test_a_keyed_task_supersedes_the_previous_one_of_its_key(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    gate, started = threading.Event(), threading.Event()
    ran: list[str] = []
    delivered: list[str] = []

    def work(name: str) -> str:
        if name == "first":
            started.set()
            gate.wait(5)
        ran.append(name)
        return name

    runner.run(lambda: work("first"), on_done=delivered.append, key="read")
    assert started.wait(5)
    runner.run(lambda: work("second"), on_done=delivered.append, key="read")
    runner.run(lambda: work("third"), on_done=delivered.append, key="read")
    runner.run(lambda: work("other"), on_done=delivered.append, key="other")
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy)
    # "first" had started: it ran, but its result was dropped; "second" never ran.
    assert ran == ["first", "third", "other"]
    assert delivered == ["third", "other"]


def test_shutdown_runs_the_work_already_asked_for_but_delivers_nothing(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    gate = threading.Event()
    ran: list[str] = []
    delivered: list[str] = []
    runner.run(lambda: gate.wait(5), key="read")
    runner.run(lambda: ran.append("write"), on_done=lambda _: delivered.append("write"))
    runner.run(lambda: ran.append("read"), on_done=lambda _: delivered.append("read"), key="r")
    gate.set()
    runner.shutdown()
    # The write queued before the close is done; the read queued with it never runs.
    assert ran == ["write"]
    qtbot.wait(50)
    assert delivered == []


def test_work_asked_for_after_shutdown_runs_without_callbacks(qtbot: QtBot) -> None:
    # A status read asked for while the window closed reached its deleted status bar.
    runner = TaskRunner()
    runner.shutdown()
    ran = threading.Event()
    delivered: list[str] = []
    runner.run(ran.set, on_done=lambda _: delivered.append("done"), key="status")
    runner.run(lambda: 1 / 0, on_error=lambda _: delivered.append("error"))
    assert ran.wait(5)
    runner.wait(5000)
    qtbot.wait(50)
    assert delivered == []
    assert not runner.busy


def test_a_failure_nobody_handles_is_raised_after_shutdown_too(qtbot: QtBot) -> None:
    runner = TaskRunner()
    runner.shutdown()
    with qtbot.capture_exceptions() as raised:
        runner.run(lambda: 1 / 0)
        runner.wait(5000)
        qtbot.waitUntil(lambda: bool(raised), timeout=2000)
    assert isinstance(raised[0][1], ZeroDivisionError)
