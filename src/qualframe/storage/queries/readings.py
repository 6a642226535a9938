"""Queries over ``document_readings`` (migration 0009): who has read which
document, for the familiarisation step."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualframe.storage.bulk import plain_rows
from qualframe.storage.models import Document, DocumentReading, Memo, MemoLinkRow
from qualframe.storage.queries.documents import DOCUMENT_ORDER


class ReadingRow(NamedTuple):
    """One reading mark: the document's id and name, the reader, when (UTC
    or naive on SQLite)."""

    document_id: int
    document: str
    reader: str
    read_at: datetime


class DocumentRow(NamedTuple):
    """A document as the familiarisation listing orders it."""

    id: int
    name: str


def reading(session: Session, document_id: int, reader: str) -> DocumentReading | None:
    """The mark of ``reader`` on the document, if any."""
    return session.scalar(
        select(DocumentReading).where(
            DocumentReading.document_id == document_id, DocumentReading.reader == reader
        )
    )


def add_reading(
    session: Session, project_id: int, document_id: int, reader: str, read_at: datetime
) -> bool:
    """Store a mark (the caller has checked there is none yet); False when the
    same person's mark was stored meanwhile (two tabs at once): that one stays.
    Under a savepoint, so the refused insert leaves the transaction usable."""
    mark = DocumentReading(
        project_id=project_id, document_id=document_id, reader=reader, read_at=read_at
    )
    try:
        with session.begin_nested():
            session.add(mark)
            session.flush()
    except IntegrityError:
        if reading(session, document_id, reader) is None:
            raise  # not the one-mark rule: a real error
        return False
    return True


def remove_reading(session: Session, document_id: int, reader: str) -> int:
    """Delete the mark of ``reader`` on the document; returns how many went (0 or 1)."""
    statement = delete(DocumentReading).where(
        DocumentReading.document_id == document_id, DocumentReading.reader == reader
    )
    result = session.execute(statement, execution_options={"synchronize_session": "fetch"})
    return int(result.rowcount)  # type: ignore[attr-defined]


def reading_rows(
    session: Session, project_id: int, document_ids: Collection[int] | None = None
) -> list[ReadingRow]:
    """Every mark of the project (or of ``document_ids``), in document order,
    then by reader. One query."""
    query = (
        select(Document.id, Document.name, DocumentReading.reader, DocumentReading.read_at)
        .join(Document, Document.id == DocumentReading.document_id)
        .where(DocumentReading.project_id == project_id)
        .order_by(*DOCUMENT_ORDER, DocumentReading.reader)
    )
    if document_ids is not None:
        query = query.where(Document.id.in_(sorted(set(document_ids))))
    return [ReadingRow(*row) for row in plain_rows(session, query)]


def document_rows(
    session: Session, project_id: int, document_ids: Collection[int] | None = None
) -> list[DocumentRow]:
    """The project's documents (or ``document_ids``) in document order."""
    query = (
        select(Document.id, Document.name)
        .where(Document.project_id == project_id)
        .order_by(*DOCUMENT_ORDER)
    )
    if document_ids is not None:
        query = query.where(Document.id.in_(sorted(set(document_ids))))
    return [DocumentRow(*row) for row in plain_rows(session, query)]


def familiarisation_memo_ids(
    session: Session, project_id: int, kind: str, document_ids: Collection[int] | None = None
) -> dict[tuple[int, str], int]:
    """``{(document id, author): memo id}`` of the memos of ``kind`` linked to a
    whole document (not only to a passage); of several, the oldest."""
    query = (
        select(MemoLinkRow.document_id, Memo.author, Memo.id)
        .join(Memo, Memo.id == MemoLinkRow.memo_id)
        .where(
            Memo.project_id == project_id,
            Memo.kind == kind,
            MemoLinkRow.document_id.is_not(None),
            MemoLinkRow.start.is_(None),
        )
        .order_by(Memo.created_at.desc(), Memo.id.desc())
    )
    if document_ids is not None:
        query = query.where(MemoLinkRow.document_id.in_(sorted(set(document_ids))))
    # Newest first, so the oldest is written last and kept.
    return {(document, author): memo for document, author, memo in plain_rows(session, query)}


def hold_document(session: Session, document_id: int) -> None:
    """Make two first writes of something made once per document (a person's
    familiarisation notes) follow each other: the second waits for the first
    to commit, then reads what it wrote.

    PostgreSQL: the document's row is locked until the transaction ends
    (``SELECT ... FOR UPDATE``). SQLite: the write lock is taken now
    (``BEGIN IMMEDIATE``) when the transaction has not begun yet (the driver
    begins one only at the first write, so reads before it see no snapshot
    of their own); one that has begun and written holds it already."""
    if session.get_bind().dialect.name == "sqlite":
        connection = session.connection()
        if not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    session.execute(select(Document.id).where(Document.id == document_id).with_for_update())
