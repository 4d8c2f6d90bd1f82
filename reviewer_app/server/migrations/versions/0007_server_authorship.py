"""The server decides who wrote what: authorship and revision triggers (PostgreSQL).

Revision ID: 0007_server_authorship
Revises: 0006_team
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

from reviewer_app.server.authorship_sql import downgrade_statements, upgrade_statements

revision = "0007_server_authorship"
down_revision = "0006_team"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Creates the functions and triggers of server authorship (none on SQLite).

    The embedded SQLite database is single-user: identity there is the local reviewer.
    """
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in upgrade_statements():
        op.execute(statement)


def downgrade() -> None:
    """Removes them."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in downgrade_statements():
        op.execute(statement)
