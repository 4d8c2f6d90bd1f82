"""Applied operations name their application, so an erasure can scrub their outcomes.

Revision ID: 0003_applied_op_app
Revises: 0002_sync
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_applied_op_app"
down_revision = "0002_sync"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Adds applied_operations.application_id (NULL for rows recorded before)."""
    with op.batch_alter_table("applied_operations") as batch:
        batch.add_column(sa.Column("application_id", sa.String(length=36), nullable=True))
    op.create_index(
        op.f("ix_applied_operations_application_id"),
        "applied_operations",
        ["application_id"],
        unique=False,
    )


def downgrade() -> None:
    """Drops applied_operations.application_id."""
    op.drop_index(op.f("ix_applied_operations_application_id"), "applied_operations")
    with op.batch_alter_table("applied_operations") as batch:
        batch.drop_column("application_id")
