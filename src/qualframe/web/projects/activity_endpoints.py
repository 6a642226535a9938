"""The audit log: who changed what, when."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from qualframe.services.core.audit import AuditRecord
from qualframe.web.server.dependencies import ProjectDep

router = APIRouter(tags=["audit"])

#: Most entries one request returns.
MAX_LIMIT = 1000


@router.get("/projects/{project_id}/audit")
def audit_log(
    project: ProjectDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most entries returned.")] = 100,
    offset: Annotated[int, Query(ge=0, description="Entries skipped (paging).")] = 0,
    entity_type: Annotated[
        str | None, Query(description="Only changes to this kind of object (code, case...).")
    ] = None,
    entity_id: Annotated[
        int | None, Query(description="Only changes to this object (by id).")
    ] = None,
    actor: Annotated[
        str | None, Query(description="Only changes by this person (by name).")
    ] = None,
    since: Annotated[
        datetime | None, Query(description="Only changes at or after this moment (ISO 8601).")
    ] = None,
    until: Annotated[
        datetime | None, Query(description="Only changes before this moment (ISO 8601).")
    ] = None,
    oldest_first: Annotated[bool, Query(description="Oldest first instead.")] = False,
) -> list[AuditRecord]:
    """The project's recorded changes, newest first."""
    return project.activity(
        entity_type=entity_type or None,
        entity_id=entity_id,
        actor=actor or None,
        since=_aware(since),
        until=_aware(until),
        limit=limit,
        offset=offset,
        newest_first=not oldest_first,
    )


def _aware(moment: datetime | None) -> datetime | None:
    """``moment`` in UTC (a moment given without a zone is taken as UTC)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
