"""A check result can be cleared and a note deleted: both stay rows, so both sync.

Revision ID: 0008_clear_and_delete
Revises: 0007_server_authorship
Create Date: 2026-12-08

``requirement_checks.result`` becomes nullable (NULL: the reviewer cleared it) and
``notes`` gets ``deleted_at`` (the author deleted it; the body is emptied, which a
CHECK constraint holds the server to). Neither is a DELETE: a reviewer's login still
may not delete rows, and the authorship triggers of 0007 let only the author change
(clear, delete) their own check or note.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_clear_and_delete"
down_revision = "0007_server_authorship"
branch_labels = None
depends_on = None

CHECK_RESULTS = ("met", "not_met", "unsure")


def _result(constraint_name: str) -> sa.Enum:
    # As 0001 made it: text plus a CHECK constraint (spelled out, see 0001's _choice).
    return sa.Enum(
        *CHECK_RESULTS,
        name=op.f(constraint_name),
        native_enum=False,
        create_constraint=True,
        length=16,
    )


def upgrade() -> None:
    """Makes results nullable; adds notes.deleted_at and the empty-tombstone rule."""
    with op.batch_alter_table("requirement_checks") as batch:
        batch.alter_column(
            "result",
            existing_type=_result("ck_requirement_checks_check_result"),
            existing_nullable=False,
            nullable=True,
        )
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_check_constraint(
            op.f("ck_notes_deleted_is_empty"), "deleted_at IS NULL OR body = ''"
        )


def downgrade() -> None:
    """Removes deleted notes' tombstones and cleared checks, then the columns' changes."""
    op.execute("DELETE FROM notes WHERE deleted_at IS NOT NULL")
    op.execute("DELETE FROM requirement_checks WHERE result IS NULL")
    with op.batch_alter_table("notes") as batch:
        batch.drop_constraint(op.f("ck_notes_deleted_is_empty"), type_="check")
        batch.drop_column("deleted_at")
    with op.batch_alter_table("requirement_checks") as batch:
        batch.alter_column(
            "result",
            existing_type=_result("ck_requirement_checks_check_result"),
            existing_nullable=True,
            nullable=False,
        )
