"""Alembic environment: runs on the connection qualframe hands it."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection

from qualframe.storage.models import Base

#: Tables made by hand in migrations (full-text search), not by the models.
SEARCH_TABLES = ("segment_search",)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Keep autogenerate away from the search index tables and their shadows."""
    if type_ == "table" and name is not None:
        return not any(name.startswith(prefix) for prefix in SEARCH_TABLES)
    return True


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        url = context.config.get_main_option("sqlalchemy.url")
        assert url is not None, "run migrations through qualframe.Database"
        with create_engine(url).begin() as own:
            _run(own)
    else:
        _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
