"""Documents: list, upload (import), read one with its speaker turns, link
participants, order, delete. Speaker labels are in
:mod:`~qualframe.web.documents.speaker_endpoints` (same tag).

A document carries a ``version``: its writes take ``if_version`` (the version
read; 409 and nothing saved when it is stale) and answer the new one."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile
from pydantic import BaseModel, Field

from qualframe import DeletedDocument, DocumentInfo, DocumentRecord, ImportReport, OwnerValues
from qualframe.errors import ValidationError
from qualframe.services.core.refs import Ref
from qualframe.web.documents import coding_progress, speaker_endpoints
from qualframe.web.documents.params import DOCUMENT_TYPES, ImportOptions
from qualframe.web.documents.rows import document_rows, json_rows
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.refs import Ids, refs_of
from qualframe.web.server.upload_files import read_uploads

router = APIRouter(tags=["documents"])

#: What ``if_version`` means, for the API's documentation.
IF_VERSION_HELP = (
    "The document's version you read (from its record); when someone changed it since, "
    "409 and nothing is saved."
)
#: The version a write was based on (optional), in a query string.
IfVersion = Annotated[int | None, Query(ge=0, description=IF_VERSION_HELP)]


class DocumentWithTurns(BaseModel):
    """One document with its text and its speaker turns (offsets in code points of
    the stored NFC text, end exclusive). A long document's ``text`` is its first
    page only: ``text_end`` says where it stops."""

    document: DocumentRecord
    turns: list[dict[str, Any]] = Field(
        description="turn_id, label, start, end, participant, text (the first 80 characters)."
    )
    text_end: int = Field(
        description="document.text is [0, text_end) of the document's length code points; "
        "when shorter, read the rest from /documents/{id}/text?offset=text_end (or ?page=2...)."
    )


class ParticipantLinks(BaseModel):
    """Participants to link to a document: by identifier, and/or by id (at least one)."""

    participants: list[str] = Field(
        default_factory=list, description="Participants by identifier (their name)."
    )
    participant_ids: Ids = Field(default_factory=list, description="Participants by id.")
    if_version: int | None = Field(None, ge=0, description=IF_VERSION_HELP)

    def refs(self) -> list[Ref]:
        """The participants named; raises :class:`ValidationError` when none is."""
        found = refs_of(self.participants, self.participant_ids)
        if not found:
            raise ValidationError("Name a participant to link: participants or participant_ids.")
        return found


class DocumentValues(BaseModel):
    """Document-attribute values by attribute name; null or "" clears one."""

    values: dict[str, str | int | float | bool | None]
    if_version: int | None = Field(None, ge=0, description=IF_VERSION_HELP)


class DocumentChange(BaseModel):
    """A document's place in interview order (null: unordered)."""

    position: int | None = Field(description="A whole number from 0, or null.")
    if_version: int | None = Field(None, ge=0, description=IF_VERSION_HELP)


@router.get("/projects/{project_id}/documents")
def documents(project: ProjectDep) -> list[dict[str, Any]]:
    """The documents in order (position, then name): id, name, title, format, length
    and coded (code points), words, turns, participants, codings, coverage (the share
    of the text under at least one coding, 0-1), unmapped_labels, position, imported_at."""
    return document_rows(project.documents.document_list())


@router.post("/projects/{project_id}/documents", status_code=201)
def upload_documents(
    project: ProjectDep,
    files: Annotated[list[UploadFile], File(description=f"Files: {DOCUMENT_TYPES}.")],
    options: Annotated[ImportOptions, Form()],
) -> ImportReport:
    """Import uploaded files as documents: the report lists the imported documents,
    duplicates skipped (with the document they repeat) and files that failed."""
    uploads = read_uploads(files, "one or more documents")
    return project.documents.import_files(
        uploads, participants=options.people(), encoding=options.codec(), on_error=options.on_error
    )


@router.get("/projects/{project_id}/documents/{document_id}")
def document(document_id: int, project: ProjectDep) -> DocumentWithTurns:
    """One document with its text, details and speaker turns; a long document's
    text is its first page (see ``text_end``)."""
    record = project.documents.document(document_id)
    turns = json_rows(project.documents.turn_list(record.id))
    first = project.coding.document_text(record.id, page=1)
    shown = replace(record, text=first.text) if first.end < record.length else record
    return DocumentWithTurns(document=shown, turns=turns, text_end=first.end)


@router.patch("/projects/{project_id}/documents/{document_id}")
def change_document(document_id: int, body: DocumentChange, project: ProjectDep) -> DocumentInfo:
    """Set a document's place in interview order; answers the document with its new
    ``version``. 409 when ``if_version`` is stale."""
    return project.documents.set_position(document_id, body.position, if_version=body.if_version)


@router.put("/projects/{project_id}/documents/{document_id}/attributes")
def set_document_attributes(
    document_id: int, body: DocumentValues, project: ProjectDep
) -> OwnerValues:
    """Set (or clear) document-attribute values, all or none (422 for a bad value, 409
    when ``if_version`` is stale); answers the canonical values set and the
    document's new ``version``."""
    return project.study.set_attributes(
        "document", document_id, body.values, if_version=body.if_version
    )


@router.delete("/projects/{project_id}/documents/{document_id}")
def delete_document(
    document_id: int,
    project: ProjectDep,
    force: Annotated[bool, Query(description="Also delete a coded document's codings.")] = False,
    if_version: IfVersion = None,
) -> DeletedDocument:
    """Delete a document. 409 when it is coded, unless ``force`` (its codings go too),
    or when ``if_version`` is stale."""
    return project.documents.delete(document_id, force=force, if_version=if_version)


@router.post("/projects/{project_id}/documents/{document_id}/participants")
def link_participants(
    document_id: int, body: ParticipantLinks, project: ProjectDep
) -> DocumentInfo:
    """Link participants to a document (several for a focus group) and re-attribute
    its codings. Links that exist already are kept. Answers the document with its
    new ``version``; 409 when ``if_version`` is stale."""
    return project.documents.link_participants(document_id, body.refs(), if_version=body.if_version)


@router.delete("/projects/{project_id}/documents/{document_id}/participants/{participant_id}")
def unlink_participant(
    document_id: int, participant_id: int, project: ProjectDep, if_version: IfVersion = None
) -> DocumentInfo:
    """Remove the link between a document and a participant; re-attributes its codings.
    422 when they are not linked, 409 when ``if_version`` is stale."""
    return project.documents.unlink_participants(document_id, participant_id, if_version=if_version)


router.include_router(speaker_endpoints.router)
router.include_router(coding_progress.api_router)
