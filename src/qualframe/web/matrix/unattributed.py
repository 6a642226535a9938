"""The codings a framework matrix leaves out: those spoken by nobody.

The matrix page's notice links here (``/projects/{pid}/matrix/unattributed``
with the matrix's settings in the address). Each coding links to its place
in the transcript, where its speaker can be mapped to a participant. The
JSON twin, ``GET /api/projects/{pid}/matrix/unattributed``, answers the same
codings as records.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from qualframe.errors import UserError
from qualframe.services.matrix.unattributed import WHY_LEFT_OUT, UnattributedCoding
from qualframe.web.matrix.params import SpecQuery
from qualframe.web.matrix.view import MatrixLinks, ShowQuery
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.links import coding_link
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["matrix"])


@router.get("/projects/{project_id}/matrix/unattributed")
def unattributed_page(
    request: Request, project: ProjectDep, spec: SpecQuery, show: ShowQuery = "summary"
) -> Response:
    """The codings of the matrix's columns spoken by nobody in the study, by
    document then position, each linked to its place in the transcript
    (reads only; a matrix that cannot be built says why)."""
    links = MatrixLinks(project.info.id, spec, show)
    codings: list[UnattributedCoding] = []
    problem = None
    try:
        codings = project.matrix.unattributed(spec.to_spec())
    except UserError as error:
        problem = str(error)
    context = {
        "project": project,
        "active": "matrix",
        "links": links,
        "codings": codings,
        "problem": problem,
        "why_left_out": WHY_LEFT_OUT,
        "coding_link": lambda c: coding_link(project.info.id, c.document_id, c.coding_id),
    }
    return render(request, "matrix/unattributed.html", context)


@api_router.get("/projects/{project_id}/matrix/unattributed")
def unattributed_codings(project: ProjectDep, spec: SpecQuery) -> list[UnattributedCoding]:
    """The codings the matrix leaves out of every cell because nobody in the
    study speaks them (interviewer turns, speaker labels not mapped to a
    participant): code, document, span in code points, speaker and text.
    422 when the spec cannot be built; 404 for an unknown code."""
    return project.matrix.unattributed(spec.to_spec())
