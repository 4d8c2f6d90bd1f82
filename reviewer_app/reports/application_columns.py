"""Each application's columns for a report: its slot, position, stage and times (no Qt).

An application's *slot* is its index in every column; one slot past the applications
takes the rows of an application not in the cache, so that such a row is in no
application's figures. The applications, their decisions and the decision history are
read into these columns a chunk at a time (:mod:`reviewer_app.reports.row_columns`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import numpy.typing as npt

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.reports.reads import ApplicationRow, DecisionRow, HistoryRow
from reviewer_app.reports.row_columns import (
    Codes,
    Floats,
    Ints,
    chunks,
    columns,
    floats,
    read_columns,
)

Flags = npt.NDArray[np.bool_]

_NEW = Stage.NEW.value  # stage code 0: an application without a decision


@dataclass
class ApplicationColumns:
    """The per-application columns, indexed by slot (the last one: no application)."""

    ids: list[str]
    slot: dict[str, int]
    positions: list[int | None]  # position code -> version id (None: unmatched)
    position: Ints  # slot -> position code (the last code: no application)
    submitted: Floats
    stages: list[str]  # stage code -> stage text
    stage: Ints
    decided: Floats
    first_review: Floats  # inf: never reviewed
    interviewed: Flags
    fully_checked: Flags

    def slots(self, ids: Sequence[str]) -> Ints:
        """The slot of each application id (the last slot for one not in the cache)."""
        return np.fromiter(map(self.slot.get, ids, repeat(len(self.ids))), np.intp, len(ids))

    def position_flags(self, wanted: Callable[[int | None], bool], missing: bool) -> Flags:
        """Per position code, whether ``wanted`` says so (``missing``: no application)."""
        return np.array([*map(wanted, self.positions), missing], np.bool_)


def read_applications(
    rows: Iterable[ApplicationRow], decided: Iterable[DecisionRow], history: Iterable[HistoryRow]
) -> ApplicationColumns:
    """Reads every application, then the decisions and the history, into columns."""
    ids: list[str] = []
    positions, position_parts, submitted_parts = Codes(), [], []
    for chunk in chunks(rows):
        chunk_ids, position_ids, submitted = columns(chunk, 3)
        ids.extend(chunk_ids)
        position_parts.append(positions.encode(position_ids))
        submitted_parts.append(floats(submitted))
    size = len(ids) + 1
    stages = Codes()
    stages.encode([_NEW, Stage.INTERVIEW.value])  # codes 0 and 1
    apps = ApplicationColumns(
        ids=ids,
        slot=dict(zip(ids, range(len(ids)), strict=True)),
        positions=positions.decoded(),
        position=np.concatenate([*position_parts, [len(positions)]]).astype(np.intp),
        submitted=np.concatenate([*submitted_parts, [math.nan]]),
        stages=[],
        stage=np.zeros(size, np.intp),
        decided=np.full(size, math.nan),
        first_review=np.full(size, math.inf),
        interviewed=np.zeros(size, np.bool_),
        fully_checked=np.zeros(size, np.bool_),
    )
    d_slot, d_code, d_time = read_columns(decided, (apps.slots, stages.encode, floats))
    h_slot, h_code, h_time = read_columns(history, (apps.slots, stages.encode, floats))
    apps.stages = stages.decoded()
    apps.stage[d_slot] = d_code
    apps.decided[d_slot] = d_time
    past_new = d_code != 0
    np.fmin.at(apps.first_review, d_slot[past_new], d_time[past_new])
    past_new = h_code != 0
    np.fmin.at(apps.first_review, h_slot[past_new], h_time[past_new])
    apps.interviewed[h_slot[h_code == 1]] = True  # code 1: interview
    return apps


__all__ = ["ApplicationColumns", "Flags", "read_applications"]
