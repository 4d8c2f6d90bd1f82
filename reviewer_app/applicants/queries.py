"""The applicant list over the local cache: filtered id lists, display rows, counts, details.

The window's list holds ids only and asks for display rows a block at a time (like
Anki's browser), so :meth:`ApplicantQuery.ids` is one SQL query returning ids, and
:meth:`ApplicantQuery.rows` fetches the fields of a few hundred rows at once. Both stay
fast at 100,000 applications (see ``bench/list_bench.py``).

"Needs my review" depends on the checks of each application's position, which live in
the position's Markdown; every cached position version is parsed once and its check
keys kept for as long as its content does not change.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    case,
    false,
    func,
    select,
)
from sqlalchemy.orm import Session, aliased

from reviewer_app.applicants.filters import (
    ApplicantFilter,
    SortKey,
    filtered,
    has_conflict,
    is_duplicate,
    my_progress,
    order_by,
)
from reviewer_app.applicants.records import (
    ApplicantDetail,
    ApplicantRef,
    ApplicantRow,
    PositionVersion,
)
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    CachedApplication,
    CachedDecision,
    CachedPosition,
    CachedRequirementCheck,
    Conflict,
)
from reviewer_app.cache.search_index import SEARCH_TABLE
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.positions.parsing import parse_position
from reviewer_app.review.actions import UnknownApplication

# SQLite allows 32766 bound parameters; blocks of ids stay far below it.
_ID_CHUNK = 500
# Search texts are read for blocks of ids passed as one JSON array each.
_TEXT_CHUNK = 5000

_NO_TIME = datetime.min.replace(tzinfo=UTC)

TOGGLE_KEYS = ("needs_my_review", "unmatched", "duplicates", "conflicts")
"""The toggles of :class:`ApplicantFilter`, each the name of its attribute."""

COUNT_KEYS = ("all", *TOGGLE_KEYS)


@dataclass(frozen=True)
class _ParsedChecks:
    content_hash: str
    keys: frozenset[str]


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _ID_CHUNK):
        yield items[start : start + _ID_CHUNK]


def _stage_of(value: Any) -> Stage:
    return Stage.NEW if value is None else Stage(value)


class ApplicantQuery:
    """Read-only queries for the applicant list of one reviewer.

    Args:
        cache: The reviewer's local cache.
        reviewer_name: Whose checks count for "needs my review" and "my checks".
    """

    def __init__(self, cache: LocalCache, reviewer_name: str) -> None:
        self._cache = cache
        self._reviewer = reviewer_name
        self._checks: dict[int, _ParsedChecks] = {}
        # The window asks for ids and counts on a worker thread and for rows on the GUI
        # thread; the parsed checks are shared between them.
        self._checks_lock = threading.Lock()

    @property
    def reviewer_name(self) -> str:
        """Whose checks count."""
        return self._reviewer

    def ids(
        self,
        filter: ApplicantFilter | None = None,
        sort: SortKey = SortKey.SUBMITTED,
        descending: bool = True,
    ) -> list[str]:
        """Returns the ids of the applications ``filter`` keeps, in list order."""
        filter = filter or ApplicantFilter()
        with self._cache.read_session() as session:
            progress = (
                my_progress(self._check_keys(session), self._reviewer)
                if filter.needs_my_review
                else None
            )
            query = filtered(
                select(CachedApplication.id),
                filter,
                progress,
                with_decision=filter.stage is not None or sort == SortKey.STAGE,
            )
            return _fetch_column(session, query.order_by(*order_by(sort, descending)))

    def search_texts(self, ids: Sequence[str]) -> Iterator[str]:
        """Yields the search text of each of ``ids``, in their order ("" for one not cached).

        The text is the search table's: name, email and answers joined by newlines (see
        :mod:`reviewer_app.cache.search_index`). Read in one transaction, a block of ids
        at a time; :mod:`reviewer_app.applicants.search` searches it in memory.
        """
        with self._cache.read_session() as session:
            connection = session.connection()
            for start in range(0, len(ids), _TEXT_CHUNK):
                block = json.dumps(list(ids[start : start + _TEXT_CHUNK]))
                for (text,) in connection.exec_driver_sql(
                    f"SELECT coalesce(s.text, '') FROM json_each(?) AS j "
                    f"LEFT JOIN {SEARCH_TABLE} AS s ON s.id = j.value ORDER BY j.key",
                    (block,),
                ):
                    yield text

    def toggle_members(self) -> dict[str, frozenset[str]]:
        """Returns the ids each toggle keeps over the whole cache, by :data:`TOGGLE_KEYS`.

        The same conditions as :meth:`ids` with that toggle alone, read in one transaction.
        """
        members: dict[str, frozenset[str]] = {}
        with self._cache.read_session() as session:
            progress = my_progress(self._check_keys(session), self._reviewer)
            for key in TOGGLE_KEYS:
                alone: dict[str, Any] = {key: True}
                query = filtered(
                    select(CachedApplication.id),
                    ApplicantFilter(**alone),
                    progress if key == "needs_my_review" else None,
                    with_decision=False,
                )
                members[key] = frozenset(_fetch_column(session, query))
        return members

    def rows(self, ids: Sequence[str]) -> dict[str, ApplicantRow]:
        """Returns the display rows of ``ids`` (missing ids, e.g. erased, are left out)."""
        app = CachedApplication
        original = aliased(CachedApplication)
        rows: dict[str, ApplicantRow] = {}
        with self._cache.read_session() as session:
            check_keys = self._check_keys(session)
            for chunk in _chunks(ids):
                mine: dict[str, set[str]] = {}
                for app_id, key in session.execute(
                    select(CachedRequirementCheck.application_id, CachedRequirementCheck.check_key)
                    .where(CachedRequirementCheck.application_id.in_(chunk))
                    .where(CachedRequirementCheck.reviewer_name == self._reviewer)
                ):
                    mine.setdefault(app_id, set()).add(key)
                pointed_at = set(
                    session.scalars(
                        select(original.duplicate_of).where(original.duplicate_of.in_(chunk))
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
                        stage=_stage_of(row.stage),
                        is_duplicate=row.duplicate_of is not None or row.id in pointed_at,
                        has_conflict=row.id in conflicted,
                        checks_done=len(keys & mine.get(row.id, set())),
                        checks_total=len(keys),
                    )
        return rows

    def counts(self, base_filter: ApplicantFilter | None = None) -> dict[str, int]:
        """Returns how many applications each toggle would show, within ``base_filter``.

        The toggles of ``base_filter`` itself are ignored: the counts say what pressing
        one toggle alone would show. Keys are :data:`COUNT_KEYS`.
        """
        base = (base_filter or ApplicantFilter()).base()
        app = CachedApplication
        with self._cache.read_session() as session:
            progress = my_progress(self._check_keys(session), self._reviewer)
            toggles = {
                "needs_my_review": progress.needs if progress is not None else false(),
                "unmatched": app.position_id.is_(None),
                "duplicates": is_duplicate(),
                "conflicts": has_conflict(),
            }
            query = select(
                func.count(),
                *(
                    func.coalesce(func.sum(case((cond, 1), else_=0)), 0)
                    for cond in toggles.values()
                ),
            ).select_from(app)
            query = filtered(query, base, progress, with_decision=base.stage is not None)
            # Aggregates only: no ORM row processing is needed.
            values = session.connection().execute(query).one()
        return dict(zip(COUNT_KEYS, (int(v) for v in values), strict=True))

    def detail(self, application_id: str) -> ApplicantDetail:
        """Returns everything about one application.

        Raises:
            UnknownApplication: It is not in the cache (never synced, or erased).
        """
        with self._cache.read_session() as session:
            app = session.get(CachedApplication, application_id)
            if app is None:
                raise UnknownApplication(application_id)
            decision = session.get(CachedDecision, application_id)
            position = (
                session.get(CachedPosition, app.position_id)
                if app.position_id is not None
                else None
            )
            original = (
                session.get(CachedApplication, app.duplicate_of)
                if app.duplicate_of is not None
                else None
            )
            # Sorted here: an ORDER BY makes SQLite walk the submitted_at index and look
            # up every application (~250 ms at 100,000), where a scan takes ~40 ms.
            others = sorted(
                session.execute(
                    select(
                        CachedApplication.id,
                        CachedApplication.name,
                        CachedApplication.submitted_at,
                    ).where(CachedApplication.duplicate_of == application_id)
                ).all(),
                key=lambda r: (r.submitted_at is None, r.submitted_at or _NO_TIME, r.id),
            )
            has_conflict = (
                session.scalar(
                    select(func.count())
                    .select_from(Conflict)
                    .where(Conflict.application_id == application_id)
                    .where(Conflict.resolved_at.is_(None))
                )
                or 0
            ) > 0
            return ApplicantDetail(
                id=app.id,
                name=app.name,
                email=app.email,
                submitted_at=app.submitted_at,
                position_typed=app.position_typed,
                stage=_stage_of(decision.stage if decision else None),
                reason=decision.reason if decision else None,
                answers=[_answer_pair(item) for item in app.answers or []],
                position=(
                    PositionVersion(
                        id=position.id,
                        slug=position.slug,
                        version=position.version,
                        title=position.title,
                        source=position.source,
                    )
                    if position is not None
                    else None
                ),
                duplicate_of=(
                    ApplicantRef(original.id, original.name, original.submitted_at)
                    if original is not None
                    else None
                ),
                duplicates=[ApplicantRef(r.id, r.name, r.submitted_at) for r in others],
                has_conflict=has_conflict,
            )

    def positions(self) -> list[PositionVersion]:
        """Returns the newest version of every cached position, by title."""
        newest = (
            select(CachedPosition.slug, func.max(CachedPosition.version).label("version"))
            .group_by(CachedPosition.slug)
            .subquery()
        )
        with self._cache.read_session() as session:
            result = session.scalars(
                select(CachedPosition)
                .join(
                    newest,
                    and_(
                        CachedPosition.slug == newest.c.slug,
                        CachedPosition.version == newest.c.version,
                    ),
                )
                .order_by(func.lower(CachedPosition.title), CachedPosition.slug)
            )
            return [PositionVersion(p.id, p.slug, p.version, p.title, p.source) for p in result]

    def check_keys(self, position_id: int) -> frozenset[str]:
        """Returns the check keys of one cached position version (empty if unknown)."""
        with self._cache.read_session() as session:
            return self._check_keys(session).get(position_id, frozenset())

    def _check_keys(self, session: Session) -> dict[int, frozenset[str]]:
        """Returns the check keys of every cached position version, parsing only new ones."""
        with self._checks_lock:
            return self._check_keys_locked(session)

    def _check_keys_locked(self, session: Session) -> dict[int, frozenset[str]]:
        current = {
            pid: digest
            for pid, digest in session.execute(
                select(CachedPosition.id, CachedPosition.content_hash)
            )
        }
        stale = [
            pid
            for pid, digest in current.items()
            if pid not in self._checks or self._checks[pid].content_hash != digest
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
                keys = frozenset(check.key for check in parse_position(source, slug).checks)
                self._checks[pid] = _ParsedChecks(digest, keys)
        for gone in set(self._checks) - set(current):
            del self._checks[gone]
        return {pid: parsed.keys for pid, parsed in self._checks.items()}


def _fetch_column(session: Session, query: Select[Any]) -> list[str]:
    """Runs ``query`` and returns its one column as a list.

    Executed as the driver's SQL: building a result row per id through SQLAlchemy
    doubles the time of a 100,000-row list.
    """
    connection = session.connection()
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    return [row[0] for row in connection.exec_driver_sql(compiled.string, params)]


def _answer_pair(item: Any) -> tuple[str, str]:
    if isinstance(item, list | tuple) and len(item) == 2:
        return str(item[0]), "" if item[1] is None else str(item[1])
    return "", str(item)


__all__ = [
    "COUNT_KEYS",
    "TOGGLE_KEYS",
    "ApplicantFilter",
    "ApplicantQuery",
    "SortKey",
]
