"""Erasure records (keyed hashes, never values) and their per-database secret key.

Revision ID: 0005_erasures
Revises: 0004_instance
Create Date: 2026-12-01
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0005_erasures"
down_revision = "0004_instance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Creates erasure_key with one random secret, and the empty erasures table."""
    key = op.create_table(
        "erasure_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure_key")),
    )
    op.bulk_insert(key, [{"id": 1, "secret": secrets.token_hex(32)}])
    op.create_table(
        "erasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_hash", sa.String(length=64), nullable=False),
        sa.Column("email_hash", sa.String(length=64), nullable=True),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasures")),
        sa.UniqueConstraint("response_hash", name=op.f("uq_erasures_response_hash")),
    )
    op.create_index(op.f("ix_erasures_email_hash"), "erasures", ["email_hash"], unique=False)
    op.create_index(
        op.f("ix_erasures_application_id"), "erasures", ["application_id"], unique=False
    )


def downgrade() -> None:
    """Drops the erasure records and their key."""
    op.drop_index(op.f("ix_erasures_application_id"), "erasures")
    op.drop_index(op.f("ix_erasures_email_hash"), "erasures")
    op.drop_table("erasures")
    op.drop_table("erasure_key")
