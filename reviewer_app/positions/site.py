"""Where a folder's pages live on the organisation's site, so that their links work here.

A page copied from the site links to its neighbours relatively ("./event-organizer",
"../handbook"). Such a link means something only against the page's own address: the
folder's ``site_url`` (``_site.toml`` beside the pages, by default
:data:`DEFAULT_SITE_URL`) followed by the page's slug, unless the page's frontmatter
gives a ``site_url`` of its own.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from reviewer_app.config.paths import positions_dir
from reviewer_app.errors import UserError

DEFAULT_SITE_URL = "https://couchers.org/volunteer/"
SITE_FILE = "_site.toml"


def site_url_problem(value: object) -> str | None:
    """Says what is wrong with a ``site_url`` value, or None when it is an absolute address."""
    if not isinstance(value, str) or not value.strip():
        return "must be an address such as 'https://couchers.org/volunteer/'"
    parts = urlsplit(value.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return f"must be an absolute http(s) address (found {value!r})"
    return None


def normal_site_url(value: str) -> str:
    """Returns a site URL ending in "/", so that a slug goes below it, not beside it."""
    value = value.strip()
    return value if value.endswith("/") else value + "/"


def page_url(site_url: str, slug: str) -> str:
    """Returns a page's own address: "https://couchers.org/volunteer/" and "translator"
    give "https://couchers.org/volunteer/translator"."""
    return normal_site_url(site_url) + slug


def organisation_name(site_url: str) -> str:
    """Returns the organisation's name as its site's host spells it.

    "https://couchers.org/volunteer/" gives "Couchers.org", the name the positions use.
    """
    host = (urlsplit(site_url.strip()).hostname or "").removeprefix("www.")
    return host[:1].upper() + host[1:] if host else site_url.strip()


def folder_site_url(folder: Path) -> str:
    """Returns the ``site_url`` of a folder of pages, the default when it has no ``_site.toml``.

    Raises:
        UserError: The file cannot be read, is not TOML, or its ``site_url`` is wrong.
    """
    path = folder / SITE_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return DEFAULT_SITE_URL
    except OSError as exc:
        reason = exc.strerror or exc
        raise UserError(f"Cannot read {path}: {reason}; check that you may read it.") from exc
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(
            f"{path} is not valid TOML ({exc}): write it as site_url = "
            f'"{DEFAULT_SITE_URL}", or delete it to use that address.'
        ) from exc
    value = table.get("site_url", DEFAULT_SITE_URL)
    problem = site_url_problem(value)
    if problem is not None:
        raise UserError(f"{path}: site_url {problem}.")
    return normal_site_url(str(value))


@functools.lru_cache(maxsize=1)
def shipped_site_url() -> str:
    """The ``site_url`` of the shipped positions folder, for versions read from the cache.

    Published versions carry only their Markdown, so the window resolves their links
    as the shipped folder says; a folder it cannot read gives the default.
    """
    try:
        return folder_site_url(positions_dir())
    except (UserError, FileNotFoundError):
        return DEFAULT_SITE_URL
