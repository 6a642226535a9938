"""The model page as shown after a GET or a refused form: the diagram, the
side panel, the tables, the flags and the add forms (as typed)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from qualframe.errors import StaleVersionError, UserError
from qualframe.project import Project
from qualframe.web.change_model.params import LinkForm, NodeForm, Selection
from qualframe.web.change_model.view import evidence_counts, model_url, panel_context
from qualframe.web.server.choices import code_choices
from qualframe.web.server.templating import render


def show_model(
    request: Request,
    project: Project,
    model_id: int,
    selection: Selection,
    *,
    new_node: NodeForm | None = None,
    new_link: LinkForm | None = None,
    error: UserError | None = None,
) -> Response:
    """The model page (see :func:`model_page`), with the add forms as typed
    and the refusal ``error`` when a form was refused (422, 409 when stale)."""
    cm = project.change_models
    view = cm.get(model_id)
    pid = project.info.id
    counts = evidence_counts(project, view.model.id)
    context: dict[str, Any] = {
        "project": project,
        "active": "change-models",
        "view": view,
        "tab": "diagram",
        "base": model_url(pid, view.model.id),
        "diagram": Markup(cm.diagram(model=view.model.id)),
        "counts": counts,
        "flags": cm.flags(model=view.model.id),
        "new_node": new_node or NodeForm(kind=view.kinds[0].name if view.kinds else ""),
        "new_link": new_link or LinkForm(),
        "kinds": [(kind.name, kind.name) for kind in view.kinds],
        "node_choices": [(node.id, f"{node.label} ({node.kind})") for node in view.nodes],
        "codes": code_choices(project),
        "error": str(error) if error else None,
        "page_data": {
            "projectId": pid,
            "modelId": view.model.id,
            "panelUrl": f"{model_url(pid, view.model.id)}/panel",
            "node": selection.node,
            "link": selection.link,
            "by": selection.by,
        },
        **panel_context(project, view, selection),
    }
    status = 409 if isinstance(error, StaleVersionError) else 422 if error else 200
    return render(request, "change_model/model.html", context, status_code=status)
