"""Marking a document's coding done, from the documents list and the JSON API.

The documents list and the document view show a document's mark (who,
when) with a button to set or take it back; the form carries the version the page was shown with,
so a document changed by someone else since is not marked, and the page
says so. The API twin is ``PUT /api/projects/{pid}/documents/{id}/coding-done``
and ``GET /api/projects/{pid}/coding-progress``. The rule (and
what the saturation curve makes of the mark) is
:mod:`qualframe.services.documents.coding_progress`'s.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from pydantic import BaseModel, Field
from starlette.responses import Response

from qualframe import CodingProgress
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import local_path, redirect

#: The page's form (HTML, hidden from the OpenAPI description).
router = APIRouter(include_in_schema=False)
#: The JSON API (included by the documents area's endpoints).
api_router = APIRouter(tags=["documents"])

PATH = "/projects/{project_id}/documents/{document_id:int}/coding-done"


@router.post(PATH)
def mark_coding_done(
    document_id: int,
    project: ProjectDep,
    done: Annotated[bool, Form()] = True,
    if_version: Annotated[int | None, Form(ge=0)] = None,
    back: Annotated[str, Form()] = "",
) -> Response:
    """Mark a document's coding done (``done=false``: take the mark back), then
    show ``back`` (a path on this site: the document view) or the documents list
    at its row."""
    marked = project.documents.mark_coding_done(document_id, done, if_version=if_version)
    message = (
        f"The coding of {marked.document!r} is marked done."
        if marked.done
        else f"The coding of {marked.document!r} is no longer marked done."
    )
    listed = f"/projects/{project.info.id}/documents#document-row-{marked.document_id}"
    return redirect(local_path(back, listed), message)


class CodingDone(BaseModel):
    """Whether a document's coding is done, and the version you read."""

    done: bool = Field(True, description="true: mark it done; false: take the mark back.")
    if_version: int | None = Field(
        None, ge=0, description="The document's version you read; 409 when it changed since."
    )


@api_router.get("/projects/{project_id}/coding-progress")
def coding_progress(project: ProjectDep) -> list[CodingProgress]:
    """Every document's coding progress in document order: codings, coded code
    points and coverage (0-1), the "coding done" mark (done_at, done_by) and
    status: "not coded", "in progress" or "done"."""
    return project.documents.coding_progress()


@api_router.put(PATH)
def put_coding_done(document_id: int, body: CodingDone, project: ProjectDep) -> CodingProgress:
    """Mark a document's coding done, or take the mark back; answers its progress
    with the new ``version`` (unchanged when the mark already was so). 409 when
    ``if_version`` is stale."""
    return project.documents.mark_coding_done(document_id, body.done, if_version=body.if_version)
