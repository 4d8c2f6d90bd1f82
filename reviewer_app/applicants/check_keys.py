"""The check keys of every cached position version, for "needs my review" and "my checks".

The keys live in each version's Markdown, parsed by the :class:`PositionCatalogue`.
Which versions are cached, and whether one changed, is known from their content hashes
alone, so a list query reads a version's source only when it is new or changed.
"""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.cache.models import CachedPosition
from reviewer_app.positions.catalogue import PositionCatalogue


class PositionCheckKeys:
    """The check keys of each cached position version, by version id.

    Safe to call from any thread: the window asks for ids and counts on a worker thread
    and for rows on the GUI thread.

    Args:
        catalogue: Parses the versions.
    """

    def __init__(self, catalogue: PositionCatalogue) -> None:
        self._catalogue = catalogue
        self._known: dict[int, tuple[str, frozenset[str]]] = {}  # id: (content hash, keys)
        self._lock = threading.Lock()

    def read(self, session: Session) -> dict[int, frozenset[str]]:
        """Returns the check keys of every cached position version, by id.

        Args:
            session: A session of the local cache.
        """
        with self._lock:
            current = {
                pid: digest
                for pid, digest in session.execute(
                    select(CachedPosition.id, CachedPosition.content_hash)
                )
            }
            stale = [
                pid
                for pid, digest in current.items()
                if pid not in self._known or self._known[pid][0] != digest
            ]
            if stale:
                for pid, slug, source, digest in session.execute(
                    select(
                        CachedPosition.id,
                        CachedPosition.slug,
                        CachedPosition.source,
                        CachedPosition.content_hash,
                    ).where(CachedPosition.id.in_(stale))
                ):
                    self._known[pid] = (digest, self._catalogue.check_keys(slug, source))
            for gone in set(self._known) - set(current):
                del self._known[gone]
            return {pid: keys for pid, (_, keys) in self._known.items()}


__all__ = ["PositionCheckKeys"]
