"""Importing a codebook file: upload, look at what it would change (a dry
run), then confirm. The upload is kept between the two requests so the
import is exactly the file previewed. Exports are downloads from the JSON
API (``/api/projects/{id}/codebook/export``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel
from starlette.responses import Response

from qualframe.errors import UserError
from qualframe.project import Project
from qualframe.services.codebook.exchange import CodebookImport
from qualframe.services.core.wording import counted
from qualframe.web.server.dependencies import ProjectDep, StateDep
from qualframe.web.server.flash import FlashKind
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render
from qualframe.web.server.uploads import read_limited

router = APIRouter(include_in_schema=False)

#: The file types the import accepts (for the file picker).
ACCEPT = ".csv,.tsv,.txt,.xlsx,.xlsm,.yaml,.yml"


class KeptImport(BaseModel):
    """The hidden fields of a preview's forms: the kept upload's token, and
    whether the import replaces the codes' fields (any text: yes)."""

    token: str = ""
    replace: str = ""


#: A route parameter: a preview's hidden fields.
KeptImportForm = Annotated[KeptImport, Form()]


def _import_page(
    request: Request,
    project: Project,
    *,
    report: CodebookImport | None = None,
    token: str = "",
    replace: bool = False,
    error: str | None = None,
) -> Response:
    context = {
        "project": project,
        "active": "codebook",
        "report": report,
        "token": token,
        "replace": replace,
        "error": error,
        "accept": ACCEPT,
    }
    return render(request, "codebook/import.html", context, status_code=422 if error else 200)


@router.get("/projects/{project_id}/codebook/import")
def import_page(request: Request, project: ProjectDep) -> Response:
    """The form choosing a codebook file to import."""
    return _import_page(request, project)


@router.post("/projects/{project_id}/codebook/import")
def preview_import(
    request: Request,
    project: ProjectDep,
    state: StateDep,
    file: Annotated[UploadFile | None, File()] = None,
    replace: Annotated[str, Form()] = "",
) -> Response:
    """Keep the uploaded file and show what importing it would create and
    update; a bad file is named with its problem, and nothing is kept."""
    if file is None or not file.filename:
        error = "Choose a codebook file (CSV, Excel or YAML) to import."
        return _import_page(request, project, error=error)
    try:
        stored = state.uploads.save(file.filename, read_limited(file.file))
    except UserError as refused:
        return _import_page(request, project, error=str(refused))
    try:
        report = project.codebook.preview_import(
            stored.path, replace=bool(replace), name=stored.name
        )
    except UserError as refused:
        state.uploads.discard(stored.token)
        return _import_page(request, project, error=str(refused))
    if not report.changes_anything:
        state.uploads.discard(stored.token)
        return _import_page(request, project, report=report, replace=bool(replace))
    return _import_page(request, project, report=report, token=stored.token, replace=bool(replace))


@router.post("/projects/{project_id}/codebook/import/confirm")
def confirm_import(project: ProjectDep, state: StateDep, kept: KeptImportForm) -> Response:
    """Import the previewed file and show the codebook."""
    pid = project.info.id
    try:
        stored = state.uploads.get(kept.token)
        report = project.codebook.import_file(
            stored.path, replace=bool(kept.replace), name=stored.name
        )
    except UserError as error:
        return redirect(f"/projects/{pid}/codebook/import", str(error), FlashKind.ERROR)
    state.uploads.discard(kept.token)
    done = [counted(len(report.created), "code") + " created", f"{len(report.updated)} updated"]
    return redirect(
        f"/projects/{pid}/codebook", f"Imported {report.source}: " + ", ".join(done) + "."
    )


@router.post("/projects/{project_id}/codebook/import/cancel")
def cancel_import(project: ProjectDep, state: StateDep, kept: KeptImportForm) -> Response:
    """Forget the previewed file; nothing is imported."""
    state.uploads.discard(kept.token)
    return redirect(f"/projects/{project.info.id}/codebook", "Nothing was imported.")
