"""Recording and reading the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd

from qualframe.errors import ValidationError
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import AuditEntry

#: Columns of :func:`audit_log`.
AUDIT_COLUMNS = ("id", "at", "actor", "action", "entity_type", "entity_id", "summary", "details")

#: What each kind of audited object is called, for people (the activity page's
#: filter). Entries of other types are still listed and can be filtered by type.
ENTITY_TYPES: dict[str, str] = {
    "project": "project or import",
    "attribute": "attribute",
    "case": "case",
    "participant": "participant",
    "question": "interview question",
    "document": "document",
    "speaker_mapping": "speaker mapping",
    "code": "code",
    "coding": "coding",
    "memo": "memo",
    "cell": "matrix cell",
}


def record(
    uow: UnitOfWork,
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
        project_id=uow.project_id,
        actor=uow.actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        summary=summary,
        details=details or {},
    )
    uow.session.add(entry)
    return entry


def audit_log(
    uow: UnitOfWork,
    *,
    entity_type: str | None = None,
    entity_id: int | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> pd.DataFrame:
    """The project's audit entries as a DataFrame, oldest first (``newest_first``:
    the latest first), filtered by entity type and id and by ``actor`` (exact name).

    ``offset`` skips that many entries of the ordered log and ``limit`` keeps
    at most that many (paging). Columns: see :data:`AUDIT_COLUMNS`. Raises
    :class:`ValidationError` for a negative ``limit`` or ``offset``.
    """
    if (limit is not None and limit < 0) or offset < 0:
        raise ValidationError("A limit and an offset of the audit log are whole numbers from 0.")
    entries = queries.audit.entries(
        uow.session,
        uow.project_id,
        entity_type=entity_type,
        entity_id=entity_id,
        actor=actor,
        since=since,
        limit=limit,
        offset=offset,
        newest_first=newest_first,
    )
    columns = list(AUDIT_COLUMNS)
    return pd.DataFrame([[getattr(e, c) for c in columns] for e in entries], columns=columns)
