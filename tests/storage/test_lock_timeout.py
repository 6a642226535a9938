"""A write blocked by another writer's lock gives up after a bounded wait, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from qualframe.storage.database import Database


def test_a_blocked_write_waits_ten_seconds_at_most(database: Database) -> None:
    with database.engine.connect() as connection:
        if database.dialect == "postgresql":
            assert connection.execute(text("SHOW lock_timeout")).scalar() == "10s"
        elif database.dialect == "sqlite":
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
        else:  # pragma: no cover - only the two databases are supported
            pytest.fail(database.dialect)
