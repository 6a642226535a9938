"""Speaker labels and who they stand for (part of the ``documents`` tag)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile
from pydantic import BaseModel, Field

from qualframe import MappingChange, SpeakerMapImport
from qualframe.vocabulary import SpeakerRole
from qualframe.web.documents.rows import json_rows
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.refs import one_ref
from qualframe.web.server.upload_files import read_upload

router = APIRouter(tags=["documents"])


class SpeakerMapping(BaseModel):
    """Who a speaker label stands for: a participant (``participant`` by
    identifier or ``participant_id``), or the interviewer or other; project-wide,
    or in one document (``document`` by name or ``document_id``)."""

    label: str = Field(description="The speaker label, by name as transcribed.")
    participant: str | None = Field(None, description="The participant by identifier (name).")
    participant_id: int | None = Field(None, description="The participant by id.")
    role: SpeakerRole | None = Field(None, description="interviewer or other (no participant).")
    document: str | None = Field(
        None, description="Only in this document, by name; default: project-wide."
    )
    document_id: int | None = Field(
        None, description="Only in this document, by id; default: project-wide."
    )


@router.get("/projects/{project_id}/speakers")
def speakers(project: ProjectDep) -> list[dict[str, Any]]:
    """Every speaker label: turns, documents, project-wide role and participant,
    document_mappings (count), unmapped_documents (where nothing maps it)."""
    return json_rows(project.documents.speaker_labels())


@router.get("/projects/{project_id}/speakers/mappings")
def speaker_mappings(project: ProjectDep) -> list[dict[str, Any]]:
    """Every mapping: label, document (null: project-wide), role, participant."""
    return json_rows(project.documents.mapping_list())


@router.put("/projects/{project_id}/speakers/mappings")
def map_speaker(body: SpeakerMapping, project: ProjectDep) -> MappingChange:
    """Map a label (replacing its mapping at that level) and re-attribute the codings of
    the affected documents. 404 for a label, participant or document not found."""
    return project.documents.map_speaker(
        body.label,
        one_ref(body.participant, body.participant_id, "participant", called="its identifier"),
        role=body.role,
        document=one_ref(body.document, body.document_id, "document"),
    )


@router.delete("/projects/{project_id}/speakers/mappings")
def unmap_speaker(
    project: ProjectDep,
    label: Annotated[str, Query(description="The speaker label, by name as transcribed.")],
    document: Annotated[
        str | None, Query(description="The document of a document mapping, by name.")
    ] = None,
    document_id: Annotated[
        int | None, Query(description="The document of a document mapping, by id.")
    ] = None,
) -> MappingChange:
    """Remove a label's mapping (project-wide, or in ``document`` or
    ``document_id``) and re-attribute. 404 when there is no such mapping."""
    where = one_ref(document, document_id, "document")
    return project.documents.unmap_speaker(label, document=where)


@router.post("/projects/{project_id}/speakers/import")
def import_speaker_map(
    project: ProjectDep,
    file: Annotated[UploadFile, File(description="CSV/XLSX: label, participant or role, document")],
) -> SpeakerMapImport:
    """Map labels from a file; a bad row is a 422 naming the file and line, and
    nothing is mapped."""
    return project.documents.import_speaker_map(read_upload(file, "a CSV or XLSX file"))
