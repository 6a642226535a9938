"""Queries over ``text_segments``: the units of search (paragraphs within one
speaker turn). The full-text index over them is
:mod:`qualframe.storage.search_index`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.storage.bulk import insert_rows
from qualframe.storage.models import TextSegment
from qualframe.storage.queries.batches import chunks


def insert_segments(
    session: Session, rows: Sequence[tuple[int, int, int, int, int | None]]
) -> None:
    """Insert text segments ``(id, document_id, start, end, turn_id)``."""
    columns = ("id", "document_id", "start", "end", "turn_id")
    insert_rows(session, TextSegment, columns, rows)


def segment_spans(session: Session, document_id: int) -> list[tuple[int, int, int]]:
    """``(segment id, start, end)`` of a document's text segments, in text order."""
    query = (
        select(TextSegment.id, TextSegment.start, TextSegment.end)
        .where(TextSegment.document_id == document_id)
        .order_by(TextSegment.start)
    )
    return [(row[0], row[1], row[2]) for row in session.execute(query)]


def segment_starts(session: Session, document_ids: Collection[int]) -> dict[int, list[int]]:
    """``{document id: where each of its text segments starts}``, in text order
    (offsets only: no text is read; documents without segments are absent)."""
    found: dict[int, list[int]] = {}
    for chunk in chunks(document_ids):
        query = (
            select(TextSegment.document_id, TextSegment.start)
            .where(TextSegment.document_id.in_(chunk))
            .order_by(TextSegment.document_id, TextSegment.start)
        )
        for document_id, start in session.execute(query):
            found.setdefault(document_id, []).append(start)
    return found
