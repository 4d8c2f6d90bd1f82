"""The services a window works with, over the cache of the shared database in use.

Each shared database has a cache of its own (``config/databases.py`` chooses its
folder): the window opens the one of the database the settings (or REVIEWER_SHARED_DB,
or ``--shared``) name, and says which database that is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.config.credentials import PasswordStore
from reviewer_app.config.databases import Databases, KnownDatabase, bare_url
from reviewer_app.config.settings import Settings, resolve_shared_url
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.undo import UndoHistory
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.joining import (
    DEMO,
    DataSource,
    override_reason,
    server_label,
    url_login,
)


@dataclass
class Services:
    """Everything the window works with, made once per database shown.

    Attributes:
        reviewer_name: Who the work is by: the server's name for the login the
            database was joined as, else the settings' (the demo).
        source: Where the data comes from, as the window says it.
        cache_dir: The folder of the cache (the data folder for the first database).
    """

    settings: Settings
    cache: LocalCache
    review: ReviewService
    query: ApplicantQuery
    catalogue: PositionCatalogue
    runner: TaskRunner
    connection: SharedConnection
    passwords: PasswordStore
    source: DataSource
    cache_dir: Path
    reviewer_name: str

    def close(self) -> None:
        """Finishes the queued work, then closes the cache."""
        self.runner.shutdown()
        self.cache.close()


def build_services(
    data_dir: Path,
    settings: Settings,
    passwords: PasswordStore | None = None,
    *,
    shared: str | None = None,
    password: str | None = None,
    check_cache: bool = True,
) -> Services:
    """Opens the cache of the database in use and makes the services (no Qt widgets yet).

    Args:
        data_dir: The reviewer's data folder.
        settings: The reviewer's settings.
        passwords: Where shared database passwords are kept (default: the system keyring).
        shared: ``--shared``: a URL that wins over the environment and the settings.
        password: A password given this session for the database in use (an invitation
            opened without a keyring), or None.
        check_cache: Run the cache's quick check here; False leaves it to the window
            (:mod:`~reviewer_app.ui.window.cache_check`), off the path to its first paint.

    Raises:
        UserError: The cache or the shared database URL is unusable.
    """
    url, embedded = resolve_shared_url(shared, data_dir)
    passwords = passwords if passwords is not None else PasswordStore()
    connection = SharedConnection.from_url(url, embedded=embedded, passwords=passwords)
    if password is not None:
        connection.password = password
    databases = Databases(data_dir)
    known = known_database(databases, connection.url)
    override = override_reason(shared)
    if embedded:
        source = DataSource(override=override)
    else:
        source = DataSource(
            connection.url,
            (known.label if known else "") or server_label(connection.url),
            (known.login if known else "") or url_login(connection.url),
            override,
        )
    # The folder last used for this URL; a new one for a database never seen (its
    # instance is bound at the first sync, and a cache of another one is refused).
    if embedded:  # named for the other databases' windows ("2 changes waiting for …")
        cache_dir = databases.remember(connection.url, None, label=DEMO).folder
    else:
        cache_dir = databases.cache_folder(connection.url, known.instance_id if known else None)
    cache = LocalCache.open(cache_dir, check=check_cache)
    name = (known.reviewer_name if known is not None else "") or settings.reviewer_name
    catalogue = PositionCatalogue()
    # What Edit → Undo takes back: one history per window session (a database switched
    # to starts with none).
    history = UndoHistory(blind=settings.blind_review)
    return Services(
        settings=settings,
        cache=cache,
        review=ReviewService(cache, name, history=history),
        query=ApplicantQuery(
            cache,
            name,
            catalogue=catalogue,
            needs_review_includes_unassigned=settings.needs_review_includes_unassigned,
        ),
        catalogue=catalogue,
        runner=TaskRunner(),
        connection=connection,
        passwords=passwords,
        source=source,
        cache_dir=cache_dir,
        reviewer_name=name,
    )


def known_database(databases: Databases, url: str) -> KnownDatabase | None:
    """What the data folder knows of the database at ``url``, if it was used before."""
    key = bare_url(url)
    return next((known for known in databases.known() if key in known.urls), None)
