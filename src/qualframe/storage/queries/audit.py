"""Queries over the ``audit_log`` table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.storage.models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    """Which audit entries to read: those of an entity type and id, by an actor
    (exact name), at or after ``since`` and before ``until``; oldest first (``newest_first``: newest
    first), skipping ``offset`` entries and keeping at most ``limit`` (None: all)."""

    entity_type: str | None = None
    entity_id: int | None = None
    actor: str | None = None
    since: datetime | None = None
    limit: int | None = None
    offset: int = 0
    newest_first: bool = False
    until: datetime | None = None


def entries(
    session: Session, project_id: int, wanted: AuditFilter = AuditFilter()
) -> Sequence[AuditEntry]:
    """The audit entries of a project that ``wanted`` selects, in its order."""
    query = select(AuditEntry).where(AuditEntry.project_id == project_id)
    if wanted.entity_type is not None:
        query = query.where(AuditEntry.entity_type == wanted.entity_type)
    if wanted.entity_id is not None:
        query = query.where(AuditEntry.entity_id == wanted.entity_id)
    if wanted.actor is not None:
        query = query.where(AuditEntry.actor == wanted.actor)
    if wanted.since is not None:
        query = query.where(AuditEntry.at >= wanted.since)
    if wanted.until is not None:
        query = query.where(AuditEntry.at < wanted.until)
    if wanted.newest_first:
        query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    else:
        query = query.order_by(AuditEntry.at, AuditEntry.id)
    if wanted.offset:
        query = query.offset(wanted.offset)
    if wanted.limit is not None:
        query = query.limit(wanted.limit)
    return session.scalars(query).all()
