"""Who speaks in each section of a document: mapping a label within one section
("The Witness" of each witness's evidence), with the suggestions the section
headings give. The forms post to the speakers page's ``map`` and ``unmap``
routes with the section's number and come back here (``next``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import Response

from qualframe.services.core.wording import counted
from qualframe.web.documents.speaker_choices import (
    choice_value,
    participant_options,
    participant_text,
)
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)


def sections_link(project_id: int, document_id: int) -> str:
    """The page of a document's sections and who speaks in them."""
    return f"/projects/{project_id}/speakers/sections?document_id={document_id}"


@router.get("/projects/{project_id}/speakers/sections")
def sections_page(
    request: Request,
    project: ProjectDep,
    document_id: Annotated[int, Query(description="The document, by id.")],
) -> Response:
    """A document's sections, who speaks in each and by which mapping, and the
    suggested section mappings."""
    info = project.documents.info(document_id)
    sections = []
    for section in project.documents.section_speakers(info.id):
        speakers = [
            {
                "label": row.label,
                "turns": row.turns,
                "level": row.level,
                "choice": choice_value(row.role.value if row.role else None, row.participant),
                "who": participant_text(row.participant, row.participant_description)
                if row.participant
                else None,
                "role": row.role.value if row.role else None,
            }
            for row in section.speakers
        ]
        sections.append({"section": section, "speakers": speakers})
    suggestions = [
        {"suggestion": s, "who": participant_text(s.participant, s.participant_description)}
        for s in project.documents.suggest_section_mappings(info.id)
    ]
    context: dict[str, Any] = {
        "project": project,
        "active": "speakers",
        "document": info,
        "sections": sections,
        "suggestions": suggestions,
        "participants": participant_options(project.study.participants()),
        "here": sections_link(project.info.id, info.id),
    }
    return render(request, "speakers/sections.html", context)


@router.post("/projects/{project_id}/speakers/sections/accept")
def accept_suggestions(project: ProjectDep, document_id: Annotated[int, Form()]) -> Response:
    """Map every suggested section mapping of the document."""
    changes = project.documents.accept_section_suggestions(document_id)
    changed = sum(change.codings_changed for change in changes)
    message = (
        f"Mapped {counted(len(changes), 'suggestion')}: {counted(changed, 'coding')} re-attributed."
        if changes
        else "Nothing to accept: no section mapping is suggested."
    )
    return redirect(sections_link(project.info.id, document_id), message)
