"""Queries over the ``codes`` table: the codebook tree.

The codebook services own the rules (unique sibling names, no cycles,
merge semantics); these functions only read rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.storage.bulk import plain_rows
from qualframe.storage.models import Code


def project_codes(session: Session, project_id: int) -> Sequence[Code]:
    """Every code of a project, siblings by position (then id)."""
    query = select(Code).where(Code.project_id == project_id).order_by(Code.position, Code.id)
    return session.scalars(query).all()


class CodeRow(NamedTuple):
    """A code of the project as plain values (the document view, codings listings)."""

    id: int
    parent_id: int | None
    name: str
    colour: str | None
    retired: bool
    position: int


def code_rows(session: Session, project_id: int) -> list[CodeRow]:
    """Every code of the project as a plain row, siblings by position then id."""
    query = (
        select(Code.id, Code.parent_id, Code.name, Code.colour, Code.retired, Code.position)
        .where(Code.project_id == project_id)
        .order_by(Code.position, Code.id)
    )
    return [CodeRow(*row) for row in plain_rows(session, query)]


def children_of(session: Session, project_id: int, parent_id: int | None) -> Sequence[Code]:
    """The codes directly under ``parent_id`` (None: the top level), by position."""
    parent = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    query = (
        select(Code).where(Code.project_id == project_id, parent).order_by(Code.position, Code.id)
    )
    return session.scalars(query).all()


def codes_named(session: Session, project_id: int, name: str) -> Sequence[Code]:
    """Codes called exactly ``name``, anywhere in the tree."""
    query = select(Code).where(Code.project_id == project_id, Code.name == name).order_by(Code.id)
    return session.scalars(query).all()


def codes_named_ignoring_case(session: Session, project_id: int, name: str) -> Sequence[Code]:
    """Codes whose name equals ``name`` ignoring (ASCII and Unicode) case.

    Compared in Python: SQLite's ``lower()`` only folds ASCII letters.
    """
    wanted = name.casefold()
    return [c for c in project_codes(session, project_id) if c.name.casefold() == wanted]


def colour_usage(session: Session, project_id: int) -> dict[str, int]:
    """How many codes of the project use each colour (upper-case ``#RRGGBB``)."""
    query = (
        select(func.upper(Code.colour), func.count())
        .where(Code.project_id == project_id, Code.colour.is_not(None))
        .group_by(func.upper(Code.colour))
    )
    return {colour: count for colour, count in session.execute(query)}
