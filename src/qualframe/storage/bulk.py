"""Bulk writing and plain-row reading that bypass the ORM, for the heavy paths.

Imports are the heavy writing path (a corpus of tens of millions of
characters and a hundred thousand speaker turns), so turns and segments are
written with the DB-API ``executemany`` of pre-allocated ids instead of ORM
objects or ``RETURNING`` (see :func:`allocate_ids` and :func:`insert_rows`);
many rows that need SQLAlchemy's value conversion go in one Core
executemany (:func:`insert_mappings`).
Large reads (the document view, matrices) take plain rows through the
connection (:func:`plain_rows`). Nothing here knows a particular table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from qualframe.storage.models import Base


def table_of(model: type[Base]) -> Table:
    """The Core table of the mapped class ``model``."""
    return cast(Table, model.__table__)


def allocate_ids(session: Session, model: type[Base], count: int) -> list[int]:
    """``count`` fresh primary keys for the table of ``model`` (whose key is ``id``).

    PostgreSQL draws them from the column's sequence, so concurrent
    writers never collide. SQLite continues after the largest id: call this
    only after the transaction has written something, because then it holds
    SQLite's write lock and nobody else can insert until it commits.
    """
    return IdAllocator(session, model).take(count)


class IdAllocator:
    """Hands out fresh primary keys of one table for the rest of a transaction.

    On SQLite the largest id is read once (the transaction must already hold
    the write lock, see :func:`allocate_ids`) and keys are counted on from
    it; on PostgreSQL each call draws from the sequence.
    """

    def __init__(self, session: Session, model: type[Base]) -> None:
        self.session = session
        self.table = table_of(model)
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self._next: int | None = None
        self._sequence: str | None = None

    def take(self, count: int) -> list[int]:
        """The next ``count`` keys (an empty list for 0)."""
        if count <= 0:
            return []
        if self.postgres:
            if self._sequence is None:
                self._sequence = self.session.scalar(
                    text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": self.table.name}
                )
            query = text("SELECT nextval(:sequence) FROM generate_series(1, :count)")
            return list(self.session.scalars(query, {"sequence": self._sequence, "count": count}))
        if self._next is None:
            largest = self.session.scalar(select(func.coalesce(func.max(self.table.c.id), 0)))
            self._next = (largest or 0) + 1
        first, self._next = self._next, self._next + count
        return list(range(first, first + count))


def insert_mappings(session: Session, model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (``{column: value}``) into the table of ``model`` with one Core
    executemany (nothing for no rows). No ORM objects are built: the ORM unit
    of work would cost several times the insert itself for thousands of rows;
    SQLAlchemy still converts the values (enums, times, JSON)."""
    if rows:
        session.execute(insert(table_of(model)), list(rows))


def insert_rows(
    session: Session, model: type[Base], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows`` (value tuples in ``columns`` order) with one DB-API executemany.

    Bypasses SQLAlchemy's per-row parameter processing (it would double the
    time of a corpus import), so the values must already be what the driver
    stores: ints, strings, None.
    """
    if not rows:
        return
    marker = "?" if session.get_bind().dialect.paramstyle == "qmark" else "%s"
    statement = "INSERT INTO {} ({}) VALUES ({})".format(
        table_of(model).name,
        ", ".join(f'"{name}"' for name in columns),
        ", ".join(marker for _ in columns),
    )
    session.connection().exec_driver_sql(statement, list(rows))


def plain_rows(session: Session, query: Any) -> Sequence[Any]:
    """The rows of ``query`` as plain tuples, read through the connection.

    For reads of thousands of rows, where the ORM's row handling would cost
    more than the query itself. Flushes first, as the ORM would (autoflush).
    """
    session.flush()
    return session.connection().execute(query).all()
