"""The audit log: who changed what, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models.base import Base, Timestamp, utc_now


class AuditEntry(Base):
    """One recorded change.

    ``action`` is ``<entity>.<verb>`` (``code.merge``, ``coding.create``);
    ``entity_id`` is not a foreign key, so the entry outlives the object.
    ``details`` holds what changed (before/after values, counts).
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(Timestamp(), default=utc_now)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (
        Index(None, "project_id", "at"),
        Index(None, "project_id", "entity_type", "entity_id"),
    )
