"""Speaker labels and who they stand for: the project-wide mapping of every label,
per-document overrides, importing a speaker map, saying a label is not a
speaker (or is one), and mapping many labels at once. Mapping re-attributes
the codings of the affected documents (the service does it). Mappings
within a document's sections are on the page of
:mod:`qualframe.web.documents.speaker_sections`, and the mappings of single
turns on that of :mod:`qualframe.web.documents.speaker_turns`, both
included here."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import Response

from qualframe import MappingChange
from qualframe.services.core.wording import counted
from qualframe.services.documents.label_decisions import LabelDecisionChange
from qualframe.web.documents import speaker_sections, speaker_turns
from qualframe.web.documents.rows import json_rows
from qualframe.web.documents.speaker_choices import (
    choice_value,
    parse_choice,
    participant_options,
    participant_text,
)
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import local_path, redirect
from qualframe.web.server.row_forms import FormItems, field
from qualframe.web.server.templating import render
from qualframe.web.server.upload_files import read_upload

router = APIRouter(include_in_schema=False)
router.include_router(speaker_sections.router)
router.include_router(speaker_turns.router)

#: How the roles without a participant are named in messages.
ROLE_WORDS = {"interviewer": "the interviewer", "other": "other (not a participant)"}


def count(number: int, noun: str) -> str:
    """ "1 coding", "2 codings"."""
    return counted(number, noun)


def speakers_link(project_id: int, anchor: str = "") -> str:
    """The speakers page (``anchor``: a section id)."""
    return f"/projects/{project_id}/speakers" + (f"#{anchor}" if anchor else "")


def describe(change: MappingChange) -> str:
    """What a mapping change did, for people."""
    where = f" in {change.document!r}" if change.document else ""
    if change.section is not None:
        where = f" in section {change.section} ({change.section_title!r}) of {change.document!r}"
    if change.role is None:
        what = f"Removed the mapping of {change.label!r}{where}"
    else:
        target = change.participant or ROLE_WORDS.get(change.role.value, change.role.value)
        what = f"Mapped {change.label!r}{where} to {target}"
    return (
        f"{what}: {count(change.codings_changed, 'coding')} re-attributed in "
        f"{count(change.documents_reattributed, 'document')}."
    )


def describe_decision(change: LabelDecisionChange) -> str:
    """What a decision about a label did, for people."""
    if change.is_speaker is None:
        what = f"{change.label!r} is as detected again"
    elif change.is_speaker:
        what = f"{change.label!r} is a speaker"
    else:
        what = f"{change.label!r} is not a speaker"
    done = []
    if change.turns_removed:
        done.append(f"{count(change.turns_removed, 'turn')} merged into the turn before")
    if change.turns_added:
        done.append(f"{count(change.turns_added, 'turn')} split off")
    if change.mappings_removed:
        done.append(f"{count(change.mappings_removed, 'mapping')} removed")
    done.append(f"{count(change.codings_changed, 'coding')} re-attributed")
    return f"{what}: {', '.join(done)}."


@router.get("/projects/{project_id}/speakers")
def speakers_page(request: Request, project: ProjectDep) -> Response:
    """Every label with its use and mapping, the actions on many labels, the
    document overrides, the decisions about labels, the map import."""
    speakers = json_rows(project.documents.speaker_labels())
    overrides = [
        m
        for m in json_rows(project.documents.mapping_list())
        if m["document"] and m["section"] is None and m["turn"] is None
    ]
    for row in speakers + overrides:
        row["choice"] = choice_value(row["role"], row["participant"])
        row["who"] = participant_text(row["participant"], row["participant_description"])
    people = project.study.participants()
    context: dict[str, Any] = {
        "project": project,
        "active": "speakers",
        "speakers": speakers,
        "overrides": overrides,
        "unmapped": [row["label"] for row in speakers if row["unmapped_documents"]],
        "participants": participant_options(people),
        "cases": [case.name for case in project.study.cases()],
        "documents": [(info.id, info.name) for info in project.documents.document_list()],
        "decisions": project.documents.label_decisions(),
    }
    return render(request, "speakers/list.html", context)


@router.post("/projects/{project_id}/speakers/map")
def map_speaker(project: ProjectDep, items: FormItems) -> Response:
    """Map a label (project-wide, in ``document``, or in its ``section``: a number)
    to the chosen participant or role, or remove its mapping when the choice is
    "not mapped". A row's form also sends its ``current`` choice: saving it
    unchanged changes nothing. ``next``: the page to go back to."""
    label = field(items, "label") or ""
    choice = field(items, "choice") or ""
    current = field(items, "current")  # "" is a choice (not mapped): None is "not sent"
    document = field(items, "document") or ""
    section = (field(items, "section") or "").strip()
    anchor = "overrides" if document else "labels"
    back = local_path(field(items, "next"), speakers_link(project.info.id, anchor))
    if current is not None and choice == current:
        return redirect(back, f"No change for {label!r}.")
    chosen = parse_choice(choice)
    where = document or None
    in_section = int(section) if section.isdecimal() else section or None
    if chosen.role is None:
        change = project.documents.unmap_speaker(label, document=where, section=in_section)
    else:
        change = project.documents.map_speaker(
            label, chosen.participant, role=chosen.role, document=where, section=in_section
        )
    return redirect(back, describe(change))


@router.post("/projects/{project_id}/speakers/unmap")
def unmap_speaker(
    project: ProjectDep,
    label: Annotated[str, Form()],
    document: Annotated[str, Form()] = "",
    section: Annotated[int | None, Form()] = None,
    next: Annotated[str, Form()] = "",
) -> Response:
    """Remove a label's mapping (a document override when ``document`` is given,
    a section mapping when ``section`` (its number) is given too)."""
    change = project.documents.unmap_speaker(label, document=document or None, section=section)
    anchor = "overrides" if document else "labels"
    back = local_path(next, speakers_link(project.info.id, anchor))
    return redirect(back, describe(change))


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


# ---------------------------------------------------------------- speaker or not


@router.post("/projects/{project_id}/speakers/reject")
def reject_label(project: ProjectDep, label: Annotated[str, Form()]) -> Response:
    """Say a label is not a speaker: its turns rejoin the turn before them."""
    change = project.documents.reject_label(label)
    return redirect(speakers_link(project.info.id, "decisions"), describe_decision(change))


@router.post("/projects/{project_id}/speakers/accept")
def accept_label(project: ProjectDep, label: Annotated[str, Form()] = "") -> Response:
    """Say a label is a speaker: every line starting with it starts a turn."""
    change = project.documents.accept_label(label)
    return redirect(speakers_link(project.info.id, "decisions"), describe_decision(change))


@router.post("/projects/{project_id}/speakers/undo")
def undo_decision(project: ProjectDep, label: Annotated[str, Form()]) -> Response:
    """Forget the decision about a label: detection decides again."""
    change = project.documents.undo_label_decision(label)
    return redirect(speakers_link(project.info.id, "decisions"), describe_decision(change))


# ---------------------------------------------------------------- many labels


@router.post("/projects/{project_id}/speakers/map-unmapped")
def map_unmapped(project: ProjectDep, role: Annotated[str, Form()]) -> Response:
    """Map every label unmapped somewhere to the interviewer or other, project-wide."""
    result = project.documents.map_unmapped_speakers(role)
    if not result.labels:
        return redirect(speakers_link(project.info.id, "labels"), "No label is unmapped.")
    target = ROLE_WORDS.get(result.role.value, result.role.value)
    return redirect(
        speakers_link(project.info.id, "labels"),
        f"Mapped {count(len(result.labels), 'label')} to {target} "
        f"({', '.join(result.labels)}): {count(result.codings_changed, 'coding')} "
        f"re-attributed in {count(result.documents_reattributed, 'document')}.",
    )


@router.post("/projects/{project_id}/speakers/participants")
def create_participants(project: ProjectDep, items: FormItems) -> Response:
    """Make a participant of each ``label`` ticked (identified by it, in ``case``
    or a case of its own) and map the label to it."""
    labels = [value for key, value in items if key == "label" and value.strip()]
    case = (field(items, "case") or "").strip() or None
    result = project.documents.create_participants_from_labels(labels, case=case)
    made = f" and {count(len(result.cases), 'case')}" if result.cases else ""
    return redirect(
        speakers_link(project.info.id, "labels"),
        f"Made {count(len(result.participants), 'participant')}{made} "
        f"({', '.join(result.participants)}), each mapped from its label: "
        f"{count(result.codings_changed, 'coding')} re-attributed.",
    )
