"""speaker turns are indexed by participant only where they have one

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 01:20:00

A corpus import writes its turns unmapped; indexing the null participant
of each cost a sixth of the time of writing the turns. Lookups by
participant (``participant_id = ?``, joins, the foreign key's ``SET NULL``)
only ever reach turns that have one. No data changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEX = "ix_speaker_turns_participant_id"


def upgrade() -> None:
    op.drop_index(INDEX, table_name="speaker_turns")
    condition = sa.text("participant_id IS NOT NULL")
    op.create_index(
        INDEX,
        "speaker_turns",
        ["participant_id"],
        sqlite_where=condition,
        postgresql_where=condition,
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="speaker_turns")
    op.create_index(INDEX, "speaker_turns", ["participant_id"])
