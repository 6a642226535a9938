"""Databases at an older schema, as an older qualframe left them (for upgrade tests)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, text

from qualframe.storage.database import alembic_config


def at_revision(url: str, revision: str) -> None:
    """Build the schema of ``url`` up to ``revision`` only, as an older qualframe did."""
    engine = create_engine(url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def set_revision(url: str, revision: str) -> None:
    """Mark the database at ``url`` as being at schema ``revision`` (nothing else changes)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()
