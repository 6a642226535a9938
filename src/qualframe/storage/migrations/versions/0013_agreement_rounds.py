"""agreement rounds and the resolutions of coders' disagreements

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 15:42:49

New tables, nothing existing changes: ``agreement_rounds`` (a double-coding
check of a project: a unique name, the unit agreement is measured on, a
note, who opened it and when, and the figures at opening as JSON), the
documents, codes and coders each round compares
(``agreement_round_documents``, ``agreement_round_codes``,
``agreement_round_coders``; deleted with the round, the document or the
code) and ``disagreement_resolutions`` (how one disagreement, one code in
one passage of a round's document, was settled: the outcome, the coder kept
or the code recoded to, a note, who and when, and the codings it removed
and added as JSON; once per passage and code of a round).

The downgrade drops the new tables (their content is lost: an older
qualframe has no agreement rounds).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agreement_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "unit",
            sa.Enum(
                "turn",
                "paragraph",
                "sentence",
                "span",
                name="agreement_unit",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("opened_by", sa.String(length=200), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_agreement_rounds_name_not_empty")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_agreement_rounds_version_from_one")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_agreement_rounds_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_rounds")),
        sa.UniqueConstraint("guid", "project_id", name=op.f("uq_agreement_rounds_guid_project_id")),
        sa.UniqueConstraint("project_id", "name", name=op.f("uq_agreement_rounds_project_id_name")),
    )
    op.create_index(
        "uq_agreement_rounds_id_project_id", "agreement_rounds", ["id", "project_id"], unique=True
    )
    op.create_table(
        "agreement_round_coders",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("coder", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "length(coder) > 0", name=op.f("ck_agreement_round_coders_coder_not_empty")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["agreement_rounds.id"],
            name=op.f("fk_agreement_round_coders_round_id_agreement_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "coder", name=op.f("pk_agreement_round_coders")),
    )
    op.create_table(
        "agreement_round_codes",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_id", "project_id"],
            ["codes.id", "codes.project_id"],
            name=op.f("fk_agreement_round_codes_code_id_codes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_agreement_round_codes_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id", "project_id"],
            ["agreement_rounds.id", "agreement_rounds.project_id"],
            name=op.f("fk_agreement_round_codes_round_id_agreement_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "code_id", name=op.f("pk_agreement_round_codes")),
    )
    op.create_index(
        op.f("ix_agreement_round_codes_code_id"), "agreement_round_codes", ["code_id"], unique=False
    )
    op.create_table(
        "agreement_round_documents",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id", "project_id"],
            ["documents.id", "documents.project_id"],
            name=op.f("fk_agreement_round_documents_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_agreement_round_documents_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id", "project_id"],
            ["agreement_rounds.id", "agreement_rounds.project_id"],
            name=op.f("fk_agreement_round_documents_round_id_agreement_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "round_id", "document_id", name=op.f("pk_agreement_round_documents")
        ),
    )
    op.create_index(
        op.f("ix_agreement_round_documents_document_id"),
        "agreement_round_documents",
        ["document_id"],
        unique=False,
    )
    op.create_table(
        "disagreement_resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "keep_one",
                "keep_both",
                "merge",
                "recode",
                name="resolution",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("kept_coder", sa.String(length=200), nullable=True),
        sa.Column("recoded_to", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("resolved_by", sa.String(length=200), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(outcome = 'keep_one') = (kept_coder IS NOT NULL)",
            name=op.f("ck_disagreement_resolutions_kept_coder_for_keep_one"),
        ),
        sa.CheckConstraint(
            "outcome = 'recode' OR recoded_to IS NULL",
            name=op.f("ck_disagreement_resolutions_recoded_to_only_for_recode"),
        ),
        sa.CheckConstraint(
            '0 <= start AND start < "end"', name=op.f("ck_disagreement_resolutions_span_order")
        ),
        sa.ForeignKeyConstraint(
            ["code_id", "project_id"],
            ["codes.id", "codes.project_id"],
            name=op.f("fk_disagreement_resolutions_code_id_codes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id", "project_id"],
            ["documents.id", "documents.project_id"],
            name=op.f("fk_disagreement_resolutions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_disagreement_resolutions_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recoded_to"],
            ["codes.id"],
            name=op.f("fk_disagreement_resolutions_recoded_to_codes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id", "project_id"],
            ["agreement_rounds.id", "agreement_rounds.project_id"],
            name=op.f("fk_disagreement_resolutions_round_id_agreement_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disagreement_resolutions")),
        sa.UniqueConstraint(
            "guid", "project_id", name=op.f("uq_disagreement_resolutions_guid_project_id")
        ),
        sa.UniqueConstraint(
            "round_id",
            "document_id",
            "code_id",
            "start",
            "end",
            name=op.f("uq_disagreement_resolutions_round_id_document_id_code_id_start_end"),
        ),
    )
    op.create_index(
        op.f("ix_disagreement_resolutions_code_id"),
        "disagreement_resolutions",
        ["code_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_disagreement_resolutions_document_id"),
        "disagreement_resolutions",
        ["document_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_disagreement_resolutions_document_id"), table_name="disagreement_resolutions"
    )
    op.drop_index(
        op.f("ix_disagreement_resolutions_code_id"), table_name="disagreement_resolutions"
    )
    op.drop_table("disagreement_resolutions")
    op.drop_index(
        op.f("ix_agreement_round_documents_document_id"), table_name="agreement_round_documents"
    )
    op.drop_table("agreement_round_documents")
    op.drop_index(op.f("ix_agreement_round_codes_code_id"), table_name="agreement_round_codes")
    op.drop_table("agreement_round_codes")
    op.drop_table("agreement_round_coders")
    op.drop_index("uq_agreement_rounds_id_project_id", table_name="agreement_rounds")
    op.drop_table("agreement_rounds")
