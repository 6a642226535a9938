"""The study design: the editable tables of cases and participants.

The attributes, spreadsheet import and interview schedule pages are in
:mod:`~qualframe.web.study.attributes`, :mod:`~qualframe.web.study.import_pages`
and :mod:`~qualframe.web.study.schedule`,
whose routes this router includes. Each table row is one form (inputs
join it with the HTML ``form`` attribute), so every row saves without
JavaScript; ``static/js/study_table.js`` saves a row as soon as it changes.
Every row form (and its delete form) carries the row's version as a hidden
``if_version``: a row changed by someone else since the page was shown is
not saved (the page shows the stored row, and its message what the user
typed that differs, so nothing typed is lost).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from qualframe.errors import StaleVersionError
from qualframe.project import Project
from qualframe.vocabulary import AttributeLevel
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import redirect
from qualframe.web.server.row_forms import FormItems, attribute_values, field
from qualframe.web.server.templating import render
from qualframe.web.study import (
    attributes as study_attributes,
    import_pages,
    schedule as study_schedule,
)
from qualframe.web.study.row_conflicts import StaleRowForm, typed_row

router = APIRouter(include_in_schema=False)

#: The version a row form was shown with (a hidden field; None: not stated).
FormVersion = Annotated[int | None, Form(ge=0)]


def study_link(project_id: int, anchor: str = "") -> str:
    """The cases and participants page (``anchor``: a row or section id)."""
    return f"/projects/{project_id}/study" + (f"#{anchor}" if anchor else "")


def _study_context(project: Project) -> dict[str, Any]:
    attributes = project.study.attributes()
    cases = project.study.cases()
    return {
        "project": project,
        "active": "study",
        "section": "tables",
        "case_attributes": [a for a in attributes if a.level is AttributeLevel.CASE],
        "participant_attributes": [a for a in attributes if a.level is AttributeLevel.PARTICIPANT],
        "cases": cases,
        "case_names": [case.name for case in cases],
        "participants": project.study.participants(),
    }


@router.get("/projects/{project_id}/study")
def study_page(request: Request, project: ProjectDep) -> Response:
    """The cases and participants tables, editable in place, and the import form."""
    return render(request, "study/tables.html", _study_context(project))


# ---------------------------------------------------------------- cases


@router.post("/projects/{project_id}/study/cases")
def add_case(
    project: ProjectDep,
    name: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
) -> Response:
    """Add a case (its attribute values are then set in the table)."""
    case = project.study.add_case(name, description)
    return redirect(
        study_link(project.info.id, f"case-row-{case.id}"), f"Added the case {case.name!r}."
    )


@router.post("/projects/{project_id}/study/cases/{case_id}")
def save_case(
    case_id: int, project: ProjectDep, items: FormItems, if_version: FormVersion = None
) -> Response:
    """Save one row of the cases table: name, description and attribute values together
    (refused when the case changed since the row was shown: ``if_version``)."""
    typed = {"name": field(items, "name"), "description": field(items, "description")}
    try:
        case = project.study.update_case(
            case_id, **typed, values=attribute_values(items), if_version=if_version
        )
    except StaleVersionError as error:
        stored = next(c for c in project.study.cases() if c.id == case_id)
        raise StaleRowForm(error, typed_row(stored, typed, attribute_values(items))) from None
    return redirect(
        study_link(project.info.id, f"case-row-{case.id}"), f"Saved the case {case.name!r}."
    )


@router.post("/projects/{project_id}/study/cases/{case_id}/delete")
def delete_case(case_id: int, project: ProjectDep, if_version: FormVersion = None) -> Response:
    """Delete a case (refused while participants belong to it, or when it changed
    since the page was shown)."""
    name = next((case.name for case in project.study.cases() if case.id == case_id), None)
    project.study.delete_case(case_id, if_version=if_version)
    return redirect(study_link(project.info.id, "cases"), f"Deleted the case {name!r}.")


# ---------------------------------------------------------------- participants


@router.post("/projects/{project_id}/study/participants")
def add_participant(
    project: ProjectDep,
    identifier: Annotated[str, Form()] = "",
    case: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
) -> Response:
    """Add a participant to a case."""
    person = project.study.add_participant(identifier, case, description)
    return redirect(
        study_link(project.info.id, f"participant-row-{person.id}"),
        f"Added the participant {person.identifier!r} to {person.case!r}.",
    )


@router.post("/projects/{project_id}/study/participants/{participant_id}")
def save_participant(
    participant_id: int, project: ProjectDep, items: FormItems, if_version: FormVersion = None
) -> Response:
    """Save one row of the participants table: identifier, case, description and own
    attribute values together (refused when the participant changed since the row
    was shown: ``if_version``)."""
    typed = {
        "identifier": field(items, "identifier"),
        "case": field(items, "case") or None,
        "description": field(items, "description"),
    }
    try:
        person = project.study.update_participant(
            participant_id, **typed, values=attribute_values(items), if_version=if_version
        )
    except StaleVersionError as error:
        stored = next(p for p in project.study.participants() if p.id == participant_id)
        raise StaleRowForm(error, typed_row(stored, typed, attribute_values(items))) from None
    return redirect(
        study_link(project.info.id, f"participant-row-{person.id}"),
        f"Saved the participant {person.identifier!r}.",
    )


@router.post("/projects/{project_id}/study/participants/{participant_id}/delete")
def delete_participant(
    participant_id: int, project: ProjectDep, if_version: FormVersion = None
) -> Response:
    """Delete a participant (refused while documents record them, or when they
    changed since the page was shown)."""
    people = project.study.participants()
    identifier = next((p.identifier for p in people if p.id == participant_id), None)
    project.study.delete_participant(participant_id, if_version=if_version)
    return redirect(
        study_link(project.info.id, "participants"), f"Deleted the participant {identifier!r}."
    )


router.include_router(study_attributes.router)
router.include_router(import_pages.router)
router.include_router(study_schedule.router)
