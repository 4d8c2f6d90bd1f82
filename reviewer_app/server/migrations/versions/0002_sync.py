"""Sync bookkeeping: tombstones of deletions and client operations already applied.

Revision ID: 0002_sync
Revises: 0001_initial
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_sync"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Creates the tombstones and applied_operations tables."""
    op.create_table(
        "tombstones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tombstones")),
    )
    op.create_index("ix_tombstones_entity", "tombstones", ["entity", "entity_id"], unique=False)
    op.create_index(op.f("ix_tombstones_revision"), "tombstones", ["revision"], unique=False)

    op.create_table(
        "applied_operations",
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["reviewers.id"],
            name=op.f("fk_applied_operations_reviewer_id_reviewers"),
        ),
        sa.PrimaryKeyConstraint("op_id", name=op.f("pk_applied_operations")),
    )


def downgrade() -> None:
    """Drops the sync bookkeeping tables."""
    op.drop_table("applied_operations")
    op.drop_table("tombstones")
