"""Who speaks in each turn of a document, and saying who speaks in one turn
(the transcript says "P01" where P02 answered): a turn's own mapping holds
over every mapping of its label. The page lists the turns, numbered, with
whom each stands for and by which mapping; one turn at a time (``turn``)
gets the chooser, so a transcript of a thousand turns is not a thousand
select boxes. The document view links each turn here."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import Response

from qualframe import MappingChange
from qualframe.errors import NotFoundError
from qualframe.services.core.wording import counted
from qualframe.web.documents.speaker_choices import (
    choice_value,
    parse_choice,
    participant_options,
    participant_text,
)
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

#: How each level of mapping reads on the page.
LEVEL_TEXT = {
    "turn": "This turn’s own mapping",
    "section": "Its section’s mapping of the label",
    "document": "The document’s mapping of the label",
    "project": "The project-wide mapping of the label",
}
#: How the roles without a participant read.
ROLE_TEXT = {"interviewer": "Interviewer", "other": "Other (not a participant)"}


def turns_link(project_id: int, document_id: int, turn: int | None = None) -> str:
    """The page of a document's turns; with ``turn``, that turn's chooser open."""
    link = f"/projects/{project_id}/speakers/turns?document_id={document_id}"
    return link + (f"&turn={turn}#change" if turn is not None else "")


def describe(change: MappingChange) -> str:
    """What mapping or unmapping a turn did, for people."""
    where = f"turn {change.turn} ({change.label!r}) of {change.document!r}"
    if change.role is None:
        what = f"Removed the mapping of {where}: its label says who speaks there again"
    else:
        who = change.participant or ROLE_TEXT.get(change.role.value, change.role.value).lower()
        what = f"Mapped {where} to {who}"
    return f"{what}; {counted(change.codings_changed, 'coding')} re-attributed."


@router.get("/projects/{project_id}/speakers/turns")
def turns_page(
    request: Request,
    project: ProjectDep,
    document_id: Annotated[int, Query(description="The document, by id.")],
    turn: Annotated[int | None, Query(description="The turn to map (number from 1).")] = None,
) -> Response:
    """A document's turns with whom each stands for, and the chooser of one turn."""
    info = project.documents.info(document_id)
    turns = project.documents.turn_list(info.id)
    if turn is not None and not 1 <= turn <= len(turns):
        raise NotFoundError(
            f"Document {info.name!r} has turns 1 to {len(turns)}; there is no turn {turn}."
            if turns
            else f"Document {info.name!r} has no speaker turns."
        )
    people = project.study.participants()
    descriptions = {person.identifier: person.description for person in people}
    rows = []
    for row in turns:
        role = row.role.value if row.role else None
        who = (
            participant_text(row.participant, descriptions.get(row.participant))
            if row.participant
            else ROLE_TEXT.get(role or "")
        )
        rows.append(
            {
                "turn": row,
                "who": who,
                "by": LEVEL_TEXT.get(row.level or "", "Not mapped"),
                "choice": choice_value(role, row.participant),
                "change": turns_link(project.info.id, info.id, row.number),
            }
        )
    context: dict[str, Any] = {
        "project": project,
        "active": "speakers",
        "document": info,
        "rows": rows,
        "chosen": rows[turn - 1] if turn is not None else None,
        "participants": participant_options(people),
        "sections": f"/projects/{project.info.id}/speakers/sections?document_id={info.id}",
    }
    return render(request, "speakers/turns.html", context)


@router.post("/projects/{project_id}/speakers/turns/map")
def map_turn(
    project: ProjectDep,
    document_id: Annotated[int, Form()],
    turn: Annotated[int, Form()],
    choice: Annotated[str, Form()] = "",
    current: Annotated[str | None, Form()] = None,
) -> Response:
    """Say who speaks in one turn (``choice``: a participant, the interviewer or
    other; "" for "as its label says", which removes the turn's own mapping).
    Saving the ``current`` choice unchanged changes nothing."""
    back = turns_link(project.info.id, document_id, turn)
    if current is not None and choice == current:
        return redirect(back, f"No change for turn {turn}.")
    chosen = parse_choice(choice)
    if chosen.role is None:
        change = project.documents.unmap_turn(document_id, turn)
    else:
        change = project.documents.map_turn(document_id, turn, chosen.participant, role=chosen.role)
    return redirect(back, describe(change))


@router.post("/projects/{project_id}/speakers/turns/unmap")
def unmap_turn(
    project: ProjectDep, document_id: Annotated[int, Form()], turn: Annotated[int, Form()]
) -> Response:
    """Remove a turn's own mapping: its label's mappings hold for it again."""
    change = project.documents.unmap_turn(document_id, turn)
    return redirect(turns_link(project.info.id, document_id, turn), describe(change))
