"""The JSON API of familiarisation: who has read which document.

``GET /api/projects/{pid}/reading-progress`` (everyone's marks),
``PUT /api/projects/{pid}/documents/{id}/read`` (mark it read by you, or
take the mark back) and ``POST .../familiarisation-notes`` (your
familiarisation memo on it, written when you have none). The rules are
:mod:`qualframe.services.documents.familiarisation`'s.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from qualframe import MemoInfo, ReadingMark, ReadingProgress
from qualframe.web.server.dependencies import ProjectDep

router = APIRouter(tags=["documents"])

DOCUMENT = "/projects/{project_id}/documents/{document_id:int}"


class Reading(BaseModel):
    """Whether you have read the document."""

    read: bool = Field(True, description="true: mark it read by you; false: take the mark back.")


@router.get("/projects/{project_id}/reading-progress")
def reading_progress(project: ProjectDep) -> ReadingProgress:
    """Familiarisation: the readers (with you among them), every document with
    each reader's mark (read_at, null when not read; notes: their
    familiarisation memo's id) and per person how many documents they read."""
    return project.documents.reading_progress()


@router.get(DOCUMENT + "/read")
def reading_mark(document_id: int, project: ProjectDep) -> ReadingMark:
    """Whether you have read the document (read_at), and your notes' memo id."""
    return project.documents.reading_mark(document_id)


@router.put(DOCUMENT + "/read")
def put_reading(document_id: int, body: Reading, project: ProjectDep) -> ReadingMark:
    """Mark the document read by you (``read: false`` takes the mark back);
    answers your mark. Marking it again keeps the first moment."""
    documents = project.documents
    return documents.mark_read(document_id) if body.read else documents.unmark_read(document_id)


@router.post(DOCUMENT + "/familiarisation-notes")
def familiarisation_notes(document_id: int, project: ProjectDep) -> MemoInfo:
    """Your familiarisation memo on the document, written (empty) when you have
    none; change its text with ``PATCH /api/projects/{pid}/memos/{id}``."""
    return project.documents.familiarisation_notes(document_id)
