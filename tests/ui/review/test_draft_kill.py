"""A draft survives the reviewer's process killed (SIGKILL) while a note is being typed.

A separate Python process opens the cache, shows the review panel with its own worker,
types part of a note and says so, then goes on typing; the test waits a second (drafts
are written within one), kills it with SIGKILL and reopens the cache.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewer_app.review.drafts import NEW_NOTE
from tests.ui.review.panel_support import open_review_cache, stored_drafts

ROOT = Path(__file__).resolve().parents[3]
TYPED = "Typed before the kill"

# Runs in the child: the panel as the window has it (writes on a worker), typing forever.
TYPIST = f"""
import sys, time
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.review.review_panel import ReviewPanel
from reviewer_app.ui.tasks import TaskRunner
from tests.ui.review.panel_support import APP_ID, ME, open_review_cache

app = QApplication([])
cache = open_review_cache(Path(sys.argv[1]))
runner = TaskRunner()
panel = ReviewPanel(ReviewService(cache, ME), cache, runner=runner)
panel.resize(420, 700)
panel.show()
panel.show_application(APP_ID)
panel.start_new_note()
QTest.keyClicks(panel.notes.editor, {TYPED!r})
print("typed", flush=True)
while True:  # still typing when killed
    QTest.keyClicks(panel.notes.editor, ".")
    app.processEvents()
    time.sleep(0.05)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_a_draft_survives_a_kill_while_typing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "typed", child.stderr.read() if child.stderr else ""
        time.sleep(1.0)  # drafts are written within a second of typing
        assert child.poll() is None, "the typist stopped before it was killed"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()

    with open_review_cache(data_dir) as cache:
        drafts = stored_drafts(cache)
    assert set(drafts) == {NEW_NOTE}
    body = str(drafts[NEW_NOTE]["body"])
    assert body.startswith(TYPED)  # with the dots typed since, up to the last write
