"""The audit log: who changed what, when."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.frames import records

router = APIRouter(tags=["audit"])

#: Most entries one request returns.
MAX_LIMIT = 1000


class AuditEntryAnswer(BaseModel):
    """One recorded change: ``action`` is ``<entity>.<verb>``; ``at`` is UTC."""

    id: int
    at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: int | None
    summary: str
    details: dict[str, Any]


@router.get("/projects/{project_id}/audit")
def audit_log(
    project: ProjectDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most entries returned.")] = 100,
    offset: Annotated[int, Query(ge=0, description="Entries skipped (paging).")] = 0,
    entity_type: Annotated[
        str | None, Query(description="Only changes to this kind of object (code, case...).")
    ] = None,
    entity_id: Annotated[int | None, Query(description="Only changes to this object.")] = None,
    actor: Annotated[str | None, Query(description="Only changes by this person.")] = None,
    oldest_first: Annotated[bool, Query(description="Oldest first instead.")] = False,
) -> list[AuditEntryAnswer]:
    """The project's recorded changes, newest first."""
    frame = project.audit_log(
        entity_type=entity_type or None,
        entity_id=entity_id,
        actor=actor or None,
        limit=limit,
        offset=offset,
        newest_first=not oldest_first,
    )
    return [AuditEntryAnswer.model_validate(row) for row in records(frame)]
