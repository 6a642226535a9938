"""Change models in the JSON API: the models, a whole model, adding a piece
of evidence (a coding, a quote, a matrix cell or a memo) to a node or link,
and a node's or link's evidence profile.

The evidence POST is what the "use as evidence" dialogs of the document
view, the matrix cell panel and the comparison page send.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path as PathParam, Query

from qualframe.services.change_model.records import (
    ChangeModelInfo,
    EvidenceInfo,
    EvidenceProfile,
    ModelView,
)
from qualframe.web.change_model.params import NewEvidence, ProfileQuery
from qualframe.web.server.dependencies import ProjectDep

router = APIRouter(tags=["change models"])

#: A change model named in the path, by id.
ModelId = Annotated[int, PathParam(description="The change model's id.", ge=1)]


@router.get("/projects/{project_id}/change-models")
def change_models(project: ProjectDep) -> list[ChangeModelInfo]:
    """The project's change models, with their numbers of nodes and links."""
    return project.change_models.list()


@router.get("/projects/{project_id}/change-models/{model_id}")
def change_model(project: ProjectDep, model_id: ModelId) -> ModelView:
    """A whole model: its kinds (in column order), nodes, links and
    indicators. 404 when the project has no model with this id."""
    return project.change_models.get(model_id)


@router.post("/projects/{project_id}/change-models/{model_id}/evidence", status_code=201)
def add_evidence(project: ProjectDep, model_id: ModelId, body: NewEvidence) -> EvidenceInfo:
    """Back a node or link (``node_id`` or ``link_id``) with a coding
    (``coding_id``; with ``start`` and ``end``, code points inside it: a
    quote), a matrix cell (``cell_id``) or a memo (``memo_id``), supporting
    or contradicting it, by the current user. 404 for an unknown model,
    node, link or object; 422 when not exactly one subject and one object
    is given or for a quote outside its coding; 409 when that object already
    backs that node or link."""
    return project.change_models.add_evidence(
        node=body.node_id,
        link=body.link_id,
        coding=body.coding_id,
        passage=body.passage(),
        cell=body.cell_id,
        memo=body.memo_id,
        stance=body.stance,
        note=body.note,
        model=model_id,
    )


@router.get("/projects/{project_id}/change-models/{model_id}/profile")
def evidence_profile(
    project: ProjectDep, model_id: ModelId, query: Annotated[ProfileQuery, Query()]
) -> EvidenceProfile:
    """Who and what backs a node or link (``node_id`` or ``link_id``): the
    totals, the counts by each group of the attribute ``by`` (blank: no
    split), the quotes with who said them, the cases, the flag if any."""
    return project.change_models.profile(
        node=query.node_id,
        link=query.link_id,
        by=query.by.strip() or None,
        model=model_id,
    )
