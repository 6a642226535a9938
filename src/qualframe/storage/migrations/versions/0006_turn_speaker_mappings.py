"""speaker mappings for one turn: who speaks in this answer, over every wider mapping

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08 10:00:00

A speaker mapping may hold for one speaker turn (``turn_id``; it needs its
document and no section, and goes when the turn goes). At most one mapping
per turn; a turn's mapping does not count as the document's mapping of its
label (that index now leaves turn mappings out). Existing mappings keep
their rows and meaning: none of them is for a turn.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

DOCUMENT_LABEL = "uq_speaker_mappings_document_label"
TURN = "uq_speaker_mappings_turn"
#: The document-wide mappings of a label, before and after turn mappings.
DOCUMENT_WIDE_BEFORE = "document_id IS NOT NULL AND section_id IS NULL"
DOCUMENT_WIDE = "document_id IS NOT NULL AND section_id IS NULL AND turn_id IS NULL"


def _partial_index(name: str, columns: list[str], where: str) -> None:
    """A unique index over the rows meeting ``where`` (SQLite and PostgreSQL alike)."""
    condition = sa.text(where)
    op.create_index(
        name,
        "speaker_mappings",
        columns,
        unique=True,
        sqlite_where=condition,
        postgresql_where=condition,
    )


def upgrade() -> None:
    op.drop_index(DOCUMENT_LABEL, table_name="speaker_mappings")
    # SQLite cannot add a foreign key or a check to a table: batch mode copies it.
    with op.batch_alter_table("speaker_mappings") as batch:
        batch.add_column(sa.Column("turn_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_speaker_mappings_turn_id_speaker_turns"),
            "speaker_turns",
            ["turn_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_check_constraint(
            op.f("ck_speaker_mappings_turn_in_document"),
            "turn_id IS NULL OR (document_id IS NOT NULL AND section_id IS NULL)",
        )
    _partial_index(DOCUMENT_LABEL, ["project_id", "document_id", "label"], DOCUMENT_WIDE)
    _partial_index(TURN, ["turn_id"], "turn_id IS NOT NULL")


def downgrade() -> None:
    op.drop_index(TURN, table_name="speaker_mappings")
    op.drop_index(DOCUMENT_LABEL, table_name="speaker_mappings")
    # An older qualframe cannot hold a mapping for one turn: those are removed.
    op.execute("DELETE FROM speaker_mappings WHERE turn_id IS NOT NULL")
    with op.batch_alter_table("speaker_mappings") as batch:
        batch.drop_constraint(op.f("ck_speaker_mappings_turn_in_document"), type_="check")
        batch.drop_constraint(op.f("fk_speaker_mappings_turn_id_speaker_turns"), type_="foreignkey")
        batch.drop_column("turn_id")
    _partial_index(DOCUMENT_LABEL, ["project_id", "document_id", "label"], DOCUMENT_WIDE_BEFORE)
