"""Fixtures of the storage tests: a PostgreSQL database of a test's own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@pytest.fixture
def server_database() -> Iterator[str]:
    """A new, empty PostgreSQL database of its own (dropped afterwards)."""
    server = os.environ.get("QUALFRAME_TEST_DATABASE_URL", "")
    if not server.startswith("postgresql"):
        pytest.skip("needs the PostgreSQL server (the PostgreSQL pass of make test)")
    name = f"qualframe_schema_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
