"""A plain reference of the applicant list's search, to check ApplicantSearch against.

Written from what :mod:`reviewer_app.applicants.search` documents, not from its code:
a search is words, each found somewhere in the name, the email or an answer (not a
question), whatever the case and the accents; in blind review only in the answers, with
what blind review hides in them hidden. It reads every application and compares in
Python, one at a time: slow, and obviously right. Ids and counts without the search
come from :class:`ApplicantQuery`, whose SQL filters have tests of their own.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from typing import Any

from sqlalchemy import select

from reviewer_app.applicants.filters import ApplicantFilter, SortKey
from reviewer_app.applicants.queries import COUNT_KEYS, TOGGLE_KEYS, ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication
from reviewer_app.domain.identity import hide_identity

# Letters a reviewer types without their stroke or ring, which have no decomposition.
_STROKED = str.maketrans(
    {
        "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "\u0131": "i", "ł": "l", "ŧ": "t",
        "þ": "th", "æ": "ae", "œ": "oe",
    }
)  # fmt: skip


def folded(text: str) -> str:
    """Returns ``text`` with its case and its accents folded away ("Zoë" gives "zoe")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.translate(_STROKED)


def _answers(items: Any) -> list[str]:
    answers = []
    for item in items or []:
        if isinstance(item, list | tuple) and len(item) == 2:
            if item[1] is not None:
                answers.append(str(item[1]))
        elif isinstance(item, str):
            answers.append(item)
    return answers


def searched_text(application: CachedApplication, *, identity: bool) -> str:
    """Returns what a search looks in: name, email and answers, or the answers as blind."""
    answers = "\n".join(_answers(application.answers))
    if identity:
        return "\n".join([application.name or "", application.email or "", answers])
    return hide_identity(answers, application.name or "", application.email or "")


class ReferenceSearch:
    """The ids and counts that ApplicantSearch must give, found the plain way.

    Args:
        cache: The local cache.
        reviewer_name: Whose checks count for "needs my review".
    """

    def __init__(self, cache: LocalCache, reviewer_name: str) -> None:
        self._cache = cache
        self._query = ApplicantQuery(cache, reviewer_name)

    def matching(self, text: str, *, identity: bool = True) -> set[str]:
        """Returns the ids of every cached application that holds each word of ``text``."""
        words = folded(text).split()
        with self._cache.read_session() as session:
            return {
                application.id
                for application in session.scalars(select(CachedApplication))
                if all(
                    word in folded(searched_text(application, identity=identity)) for word in words
                )
            }

    def ids(
        self,
        filter: ApplicantFilter | None = None,
        sort: SortKey = SortKey.SUBMITTED,
        descending: bool = True,
    ) -> list[str]:
        """Returns the ids ``filter`` keeps, in list order."""
        filter = filter or ApplicantFilter()
        listed = self._query.ids(filter.without_search(), sort, descending)
        if not filter.search.split():
            return listed
        found = self.matching(filter.search, identity=filter.search_identity)
        return [app_id for app_id in listed if app_id in found]

    def counts(self, base_filter: ApplicantFilter | None = None) -> dict[str, int]:
        """Returns how many applications each toggle alone would show within the filter."""
        base = (base_filter or ApplicantFilter()).base()
        counts = {"all": len(self.ids(base))}
        for key in TOGGLE_KEYS:
            counts[key] = len(self.ids(dataclasses.replace(base, **{key: True})))
        assert tuple(counts) == COUNT_KEYS
        return counts
