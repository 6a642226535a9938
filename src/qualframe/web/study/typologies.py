"""Typologies in the web application: define dimensions, assign cases or participants.

A typology dimension (e.g. "model of peer work": embedded / standalone /
hybrid) is a categorical attribute of cases or participants flagged as a
typology (:mod:`qualframe.services.study.typologies`): each case or
participant gets at most one category, and the dimension groups matrices,
comparisons and evidence profiles like any attribute.

Pages (forms that work without JavaScript; a success answers with a 303
redirect and a message, a refusal goes back to the form with its message
and nothing is saved):

- ``/projects/{pid}/study/typologies``: the dimensions with their counts,
  links to group the matrix or a comparison by each, and the form defining one;
- ``/projects/{pid}/study/typologies/{dimension_id}``: one dimension, a table
  with one select per case (or participant). Saving writes only the rows
  whose category changed, each stating the version of its case or
  participant that the page showed: when one of them changed since, nothing
  is saved and the message says what was chosen and what is stored now.

The JSON twin is under ``/api/projects/{pid}/typologies`` (this module's
``api`` router, included in ``router``).
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from qualframe import Assignment, Placement, TypologyRecord
from qualframe.errors import NotFoundError, StaleVersionError, ValidationError
from qualframe.project import Project
from qualframe.vocabulary import AttributeLevel
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import redirect
from qualframe.web.server.refs import one_ref
from qualframe.web.server.row_forms import FormItems, lines
from qualframe.web.server.templating import render
from qualframe.web.study.row_conflicts import StaleRowForm

#: The pages (each hidden from the API description) and, included, the JSON API.
router = APIRouter()
#: The JSON API of typologies (under ``/api``).
api = APIRouter(prefix="/api", tags=["typologies"])

#: What a dimension may classify, for the define form.
LEVEL_CHOICES = [
    (AttributeLevel.CASE.value, "Cases"),
    (AttributeLevel.PARTICIPANT.value, "Participants"),
]
#: The text of the select option meaning "no category".
NOT_ASSIGNED = "— not assigned —"


def typologies_link(project_id: int, dimension_id: int | None = None) -> str:
    """The typologies page, or one dimension's assignments page."""
    base = f"/projects/{project_id}/study/typologies"
    return base if dimension_id is None else f"{base}/{dimension_id}"


def matrix_link(project_id: int, dimension: str) -> str:
    """The framework matrix page with its participants grouped by ``dimension``
    (a case dimension is inherited by the participants)."""
    query = urlencode({"rows": "participants", "group_by": dimension})
    return f"/projects/{project_id}/matrix?{query}"


def compare_link(project_id: int, dimension: str) -> str:
    """The code comparison page with ``dimension`` chosen as its groups."""
    return f"/projects/{project_id}/compare/code?{urlencode({'by': dimension})}"


def find_dimension(project: Project, dimension_id: int) -> TypologyRecord:
    """The project's typology dimension with this id (reads); raises NotFoundError."""
    for record in project.typologies.dimensions():
        if record.id == dimension_id:
            return record
    raise NotFoundError(f"There is no typology dimension with id {dimension_id} in this project.")


def _links(project_id: int, record: TypologyRecord) -> dict[str, str]:
    return {
        "page": typologies_link(project_id, record.id),
        "matrix": matrix_link(project_id, record.name),
        "compare": compare_link(project_id, record.name),
    }


# ---------------------------------------------------------------- pages


@router.get("/projects/{project_id}/study/typologies", include_in_schema=False)
def typologies_page(request: Request, project: ProjectDep) -> Response:
    """Every typology dimension with its categories and counts; the form defining one."""
    pid = project.info.id
    dimensions = project.typologies.dimensions()
    return render(
        request,
        "study/typologies.html",
        {
            "project": project,
            "active": "study",
            "section": "typologies",
            "dimensions": [(record, _links(pid, record)) for record in dimensions],
            "level_choices": LEVEL_CHOICES,
        },
    )


@router.post("/projects/{project_id}/study/typologies", include_in_schema=False)
def define_typology(
    project: ProjectDep,
    name: Annotated[str, Form()] = "",
    level: Annotated[str, Form()] = AttributeLevel.CASE.value,
    categories: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
) -> Response:
    """Define a dimension; its categories are typed one per line."""
    record = project.typologies.define(
        name, level=level, categories=lines(categories), description=description
    )
    return redirect(
        typologies_link(project.info.id, record.id),
        f"Defined the typology {record.name!r} of {record.level.value}s: "
        f"{', '.join(record.categories)}. Assign each {record.level.value} below.",
    )


@router.get("/projects/{project_id}/study/typologies/{dimension_id}", include_in_schema=False)
def dimension_page(request: Request, dimension_id: int, project: ProjectDep) -> Response:
    """One dimension: a select per case or participant, and how many are in each category."""
    pid = project.info.id
    record = find_dimension(project, dimension_id)
    placements = project.typologies.placements(dimension_id)
    counts = Counter(p.category for p in placements if p.category is not None)
    return render(
        request,
        "study/typology_assignments.html",
        {
            "project": project,
            "active": "study",
            "section": "typologies",
            "dimension": record,
            "links": _links(pid, record),
            "placements": placements,
            "counts": [
                *((category, counts.get(category, 0)) for category in record.categories),
                ("(not assigned)", record.unassigned),
            ],
            "not_assigned": NOT_ASSIGNED,
        },
    )


@router.post("/projects/{project_id}/study/typologies/{dimension_id}", include_in_schema=False)
def save_assignments(dimension_id: int, project: ProjectDep, items: FormItems) -> Response:
    """Save the table: each row whose category differs from the one shown
    (``was-N``) is assigned (or unassigned, for an empty choice), stating the
    version shown (``version-N``); one stale row and nothing is saved."""
    record = find_dimension(project, dimension_id)
    changed = 0
    for target, was, chosen, version in _rows(items):
        if chosen == was:
            continue
        try:
            project.typologies.assign(
                dimension_id, target, chosen or None, replace=True, if_version=version
            )
        except StaleVersionError as error:
            stored = _stored_category(project, dimension_id, target)
            typed = [(f"category of {target}", chosen or NOT_ASSIGNED, stored or NOT_ASSIGNED)]
            raise StaleRowForm(error, typed) from None
        changed += 1
    message = (
        f"Saved {changed} assignment{'s' if changed != 1 else ''} on {record.name!r}."
        if changed
        else "Nothing changed."
    )
    return redirect(typologies_link(project.info.id, dimension_id), message)


def _rows(items: list[tuple[str, str]]) -> list[tuple[str, str, str, int | None]]:
    """(object, category shown, category chosen, version shown) of each row of
    the posted table (fields ``object-N``, ``was-N``, ``category-N``,
    ``version-N``); raises :class:`ValidationError` for a malformed version."""
    fields = dict(items)
    rows = []
    for key, target in items:
        if not key.startswith("object-"):
            continue
        number = key.removeprefix("object-")
        if f"category-{number}" not in fields:
            continue  # no choice sent for this row: leave it as it is
        version = fields.get(f"version-{number}", "").strip()
        if version and not version.isdecimal():
            raise ValidationError(f"The version of {target!r} is a number, not {version!r}.")
        shown = fields.get(f"was-{number}", "").strip()
        chosen = fields.get(f"category-{number}", "").strip()
        rows.append((target, shown, chosen, int(version) if version else None))
    return rows


def _stored_category(project: Project, dimension_id: int, target: str) -> str | None:
    """The category ``target`` has now on the dimension (None: none)."""
    for placement in project.typologies.placements(dimension_id):
        if placement.object == target:
            return placement.category
    return None


# ---------------------------------------------------------------- the JSON API

_IF_VERSION = (
    "The version of the case or participant you read (from its placement); when it "
    "changed since, 409 and nothing is saved."
)


class NewTypology(BaseModel):
    """A typology dimension to define."""

    name: str = Field(description="Unique among the project's attributes (letter case ignored).")
    level: AttributeLevel = Field(
        AttributeLevel.CASE, description="What it classifies: case or participant."
    )
    categories: list[str] = Field(description="Its categories, in display order.")
    description: str = ""


class AssignmentBody(BaseModel):
    """Put one case or participant in a category of the dimension (``category``
    null: take it out of any)."""

    object: str | None = Field(
        None, description="The case (its name) or participant (its identifier: its name)."
    )
    object_id: int | None = Field(None, description="The case or participant, by id.")
    category: str | None = Field(description="One of the dimension's categories, or null.")
    replace: bool = Field(
        False, description="Replace a different category it has (else 409 and nothing saved)."
    )
    if_version: int | None = Field(None, ge=0, description=_IF_VERSION)


def _target(name: str | None, given_id: int | None) -> Any:
    return one_ref(name, given_id, "object", required=True, called="its name or identifier")


@api.get("/projects/{project_id}/typologies")
def list_typologies(project: ProjectDep) -> list[TypologyRecord]:
    """The typology dimensions, with their categories and how many are assigned."""
    return project.typologies.dimensions()


@api.post("/projects/{project_id}/typologies", status_code=201)
def define(body: NewTypology, project: ProjectDep) -> TypologyRecord:
    """Define a typology dimension (a categorical attribute flagged as a typology)."""
    return project.typologies.define(
        body.name, level=body.level, categories=body.categories, description=body.description
    )


@api.get("/projects/{project_id}/typologies/{dimension_id}/placements")
def placements(dimension_id: int, project: ProjectDep) -> list[Placement]:
    """Every case (or participant) on the dimension, assigned or not, with its version."""
    find_dimension(project, dimension_id)
    return project.typologies.placements(dimension_id)


@api.put("/projects/{project_id}/typologies/{dimension_id}/assignments")
def assign(dimension_id: int, body: AssignmentBody, project: ProjectDep) -> Assignment:
    """Assign a case or participant to a category (``previous``: the one it had)."""
    find_dimension(project, dimension_id)
    return project.typologies.assign(
        dimension_id,
        _target(body.object, body.object_id),
        body.category,
        replace=body.replace,
        if_version=body.if_version,
    )


@api.delete("/projects/{project_id}/typologies/{dimension_id}/assignments")
def unassign(
    dimension_id: int,
    project: ProjectDep,
    object: Annotated[
        str | None,
        Query(description="The case (its name) or participant (its identifier: its name)."),
    ] = None,
    object_id: Annotated[int | None, Query(description="The case or participant, by id.")] = None,
    if_version: Annotated[int | None, Query(ge=0, description=_IF_VERSION)] = None,
) -> Assignment:
    """Take a case or participant out of its category (``previous`` says which)."""
    find_dimension(project, dimension_id)
    return project.typologies.unassign(
        dimension_id, _target(object, object_id), if_version=if_version
    )


router.include_router(api)
