"""Tests of server_label (reviewer_app/ui/window/joining.py): a team's server as named."""

from __future__ import annotations

import pytest

from reviewer_app.ui.window.joining import DataSource, server_label


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("postgresql+psycopg://ana@db.example.org/reviewers", "db.example.org/reviewers"),
        ("postgresql+psycopg://ana@db.example.org:5432/reviewers", "db.example.org/reviewers"),
        ("postgresql+psycopg://ana@127.0.0.1:5999/none", "127.0.0.1:5999/none"),
        ("postgresql+psycopg://ana@[::1]:6543/team", "[::1]:6543/team"),
        ("postgresql+psycopg://ana@/team", "localhost/team"),
    ],
)
def test_a_server_is_named_by_host_port_and_database(url: str, label: str) -> None:
    assert server_label(url) == label


def test_two_teams_on_one_host_are_told_apart() -> None:
    one = DataSource(url="postgresql+psycopg://ana@10.0.0.5:5433/team", login="ana")
    other = DataSource(url="postgresql+psycopg://ana@10.0.0.5:5434/team", login="ana")
    assert one.describe() != other.describe()
    assert one.describe() == "Team: 10.0.0.5:5433/team as ana"
