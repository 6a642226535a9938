"""A change model's other pages: its CMO chains with the case × chain table,
its versions (save one, compare two), and its downloads (the diagram in
each format, the evaluation plan, the HTML report), each file named by
:func:`~qualframe.web.server.downloads.download_name`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import Response

from qualframe.errors import UserError
from qualframe.services.change_model.records import ModelComparison
from qualframe.vocabulary import DiagramFormat
from qualframe.web.change_model.view import CHAIN_STATES, case_chain_table, model_url
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.downloads import attachment, download_name
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

BASE = "/projects/{project_id}/change-models/{model_id}"

#: Each export format: (file suffix, media type, what it is for people).
FORMATS: dict[str, tuple[str, str, str]] = {
    "svg": ("svg", "image/svg+xml", "SVG picture (scalable, for documents and the web)"),
    "png": ("png", "image/png", "PNG picture (for slides)"),
    "mermaid": ("mmd", "text/plain; charset=utf-8", "Mermaid flowchart (for Markdown tools)"),
    "dot": ("dot", "text/vnd.graphviz; charset=utf-8", "Graphviz DOT"),
    "graphml": ("graphml", "application/xml; charset=utf-8", "GraphML (yEd, Gephi)"),
    "kumu": ("json", "application/json", "Kumu JSON (kumu.io)"),
}
#: The evaluation plan's formats: (media type, what it is for people).
PLAN_FORMATS: dict[str, tuple[str, str]] = {
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel workbook",
    ),
    "csv": ("text/csv; charset=utf-8", "CSV table"),
}


def _download(content: bytes, filename: str, media_type: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": attachment(filename), "Cache-Control": "no-store"},
    )


# ---------------------------------------------------------------- chains


@router.get(f"{BASE}/chains")
def chains_page(request: Request, project: ProjectDep, model_id: int) -> Response:
    """The model's context–mechanism–outcome chains, and how each case stands
    on each chain (supported, contradicted, mixed or silent)."""
    cm = project.change_models
    view = cm.get(model_id)
    chains = cm.chains(model=view.model.id)
    cases, rows = case_chain_table(
        [chain.key for chain in chains], cm.case_chains(model=view.model.id)
    )
    context = {
        "project": project,
        "active": "change-models",
        "view": view,
        "tab": "chains",
        "base": model_url(project.info.id, view.model.id),
        "chains": chains,
        "cases": cases,
        "rows": rows,
        "states": CHAIN_STATES,
    }
    return render(request, "change_model/chains.html", context)


# ---------------------------------------------------------------- versions


@router.get(f"{BASE}/versions")
def versions_page(
    request: Request,
    project: ProjectDep,
    model_id: int,
    old: Annotated[str, Query(max_length=500)] = "",
    new: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    """The model's saved versions, the form saving one, and with ``old`` (a
    version's name) the differences from it to ``new`` (a version, blank:
    the model as it is now)."""
    cm = project.change_models
    view = cm.get(model_id)
    comparison: ModelComparison | None = None
    error = None
    if old.strip():
        try:
            comparison = cm.compare_versions(old, new.strip() or None, model=view.model.id)
        except UserError as refused:
            error = str(refused)
    context = {
        "project": project,
        "active": "change-models",
        "view": view,
        "tab": "versions",
        "base": model_url(project.info.id, view.model.id),
        "versions": cm.versions(model=view.model.id),
        "old": old,
        "new": new,
        "comparison": comparison,
        "error": error,
    }
    return render(request, "change_model/versions.html", context, status_code=422 if error else 200)


@router.post(f"{BASE}/versions")
def save_version(
    project: ProjectDep,
    model_id: int,
    name: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Save the model as it is now as a named version."""
    version = project.change_models.save_version(name, note=note, model=model_id)
    return redirect(
        f"{model_url(project.info.id, model_id)}/versions",
        f"Saved the version {version.name!r}.",
    )


# ---------------------------------------------------------------- downloads


@router.get(f"{BASE}/downloads")
def downloads_page(request: Request, project: ProjectDep, model_id: int) -> Response:
    """Links to the model's diagram in each format, its evaluation plan and
    its HTML report."""
    view = project.change_models.get(model_id)
    context = {
        "project": project,
        "active": "change-models",
        "view": view,
        "tab": "downloads",
        "base": model_url(project.info.id, view.model.id),
        "formats": [(name, spec[2]) for name, spec in FORMATS.items()],
        "plan_formats": [(name, spec[1]) for name, spec in PLAN_FORMATS.items()],
        "plan": project.change_models.plan(model=view.model.id),
    }
    return render(request, "change_model/downloads.html", context)


@router.get(f"{BASE}/export/{{format}}")
def export_diagram(project: ProjectDep, model_id: int, format: DiagramFormat) -> Response:
    """The model's diagram as a file: svg, png, mermaid, dot, graphml or kumu."""
    view = project.change_models.get(model_id)
    content = project.change_models.export(format, model=view.model.id)
    suffix, media_type, _ = FORMATS[format]
    name = download_name(
        project.name, "change model", suffix, details=[("model", view.model.name), ("as", format)]
    )
    return _download(content, name, media_type)


@router.get(f"{BASE}/plan")
def plan_download(
    project: ProjectDep, model_id: int, format: Literal["xlsx", "csv"] = "xlsx"
) -> Response:
    """The model's evaluation plan as an Excel workbook or a CSV table."""
    view = project.change_models.get(model_id)
    content = project.change_models.plan_file(format, model=view.model.id)
    name = download_name(
        project.name, "evaluation plan", format, details=[("model", view.model.name)]
    )
    return _download(content, name, PLAN_FORMATS[format][0])


@router.get(f"{BASE}/report")
def report_download(project: ProjectDep, model_id: int) -> Response:
    """The model's self-contained HTML report for a steering group."""
    view = project.change_models.get(model_id)
    html = project.change_models.report(model=view.model.id)
    name = download_name(
        project.name, "change model report", "html", details=[("model", view.model.name)]
    )
    return _download(html.encode("utf-8"), name, "text/html; charset=utf-8")
