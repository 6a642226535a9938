"""Queries over memos and the objects a memo can be linked to."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from sqlalchemy import ColumnElement, and_, select, true, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from qualframe.storage.models import Case, Coding, Document, Memo, Participant

#: The memo column holding each kind of link (the project link is all null).
LINK_COLUMNS: Mapping[str, InstrumentedAttribute[int | None]] = {
    "document": Memo.document_id,
    "code": Memo.code_id,
    "coding": Memo.coding_id,
    "case": Memo.case_id,
    "participant": Memo.participant_id,
}


def _link_condition(target_type: str | None, target_id: int | None) -> ColumnElement[bool]:
    """Condition selecting memos linked to ``target_type`` (and ``target_id`` if given)."""
    if target_type is None:
        return true()
    if target_type == "project":
        return and_(*(column.is_(None) for column in LINK_COLUMNS.values()))
    column = LINK_COLUMNS[target_type]
    return column.is_not(None) if target_id is None else column == target_id


def project_memos(
    session: Session,
    project_id: int,
    *,
    kind: str | None = None,
    target_type: str | None = None,
    target_id: int | None = None,
    author: str | None = None,
) -> Sequence[Memo]:
    """The project's memos, oldest first, filtered by kind, link and author.

    ``target_type`` is a :class:`~qualframe.vocabulary.MemoTarget` value;
    ``"project"`` selects memos linked to no object.
    """
    query = select(Memo).where(Memo.project_id == project_id)
    if kind is not None:
        query = query.where(Memo.kind == kind)
    if author is not None:
        query = query.where(Memo.author == author)
    query = query.where(_link_condition(target_type, target_id))
    return session.scalars(query.order_by(Memo.created_at, Memo.id)).all()


def relink_code_memos(session: Session, source_code_id: int, target_code_id: int) -> int:
    """Move the memos on one code to another; returns how many moved."""
    statement = update(Memo).where(Memo.code_id == source_code_id).values(code_id=target_code_id)
    result = session.execute(statement, execution_options={"synchronize_session": "fetch"})
    return int(result.rowcount)  # type: ignore[attr-defined]


def relink_coding_memos(session: Session, source_coding_id: int, target_coding_id: int) -> int:
    """Move the memos on one coding to another; returns how many moved."""
    statement = (
        update(Memo).where(Memo.coding_id == source_coding_id).values(coding_id=target_coding_id)
    )
    result = session.execute(statement, execution_options={"synchronize_session": "fetch"})
    return int(result.rowcount)  # type: ignore[attr-defined]


def unlink_code_memos(session: Session, code_ids: Collection[int]) -> int:
    """Link the memos on ``code_ids`` to the project instead; returns the count.

    The foreign key does the same on delete; doing it here keeps loaded
    memos current and gives the count for the audit log.
    """
    if not code_ids:
        return 0
    statement = update(Memo).where(Memo.code_id.in_(code_ids)).values(code_id=None)
    result = session.execute(statement, execution_options={"synchronize_session": "fetch"})
    return int(result.rowcount)  # type: ignore[attr-defined]


def unlink_coding_memos(session: Session, coding_ids: Collection[int]) -> int:
    """Link the memos on ``coding_ids`` to the project instead; returns the count."""
    if not coding_ids:
        return 0
    statement = update(Memo).where(Memo.coding_id.in_(coding_ids)).values(coding_id=None)
    result = session.execute(statement, execution_options={"synchronize_session": "fetch"})
    return int(result.rowcount)  # type: ignore[attr-defined]


def document_named(session: Session, project_id: int, name: str) -> Document | None:
    """The document called ``name`` (its file name) or titled ``name``, if one."""
    by_name = session.scalar(
        select(Document).where(Document.project_id == project_id, Document.name == name)
    )
    if by_name is not None:
        return by_name
    titled = session.scalars(
        select(Document).where(Document.project_id == project_id, Document.title == name)
    ).all()
    return titled[0] if len(titled) == 1 else None


def case_named(session: Session, project_id: int, name: str) -> Case | None:
    """The case called ``name``, if any."""
    return session.scalar(select(Case).where(Case.project_id == project_id, Case.name == name))


def participant_identified(
    session: Session, project_id: int, identifier: str
) -> Participant | None:
    """The participant with ``identifier`` (e.g. ``"P07"``), if any."""
    return session.scalar(
        select(Participant).where(
            Participant.project_id == project_id, Participant.identifier == identifier
        )
    )


def document_names(session: Session, ids: Collection[int]) -> dict[int, str]:
    """Document names by id (for labelling memo targets; texts are not loaded)."""
    if not ids:
        return {}
    query = select(Document.id, Document.name).where(Document.id.in_(ids))
    return dict(session.execute(query).all())


def case_names(session: Session, ids: Collection[int]) -> dict[int, str]:
    """Case names by id (for labelling memo targets)."""
    if not ids:
        return {}
    return dict(session.execute(select(Case.id, Case.name).where(Case.id.in_(ids))).all())


def participant_identifiers(session: Session, ids: Collection[int]) -> dict[int, str]:
    """Participant identifiers by id (for labelling memo targets)."""
    if not ids:
        return {}
    query = select(Participant.id, Participant.identifier).where(Participant.id.in_(ids))
    return dict(session.execute(query).all())


def coding_labels(
    session: Session, ids: Collection[int]
) -> dict[int, tuple[int, int, str, int, int]]:
    """``(code id, document id, document name, start, end)`` of codings by id."""
    if not ids:
        return {}
    query = (
        select(Coding.id, Coding.code_id, Document.id, Document.name, Coding.start, Coding.end)
        .join(Document, Document.id == Coding.document_id)
        .where(Coding.id.in_(ids))
    )
    return {row[0]: (row[1], row[2], row[3], row[4], row[5]) for row in session.execute(query)}
