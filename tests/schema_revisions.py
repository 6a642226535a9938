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


def migrate(url: str, direction: str, revision: str) -> None:
    """Run Alembic's ``direction`` ("upgrade" or "downgrade") to ``revision`` on ``url``."""
    engine = create_engine(url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        getattr(command, direction)(config, revision)
    engine.dispose()


def run_sql(url: str, statement: str, **values: object) -> list[tuple[object, ...]]:
    """Run ``statement`` in a transaction of its own (foreign keys on, as
    qualframe runs SQLite); returns its rows."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if url.startswith("sqlite"):
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")
                connection.commit()
            with connection.begin():
                result = connection.execute(text(statement), values)
                return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()
