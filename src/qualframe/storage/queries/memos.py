"""Queries over the ``memos`` table: memos and the links to the object a memo is about."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select, true, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from qualframe.storage.bulk import plain_rows
from qualframe.storage.models import Coding, Memo
from qualframe.storage.queries.batches import chunks
from qualframe.vocabulary import MemoKind

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


def memo_counts_by_coding(session: Session, document_id: int) -> dict[int, int]:
    """``{coding id: number of memos}`` for the document's codings that have memos."""
    query = (
        select(Memo.coding_id, func.count())
        .join(Coding, Coding.id == Memo.coding_id)
        .where(Coding.document_id == document_id)
        .group_by(Memo.coding_id)
    )
    return {coding_id: count for coding_id, count in plain_rows(session, query)}


def relink_code_memos(session: Session, source_code_id: int, target_code_id: int) -> int:
    """Move the memos on one code to another, each counting one more version;
    returns how many moved."""
    statement = (
        update(Memo)
        .where(Memo.code_id == source_code_id)
        .values(code_id=target_code_id, version=Memo.version + 1)
    )
    result = session.execute(statement, execution_options={"synchronize_session": "fetch"})
    return int(result.rowcount)  # type: ignore[attr-defined]


def relink_coding_memos(session: Session, moves: Mapping[int, int]) -> int:
    """Move the memos on the codings of ``moves`` (``{from: to}``) to the coding
    each maps to, each memo counting one more version; one statement per
    batch. Returns how many moved."""
    moved = 0
    for chunk in chunks(moves):
        target = case({coding_id: moves[coding_id] for coding_id in chunk}, value=Memo.coding_id)
        statement = (
            update(Memo)
            .where(Memo.coding_id.in_(chunk))
            .values(coding_id=target, version=Memo.version + 1)
        )
        result = session.execute(statement, execution_options={"synchronize_session": "fetch"})
        moved += int(result.rowcount)  # type: ignore[attr-defined]
    return moved


def unlink_memos(session: Session, link: str, ids: Collection[int]) -> int:
    """Link the memos on the objects ``ids`` of kind ``link`` (a key of
    :data:`LINK_COLUMNS`: ``"document"``, ``"code"``, ``"coding"``, ``"case"``,
    ``"participant"``) to the project instead, each counting one more version;
    returns the count.

    The foreign keys do the same on delete; doing it here first keeps loaded
    memos and their versions current and gives the count the change reports.
    """
    column = LINK_COLUMNS[link]
    values: dict[str, Any] = {column.key: None, "version": Memo.version + 1}
    if link == "document":  # a passage is a passage of the document
        values.update(start=None, end=None)
    moved = 0
    for chunk in chunks(ids):
        statement = update(Memo).where(column.in_(chunk)).values(values)
        result = session.execute(statement, execution_options={"synchronize_session": "fetch"})
        moved += int(result.rowcount)  # type: ignore[attr-defined]
    return moved


def unlink_code_memos(session: Session, code_ids: Collection[int]) -> int:
    """Link the memos on ``code_ids`` to the project instead (see :func:`unlink_memos`)."""
    return unlink_memos(session, "code", code_ids)


def unlink_coding_memos(session: Session, coding_ids: Collection[int]) -> int:
    """Link the memos on ``coding_ids`` to the project instead (see :func:`unlink_memos`)."""
    return unlink_memos(session, "coding", coding_ids)


def passage_memos(session: Session, document_id: int) -> Sequence[Memo]:
    """The memos on a passage of a document (ORM objects, to move them)."""
    return session.scalars(
        select(Memo).where(Memo.document_id == document_id, Memo.start.is_not(None))
    ).all()


def insert_passage_memos(
    session: Session,
    project_id: int,
    document_id: int,
    comments: Sequence[tuple[int, int, str, str, str]],
) -> None:
    """Store a file's comments ``(start, end, text, author, date)`` as memos on those
    passages of the document (a Word comment becomes an analytic memo titled
    after its first words, by its author, dated when the date reads as ISO 8601)."""
    for start, end, text, author, date in comments:
        words = " ".join(text.split())
        title = words if len(words) <= 80 else words[:79] + "\u2026"
        moment = _moment(date)
        memo = Memo(
            project_id=project_id,
            kind=MemoKind.ANALYTIC,
            title=title or "Comment",
            body=text,
            author=(author or "")[:200],
            document_id=document_id,
            start=start,
            end=end,
        )
        if moment is not None:
            memo.created_at = memo.updated_at = moment
        session.add(memo)


def _moment(value: str) -> datetime | None:
    """An ISO 8601 date(-time) as an aware datetime (UTC when no zone), or None."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
