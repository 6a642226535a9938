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
import uuid
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


def new_guid() -> str:
    """A new random GUID (UUID version 4) as 36 lowercase characters: an object's
    identity across exports and other tools, never derived from its id."""
    return str(uuid.uuid4())


def guid_column() -> MappedColumn[Any]:
    """The ``guid`` column of an object other tools may refer to (REFI-QDA's
    GUIDs, evidence links): filled at insert, on every path, by :func:`new_guid`;
    an imported object may keep the GUID it came with."""
    return mapped_column(sa.String(36), default=new_guid)


def version_column() -> MappedColumn[Any]:
    """The ``version`` column of a record people edit: 1 when inserted, one more
    with each change. A model declares it as its ``version_id_col``, so an
    UPDATE from a session that read an older version changes nothing and fails
    (optimistic concurrency); a use case compares it with the version the
    user read (``if_version``)."""
    return mapped_column(sa.Integer, default=1, server_default="1")


def versioned_by(version: Any) -> dict[str, Any]:
    """The ``__mapper_args__`` of a model whose :func:`version_column` is ``version``."""
    return {"version_id_col": version}


def identity_constraints(*, per_project: bool = True) -> tuple[Any, ...]:
    """The constraints of :func:`guid_column`: unique within the project (a
    project imported twice keeps its GUIDs in each copy), or in the table.

    The GUID leads the index on purpose: an index led by ``project_id`` would
    draw the query planner away from the indexes made for each query (every
    query filters by project), scanning a whole project instead."""
    unique = (
        sa.UniqueConstraint("guid", "project_id") if per_project else sa.UniqueConstraint("guid")
    )
    return (unique,)


def version_constraints() -> tuple[Any, ...]:
    """The constraint of :func:`version_column`: a version counts from 1."""
    return (sa.CheckConstraint("version >= 1", name="version_from_one"),)


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


def index_where(*columns: str, where: str) -> sa.Index:
    """An index on ``columns`` over the rows meeting the SQL condition ``where``
    (the same on SQLite and PostgreSQL), named by the naming convention; e.g.
    a nullable key indexed only where it is set, so that rows written without
    it (a corpus import's unmapped turns) cost no index entry."""
    condition = sa.text(where)
    return sa.Index(None, *columns, sqlite_where=condition, postgresql_where=condition)


def unique_where(name: str, *columns: str, where: str) -> sa.Index:
    """A partial unique index ``name`` on ``columns`` over the rows meeting the SQL
    condition ``where`` (the same on SQLite and PostgreSQL); e.g. a name unique
    among the rows whose nullable key is null, which a unique constraint,
    treating nulls as distinct, cannot say."""
    condition = sa.text(where)
    return sa.Index(name, *columns, unique=True, sqlite_where=condition, postgresql_where=condition)
