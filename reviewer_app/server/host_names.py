"""Whether a server's host name can be looked up at all, before a connection tries it.

A name with an empty part ("db..example.org"), a part over 63 characters, or an
invisible character (a right-to-left override) made the connection fail deep in the
resolver with a traceback; said here instead, in words.
"""

from __future__ import annotations

import ipaddress
import unicodedata

_MAX_NAME = 253
_MAX_LABEL = 63


def host_problem(host: str) -> str | None:
    """Why ``host`` cannot name a server, or None when it can.

    Addresses (IPv4, IPv6), a socket folder ("/var/run/postgresql") and libpq's
    comma-separated lists of hosts are accepted.
    """
    for name in host.split(","):
        problem = _name_problem(name.strip())
        if problem is not None:
            return problem
    return None


def _name_problem(name: str) -> str | None:
    if not name or name.startswith("/"):
        return None
    try:
        ipaddress.ip_address(name)
        return None
    except ValueError:
        pass
    if any(unicodedata.category(character) in ("Cc", "Cf") for character in name):
        return "holds an invisible or control character"
    if len(name) > _MAX_NAME:
        return f"is longer than {_MAX_NAME} characters"
    labels = name.removesuffix(".").split(".")
    if any(not label for label in labels):
        return "has an empty part between dots"
    if any(len(label) > _MAX_LABEL for label in labels):
        return f"has a part longer than {_MAX_LABEL} characters"
    try:
        name.encode("idna")
    except UnicodeError:
        return "is not a valid host name"
    return None
