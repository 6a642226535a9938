"""Counting the SQL statements a path issues, so N+1 queries cannot come back.

::

    with counted(database) as statements:
        project.matrix.write_summary("P01", "Hope", "…")
    assert len(statements) <= 12, statements.listing()

Transaction control (BEGIN, SAVEPOINT, RELEASE, COMMIT) is not counted:
it says nothing about how much work a path does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from qualframe.storage.database import Database

#: Statements that only delimit transactions, left out of the count.
CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT", "PRAGMA")


class Statements(list[str]):
    """The statements issued, in order (their SQL text)."""

    def listing(self) -> str:
        """Every statement, one per line, shortened: the message of a failed bound."""
        return "\n".join(f"{n}. {' '.join(sql.split())[:160]}" for n, sql in enumerate(self, 1))

    def touching(self, table: str) -> list[str]:
        """The statements that name ``table``."""
        return [sql for sql in self if table in sql]


@contextmanager
def counted(database: Database) -> Iterator[Statements]:
    """Record every statement (not transaction control) run on ``database`` in the block."""
    found = Statements()

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.lstrip().upper().startswith(CONTROL):
            found.append(statement)

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        yield found
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
