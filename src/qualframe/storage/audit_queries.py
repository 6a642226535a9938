"""Queries over the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.storage.models import AuditEntry


def entries(
    session: Session,
    project_id: int,
    *,
    entity_type: str | None = None,
    entity_id: int | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> Sequence[AuditEntry]:
    """Audit entries of a project, oldest first, optionally filtered."""
    query = select(AuditEntry).where(AuditEntry.project_id == project_id)
    if entity_type is not None:
        query = query.where(AuditEntry.entity_type == entity_type)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    query = query.order_by(AuditEntry.at, AuditEntry.id)
    if limit is not None:
        query = query.limit(limit)
    return session.scalars(query).all()
