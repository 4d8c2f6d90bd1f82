"""The text the applicant list's search looks in: name, email and answers of an application.

It is computed by SQLite from the ``applications`` row when the search reads it (see
:mod:`reviewer_app.applicants.search`, which folds and keeps it in memory), not stored.
Cache versions 3 to 10 kept it in a table of its own, filled by triggers: that doubled the
answers on disk and made every application written by a sync cost twice as much (about
2 s of a first sync of 100,000 applications), to save about 0.6 s on the first search of
a session, which runs in the background and with SQLite releasing the GIL.
"""

from __future__ import annotations

from sqlalchemy import Connection

OLD_SEARCH_TABLE = "application_search"


def search_text_sql(row: str) -> str:
    """The SQL expression of an application's search text, for the ``applications`` alias ``row``.

    The answers are ``[[question, answer], ...]``: only the answers are searched, as decoded
    text, as the applicant view shows them (a bare string item is an answer). Parts are
    joined by newlines; a row that is missing (an outer join) gives "".
    """
    answer = (
        "CASE qa.type WHEN 'array' THEN json_extract(qa.value, '$[1]') "
        "WHEN 'text' THEN qa.value END"
    )
    return (
        f"CASE WHEN {row}.id IS NULL THEN '' ELSE "
        f"coalesce({row}.name, '') || char(10) || coalesce({row}.email, '') || char(10) || "
        f"coalesce(CASE WHEN json_valid({row}.answers) THEN (SELECT group_concat({answer}, "
        f"char(10)) FROM json_each({row}.answers) AS qa) END, '') END"
    )


def drop_search_table(connection: Connection) -> None:
    """Drops the stored search table of cache versions 3 to 10 and its triggers."""
    for trigger in ("insert", "update", "delete"):
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {OLD_SEARCH_TABLE}_{trigger}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {OLD_SEARCH_TABLE}")
