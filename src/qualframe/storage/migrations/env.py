"""Alembic environment: runs on the connection qualframe hands it."""

from __future__ import annotations

from alembic import context

from qualframe.storage.models import Base

#: Tables made by hand in migrations (full-text search), not by the models.
SEARCH_TABLES = ("segment_search",)


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """Keep autogenerate away from the search index tables and their shadows."""
    if type_ == "table" and name is not None:
        return not any(name.startswith(prefix) for prefix in SEARCH_TABLES)
    return True


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        url = context.config.get_main_option("sqlalchemy.url")
        with create_engine(url).begin() as own:
            _run(own)
    else:
        _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
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
