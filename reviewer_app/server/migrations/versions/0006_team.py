"""A team: reviewer logins, disabled reviewers, the team's group roles, decision devices.

Revision ID: 0006_team
Revises: 0005_erasures
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_team"
down_revision = "0005_erasures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Adds reviewers.login and disabled_at, decisions.decided_device, team_roles."""
    with op.batch_alter_table("reviewers") as batch:
        batch.add_column(sa.Column("login", sa.String(length=63), nullable=True))
        batch.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_unique_constraint(op.f("uq_reviewers_login"), ["login"])
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("decided_device", sa.String(length=36), nullable=True))
    op.create_table(
        "team_roles",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_team_roles")),
    )


def downgrade() -> None:
    """Removes what upgrade added."""
    op.drop_table("team_roles")
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("decided_device")
    with op.batch_alter_table("reviewers") as batch:
        batch.drop_constraint(op.f("uq_reviewers_login"), type_="unique")
        batch.drop_column("disabled_at")
        batch.drop_column("login")
