"""The text the applicant list's search looks in, one row per application.

``application_search`` holds each application's name, email and answers (not the
questions) joined by newlines; triggers keep it in step with ``applications`` whatever
writes there (sync, rebuild, tests). The list's search (in memory, see
:mod:`reviewer_app.applicants.search`) reads it in one scan of one column, where decoding
every application's answers JSON took ~250 ms at 100,000.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, MetaData, String, Table, Text

SEARCH_TABLE = "application_search"

# A table of its own, not a model of CacheBase: the sync and the rebuild mirror the
# models' tables, and this one is derived from ``applications`` by the triggers below.
search_table = Table(
    SEARCH_TABLE,
    MetaData(),
    Column("id", String, primary_key=True),
    Column("text", Text, nullable=False),
)


def _text_of(row: str) -> str:
    # The answers are [[question, answer], ...]; only the answers are searched, as
    # decoded text, as the applicant view shows them (a bare string item is an answer).
    answer = (
        "CASE qa.type WHEN 'array' THEN json_extract(qa.value, '$[1]') "
        "WHEN 'text' THEN qa.value END"
    )
    return (
        f"coalesce({row}.name, '') || char(10) || coalesce({row}.email, '') || char(10) || "
        f"coalesce(CASE WHEN json_valid({row}.answers) THEN (SELECT group_concat({answer}, "
        f"char(10)) FROM json_each({row}.answers) AS qa) END, '')"
    )


def create_search_index(connection: Connection) -> None:
    """Creates the search table and its triggers, and fills it from ``applications``."""
    connection.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} "
        "(id VARCHAR NOT NULL PRIMARY KEY, text TEXT NOT NULL)"
    )
    connection.exec_driver_sql(
        f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_insert AFTER INSERT ON applications "
        f"BEGIN INSERT OR REPLACE INTO {SEARCH_TABLE} (id, text) "
        f"VALUES (NEW.id, {_text_of('NEW')}); END"
    )
    connection.exec_driver_sql(
        f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_update "
        "AFTER UPDATE OF id, name, email, answers ON applications "
        f"BEGIN DELETE FROM {SEARCH_TABLE} WHERE id = OLD.id; "
        f"INSERT OR REPLACE INTO {SEARCH_TABLE} (id, text) "
        f"VALUES (NEW.id, {_text_of('NEW')}); END"
    )
    connection.exec_driver_sql(
        f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_delete AFTER DELETE ON applications "
        f"BEGIN DELETE FROM {SEARCH_TABLE} WHERE id = OLD.id; END"
    )
    connection.exec_driver_sql(
        f"INSERT OR REPLACE INTO {SEARCH_TABLE} (id, text) "
        f"SELECT applications.id, {_text_of('applications')} FROM applications"
    )
