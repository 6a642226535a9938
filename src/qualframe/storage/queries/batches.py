"""Binding many ids: ``IN (...)`` lists cut into batches.

SQLite limits the number of bound parameters of a statement, so query
functions taking many ids run one statement per batch of :data:`CHUNK` ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

T = TypeVar("T")

#: Largest number of ids bound in one ``IN (...)``.
CHUNK = 5000


def chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    """``ids`` sorted, without repeats, in lists of at most :data:`CHUNK` ids."""
    ordered = sorted(set(ids))
    for begin in range(0, len(ordered), CHUNK):
        yield ordered[begin : begin + CHUNK]


def values_by_id(
    session: Session,
    key: InstrumentedAttribute[int],
    value: InstrumentedAttribute[T],
    ids: Iterable[int],
) -> dict[int, T]:
    """``{key: value}`` of one column of the rows whose ``key`` column is in ``ids``
    (e.g. ``Document.id, Document.name``), one statement per batch of ids."""
    result: dict[int, Any] = {}
    for chunk in chunks(ids):
        query = select(key, value).where(key.in_(chunk))
        result.update({row[0]: row[1] for row in session.execute(query)})
    return result
