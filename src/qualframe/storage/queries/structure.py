"""The structure of documents (sections, pages) and their earlier texts (revisions)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Integer, delete, func, literal, select, union_all
from sqlalchemy.orm import Session

from qualframe.storage.bulk import insert_rows
from qualframe.storage.models import (
    DocumentPage,
    DocumentRevision,
    DocumentSection,
    SpeakerTurn,
    TextSegment,
)
from qualframe.storage.models.base import utc_now
from qualframe.storage.queries.batches import chunks


class SectionRow(NamedTuple):
    """A section of a document: its id, order, heading and span (code points)."""

    id: int
    position: int
    title: str
    level: int
    start: int
    end: int


class PageRow(NamedTuple):
    """A page of a document's source file (1-based) and its span (code points)."""

    number: int
    start: int
    end: int


class RevisionRow(NamedTuple):
    """An earlier text of a document, without the text itself."""

    number: int
    length: int
    content_hash: str
    reason: str
    details: dict[str, Any]
    replaced_at: datetime
    replaced_by: str


def insert_sections(
    session: Session, document_id: int, sections: Sequence[tuple[str, int, int, int]]
) -> None:
    """Store the sections ``(title, level, start, end)`` of a document, in order."""
    rows = [
        (document_id, position, title[:500], level, start, end)
        for position, (title, level, start, end) in enumerate(sections)
    ]
    columns = ("document_id", "position", "title", "level", "start", "end")
    insert_rows(session, DocumentSection, columns, rows)


def insert_pages(session: Session, document_id: int, pages: Sequence[tuple[int, int, int]]) -> None:
    """Store the pages ``(number, start, end)`` of a document."""
    rows = [(document_id, number, start, end) for number, start, end in pages]
    insert_rows(session, DocumentPage, ("document_id", "number", "start", "end"), rows)


def sections_of(session: Session, document_id: int) -> list[SectionRow]:
    """The sections of a document in order."""
    query = (
        select(
            DocumentSection.id,
            DocumentSection.position,
            DocumentSection.title,
            DocumentSection.level,
            DocumentSection.start,
            DocumentSection.end,
        )
        .where(DocumentSection.document_id == document_id)
        .order_by(DocumentSection.position)
    )
    return [SectionRow(*row) for row in session.execute(query)]


def pages_of(session: Session, document_id: int) -> list[PageRow]:
    """The pages of a document in order."""
    query = (
        select(DocumentPage.number, DocumentPage.start, DocumentPage.end)
        .where(DocumentPage.document_id == document_id)
        .order_by(DocumentPage.number)
    )
    return [PageRow(*row) for row in session.execute(query)]


def passage_and_page_starts(
    session: Session, document_ids: Collection[int]
) -> tuple[dict[int, list[int]], dict[int, list[tuple[int, int]]]]:
    """Where the text segments (passages) of the documents start, ``{document id:
    [start, ...]}``, and where their pages start, ``{document id: [(start,
    number), ...]}``, both in text order, in one statement per chunk of ids
    (offsets only, no text; documents without any are absent)."""
    passages: dict[int, list[int]] = {}
    pages: dict[int, list[tuple[int, int]]] = {}
    for chunk in chunks(document_ids):
        segments = select(
            TextSegment.document_id, TextSegment.start, literal(None, Integer).label("number")
        ).where(TextSegment.document_id.in_(chunk))
        numbered = select(DocumentPage.document_id, DocumentPage.start, DocumentPage.number).where(
            DocumentPage.document_id.in_(chunk)
        )
        query = union_all(segments, numbered).order_by("document_id", "start")
        for document_id, start, number in session.execute(query):
            if number is None:
                passages.setdefault(document_id, []).append(start)
            else:
                pages.setdefault(document_id, []).append((start, number))
    return passages, pages


def delete_structure(session: Session, document_id: int) -> None:
    """Remove the sections and pages of a document (before its text is replaced)."""
    session.execute(delete(DocumentSection).where(DocumentSection.document_id == document_id))
    session.execute(delete(DocumentPage).where(DocumentPage.document_id == document_id))


def delete_turns_and_segments(session: Session, document_id: int) -> None:
    """Remove the speaker turns and text segments of a document (its search index
    entries must be removed first: see ``search_index.unindex_documents``)."""
    session.execute(delete(TextSegment).where(TextSegment.document_id == document_id))
    session.execute(delete(SpeakerTurn).where(SpeakerTurn.document_id == document_id))


def add_revision(
    session: Session,
    document_id: int,
    text: str,
    content_hash: str,
    *,
    reason: str,
    details: dict[str, Any],
    by: str,
) -> int:
    """Keep ``text`` as the document's next revision number; returns that number."""
    last = session.scalar(
        select(func.max(DocumentRevision.number)).where(DocumentRevision.document_id == document_id)
    )
    number = (last or 0) + 1
    session.add(
        DocumentRevision(
            document_id=document_id,
            number=number,
            text=text,
            content_hash=content_hash,
            reason=reason[:500],
            details=details,
            replaced_at=utc_now(),
            replaced_by=by,
        )
    )
    session.flush()
    return number


def revisions_of(session: Session, document_id: int) -> list[RevisionRow]:
    """The earlier texts of a document, oldest first (texts not loaded)."""
    query = (
        select(
            DocumentRevision.number,
            func.length(DocumentRevision.text),
            DocumentRevision.content_hash,
            DocumentRevision.reason,
            DocumentRevision.details,
            DocumentRevision.replaced_at,
            DocumentRevision.replaced_by,
        )
        .where(DocumentRevision.document_id == document_id)
        .order_by(DocumentRevision.number)
    )
    return [RevisionRow(*row) for row in session.execute(query)]


def revision_text(session: Session, document_id: int, number: int) -> str | None:
    """The text of revision ``number`` of a document, or None."""
    return session.scalar(
        select(DocumentRevision.text).where(
            DocumentRevision.document_id == document_id, DocumentRevision.number == number
        )
    )
