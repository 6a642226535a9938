"""The column declarations the tables share, written once.

Model modules use this module qualified, as they use SQLAlchemy's
(``import sqlalchemy as sa``)::

    class Case(Base):
        id: Mapped[col.IntPK]
        project_id: Mapped[col.ProjectKey]
        name: Mapped[col.Name]

The ``Annotated`` types are SQLAlchemy's way of sharing a column
declaration: each use gets its own copy of the column. The functions build
the portable column types and constraints (SQLite and PostgreSQL alike).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated, Any

import sqlalchemy as sa
from sqlalchemy.orm import MappedColumn, mapped_column

from qualframe.storage.models.base import utc_now


def Timestamp() -> sa.DateTime:
    """A timezone-aware timestamp column type."""
    return sa.DateTime(timezone=True)


def enum_column(enum_class: type[enum.Enum], name: str) -> sa.Enum:
    """A portable enum column: stored as its string value, checked by a constraint
    called ``name``."""
    values: Any = lambda members: [m.value for m in members]  # noqa: E731
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=values,
        validate_strings=True,
    )


def references(target: str, on_delete: str = "CASCADE", **options: Any) -> MappedColumn[Any]:
    """A foreign key column to ``target`` (``"table.id"``); ``on_delete`` is what
    the database does to the row when the target row is deleted (``CASCADE``:
    delete it too; ``SET NULL``; ``RESTRICT``: refuse). ``options`` go to
    ``mapped_column`` (e.g. ``primary_key=True``)."""
    return mapped_column(sa.ForeignKey(target, ondelete=on_delete), **options)


def count_not_null(*columns: str) -> str:
    """SQL (portable to SQLite and PostgreSQL) counting the non-null ``columns``."""
    return " + ".join(f"(CASE WHEN {c} IS NOT NULL THEN 1 ELSE 0 END)" for c in columns)


#: The surrogate primary key.
IntPK = Annotated[int, mapped_column(primary_key=True)]
#: The project a row belongs to; the row is deleted with it.
ProjectKey = Annotated[int, references("projects.id")]
#: A name, identifier, speaker label or person (at most 200 characters).
Name = Annotated[str, mapped_column(sa.String(200))]
#: Free text of any length, empty by default (descriptions, definitions, summaries).
Prose = Annotated[str, mapped_column(sa.Text, default="")]
#: A moment, timezone-aware (UTC), the current time by default.
Moment = Annotated[datetime, mapped_column(Timestamp(), default=utc_now)]


def span_in_order() -> sa.CheckConstraint:
    """The constraint of a span ``[start, end)`` of code points: ``0 <= start < end``."""
    return sa.CheckConstraint('0 <= start AND start < "end"', name="span_order")


def not_empty(column: str) -> sa.CheckConstraint:
    """The constraint that text ``column`` is not empty (``<column>_not_empty``)."""
    return sa.CheckConstraint(f"length({column}) > 0", name=f"{column}_not_empty")


def unique_where(name: str, *columns: str, where: str) -> sa.Index:
    """A partial unique index ``name`` on ``columns`` over the rows meeting the SQL
    condition ``where`` (the same on SQLite and PostgreSQL); e.g. a name unique
    among the rows whose nullable key is null, which a unique constraint,
    treating nulls as distinct, cannot say."""
    condition = sa.text(where)
    return sa.Index(name, *columns, unique=True, sqlite_where=condition, postgresql_where=condition)
