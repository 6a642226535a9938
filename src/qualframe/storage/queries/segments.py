"""Queries over ``text_segments``: the units of search (paragraphs within one
speaker turn). The full-text index over them is
:mod:`qualframe.storage.search_index`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.storage.bulk import insert_rows
from qualframe.storage.models import TextSegment


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
