"""a quote may be a sub-span of its coding: ``cell_quotes.start`` and ``end``

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 08:00:00

A matrix cell quotes codings. The analyst often wants one key sentence of a
long turn, not the whole 900 characters: two nullable columns on
``cell_quotes`` hold the quoted passage ``[start, end)`` of the coding's
document, in code points, as codings count them. Both null (every existing
quote, so no data changes) means the whole coding is quoted. The database
keeps the shape (both null, or ``0 <= start < end``); that the passage lies
inside its coding's span is kept by the services, which also move or clamp it
when the coding's span or the document's text changes.

On SQLite a new check constraint needs a copy of the table (batch mode); its
index comes along. The downgrade drops the columns: every quote then quotes
its whole coding again (an older qualframe has nowhere to keep the passage),
and nothing else is lost.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SPAN_CHECK = "ck_cell_quotes_quote_span"


def upgrade() -> None:
    with op.batch_alter_table("cell_quotes") as batch:
        batch.add_column(sa.Column("start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("end", sa.Integer(), nullable=True))
        batch.create_check_constraint(
            op.f(SPAN_CHECK),
            '(start IS NULL AND "end" IS NULL) OR (0 <= start AND start < "end")',
        )


def downgrade() -> None:
    with op.batch_alter_table("cell_quotes") as batch:
        batch.drop_constraint(op.f(SPAN_CHECK), type_="check")
        batch.drop_column("end")
        batch.drop_column("start")
