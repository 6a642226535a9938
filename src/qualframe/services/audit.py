"""Recording and reading the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from qualframe.services.context import ProjectContext
from qualframe.storage import audit_queries
from qualframe.storage.models import AuditEntry


def record(
    session: Session,
    ctx: ProjectContext,
    action: str,
    entity_type: str,
    entity_id: int | None,
    summary: str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit entry to the current transaction (written with the change).

    ``action`` is ``<entity>.<verb>``, e.g. ``code.merge``; ``summary`` is a
    sentence for people; ``details`` must be JSON-serialisable.
    """
    entry = AuditEntry(
        project_id=ctx.project_id,
        actor=ctx.actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        summary=summary,
        details=details or {},
    )
    session.add(entry)
    return entry


def audit_log(
    session: Session,
    ctx: ProjectContext,
    *,
    entity_type: str | None = None,
    entity_id: int | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """The project's audit entries, oldest first, as a DataFrame.

    Columns: ``id, at, actor, action, entity_type, entity_id, summary, details``.
    """
    entries = audit_queries.entries(
        session,
        ctx.project_id,
        entity_type=entity_type,
        entity_id=entity_id,
        since=since,
        limit=limit,
    )
    columns = ["id", "at", "actor", "action", "entity_type", "entity_id", "summary", "details"]
    return pd.DataFrame([[getattr(e, c) for c in columns] for e in entries], columns=columns)
