"""Tests of the name's sort key written by a pull (reviewer_app/sync/pull.py)."""

from __future__ import annotations

from sqlalchemy import select

from reviewer_app.applicants.queries import ApplicantQuery, SortKey
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication
from reviewer_app.domain.name_order import name_sort_key
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.sync import Syncer
from reviewer_app.sync.page import read_page
from reviewer_app.sync.pull import apply_page
from tests.sync_support import OpenCache, add_applications


def _rename(db: SharedDatabase, names: dict[str, str]) -> None:
    with db.session() as session:
        for application_id, name in names.items():
            session.get_one(models.Application, application_id).name = name


def _keys(cache: LocalCache) -> dict[str, str]:
    with cache.read_session() as session:
        rows = session.execute(select(CachedApplication.id, CachedApplication.name_key))
        return {id_: key for id_, key in rows}


def test_first_and_later_syncs_write_the_key_of_every_name(
    db: SharedDatabase, open_cache: OpenCache
) -> None:
    ids = add_applications(db, 4)
    first = dict(zip(ids, ["Zoë Adeyemi", "ana lima", "Ágata", "Bruno"], strict=True))
    _rename(db, first)
    cache = open_cache("rae")
    Syncer(cache, db, "Rae").sync()  # a first sync: the bulk load into an empty cache
    assert _keys(cache) == {i: name_sort_key(n) for i, n in first.items()}
    by_name = ApplicantQuery(cache, "Rae").ids(sort=SortKey.NAME, descending=False)
    assert by_name == [ids[2], ids[1], ids[3], ids[0]]

    later = {ids[0]: "Aaron", ids[3]: "Łukasz"}
    _rename(db, later)
    (new,) = add_applications(db, 1)
    Syncer(cache, db, "Rae").sync()
    assert _keys(cache) == {
        **{i: name_sort_key(n) for i, n in (first | later).items()},
        new: name_sort_key(_name_of(cache, new)),
    }
    by_name = ApplicantQuery(cache, "Rae").ids(sort=SortKey.NAME, descending=False)
    assert by_name == [ids[0], ids[2], ids[1], new, ids[3]]


def _name_of(cache: LocalCache, application_id: str) -> str:
    with cache.read_session() as session:
        return session.get_one(CachedApplication, application_id).name


def test_the_keys_are_made_as_a_page_is_read_and_written_as_made(
    db: SharedDatabase, open_cache: OpenCache
) -> None:
    # The reading thread makes them (while the page before is written): the writing
    # thread takes them as they are, making only those a page lacks.
    ids = add_applications(db, 3)
    _rename(db, dict(zip(ids, ["Émile", "bruno", "Ana"], strict=True)))
    cache = open_cache("rae")
    with db.engine.connect() as connection, connection.begin():
        page = read_page(connection, 0, 100, count_remaining=False, excluded_applications=None)
    names = ["Émile", "bruno", "Ana"]
    assert page.name_keys == {i: name_sort_key(n) for i, n in zip(ids, names, strict=True)}
    page.name_keys[ids[0]] = "made on the reading thread"
    del page.name_keys[ids[1]]
    with cache.session() as session:
        apply_page(session, page, "Rae")
    assert _keys(cache) == {
        ids[0]: "made on the reading thread",
        ids[1]: name_sort_key("bruno"),
        ids[2]: name_sort_key("Ana"),
    }


def test_the_windows_sync_makes_the_keys_as_it_writes(
    db: SharedDatabase, open_cache: OpenCache
) -> None:
    # A page read for the window (applied in parts) carries no keys: made in one go on
    # the reading thread, they held up the window's key presses.
    ids = add_applications(db, 2)
    _rename(db, dict(zip(ids, ["Ágata", "bruno"], strict=True)))
    with db.engine.connect() as connection, connection.begin():
        page = read_page(
            connection, 0, 100, count_remaining=False, excluded_applications=None, name_keys=False
        )
    assert page.name_keys == {}
    cache = open_cache("rae")
    syncer = Syncer(cache, db, "Rae")
    syncer.rows_per_part = 1
    syncer.sync()
    assert _keys(cache) == {ids[0]: name_sort_key("Ágata"), ids[1]: name_sort_key("bruno")}
