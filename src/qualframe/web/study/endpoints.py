"""The study design: attributes, cases, participants (and, from
:mod:`~qualframe.web.study.file_endpoints`, spreadsheet imports, the
interview schedule and structured answers).

Attributes, cases and participants carry a ``version``: their writes take
``if_version`` (the version read; 409 and nothing saved when it is stale)
and answer the record with its new ``version``. A change to a case or
participant changes only the fields it sends; refused as stale, its 409
names each field sent with its stored value and carries the stored record
as ``error.current`` (see :mod:`~qualframe.web.study.row_conflicts`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field
from starlette.responses import JSONResponse

from qualframe import AttributeRecord, CaseRecord, ParticipantRecord
from qualframe.errors import StaleVersionError
from qualframe.vocabulary import AttributeLevel, AttributeType
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.refs import one_ref
from qualframe.web.study import file_endpoints
from qualframe.web.study.row_conflicts import stale_row, stored_fields

router = APIRouter(tags=["study"])

#: An attribute value as JSON gives it: text in any accepted spelling, a number,
#: true/false, or null (clears the value).
JsonValue = str | int | float | bool | None

VALUES_HELP = (
    'Attribute values by attribute name, e.g. {"employer": "NHS"}; null or "" clears a value. '
    "Dates as 2013-04-05, booleans as true/false or yes/no."
)
#: What ``if_version`` means, for the API's documentation.
IF_VERSION_HELP = (
    "The version you read (from the record); when someone changed it since, 409 and "
    "nothing is saved."
)
#: The version a delete was based on (optional), in a query string.
IfVersion = Annotated[
    int | None,
    Query(
        ge=0,
        description="The version you read; when it was changed since, 409 and nothing is deleted.",
    ),
]


def if_version_field() -> Any:
    """The optional ``if_version`` field of a change's body."""
    return Field(None, ge=0, description=IF_VERSION_HELP)


class NewAttribute(BaseModel):
    """An attribute to define."""

    name: str = Field(description="Unique in the project across levels (letter case ignored).")
    level: AttributeLevel = Field(description="What it describes: case, participant or document.")
    type: AttributeType
    levels: list[str] = Field(
        default_factory=list,
        description="Allowed values (categorical) or ordered levels, lowest first (ordinal).",
    )
    description: str = ""


class AttributeChange(BaseModel):
    """Changes to an attribute; fields left out stay as they are."""

    name: str | None = None
    description: str | None = None
    add_levels: list[str] = Field(default_factory=list, description="Values to add at the end.")
    levels: list[str] | None = Field(
        None, description="The whole list of values, e.g. reordered; must keep those in use."
    )
    if_version: int | None = if_version_field()


class DeletedAttribute(BaseModel):
    """What deleting an attribute removed."""

    id: int
    values_deleted: int


class NewCase(BaseModel):
    """A case to add."""

    name: str
    description: str = ""
    values: dict[str, JsonValue] = Field(default_factory=dict, description=VALUES_HELP)


class CaseChange(BaseModel):
    """Changes to one case, made together or not at all; fields left out stay."""

    name: str | None = None
    description: str | None = None
    values: dict[str, JsonValue] = Field(default_factory=dict, description=VALUES_HELP)
    if_version: int | None = if_version_field()


class NewParticipant(BaseModel):
    """A participant to add to an existing case (``case`` by name or ``case_id``)."""

    identifier: str = Field(description="The participant's identifier (its name).")
    case: str | None = Field(None, description="The case, by name.")
    case_id: int | None = Field(None, description="The case, by id.")
    description: str = ""
    values: dict[str, JsonValue] = Field(
        default_factory=dict, description=VALUES_HELP + " Participant attributes only."
    )


class ParticipantChange(BaseModel):
    """Changes to one participant, made together or not at all; fields left out stay."""

    identifier: str | None = Field(None, description="A new identifier (its name).")
    case: str | None = Field(None, description="Move to this case, by name.")
    case_id: int | None = Field(None, description="Move to this case, by id.")
    description: str | None = None
    values: dict[str, JsonValue] = Field(
        default_factory=dict, description=VALUES_HELP + " Participant attributes only."
    )
    if_version: int | None = if_version_field()


# ---------------------------------------------------------------- attributes


@router.get("/projects/{project_id}/attributes")
def attributes(
    project: ProjectDep,
    level: Annotated[AttributeLevel | None, Query(description="Only this level.")] = None,
) -> list[AttributeRecord]:
    """The attributes in display order, each with its type, levels and count of values."""
    return project.study.attributes(level)


@router.post("/projects/{project_id}/attributes", status_code=201)
def define_attribute(body: NewAttribute, project: ProjectDep) -> AttributeRecord:
    """Define an attribute. 409 when the name is taken, 422 for a bad type or levels."""
    return project.study.define_attribute(
        body.name, body.level, body.type, body.levels, body.description
    )


@router.patch("/projects/{project_id}/attributes/{attribute_id}")
def edit_attribute(
    attribute_id: int, body: AttributeChange, project: ProjectDep
) -> AttributeRecord:
    """Rename an attribute, describe it, add values or replace (reorder) its levels;
    answers it with its new ``version``. 422 when a level in use would be dropped,
    409 when ``if_version`` is stale."""
    return project.study.edit_attribute(
        attribute_id,
        name=body.name,
        description=body.description,
        add_levels=body.add_levels,
        levels=body.levels,
        if_version=body.if_version,
    )


@router.delete("/projects/{project_id}/attributes/{attribute_id}")
def delete_attribute(
    attribute_id: int, project: ProjectDep, if_version: IfVersion = None
) -> DeletedAttribute:
    """Delete an attribute and every value of it. 409 when ``if_version`` is stale."""
    deleted = project.study.delete_attribute(attribute_id, if_version=if_version)
    return DeletedAttribute(id=attribute_id, values_deleted=deleted)


# ---------------------------------------------------------------- cases


@router.get("/projects/{project_id}/cases")
def cases(project: ProjectDep) -> list[CaseRecord]:
    """Every case by name, with its participants and case-attribute values."""
    return project.study.cases()


@router.post("/projects/{project_id}/cases", status_code=201)
def add_case(body: NewCase, project: ProjectDep) -> CaseRecord:
    """Add a case with attribute values. 409 when the name is taken."""
    return project.study.add_case(body.name, body.description, values=body.values)


#: What a refused change's 409 carries, for the API's documentation.
STALE_ROW: dict[int | str, dict[str, Any]] = {
    409: {
        "description": "Stale ``if_version``: the message names each field sent "
        "with its stored value; ``error.current`` is the stored record."
    }
}


def _sent(body: BaseModel, names: tuple[str, ...]) -> list[str]:
    """The fields of a change's ``body`` among ``names`` that it sets (not None)."""
    return [name for name in names if getattr(body, name) is not None]


def _stale_answer(
    error: StaleVersionError,
    rows: Iterable[CaseRecord | ParticipantRecord],
    row_id: int,
    sent: list[str],
    values: Mapping[str, object],
) -> JSONResponse:
    """The 409 answer to a case or participant change refused as stale: the
    stored row (row ``row_id`` of ``rows``) with the fields ``sent`` and the
    attribute ``values`` sent (see :func:`stale_row`). Re-raises ``error``
    when the row was deleted meanwhile: the plain refusal says so."""
    current = next((row for row in rows if row.id == row_id), None)
    if current is None:
        raise error
    return stale_row(error, current, stored_fields(current, sent, values))


@router.patch(
    "/projects/{project_id}/cases/{case_id}", response_model=CaseRecord, responses=STALE_ROW
)
def change_case(case_id: int, body: CaseChange, project: ProjectDep) -> Any:
    """Rename a case, change its description and set or clear attribute values in one
    transaction; fields left out stay as stored. A bad value (422), a taken name
    or a stale ``if_version`` (409, naming the fields sent and what they hold
    now) changes nothing. Answers the case with its new ``version``."""
    try:
        return project.study.update_case(
            case_id,
            name=body.name,
            description=body.description,
            values=body.values,
            if_version=body.if_version,
        )
    except StaleVersionError as error:
        sent = _sent(body, ("name", "description"))
        return _stale_answer(error, project.study.cases(), case_id, sent, body.values)


@router.delete("/projects/{project_id}/cases/{case_id}", status_code=204)
def delete_case(case_id: int, project: ProjectDep, if_version: IfVersion = None) -> Response:
    """Delete a case with its values. 409 while participants belong to it, or when
    ``if_version`` is stale."""
    project.study.delete_case(case_id, if_version=if_version)
    return Response(status_code=204)


# ---------------------------------------------------------------- participants


@router.get("/projects/{project_id}/participants")
def participants(
    project: ProjectDep,
    case: Annotated[
        str | None, Query(description="Only the participants of this case, by name.")
    ] = None,
    case_id: Annotated[
        int | None, Query(description="Only the participants of this case, by id.")
    ] = None,
) -> list[ParticipantRecord]:
    """The participants by identifier, with their own and inherited attribute values."""
    return project.study.participants(one_ref(case, case_id, "case"))


@router.post("/projects/{project_id}/participants", status_code=201)
def add_participant(body: NewParticipant, project: ProjectDep) -> ParticipantRecord:
    """Add a participant to a case. 404 for an unknown case, 409 for a taken identifier."""
    case = one_ref(body.case, body.case_id, "case", required=True, to="to add them to")
    assert case is not None
    return project.study.add_participant(
        body.identifier, case, body.description, values=body.values
    )


@router.patch(
    "/projects/{project_id}/participants/{participant_id}",
    response_model=ParticipantRecord,
    responses=STALE_ROW,
)
def change_participant(participant_id: int, body: ParticipantChange, project: ProjectDep) -> Any:
    """Rename, move to another case, describe and set or clear own attribute values in
    one transaction; fields left out stay as stored. Any bad value or name, or a
    stale ``if_version`` (409, naming the fields sent and what they hold now),
    changes nothing (422/409). Answers the participant with its new ``version``."""
    try:
        return project.study.update_participant(
            participant_id,
            identifier=body.identifier,
            case=one_ref(body.case, body.case_id, "case"),
            description=body.description,
            values=body.values,
            if_version=body.if_version,
        )
    except StaleVersionError as error:
        sent = _sent(body, ("identifier", "case", "description"))
        if body.case_id is not None and body.case is None:  # a move by the case's id
            sent.insert(1 if body.identifier is not None else 0, "case")
        people = project.study.participants()
        return _stale_answer(error, people, participant_id, sent, body.values)


@router.delete("/projects/{project_id}/participants/{participant_id}", status_code=204)
def delete_participant(
    participant_id: int, project: ProjectDep, if_version: IfVersion = None
) -> Response:
    """Delete a participant with its values and answers. 409 while documents record
    them, or when ``if_version`` is stale."""
    project.study.delete_participant(participant_id, if_version=if_version)
    return Response(status_code=204)


router.include_router(file_endpoints.router)
