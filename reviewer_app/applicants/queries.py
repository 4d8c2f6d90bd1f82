"""The applicant list over the local cache: filtered id lists, display rows, counts.

The window's list holds ids only and asks for display rows a block at a time (like
Anki's browser), so :meth:`ApplicantQuery.ids` is one SQL query returning ids, and
:meth:`ApplicantQuery.rows` fetches the fields of a few hundred rows at once. Both stay
fast at 100,000 applications (see ``bench/list_bench.py``). The search is not SQL: it
is done in memory (:mod:`reviewer_app.applicants.search`) over the texts that
:meth:`ApplicantQuery.search_texts` reads.

"Needs my review" depends on the checks of each application's position, which live in
the position's Markdown; the :class:`PositionCatalogue` parses each version once
(:mod:`reviewer_app.applicants.check_keys`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, case, false, func, literal, select
from sqlalchemy.orm import Session, aliased

from reviewer_app.applicants.check_keys import PositionCheckKeys
from reviewer_app.applicants.coordination_rows import read_assignees, read_interviews
from reviewer_app.applicants.detail import read_detail
from reviewer_app.applicants.filters import (
    ApplicantFilter,
    MyProgress,
    SortKey,
    assignments_of,
    filtered,
    has_conflict,
    has_draft,
    is_duplicate,
    my_progress,
    order_by,
    search_words,
)
from reviewer_app.applicants.position_list import newest_positions
from reviewer_app.applicants.records import (
    ApplicantDetail,
    ApplicantRow,
    PositionVersion,
    stage_or_new,
)
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    CachedApplication,
    CachedDecision,
    CachedPosition,
    CachedRequirementCheck,
    Conflict,
    Draft,
)
from reviewer_app.cache.search_index import search_text_sql
from reviewer_app.positions.catalogue import PositionCatalogue

# SQLite allows 32766 bound parameters; blocks of ids stay far below it.
_ID_CHUNK = 500
# Search texts are read for blocks of ids passed as one JSON array each.
_TEXT_CHUNK = 5000

TOGGLE_KEYS = (
    "needs_my_review",
    "unmatched",
    "duplicates",
    "conflicts",
    "drafts",
    "assigned_to_me",
    "unassigned",
)
"""The toggles of :class:`ApplicantFilter`, each the name of its attribute."""

COUNT_KEYS = ("all", *TOGGLE_KEYS)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _ID_CHUNK):
        yield items[start : start + _ID_CHUNK]


def _no_search(filter: ApplicantFilter) -> None:
    if search_words(filter.search):
        raise ValueError(
            "ApplicantQuery does not search; search with "
            "reviewer_app.applicants.search.ApplicantSearch"
        )


class ApplicantQuery:
    """Read-only queries for the applicant list of one reviewer.

    The filters' searches are not done here: :class:`ApplicantSearch` does them in
    memory, and asks this for ids and counts without one.

    Args:
        cache: The reviewer's local cache.
        reviewer_name: Whose checks count for "needs my review" and "my checks".
        catalogue: Parses the positions' checks; the window's, shared with the other
            reads (a new one if None).
        needs_review_includes_unassigned: "Needs my review" also keeps applications
            nobody is assigned to (``Settings.needs_review_includes_unassigned``).
    """

    def __init__(
        self,
        cache: LocalCache,
        reviewer_name: str,
        catalogue: PositionCatalogue | None = None,
        *,
        needs_review_includes_unassigned: bool = True,
    ) -> None:
        self._cache = cache
        self._reviewer = reviewer_name
        self._include_unassigned = needs_review_includes_unassigned
        self._catalogue = PositionCatalogue() if catalogue is None else catalogue
        self._checks = PositionCheckKeys(self._catalogue)

    def set_needs_review_includes_unassigned(self, include: bool) -> None:
        """Whether "Needs my review" also keeps applications nobody is assigned to."""
        self._include_unassigned = include

    @property
    def reviewer_name(self) -> str:
        """Whose checks count."""
        return self._reviewer

    @property
    def cache(self) -> LocalCache:
        """The cache queried."""
        return self._cache

    @property
    def catalogue(self) -> PositionCatalogue:
        """The catalogue that parses the positions' checks."""
        return self._catalogue

    def ids(
        self,
        filter: ApplicantFilter | None = None,
        sort: SortKey = SortKey.SUBMITTED,
        descending: bool = True,
    ) -> list[str]:
        """Returns the ids of the applications ``filter`` keeps, in list order.

        Raises:
            ValueError: ``filter`` holds a search (see :class:`ApplicantSearch`).
        """
        filter = filter or ApplicantFilter()
        _no_search(filter)
        with self._cache.read_session() as session:
            progress = self._progress(session) if filter.needs_my_review else None
            query = filtered(
                select(CachedApplication.id),
                filter,
                progress,
                with_decision=filter.stage is not None or sort == SortKey.STAGE,
                reviewer_name=self._reviewer,
            )
            return _fetch_column(session, query.order_by(*order_by(sort, descending)))

    def search_texts(self, ids: Sequence[str]) -> Iterator[str]:
        """Yields the search text of each of ``ids``, in their order ("" for one not cached).

        The text is name, email and answers joined by newlines, made by SQLite from the
        application (see :mod:`reviewer_app.cache.search_index`). Read in one transaction,
        a block of ids at a time; :mod:`reviewer_app.applicants.search` searches it in
        memory.
        """
        with self._cache.read_session() as session:
            connection = session.connection()
            for start in range(0, len(ids), _TEXT_CHUNK):
                block = json.dumps(list(ids[start : start + _TEXT_CHUNK]))
                for (text,) in connection.exec_driver_sql(
                    f"SELECT {search_text_sql('a')} FROM json_each(?) AS j "
                    "LEFT JOIN applications AS a ON a.id = j.value ORDER BY j.key",
                    (block,),
                ):
                    yield text

    def rows(self, ids: Sequence[str]) -> dict[str, ApplicantRow]:
        """Returns the display rows of ``ids`` (missing ids, e.g. erased, are left out)."""
        app = CachedApplication
        original = aliased(CachedApplication)
        rows: dict[str, ApplicantRow] = {}
        with self._cache.read_session() as session:
            check_keys = self._checks.read(session)
            for chunk in _chunks(ids):
                mine: dict[str, set[str]] = {}
                for app_id, key in session.execute(
                    select(CachedRequirementCheck.application_id, CachedRequirementCheck.check_key)
                    .where(CachedRequirementCheck.application_id.in_(chunk))
                    .where(CachedRequirementCheck.reviewer_name == self._reviewer)
                    .where(CachedRequirementCheck.result.is_not(None))  # None: cleared
                ):
                    mine.setdefault(app_id, set()).add(key)
                assignees = read_assignees(session, chunk)
                interviews = read_interviews(session, chunk)
                pointed_at = set(
                    session.scalars(
                        select(original.duplicate_of).where(original.duplicate_of.in_(chunk))
                    )
                )
                drafted = set(
                    session.scalars(
                        select(Draft.application_id).where(Draft.application_id.in_(chunk))
                    )
                )
                conflicted = set(
                    session.scalars(
                        select(Conflict.application_id)
                        .where(Conflict.application_id.in_(chunk))
                        .where(Conflict.resolved_at.is_(None))
                    )
                )
                result = session.execute(
                    select(
                        app.id,
                        app.name,
                        app.email,
                        app.submitted_at,
                        app.position_id,
                        app.position_typed,
                        app.duplicate_of,
                        CachedPosition.title,
                        CachedDecision.stage,
                    )
                    .outerjoin(CachedPosition, CachedPosition.id == app.position_id)
                    .outerjoin(CachedDecision, CachedDecision.application_id == app.id)
                    .where(app.id.in_(chunk))
                )
                for row in result:
                    keys = check_keys.get(row.position_id, frozenset())
                    rows[row.id] = ApplicantRow(
                        id=row.id,
                        name=row.name,
                        email=row.email,
                        submitted_at=row.submitted_at,
                        position_title=row.title,
                        position_typed=row.position_typed,
                        stage=stage_or_new(row.stage),
                        is_duplicate=row.duplicate_of is not None or row.id in pointed_at,
                        has_conflict=row.id in conflicted,
                        has_draft=row.id in drafted,
                        checks_done=len(keys & mine.get(row.id, set())),
                        checks_total=len(keys),
                        assignees=assignees.get(row.id, ()),
                        interview_at=interviews.get(row.id, (None, None))[0],
                        interview_timezone=interviews.get(row.id, (None, None))[1],
                    )
        return rows

    def counts(self, base_filter: ApplicantFilter | None = None) -> dict[str, int]:
        """Returns how many applications each toggle would show, within ``base_filter``.

        The toggles of ``base_filter`` itself are ignored: the counts say what pressing
        one toggle alone would show. Keys are :data:`COUNT_KEYS`.

        Raises:
            ValueError: ``base_filter`` holds a search (see :class:`ApplicantSearch`).
        """
        base = (base_filter or ApplicantFilter()).base()
        _no_search(base)
        with self._cache.read_session() as session:
            query, toggles = self._toggled(session, base, None)
            query = query.add_columns(
                func.count(),
                *(func.coalesce(func.sum(case((cond, 1), else_=0)), 0) for cond in toggles),
            )
            # Aggregates only: no ORM row processing is needed.
            values = session.connection().execute(query).one()
        return dict(zip(COUNT_KEYS, (int(v) for v in values), strict=True))

    def toggle_flags(
        self, base_filter: ApplicantFilter | None = None, within: Sequence[str] | None = None
    ) -> dict[str, int]:
        """Returns the toggles of each application ``base_filter`` keeps, as bits.

        Bit ``i`` is set when the application has toggle ``TOGGLE_KEYS[i]``; the same
        conditions as :meth:`counts`, whose figures these add up to.

        Args:
            base_filter: As for :meth:`counts` (its toggles ignored; no search).
            within: Only these applications (a few, e.g. those a review changed): those
                of them the filter keeps; None: all.
        """
        base = (base_filter or ApplicantFilter()).base()
        _no_search(base)
        flags: dict[str, int] = {}
        with self._cache.read_session() as session:
            for chunk in [None] if within is None else _chunks(within):
                query, toggles = self._toggled(session, base, chunk)
                bits = sum(
                    (case((cond, 1 << bit), else_=0) for bit, cond in enumerate(toggles)),
                    start=literal(0),
                )
                query = query.add_columns(CachedApplication.id, bits)
                if chunk is not None:
                    query = query.where(CachedApplication.id.in_(chunk))
                flags.update(_fetch_rows(session, query))
        return flags

    def _toggled(
        self, session: Session, base: ApplicantFilter, within: Sequence[str] | None
    ) -> tuple[Select[Any], list[ColumnElement[bool]]]:
        """The applications ``base`` keeps (no columns yet), and each toggle's condition."""
        app = CachedApplication
        progress = self._progress(session, within)
        assigned = assignments_of(self._reviewer, within) if progress is None else progress.assigned
        toggles = {
            "needs_my_review": progress.needs if progress is not None else false(),
            "unmatched": app.position_id.is_(None),
            "duplicates": is_duplicate(),
            "conflicts": has_conflict(),
            "drafts": has_draft(),
            "assigned_to_me": assigned.to_me,
            "unassigned": assigned.to_nobody,
        }
        query = filtered(
            select().select_from(app),
            base,
            progress,
            with_decision=base.stage is not None,
            reviewer_name=self._reviewer,
            assigned=assigned,
        )
        return query, [toggles[key] for key in TOGGLE_KEYS]

    def _progress(self, session: Session, within: Sequence[str] | None = None) -> MyProgress | None:
        return my_progress(
            self._checks.read(session),
            self._reviewer,
            include_unassigned=self._include_unassigned,
            within=within,
        )

    def detail(self, application_id: str) -> ApplicantDetail:
        """Returns everything about one application, in a read transaction of its own.

        Raises:
            UnknownApplication: It is not in the cache (never synced, or erased).
        """
        with self._cache.read_session() as session:
            return read_detail(session, application_id)

    def positions(self) -> list[PositionVersion]:
        """Returns the newest version of every cached position, by title, each parsed.

        Parsed here, into the catalogue, on the caller's thread (the window's worker):
        the window's thread then finds every version parsed (0.1-0.2 s at its start).
        """
        with self._cache.read_session() as session:
            positions = newest_positions(session)
        for version in positions:
            self._catalogue.parsed(version.slug, version.source)
        return positions

    def check_keys(self, position_id: int) -> frozenset[str]:
        """Returns the check keys of one cached position version (empty if unknown)."""
        with self._cache.read_session() as session:
            return self._checks.read(session).get(position_id, frozenset())


def _fetch_rows(session: Session, query: Select[Any]) -> list[tuple[Any, ...]]:
    """Runs ``query`` on the driver's cursor; returns its rows as the driver gives them.

    Building a result row per id through SQLAlchemy doubles the time of a 100,000-row
    list; the rows here hold text and numbers only, which need no conversion. All are
    fetched before returning: no statement stays open (it would hold the read snapshot).
    """
    connection = session.connection()
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        rows: list[tuple[Any, ...]] = cursor.execute(compiled.string, params).fetchall()
        return rows
    finally:
        cursor.close()


def _fetch_column(session: Session, query: Select[Any]) -> list[str]:
    """Runs ``query`` and returns its one column as a list (see :func:`_fetch_rows`)."""
    return [row[0] for row in _fetch_rows(session, query)]


__all__ = [
    "COUNT_KEYS",
    "TOGGLE_KEYS",
    "ApplicantFilter",
    "ApplicantQuery",
    "SortKey",
]
