"""Queries over the codebook tree and the codings attached to its codes.

The codebook services own the rules (unique sibling names, no cycles,
merge semantics); these functions only read and write rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, aliased

from qualframe.storage.models import Code, Coding


def project_codes(session: Session, project_id: int) -> Sequence[Code]:
    """Every code of a project, siblings by position (then id)."""
    query = select(Code).where(Code.project_id == project_id).order_by(Code.position, Code.id)
    return session.scalars(query).all()


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


def last_position(session: Session, project_id: int, parent_id: int | None) -> int | None:
    """The highest sibling position under ``parent_id``, or None without children."""
    parent = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    query = select(func.max(Code.position)).where(Code.project_id == project_id, parent)
    return session.scalar(query)


def colour_usage(session: Session, project_id: int) -> dict[str, int]:
    """How many codes of the project use each colour (upper-case ``#RRGGBB``)."""
    query = (
        select(func.upper(Code.colour), func.count())
        .where(Code.project_id == project_id, Code.colour.is_not(None))
        .group_by(func.upper(Code.colour))
    )
    return {colour: count for colour, count in session.execute(query)}


def coding_counts(session: Session, project_id: int) -> dict[int, int]:
    """Number of codings per code id (codes without codings are absent)."""
    query = (
        select(Coding.code_id, func.count())
        .where(Coding.project_id == project_id)
        .group_by(Coding.code_id)
    )
    return {code_id: count for code_id, count in session.execute(query)}


def count_codings(session: Session, code_ids: Collection[int]) -> int:
    """Number of codings applying any of ``code_ids``."""
    if not code_ids:
        return 0
    query = select(func.count()).select_from(Coding).where(Coding.code_id.in_(code_ids))
    return session.scalar(query) or 0


def duplicate_codings(session: Session, source_id: int, target_id: int) -> list[tuple[int, int]]:
    """Pairs ``(source coding id, target coding id)`` covering the same span.

    Same document, start, end and coder: moving the source coding onto the
    target code would repeat the target's coding.
    """
    kept = aliased(Coding)
    query = (
        select(Coding.id, kept.id)
        .join(
            kept,
            (kept.document_id == Coding.document_id)
            & (kept.start == Coding.start)
            & (kept.end == Coding.end)
            & (kept.coder == Coding.coder),
        )
        .where(Coding.code_id == source_id, kept.code_id == target_id)
        .order_by(Coding.id)
    )
    return [(source, target) for source, target in session.execute(query)]


def delete_codings(session: Session, coding_ids: Collection[int]) -> int:
    """Delete the codings ``coding_ids``; returns how many were deleted."""
    if not coding_ids:
        return 0
    statement = delete(Coding).where(Coding.id.in_(coding_ids))
    result = session.execute(statement, execution_options={"synchronize_session": "fetch"})
    return int(result.rowcount)  # type: ignore[attr-defined]


def delete_codings_of_codes(session: Session, code_ids: Collection[int]) -> int:
    """Delete every coding applying one of ``code_ids``; returns the count."""
    if not code_ids:
        return 0
    statement = delete(Coding).where(Coding.code_id.in_(code_ids))
    result = session.execute(statement, execution_options={"synchronize_session": "fetch"})
    return int(result.rowcount)  # type: ignore[attr-defined]


def coding_ids_of_codes(session: Session, code_ids: Collection[int]) -> list[int]:
    """Ids of the codings applying any of ``code_ids``."""
    if not code_ids:
        return []
    query = select(Coding.id).where(Coding.code_id.in_(code_ids)).order_by(Coding.id)
    return list(session.scalars(query))


def reassign_codings(session: Session, source_id: int, target_id: int) -> int:
    """Point every coding of code ``source_id`` at ``target_id``; returns the count."""
    statement = update(Coding).where(Coding.code_id == source_id).values(code_id=target_id)
    result = session.execute(statement, execution_options={"synchronize_session": "fetch"})
    return int(result.rowcount)  # type: ignore[attr-defined]
