"""Queries over the ``audit_log`` table."""

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
    actor: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> Sequence[AuditEntry]:
    """Audit entries of a project, oldest first (``newest_first``: newest first),
    optionally filtered; ``offset`` entries are skipped before ``limit`` are kept."""
    query = select(AuditEntry).where(AuditEntry.project_id == project_id)
    if entity_type is not None:
        query = query.where(AuditEntry.entity_type == entity_type)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    if actor is not None:
        query = query.where(AuditEntry.actor == actor)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if newest_first:
        query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    else:
        query = query.order_by(AuditEntry.at, AuditEntry.id)
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return session.scalars(query).all()
