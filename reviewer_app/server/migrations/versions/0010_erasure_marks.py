"""Erasure records keep marks: keyed hashes that know the application read anew.

Revision ID: 0010_erasure_marks
Revises: 0009_coordination
Create Date: 2026-12-10

``erasures.marks`` holds keyed hashes (HMAC-SHA256 with the erasure key, and the
normalised email) of the erased application's submitted time, answers, name and
position (:mod:`reviewer_app.server.erasure_marks`), so that a re-import that derives
the response's id anew still skips it. Records made before stay NULL: the application
is gone, its fields cannot be hashed now; an import still knows them by the response
id's hash, and by the ids a derived id may have had before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_erasure_marks"
down_revision = "0009_coordination"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Adds the nullable erasures.marks."""
    with op.batch_alter_table("erasures") as batch:
        batch.add_column(sa.Column("marks", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drops erasures.marks."""
    with op.batch_alter_table("erasures") as batch:
        batch.drop_column("marks")
