"""The shared database gets an identity, so a cache never mixes two databases.

Revision ID: 0004_instance
Revises: 0003_applied_op_app
Create Date: 2026-11-28
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0004_instance"
down_revision = "0003_applied_op_app"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Creates shared_instance with one random id."""
    table = op.create_table(
        "shared_instance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shared_instance")),
    )
    op.bulk_insert(table, [{"id": 1, "instance_id": str(uuid.uuid4())}])


def downgrade() -> None:
    """Drops shared_instance."""
    op.drop_table("shared_instance")
