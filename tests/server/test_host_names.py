"""Host names that cannot name a server are told before a connection tries them."""

from __future__ import annotations

import pytest

from reviewer_app.errors import UserError
from reviewer_app.server.database import parse_shared_url
from reviewer_app.server.host_names import host_problem


@pytest.mark.parametrize(
    "host",
    ["db.example.org", "localhost", "127.0.0.1", "::1", "/var/run/postgresql", "h1,h2.example",
     "bücher.example", "db.example.org."],
)  # fmt: skip
def test_usable_hosts(host: str) -> None:
    assert host_problem(host) is None


@pytest.mark.parametrize(
    ("host", "problem"),
    [
        ("db..example.org", "has an empty part between dots"),
        ("db\u202eexample.org", "holds an invisible or control character"),
        ("a" * 64 + ".example.org", "has a part longer than 63 characters"),
        ("a." * 130 + "org", "is longer than 253 characters"),
    ],
)
def test_hosts_no_resolver_takes(host: str, problem: str) -> None:
    assert host_problem(host) == problem


def test_a_url_with_such_a_host_is_refused_in_words() -> None:
    said = r"host 'db\.\.example\.org' has an empty part between dots"
    with pytest.raises(UserError, match=said):
        parse_shared_url("postgresql://u@db..example.org/x")
