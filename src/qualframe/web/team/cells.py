"""Agreement of two analysts on the statuses of framework matrix cells: the
form naming them (and the codes), the figures over the cells both set, each
named and explained, and the cells they set differently."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import Field
from starlette.responses import Response

from qualframe.errors import UserError
from qualframe.web.server.choices import code_choices
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.query import QueryChoices
from qualframe.web.server.refs import Ids
from qualframe.web.server.templating import render
from qualframe.web.team import view
from qualframe.web.team.params import CODER_CHARACTERS

router = APIRouter(include_in_schema=False)


class CellChoice(QueryChoices):
    """The two analysts compared (names) and the codes (ids; none: every code)."""

    first: str = Field(default="", max_length=CODER_CHARACTERS, description="An analyst.")
    second: str = Field(default="", max_length=CODER_CHARACTERS, description="Another analyst.")
    code_id: Ids = Field(default_factory=list, description="A code, by id (repeat).")


@router.get("/projects/{project_id}/agreement/cells")
def cells_page(
    request: Request, project: ProjectDep, choice: Annotated[CellChoice, Query()]
) -> Response:
    """How two analysts' statuses of the matrix cells agree (each one's last
    status of each cell, over the cells both set), and the cells they set
    differently."""
    found, error = None, None
    first, second = choice.first.strip(), choice.second.strip()
    if first and second:
        try:
            found = project.agreement.cells(first, second, codes=choice.code_id or None)
        except UserError as refused:
            error = str(refused)
    context: dict[str, Any] = {
        "project": project,
        "active": "agreement",
        "choice": choice,
        "codes": code_choices(project),
        "found": found,
        "error": error,
        "figures": view.figure_values(found.figures if found else None, "turn"),
        "differing": [pair for pair in found.rows if pair.first != pair.second] if found else [],
        **view.reading_guide(),
    }
    return render(request, "team/cells.html", context, status_code=422 if error else 200)
