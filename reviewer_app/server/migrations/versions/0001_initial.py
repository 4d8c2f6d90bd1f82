"""Initial schema: reviewers, positions, applications and the review records.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

STAGES = ("new", "screening", "interview", "accepted", "declined", "withdrawn", "on_hold")
CHECK_RESULTS = ("met", "not_met", "unsure")
NOTE_KINDS = ("triage", "interview")


def _choice(constraint_name: str, values: tuple[str, ...]) -> sa.Enum:
    # Text plus a CHECK constraint, as the models declare. The constraint name is spelled
    # out (op.f) so this revision never changes with the models' naming convention.
    return sa.Enum(
        *values, name=op.f(constraint_name), native_enum=False, create_constraint=True, length=16
    )


def _revision() -> sa.Column[int]:
    return sa.Column("revision", sa.BigInteger(), nullable=False)


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{columns[0]}"), table, list(columns), unique=False)


def upgrade() -> None:
    """Creates the tables of the first schema and the revision counter row."""
    op.create_table(
        "sync_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_counter")),
    )
    op.execute(sa.text("INSERT INTO sync_counter (id, value) VALUES (1, 0)"))

    op.create_table(
        "reviewers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _revision(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviewers")),
        sa.UniqueConstraint("name", name=op.f("uq_reviewers_name")),
    )
    _index("reviewers", "revision")

    op.create_table(
        "positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("crumb", sa.String(length=300), nullable=True),
        sa.Column("apply_as", sa.String(length=300), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        _revision(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_positions")),
        sa.UniqueConstraint("slug", "version", name=op.f("uq_positions_slug")),
    )
    _index("positions", "revision")
    _index("positions", "slug")

    op.create_table(
        "applications",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("response_id", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("position_typed", sa.Text(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("duplicate_of", sa.String(length=36), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _revision(),
        sa.ForeignKeyConstraint(
            ["duplicate_of"],
            ["applications.id"],
            name=op.f("fk_applications_duplicate_of_applications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_applications_position_id_positions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("response_id", name=op.f("uq_applications_response_id")),
    )
    _index("applications", "email")
    _index("applications", "position_id")
    _index("applications", "revision")

    op.create_table(
        "requirement_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("check_key", sa.String(length=100), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column(
            "result", _choice("ck_requirement_checks_check_result", CHECK_RESULTS), nullable=False
        ),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _revision(),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_requirement_checks_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["reviewers.id"],
            name=op.f("fk_requirement_checks_reviewer_id_reviewers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirement_checks")),
        sa.UniqueConstraint(
            "application_id",
            "check_key",
            "reviewer_id",
            name=op.f("uq_requirement_checks_application_id"),
        ),
    )
    _index("requirement_checks", "application_id")
    _index("requirement_checks", "reviewer_id")
    _index("requirement_checks", "revision")

    op.create_table(
        "notes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("kind", _choice("ck_notes_note_kind", NOTE_KINDS), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        _revision(),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_notes_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["reviewers.id"], name=op.f("fk_notes_author_id_reviewers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    _index("notes", "application_id")
    _index("notes", "author_id")
    _index("notes", "revision")

    op.create_table(
        "decisions",
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("stage", _choice("ck_decisions_stage", STAGES), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        _revision(),
        sa.CheckConstraint(
            "stage <> 'declined' OR (reason IS NOT NULL AND reason <> '')",
            name=op.f("ck_decisions_declined_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_decisions_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["reviewers.id"], name=op.f("fk_decisions_decided_by_reviewers")
        ),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_decisions")),
    )
    _index("decisions", "revision")

    op.create_table(
        "decision_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("stage", _choice("ck_decision_history_stage", STAGES), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        _revision(),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_decision_history_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["reviewers.id"],
            name=op.f("fk_decision_history_decided_by_reviewers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_history")),
    )
    _index("decision_history", "application_id")
    _index("decision_history", "revision")


def downgrade() -> None:
    """Drops every table of the first schema."""
    for table in (
        "decision_history",
        "decisions",
        "notes",
        "requirement_checks",
        "applications",
        "positions",
        "reviewers",
        "sync_counter",
    ):
        # Dropping a table drops its indexes too.
        op.drop_table(table)
