"""The audit log: who changed what, and when."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models import columns as col
from qualframe.storage.models.base import Base


class AuditEntry(Base):
    """One recorded change.

    ``action`` is ``<entity>.<verb>`` (``code.merge``, ``coding.create``);
    ``entity_id`` is not a foreign key, so the entry outlives the object.
    ``details`` holds what changed (before/after values, counts).
    """

    __tablename__ = "audit_log"

    id: Mapped[col.IntPK]
    project_id: Mapped[col.ProjectKey | None]
    at: Mapped[col.Moment]
    actor: Mapped[col.Name]
    action: Mapped[str] = mapped_column(sa.String(100))
    entity_type: Mapped[str] = mapped_column(sa.String(50))
    entity_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(sa.Text)
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    __table_args__ = (
        sa.Index(None, "project_id", "at"),
        sa.Index(None, "project_id", "entity_type", "entity_id"),
    )
