"""Familiarisation: who has read which document, and each person's notes.

The page ``/projects/{pid}/documents/familiarisation`` lists the documents
against the team's readers (read or not, with a link to each person's
familiarisation memo), with your own column's buttons to mark a document
read or take the mark back. The document view's header has the same button
and "Write familiarisation notes". The forms work without scripts and come
back (``back``, a path on this site) with a message. The rules are
:mod:`qualframe.services.documents.familiarisation`'s; the JSON API is
:mod:`qualframe.web.documents.familiarisation_endpoints`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import local_path, redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

PAGE = "/projects/{project_id}/documents/familiarisation"


@router.get(PAGE)
def familiarisation_page(request: Request, project: ProjectDep) -> Response:
    """Every document against every reader: read or not, and their notes."""
    progress = project.documents.reading_progress()
    return render(
        request,
        "documents/familiarisation.html",
        {"project": project, "active": "documents", "progress": progress, "you": project.user},
    )


@router.post("/projects/{project_id}/documents/{document_id:int}/read")
def mark_read(
    project: ProjectDep,
    document_id: int,
    read: Annotated[bool, Form()] = True,
    back: Annotated[str, Form()] = "",
) -> Response:
    """Mark a document read by you (``read=false``: take the mark back), then
    show ``back`` (a path on this site) or the familiarisation page."""
    documents = project.documents
    mark = documents.mark_read(document_id) if read else documents.unmark_read(document_id)
    message = (
        f"You have read {mark.document!r}."
        if mark.read
        else f"{mark.document!r} is no longer marked read by you."
    )
    listed = f"/projects/{project.info.id}/documents/familiarisation#reading-{mark.document_id}"
    return redirect(local_path(back, listed), message)


@router.post("/projects/{project_id}/documents/{document_id:int}/familiarisation-notes")
def familiarisation_notes(project: ProjectDep, document_id: int) -> Response:
    """Open your familiarisation memo on the document (written when you have
    none) in the memo editor."""
    memo = project.documents.familiarisation_notes(document_id)
    target = f"/projects/{project.info.id}/memos/{memo.id}/edit"
    return redirect(target)
