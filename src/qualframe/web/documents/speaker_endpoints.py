"""Speaker labels and who they stand for (part of the ``documents`` tag): the
labels and their mappings (project-wide, per document, per section of a
document), decisions about whether a label is a speaker, mapping many labels
at once, and the sections of a document with suggested section mappings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile
from pydantic import BaseModel, Field

from qualframe import MappingChange, SpeakerMapImport
from qualframe.errors import ValidationError
from qualframe.services.documents.label_decisions import LabelDecisionChange, LabelDecisionInfo
from qualframe.services.documents.speaker_bulk import BulkMapping, LabelParticipants
from qualframe.services.documents.speaker_sections import SectionSpeakers, SectionSuggestion
from qualframe.vocabulary import SpeakerRole
from qualframe.web.documents.rows import json_rows
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.refs import Ids, one_ref, refs_of
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
    section: str | None = Field(
        None, description="Only in this section of the document, by its heading."
    )
    section_number: int | None = Field(
        None, description="Only in this section of the document, by its number (1 for the first)."
    )


def one_section(heading: str | None, number: int | None) -> int | str | None:
    """The section a heading or its number names (None: neither); raises
    :class:`ValidationError` when both are given."""
    text = (heading or "").strip()
    if text and number is not None:
        raise ValidationError(
            "Give the section either by section_number or by section (its heading), not both."
        )
    return number if number is not None else text or None


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
    """Map a label (replacing its mapping at that level: project-wide, in a document,
    or in one section of it) and re-attribute the codings of the affected
    documents. 404 for a label, participant, document or section not found."""
    return project.documents.map_speaker(
        body.label,
        one_ref(body.participant, body.participant_id, "participant", called="its identifier"),
        role=body.role,
        document=one_ref(body.document, body.document_id, "document"),
        section=one_section(body.section, body.section_number),
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
    section: Annotated[
        str | None, Query(description="The section of a section mapping, by its heading.")
    ] = None,
    section_number: Annotated[
        int | None, Query(description="The section of a section mapping, by its number.")
    ] = None,
) -> MappingChange:
    """Remove a label's mapping (project-wide, in ``document`` or ``document_id``,
    or in one section of it) and re-attribute. 404 when there is no such mapping."""
    where = one_ref(document, document_id, "document")
    return project.documents.unmap_speaker(
        label, document=where, section=one_section(section, section_number)
    )


@router.post("/projects/{project_id}/speakers/import")
def import_speaker_map(
    project: ProjectDep,
    file: Annotated[UploadFile, File(description="CSV/XLSX: label, participant or role, document")],
) -> SpeakerMapImport:
    """Map labels from a file; a bad row is a 422 naming the file and line, and
    nothing is mapped."""
    return project.documents.import_speaker_map(read_upload(file, "a CSV or XLSX file"))


# ---------------------------------------------------------------- speaker or not


class LabelDecisionBody(BaseModel):
    """A decision about a line-start label."""

    label: str = Field(description="The label, by name as written at the start of lines.")
    is_speaker: bool = Field(
        description="true: a speaker (lines starting with it start turns); "
        "false: not a speaker (its turns rejoin the turn before)."
    )


@router.get("/projects/{project_id}/speakers/decisions")
def label_decisions(project: ProjectDep) -> list[LabelDecisionInfo]:
    """The decisions people made about labels: label, is_speaker, decided_by, decided_at."""
    return project.documents.label_decisions()


@router.put("/projects/{project_id}/speakers/decisions")
def decide_label(body: LabelDecisionBody, project: ProjectDep) -> LabelDecisionChange:
    """Say a label is (or is not) a speaker; the turns of every document are split
    again and the codings re-attributed. 404 for a label found nowhere."""
    if body.is_speaker:
        return project.documents.accept_label(body.label)
    return project.documents.reject_label(body.label)


@router.delete("/projects/{project_id}/speakers/decisions")
def undo_label_decision(
    project: ProjectDep,
    label: Annotated[str, Query(description="The label of the decision, by name as written.")],
) -> LabelDecisionChange:
    """Forget the decision about a label: detection decides again. 404 when there is none."""
    return project.documents.undo_label_decision(label)


# ---------------------------------------------------------------- many labels


class UnmappedBody(BaseModel):
    """Who the unmapped labels are, and where."""

    role: SpeakerRole = Field(description="interviewer or other.")
    documents: list[str] = Field(
        default_factory=list,
        description="Only the labels unmapped in these documents, mapped there (names); "
        "none: every unmapped label, project-wide.",
    )
    document_ids: Ids = Field(default_factory=list, description="The same documents, by id.")


@router.post("/projects/{project_id}/speakers/map-unmapped")
def map_unmapped(body: UnmappedBody, project: ProjectDep) -> BulkMapping:
    """Map every label unmapped somewhere to the interviewer or other (422 for the
    participant role)."""
    chosen = refs_of(body.documents, body.document_ids)
    return project.documents.map_unmapped_speakers(body.role, documents=chosen or None)


class LabelParticipantsBody(BaseModel):
    """The labels to make participants of."""

    labels: list[str] = Field(description="Speaker labels, as written; each a participant.")
    case: str | None = Field(
        None, description="The case they join, by name; default: a case of its own for each."
    )


@router.post("/projects/{project_id}/speakers/participants")
def create_participants(body: LabelParticipantsBody, project: ProjectDep) -> LabelParticipants:
    """Make a participant of each label and map the label to it project-wide (404 for
    an unknown label or case, 409 for an identifier taken)."""
    return project.documents.create_participants_from_labels(body.labels, case=body.case)


# ---------------------------------------------------------------- sections


@router.get("/projects/{project_id}/speakers/sections")
def section_speakers(
    project: ProjectDep,
    document: Annotated[str | None, Query(description="The document, by name.")] = None,
    document_id: Annotated[int | None, Query(description="The document, by id.")] = None,
) -> list[SectionSpeakers]:
    """A document's sections (number, title, level, span) with the labels speaking in
    each and whom each stands for there (role, participant, level of the mapping)."""
    found = one_ref(document, document_id, "document", required=True)
    assert found is not None  # required
    return project.documents.section_speakers(found)


@router.get("/projects/{project_id}/speakers/suggestions")
def section_suggestions(
    project: ProjectDep,
    document: Annotated[str | None, Query(description="The document, by name.")] = None,
    document_id: Annotated[int | None, Query(description="The document, by id.")] = None,
) -> list[SectionSuggestion]:
    """Suggested section mappings of a document: a label mapped nowhere there, in a
    section whose heading names a participant. Accept one with PUT
    ``/speakers/mappings`` (label, participant, document, section_number)."""
    found = one_ref(document, document_id, "document", required=True)
    assert found is not None  # required
    return project.documents.suggest_section_mappings(found)
