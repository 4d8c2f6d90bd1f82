"""The one memo of parsed positions: each version's Markdown is parsed once (no Qt).

The list's check keys, the review panel, the position's description and the export all
need a cached position version parsed. Parsing is pure, so a version is known by its
slug and its source: a new version or an edited one has another source and is parsed
again, and an unchanged one is never parsed twice while it stays among the most
recently used.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewer_app.positions.parsing import Position

DEFAULT_MAX_ENTRIES = 256
"""How many parsed versions a catalogue keeps (a position parses to a few kB)."""


def parse_position(source: str, slug: str) -> Position:
    """Parses one version (:func:`reviewer_app.positions.parsing.parse_position`).

    The parser is imported on first use: with its Markdown and YAML, 0.1 s kept off the
    window's start.
    """
    from reviewer_app.positions import parsing

    return parsing.parse_position(source, slug)


@dataclass(frozen=True)
class _Entry:
    position: Position
    check_keys: frozenset[str]


class PositionCatalogue:
    """Parsed position versions, kept by (slug, source), least recently used dropped first.

    Safe to share between threads: the window's worker and its GUI thread use one
    catalogue. A version asked for by two threads at once is parsed once; the other
    waits for it.

    Args:
        max_entries: How many parsed versions to keep (at least one).
    """

    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, not {max_entries}")
        self._max_entries = max_entries
        self._entries: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def parsed(self, slug: str, source: str) -> Position:
        """Returns the position that ``source`` describes, parsed once.

        Args:
            slug: The position's identifier.
            source: The version's Markdown, as cached.
        """
        return self._entry(slug, source).position

    def check_keys(self, slug: str, source: str) -> frozenset[str]:
        """Returns the keys of the requirement checks of one version (see :meth:`parsed`)."""
        return self._entry(slug, source).check_keys

    @property
    def kept(self) -> int:
        """How many parsed versions are kept.

        Not ``__len__``: an empty catalogue would be false, and ``catalogue or
        PositionCatalogue()`` would throw away a shared one before its first parse.
        """
        with self._lock:
            return len(self._entries)

    def _entry(self, slug: str, source: str) -> _Entry:
        key = (slug, source)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry
            # Parsed under the lock (a few ms): a second caller of the same version
            # waits for this parse instead of repeating it.
            position = parse_position(source, slug)
            entry = _Entry(position, frozenset(check.key for check in position.checks))
            self._entries[key] = entry
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
            return entry


__all__ = ["DEFAULT_MAX_ENTRIES", "PositionCatalogue"]
