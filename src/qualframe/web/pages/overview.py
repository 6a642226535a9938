"""A project's overview: cases, participants, documents with coding progress,
codebook summary, recent activity."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from qualframe.web.dependencies import ProjectDep
from qualframe.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/projects/{project_id}")
def overview(request: Request, project: ProjectDep) -> Response:
    """The project's overview (placeholder until the overview is built)."""
    return render(request, "overview.html", {"project": project, "active": "overview"})
