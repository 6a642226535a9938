"""Familiarisation marks: who has read which document (migration 0009)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped

from qualframe.storage.models import columns as col
from qualframe.storage.models.base import Base


class DocumentReading(Base):
    """One person's mark that they have read a document (familiarisation).

    ``reader`` is the name the changes are written under (as a memo's
    author); ``read_at`` is when it was marked (UTC). One mark per document
    and reader; it goes with its document.
    """

    __tablename__ = "document_readings"

    id: Mapped[col.IntPK]
    project_id: Mapped[col.ProjectKey]
    document_id: Mapped[int] = col.references("documents.id")
    reader: Mapped[col.Name]
    read_at: Mapped[col.Moment]

    __table_args__ = (
        sa.UniqueConstraint("document_id", "reader"),
        col.not_empty("reader"),
        sa.Index(None, "project_id", "reader"),
    )
