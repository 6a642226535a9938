"""Rows in every table: a refused input must leave each count as it was."""

from __future__ import annotations

from sqlalchemy import func, select

from qualframe.storage.database import Database
from qualframe.storage.models import Base


def row_counts(database: Database) -> dict[str, int]:
    """How many rows each table of the schema holds now (the same on every database)."""
    with database.transaction() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }
