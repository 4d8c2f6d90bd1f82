"""The Qt binding itself: a regression that would crash a long-running window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(object)


def test_emitting_signals_keeps_reference_counts(qapp: object) -> None:
    # PySide6 6.12.0 dropped a reference to True/False on every emit: after a few
    # hundred emits Python freed them and the process died (pyproject pins it out).
    emitter = _Emitter()
    received: list[object] = []
    emitter.changed.connect(received.append)
    before = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    for _ in range(200):
        emitter.changed.emit(None)
    after = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    assert len(received) == 200
    assert [a - b for a, b in zip(after, before, strict=True)] == [0, 0, 200]
