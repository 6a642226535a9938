"""a document may be marked "coding done": when, and by whom

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 05:00:00

Two nullable columns on ``documents``: ``coding_done_at`` (a timezone-aware
moment) and ``coding_done_by`` (the team member's name); both null means
the document is not marked (every existing document, so no data changes).
The saturation curve uses the mark to flag documents that are coded but
perhaps not fully. Adding nullable columns needs no table copy on SQLite
(the search index's view over ``documents`` names its columns, so it stays
valid). The downgrade drops the columns: the marks are lost (an older
qualframe has nowhere to keep them), every other value is kept.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "documents",
        sa.Column("coding_done_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.add_column("documents", sa.Column("coding_done_by", sa.String(200), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) drops a column in place unless an index or constraint names
    # it; these have none. Batch mode would copy the table, and with it break
    # the view the search index reads.
    op.drop_column("documents", "coding_done_by")
    op.drop_column("documents", "coding_done_at")
