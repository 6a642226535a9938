"""familiarisation: who has read each document, and familiarisation memos

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 05:40:00

The Framework Method starts with familiarisation: each team member reads
the transcripts and notes first impressions before coding. A new table
``document_readings`` holds one mark per document and reader: the reader's
name (the acting name, as memos and codings keep it) and when it was read
(UTC). The database keeps the rules: one mark per document and reader, a
reader's name is not empty, and a mark goes with its document (or project).

Memos gain the kind ``familiarisation`` (a person's notes on reading one
document): the check on ``memos.kind`` is widened. On SQLite the check is
changed by copying the memos table (batch mode), keeping every row.

Existing data is kept: no document is marked read after the upgrade. The
downgrade drops the marks (an older qualframe has nowhere to keep them) and
keeps every familiarisation memo as an analytic memo (the nearest kind an
older qualframe knows: ideas about the data), its title and text unchanged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

KIND_CHECK = "ck_memos_memo_kind"
KINDS_BEFORE = ("analytic", "methodological", "reflexive", "theoretical")
KINDS_AFTER = (*KINDS_BEFORE, "familiarisation")


def _kinds(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _set_memo_kinds(kinds: tuple[str, ...]) -> None:
    # SQLite cannot change a check in place: batch mode copies the table
    # (its other constraints and indexes come along, as in 0004).
    with op.batch_alter_table("memos") as batch:
        batch.drop_constraint(op.f(KIND_CHECK), type_="check")
        batch.create_check_constraint(op.f(KIND_CHECK), _kinds(kinds))


def upgrade() -> None:
    op.create_table(
        "document_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("reader", sa.String(length=200), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(reader) > 0", name=op.f("ck_document_readings_reader_not_empty")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_readings_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_document_readings_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_readings")),
        sa.UniqueConstraint(
            "document_id", "reader", name=op.f("uq_document_readings_document_id_reader")
        ),
    )
    op.create_index(
        op.f("ix_document_readings_project_id_reader"),
        "document_readings",
        ["project_id", "reader"],
        unique=False,
    )
    _set_memo_kinds(KINDS_AFTER)


def downgrade() -> None:
    op.drop_index(op.f("ix_document_readings_project_id_reader"), table_name="document_readings")
    op.drop_table("document_readings")
    # An older qualframe knows four kinds: familiarisation notes stay, as analytic memos.
    op.execute(
        "UPDATE memos SET kind = 'analytic', version = version + 1 WHERE kind = 'familiarisation'"
    )
    _set_memo_kinds(KINDS_BEFORE)
