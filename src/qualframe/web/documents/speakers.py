"""Speaker labels and who they stand for: the project-wide mapping of every label,
per-document overrides, and importing a speaker map. Mapping re-attributes
the codings of the affected documents (the service does it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import Response

from qualframe import MappingChange
from qualframe.web.documents.rows import json_rows
from qualframe.web.documents.speaker_choices import choice_value, parse_choice
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import redirect
from qualframe.web.server.row_forms import FormItems, field
from qualframe.web.server.templating import render
from qualframe.web.server.upload_files import read_upload

router = APIRouter(include_in_schema=False)

#: How the roles without a participant are named in messages.
ROLE_WORDS = {"interviewer": "the interviewer", "other": "other (not a participant)"}


def count(number: int, noun: str) -> str:
    """ "1 coding", "2 codings"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def speakers_link(project_id: int, anchor: str = "") -> str:
    """The speakers page (``anchor``: a section id)."""
    return f"/projects/{project_id}/speakers" + (f"#{anchor}" if anchor else "")


def describe(change: MappingChange) -> str:
    """What a mapping change did, for people."""
    where = f" in {change.document!r}" if change.document else ""
    if change.role is None:
        what = f"Removed the mapping of {change.label!r}{where}"
    else:
        target = change.participant or ROLE_WORDS.get(change.role.value, change.role.value)
        what = f"Mapped {change.label!r}{where} to {target}"
    return (
        f"{what}: {count(change.codings_changed, 'coding')} re-attributed in "
        f"{count(change.documents_reattributed, 'document')}."
    )


@router.get("/projects/{project_id}/speakers")
def speakers_page(request: Request, project: ProjectDep) -> Response:
    """Every label with its use and mapping, the document overrides, the map import."""
    speakers = json_rows(project.documents.speaker_labels())
    overrides = [m for m in json_rows(project.documents.mapping_list()) if m["document"]]
    for row in speakers + overrides:
        row["choice"] = choice_value(row["role"], row["participant"])
    context: dict[str, Any] = {
        "project": project,
        "active": "speakers",
        "speakers": speakers,
        "overrides": overrides,
        "unmapped": [row["label"] for row in speakers if row["unmapped_documents"]],
        "participants": [(p.identifier, p.case) for p in project.study.participants()],
        "documents": [info.name for info in project.documents.document_list()],
    }
    return render(request, "speakers/list.html", context)


@router.post("/projects/{project_id}/speakers/map")
def map_speaker(project: ProjectDep, items: FormItems) -> Response:
    """Map a label (project-wide, or in ``document``) to the chosen participant or
    role, or remove its mapping when the choice is "not mapped". A row's form also
    sends its ``current`` choice: saving it unchanged changes nothing."""
    label = field(items, "label") or ""
    choice = field(items, "choice") or ""
    current = field(items, "current")  # "" is a choice (not mapped): None is "not sent"
    document = field(items, "document") or ""
    anchor = "overrides" if document else "labels"
    if current is not None and choice == current:
        return redirect(speakers_link(project.info.id, anchor), f"No change for {label!r}.")
    chosen = parse_choice(choice)
    where = document or None
    if chosen.role is None:
        change = project.documents.unmap_speaker(label, document=where)
    else:
        change = project.documents.map_speaker(
            label, chosen.participant, role=chosen.role, document=where
        )
    return redirect(speakers_link(project.info.id, anchor), describe(change))


@router.post("/projects/{project_id}/speakers/unmap")
def unmap_speaker(
    project: ProjectDep, label: Annotated[str, Form()], document: Annotated[str, Form()] = ""
) -> Response:
    """Remove a label's mapping (a document override when ``document`` is given)."""
    change = project.documents.unmap_speaker(label, document=document or None)
    anchor = "overrides" if document else "labels"
    return redirect(speakers_link(project.info.id, anchor), describe(change))


@router.post("/projects/{project_id}/speakers/import")
def import_speaker_map(
    project: ProjectDep, file: Annotated[UploadFile | str | None, File()] = None
) -> Response:
    """Map labels from a CSV or XLSX file: all of its rows, or (on a bad row) none."""
    upload = read_upload(file, "a CSV or Excel file")
    result = project.documents.import_speaker_map(upload)
    return redirect(
        speakers_link(project.info.id),
        f"Mapped {count(result.mappings, 'speaker label')} from {upload.name}: "
        f"{count(result.codings_changed, 'coding')} re-attributed in "
        f"{count(result.documents_reattributed, 'document')}.",
    )
