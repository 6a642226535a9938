"""document structure and revisions: sections, pages, turn times, earlier texts,
section-wide speaker mappings, decisions about labels, memos on a passage

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 22:30:00

Existing documents keep their text, turns and mappings; they have no
sections or pages stored until they are re-read (``documents replace
--reread``), and their turns no time.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            '0 <= start AND start < "end"', name=op.f("ck_document_sections_span_order")
        ),
        sa.CheckConstraint("level >= 1", name=op.f("ck_document_sections_level_from_one")),
        sa.CheckConstraint(
            "position >= 0", name=op.f("ck_document_sections_position_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_sections_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_sections")),
        sa.UniqueConstraint(
            "document_id", "position", name=op.f("uq_document_sections_document_id_position")
        ),
    )
    op.create_table(
        "document_pages",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            '0 <= start AND start < "end"', name=op.f("ck_document_pages_span_order")
        ),
        sa.CheckConstraint("number >= 1", name=op.f("ck_document_pages_number_from_one")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_pages_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "number", name=op.f("pk_document_pages")),
    )
    op.create_table(
        "document_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_document_revisions_number_from_one")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_revisions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_revisions")),
        sa.UniqueConstraint(
            "document_id", "number", name=op.f("uq_document_revisions_document_id_number")
        ),
    )
    op.create_table(
        "label_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("is_speaker", sa.Boolean(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_label_decisions_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_label_decisions")),
        sa.UniqueConstraint(
            "project_id", "label", name=op.f("uq_label_decisions_project_id_label")
        ),
    )
    with op.batch_alter_table("speaker_turns") as batch:
        batch.add_column(sa.Column("seconds", sa.Float(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_speaker_turns_seconds_not_negative"), "seconds IS NULL OR seconds >= 0"
        )
    with op.batch_alter_table("speaker_mappings") as batch:
        batch.add_column(sa.Column("section_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_speaker_mappings_section_id_document_sections"),
            "document_sections",
            ["section_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_check_constraint(
            op.f("ck_speaker_mappings_section_in_document"),
            "section_id IS NULL OR document_id IS NOT NULL",
        )
        batch.drop_constraint(
            op.f("uq_speaker_mappings_project_id_document_id_label"), type_="unique"
        )
        batch.create_unique_constraint(
            op.f("uq_speaker_mappings_project_id_document_id_section_id_label"),
            ["project_id", "document_id", "section_id", "label"],
        )
        batch.create_index(op.f("ix_speaker_mappings_section_id"), ["section_id"])
    with op.batch_alter_table("memos") as batch:
        batch.add_column(sa.Column("start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("end", sa.Integer(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_memos_passage_span"),
            '(start IS NULL AND "end" IS NULL) OR (0 <= start AND start <= "end")',
        )
    condition = sa.text("document_id IS NOT NULL AND section_id IS NULL")
    op.create_index(
        "uq_speaker_mappings_document_label",
        "speaker_mappings",
        ["project_id", "document_id", "label"],
        unique=True,
        sqlite_where=condition,
        postgresql_where=condition,
    )


def downgrade() -> None:
    op.drop_index("uq_speaker_mappings_document_label", table_name="speaker_mappings")
    with op.batch_alter_table("memos") as batch:
        batch.drop_constraint(op.f("ck_memos_passage_span"), type_="check")
        batch.drop_column("end")
        batch.drop_column("start")
    op.execute("DELETE FROM speaker_mappings WHERE section_id IS NOT NULL")
    with op.batch_alter_table("speaker_mappings") as batch:
        batch.drop_index(op.f("ix_speaker_mappings_section_id"))
        batch.drop_constraint(
            op.f("uq_speaker_mappings_project_id_document_id_section_id_label"), type_="unique"
        )
        batch.create_unique_constraint(
            op.f("uq_speaker_mappings_project_id_document_id_label"),
            ["project_id", "document_id", "label"],
        )
        batch.drop_constraint(op.f("ck_speaker_mappings_section_in_document"), type_="check")
        batch.drop_constraint(
            op.f("fk_speaker_mappings_section_id_document_sections"), type_="foreignkey"
        )
        batch.drop_column("section_id")
    with op.batch_alter_table("speaker_turns") as batch:
        batch.drop_constraint(op.f("ck_speaker_turns_seconds_not_negative"), type_="check")
        batch.drop_column("seconds")
    op.drop_table("label_decisions")
    op.drop_table("document_revisions")
    op.drop_table("document_pages")
    op.drop_table("document_sections")
