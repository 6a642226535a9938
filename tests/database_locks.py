"""Making the database busy on purpose: another connection holding a lock, and
qualframe's connections waiting only briefly for it.

On SQLite another connection holds the write lock (``BEGIN IMMEDIATE``), so
every writer waits; on PostgreSQL, where writers lock rows, it holds one row
(``SELECT ... FOR UPDATE``), so a write of that row waits. qualframe's
connections give up after :data:`WAIT_MS` (SQLite's ``busy_timeout``,
PostgreSQL's ``lock_timeout``) instead of the real ten seconds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from qualframe.storage.database import Database

#: How long qualframe's connections wait for a lock in these tests.
WAIT_MS = 200


def _wait_briefly(milliseconds: int) -> Any:
    def set_up(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if isinstance(dbapi_connection, sqlite3.Connection):
            cursor.execute(f"PRAGMA busy_timeout = {milliseconds}")
        else:
            cursor.execute(f"SET lock_timeout = '{milliseconds}ms'")
            dbapi_connection.commit()  # a SET in a transaction rolled back would not last
        cursor.close()

    return set_up


@contextmanager
def waiting_briefly(database: Database, milliseconds: int = WAIT_MS) -> Iterator[None]:
    """In the block, ``database``'s connections wait ``milliseconds`` for a lock."""
    set_up = _wait_briefly(milliseconds)
    database.engine.dispose()  # pooled connections were set up to wait longer
    event.listen(database.engine, "connect", set_up)  # after qualframe's own set-up
    try:
        yield
    finally:
        event.remove(database.engine, "connect", set_up)
        database.engine.dispose()


def every_database_waiting_briefly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every :class:`Database` opened from now on in the test (the CLI opens its
    own) waits :data:`WAIT_MS` for a lock."""
    opened = Database.__init__

    def opening(self: Database, *args: Any, **kwargs: Any) -> None:
        opened(self, *args, **kwargs)
        self.engine.dispose()
        event.listen(self.engine, "connect", _wait_briefly(WAIT_MS))

    monkeypatch.setattr(Database, "__init__", opening)


@contextmanager
def locked(url: str, table: str, row_id: int) -> Iterator[None]:
    """Another connection holding a lock on the database at ``url`` in the block:
    SQLite's write lock (every writer waits), or on PostgreSQL the row
    ``row_id`` of ``table`` (a write of that row waits)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        holder = sqlite3.connect(str(parsed.database), isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(
                text(f"SELECT id FROM {table} WHERE id = :id FOR UPDATE"), {"id": row_id}
            )
            yield
            connection.rollback()
    finally:
        engine.dispose()
