"""The study's attributes: define them, edit their description and levels, delete
them (after a confirmation saying how many values go with them)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from qualframe import AttributeRecord
from qualframe.errors import NotFoundError
from qualframe.project import Project
from qualframe.vocabulary import AttributeLevel, AttributeType
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import redirect
from qualframe.web.server.row_forms import lines
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

#: What each level of attribute describes, for people.
LEVEL_LABELS = {
    AttributeLevel.CASE: "Cases",
    AttributeLevel.PARTICIPANT: "Participants",
    AttributeLevel.DOCUMENT: "Documents",
}
#: The attribute types, explained.
TYPE_LABELS = {
    AttributeType.CATEGORICAL: "Categorical: one of a list of values",
    AttributeType.ORDINAL: "Ordinal: ordered levels, lowest first",
    AttributeType.NUMBER: "Number",
    AttributeType.DATE: "Date",
    AttributeType.BOOLEAN: "Yes or no",
    AttributeType.TEXT: "Text",
}


class AttributeForm(BaseModel):
    """The fields of an attribute's edit form: its name, description and, for a
    categorical or ordinal attribute, its levels, one per line (None: the
    form has no levels field); ``if_version``: the version the form shows."""

    name: str = ""
    description: str = ""
    levels: str | None = None
    if_version: int | None = Field(None, ge=0)

    def level_list(self) -> list[str] | None:
        """The levels as typed, blank lines left out (None: not in the form)."""
        return lines(self.levels) if self.levels is not None else None


class NewAttributeForm(AttributeForm):
    """The fields of the form defining an attribute: also what it describes and its type."""

    level: str = AttributeLevel.PARTICIPANT.value
    type: str = AttributeType.CATEGORICAL.value


def attributes_link(project_id: int, anchor: str = "") -> str:
    """The attributes page (``anchor``: an attribute's card id)."""
    return f"/projects/{project_id}/study/attributes" + (f"#{anchor}" if anchor else "")


def find_attribute(project: Project, attribute_id: int) -> AttributeRecord:
    """The project's attribute with this id; raises NotFoundError."""
    for attribute in project.study.attributes():
        if attribute.id == attribute_id:
            return attribute
    raise NotFoundError(f"There is no attribute with id {attribute_id} in this project.")


@router.get("/projects/{project_id}/study/attributes")
def attributes_page(request: Request, project: ProjectDep) -> Response:
    """Every attribute by level, with its type, levels and use; the form defining one."""
    attributes = project.study.attributes()
    groups = [
        (level, label, [a for a in attributes if a.level is level])
        for level, label in LEVEL_LABELS.items()
    ]
    return render(
        request,
        "study/attributes.html",
        {
            "project": project,
            "active": "study",
            "section": "attributes",
            "groups": groups,
            "level_choices": [(level.value, label) for level, label in LEVEL_LABELS.items()],
            "type_choices": [(kind.value, label) for kind, label in TYPE_LABELS.items()],
        },
    )


@router.post("/projects/{project_id}/study/attributes")
def define_attribute(project: ProjectDep, form: Annotated[NewAttributeForm, Form()]) -> Response:
    """Define an attribute; its levels field has one allowed value (or level) per line."""
    attribute = project.study.define_attribute(
        form.name, form.level, form.type, form.level_list() or [], form.description
    )
    return redirect(
        attributes_link(project.info.id, f"attribute-{attribute.id}"),
        f"Defined the {attribute.level.value} attribute {attribute.name!r}.",
    )


@router.post("/projects/{project_id}/study/attributes/{attribute_id}")
def edit_attribute(
    attribute_id: int, project: ProjectDep, form: Annotated[AttributeForm, Form()]
) -> Response:
    """Rename, describe, or change the levels (a categorical or ordinal attribute's
    whole list, one per line: add, reorder or respell; those in use must stay)."""
    attribute = project.study.edit_attribute(
        attribute_id,
        name=form.name,
        description=form.description,
        levels=form.level_list(),
        if_version=form.if_version,
    )
    return redirect(
        attributes_link(project.info.id, f"attribute-{attribute.id}"),
        f"Saved the attribute {attribute.name!r}.",
    )


@router.get("/projects/{project_id}/study/attributes/{attribute_id}/delete")
def confirm_delete(request: Request, attribute_id: int, project: ProjectDep) -> Response:
    """Ask before deleting an attribute, saying how many values would go."""
    return render(
        request,
        "study/delete_attribute.html",
        {
            "project": project,
            "active": "study",
            "attribute": find_attribute(project, attribute_id),
        },
    )


@router.post("/projects/{project_id}/study/attributes/{attribute_id}/delete")
def delete_attribute(
    attribute_id: int,
    project: ProjectDep,
    if_version: Annotated[int | None, Form(ge=0)] = None,
) -> Response:
    """Delete an attribute with all its values (refused when it changed since the
    confirmation was shown: ``if_version``)."""
    attribute = find_attribute(project, attribute_id)
    count = project.study.delete_attribute(attribute_id, if_version=if_version)
    values = f"{count} value{'s' if count != 1 else ''}"
    return redirect(
        attributes_link(project.info.id),
        f"Deleted the attribute {attribute.name!r} and its {values}.",
    )
