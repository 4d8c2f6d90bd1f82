"""Coordinating the team: assignments, contacts with applicants, interview times.

Revision ID: 0009_coordination
Revises: 0008_clear_and_delete
Create Date: 2026-12-05

Three mirrored tables, each row with a revision from the one counter. Nothing is ever
DELETEd by a reviewer: an assignment removed and a contact taken back keep their row
with ``removed_at`` set (as a deleted note keeps its row), an interview time cleared
keeps its row with ``starts_at`` NULL. On PostgreSQL the authorship trigger of 0007
stamps who did it (``assigned_by``, ``reviewer_id``, ``set_by``) from ``session_user``
and the revision; any reviewer may assign anyone and set any interview time, only a
contact's author may change it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from reviewer_app.server.authorship_sql import (
    STAMPED_TABLES_0009,
    stamp_statements,
    unstamp_statements,
)

revision = "0009_coordination"
down_revision = "0008_clear_and_delete"
branch_labels = None
depends_on = None


def _revision() -> sa.Column[int]:
    return sa.Column("revision", sa.BigInteger(), nullable=False)


def _time(name: str, *, nullable: bool = False) -> sa.Column[sa.DateTime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{columns[0]}"), table, list(columns), unique=False)


def _application_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["application_id"],
        ["applications.id"],
        name=op.f(f"fk_{table}_application_id_applications"),
        ondelete="CASCADE",
    )


def _reviewer_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["reviewers.id"], name=op.f(f"fk_{table}_{column}_reviewers")
    )


def upgrade() -> None:
    """Creates assignments, contacts and interviews, and their triggers on PostgreSQL."""
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by", sa.Integer(), nullable=True),
        _time("assigned_at"),
        _time("removed_at", nullable=True),
        _revision(),
        _application_fk("assignments"),
        _reviewer_fk("assignments", "reviewer_id"),
        _reviewer_fk("assignments", "assigned_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
        sa.UniqueConstraint(
            "application_id", "reviewer_id", name=op.f("uq_assignments_application_id")
        ),
    )
    _index("assignments", "application_id")
    _index("assignments", "reviewer_id")
    _index("assignments", "revision")
    op.create_table(
        "contacts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("template_slug", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        _time("contacted_at"),
        _time("removed_at", nullable=True),
        _revision(),
        _application_fk("contacts"),
        _reviewer_fk("contacts", "reviewer_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    _index("contacts", "application_id")
    _index("contacts", "reviewer_id")
    _index("contacts", "revision")
    op.create_table(
        "interviews",
        sa.Column("application_id", sa.String(length=36), nullable=False),
        _time("starts_at", nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("set_by", sa.Integer(), nullable=True),
        _time("set_at"),
        _revision(),
        _application_fk("interviews"),
        _reviewer_fk("interviews", "set_by"),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_interviews")),
    )
    _index("interviews", "revision")
    if op.get_bind().dialect.name == "postgresql":
        for statement in stamp_statements(STAMPED_TABLES_0009):
            op.execute(statement)


def downgrade() -> None:
    """Drops them (and their triggers)."""
    if op.get_bind().dialect.name == "postgresql":
        for statement in unstamp_statements(STAMPED_TABLES_0009):
            op.execute(statement)
    op.drop_table("interviews")
    op.drop_table("contacts")
    op.drop_table("assignments")
