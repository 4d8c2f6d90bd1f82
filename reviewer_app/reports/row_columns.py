"""Rows turned into numpy columns a chunk at a time, so that no table is held as rows.

A report reads every row of the cache's tables (:mod:`reviewer_app.reports.reads` gives
them as the cursor's iterator); :func:`read_columns` takes :data:`CHUNK_ROWS` of them at
a time and keeps only their columns, as numbers: a time as a float, a text as the code of
its distinct value (:class:`Codes`), an application id as its slot. At 100,000
applications the rows as tuples took about 100 MB at once; their columns take a tenth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from operator import itemgetter
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

CHUNK_ROWS = 4096
"""Rows held at once by :func:`read_columns`."""

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]
Converter = Callable[[list[Any]], npt.NDArray[Any]]
"""Makes one chunk's column (a list of the rows' values) an array."""

_Row = TypeVar("_Row")


def chunks(rows: Iterable[_Row], size: int | None = None) -> Iterator[list[_Row]]:
    """``rows`` in lists of at most ``size`` (None: :data:`CHUNK_ROWS`), each read only
    when the last was used."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK_ROWS if size is None else size)):
        yield chunk


def columns(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]]:
    """The columns of ``rows``, each read in C.

    Not ``zip(*rows)``: its one iterator per row wakes the garbage collector, which then
    walks every row read so far.
    """
    return [list(map(itemgetter(number), rows)) for number in range(width)]


def floats(values: Sequence[float | None]) -> Floats:
    """A column of Julian days or counts as floats, None as NaN."""
    return np.array(values, dtype=np.float64)


def integers(values: Sequence[int]) -> npt.NDArray[np.int64]:
    """A column of counts."""
    return np.array(values, dtype=np.int64)


class Codes(dict[Any, int]):
    """Numbers the distinct values of a column in the order they are first seen."""

    def __missing__(self, value: Any) -> int:
        code = self[value] = len(self)
        return code

    def encode(self, values: Sequence[Any]) -> Ints:
        """The code of each of ``values`` (a new value gets the next code), made in C."""
        return np.fromiter(map(self.__getitem__, values), np.intp, len(values))

    def decoded(self) -> list[Any]:
        """The values, each at the index of its code."""
        return list(self)


def read_columns(
    rows: Iterable[Sequence[Any]],
    converters: Sequence[Converter],
    size: int | None = None,
) -> list[npt.NDArray[Any]]:
    """The columns of ``rows``, one array each, made by ``converters`` chunk by chunk.

    Only one chunk of rows is held at a time; ``rows`` may be a cursor.
    """
    parts: list[list[npt.NDArray[Any]]] = [[] for _ in converters]
    for chunk in chunks(rows, size):
        for part, convert, values in zip(
            parts, converters, columns(chunk, len(converters)), strict=True
        ):
            part.append(convert(values))
    return [
        np.concatenate(part) if part else convert([])
        for part, convert in zip(parts, converters, strict=True)
    ]


__all__ = [
    "CHUNK_ROWS",
    "Codes",
    "Converter",
    "chunks",
    "columns",
    "floats",
    "integers",
    "read_columns",
]
