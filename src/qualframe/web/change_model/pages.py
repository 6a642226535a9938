"""Change models: the list (create one), and a model's page: the diagram with
pan and zoom, a side panel with the chosen node's or link's evidence
profile, the nodes and links as tables, the flags, and the forms adding
nodes and links.

The side panel is chosen by the address (``?node=ID`` or ``?link=ID``, and
``by=ATTRIBUTE`` to split the evidence), so it works without scripts; with
scripts, ``change_model.js`` fetches the same panel from
``.../panel?node=ID`` and puts it in place without reloading. Editing,
the chains, versions and downloads are routes of their own modules,
included here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import Response

from qualframe.errors import UserError
from qualframe.project import Project
from qualframe.web.change_model import editing, sections
from qualframe.web.change_model.params import Selection
from qualframe.web.change_model.view import model_url, panel_context
from qualframe.web.change_model.workspace import show_model
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import redirect
from qualframe.web.server.refs import form_id
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/projects/{project_id}/change-models")
def models_page(request: Request, project: ProjectDep) -> Response:
    """The project's change models (nodes, links, flags, candidates to
    confirm), and the form creating one."""
    return _models_page(request, project)


def _models_page(
    request: Request,
    project: Project,
    *,
    name: str = "",
    description: str = "",
    error: UserError | None = None,
) -> Response:
    cm = project.change_models
    rows = []
    for model in cm.list():
        view = cm.get(model.id)
        rows.append(
            {
                "model": model,
                "flags": len(cm.flags(model=model.id)),
                "candidates": sum(1 for node in view.nodes if node.candidate),
            }
        )
    context = {
        "project": project,
        "active": "change-models",
        "rows": rows,
        "name": name,
        "description": description,
        "error": str(error) if error else None,
    }
    return render(request, "change_model/index.html", context, status_code=422 if error else 200)


@router.post("/projects/{project_id}/change-models")
def create_model(
    request: Request,
    project: ProjectDep,
    name: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
) -> Response:
    """Create a change model (with the default kinds of node) and open it;
    refused (the form shown again as typed) for an empty or taken name."""
    try:
        model = project.change_models.create(name, description=description)
    except UserError as error:
        return _models_page(request, project, name=name, description=description, error=error)
    return redirect(
        model_url(project.info.id, model.id), f"Created the change model {model.name!r}."
    )


@router.get("/projects/{project_id}/change-models/{model_id}")
def model_page(
    request: Request,
    project: ProjectDep,
    model_id: int,
    selection: Annotated[Selection, Query()],
) -> Response:
    """A model: its diagram, the side panel of the node or link chosen
    (``node``, ``link``; ``by`` splits its evidence), the nodes and links,
    the flags and the forms adding nodes and links."""
    return show_model(request, project, model_id, selection)


@router.get("/projects/{project_id}/change-models/{model_id}/panel")
def panel_fragment(
    request: Request,
    project: ProjectDep,
    model_id: int,
    selection: Annotated[Selection, Query()],
) -> Response:
    """The side panel alone (an HTML fragment, for the page's script): the
    node or link chosen, with its evidence split by ``by``."""
    view = project.change_models.get(model_id)
    context = {
        "project": project,
        "view": view,
        "base": model_url(project.info.id, view.model.id),
        **panel_context(project, view, selection),
    }
    return render(request, "change_model/_panel_fragment.html", context)


@router.post("/projects/{project_id}/change-models/{model_id}/edit")
def edit_model(
    project: ProjectDep,
    model_id: int,
    name: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    if_version: Annotated[str, Form()] = "",
) -> Response:
    """Rename a model or change its description (refused when it changed
    since the page was read)."""
    model = project.change_models.edit(
        model_id, name=name, description=description, if_version=form_id(if_version, "version")
    )
    return redirect(model_url(project.info.id, model.id), f"Saved the change model {model.name!r}.")


router.include_router(editing.router)
router.include_router(sections.router)
