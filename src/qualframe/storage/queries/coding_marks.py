"""The "coding done" marks of documents (``documents.coding_done_at`` and
``coding_done_by``, migration 0008), read with what shows how far coding went.

Setting or clearing a mark edits the loaded :class:`Document` (its version
goes up with the change), so this module only reads.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.storage.models import Coding, Document
from qualframe.storage.queries.documents import DOCUMENT_ORDER


class CodingMarkRow(NamedTuple):
    """A document's coding mark and size: ``length`` in code points, ``codings``
    (all coders), ``done_at``/``done_by`` (both None when not marked)."""

    id: int
    name: str
    version: int
    length: int
    codings: int
    done_at: datetime | None
    done_by: str | None


def coding_mark_rows(
    session: Session, project_id: int, document_ids: Collection[int] | None = None
) -> list[CodingMarkRow]:
    """Every document of the project (or those of ``document_ids``) with its coding
    mark and count of codings, in document order (position when set, then
    name). One query; no text read."""
    codings = (
        select(func.count()).where(Coding.document_id == Document.id).correlate(Document)
    ).scalar_subquery()
    query = (
        select(
            Document.id,
            Document.name,
            Document.version,
            Document.length,
            codings,
            Document.coding_done_at,
            Document.coding_done_by,
        )
        .where(Document.project_id == project_id)
        .order_by(*DOCUMENT_ORDER)
    )
    if document_ids is not None:
        query = query.where(Document.id.in_(sorted(set(document_ids))))
    return [CodingMarkRow(*row) for row in session.execute(query)]
