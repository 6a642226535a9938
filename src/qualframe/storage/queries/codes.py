"""Queries over the ``codes`` table: the codebook tree.

The codebook services own the rules (unique sibling names, no cycles,
merge semantics); these functions read rows, count the codings of some
codes and set the retired flag of many codes at once.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from qualframe.storage.bulk import plain_rows, table_of
from qualframe.storage.models import Code, Coding
from qualframe.storage.queries.batches import chunks


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


def coding_counts(session: Session, code_ids: Collection[int]) -> dict[int, int]:
    """``{code id: number of codings}`` of ``code_ids`` (codes without codings are
    absent): one grouped statement per batch, served by the ``code_id`` index,
    without counting the rest of the project's codings."""
    counts: dict[int, int] = {}
    for chunk in chunks(code_ids):
        query = (
            select(Coding.code_id, func.count())
            .where(Coding.code_id.in_(chunk))
            .group_by(Coding.code_id)
        )
        counts.update({code_id: int(count) for code_id, count in plain_rows(session, query)})
    return counts


def set_retired(session: Session, code_ids: Collection[int], retired: bool) -> int:
    """Set ``retired`` on the codes ``code_ids`` and count one more version for
    each, in one statement per batch (loaded codes are updated in memory too);
    returns how many changed."""
    changed = 0
    for chunk in chunks(code_ids):
        statement = (
            update(Code).where(Code.id.in_(chunk)).values(retired=retired, version=Code.version + 1)
        )
        result = session.execute(statement, execution_options={"synchronize_session": "evaluate"})
        changed += int(result.rowcount)  # type: ignore[attr-defined]
    return changed


def renumber_quietly(session: Session, places: Sequence[tuple[Code, int]]) -> None:
    """Give each loaded code of ``places`` its new sibling position without
    counting a new version: a place among siblings is not an edit of the
    code (its version guards what people edit). Writes only the codes whose
    position changes, one UPDATE each."""
    table = table_of(Code)
    for code, number in places:
        if code.position != number:
            session.execute(update(table).where(table.c.id == code.id).values(position=number))
            set_committed_value(code, "position", number)
