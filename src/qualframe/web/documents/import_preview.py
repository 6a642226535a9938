"""Previewing an import of transcripts before anything is written: the files
are kept under tokens, the page lists what would be imported and each
document's speaker labels (taken as speakers or not, and why), and the
confirmation imports exactly the files previewed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import Response

from qualframe import UploadedFile
from qualframe.errors import BatchImportError, InputFileError, UserError
from qualframe.project import Project
from qualframe.web.documents.params import ImportOptions
from qualframe.web.server.dependencies import ProjectDep, StateDep
from qualframe.web.server.flash import FlashKind
from qualframe.web.server.navigation import redirect
from qualframe.web.server.state import WebState
from qualframe.web.server.templating import render
from qualframe.web.server.upload_files import keep, read_uploads

router = APIRouter(include_in_schema=False)


def _kept(state: WebState, tokens: list[str]) -> list[UploadedFile]:
    """The files kept under ``tokens`` (raises NotFoundError when one is gone)."""
    files = []
    for token in tokens:
        stored = state.uploads.get(token)
        files.append(UploadedFile(stored.name, stored.path.read_bytes()))
    return files


def _forget(state: WebState, tokens: list[str]) -> None:
    for token in tokens:
        state.uploads.discard(token)


@router.post("/projects/{project_id}/documents/upload/preview")
def preview_upload(
    request: Request,
    project: ProjectDep,
    state: StateDep,
    options: Annotated[ImportOptions, Form()],
    files: Annotated[list[UploadFile | str], File()] = [],  # noqa: B006 - FastAPI copies defaults
) -> Response:
    """Keep the uploaded files and show what importing them would do, with each
    document's speaker labels; nothing is imported yet."""
    uploads = read_uploads(files, "one or more transcripts")
    tokens = [keep(state, upload) for upload in uploads]
    try:
        report = project.documents.preview_import(
            uploads,
            participants=options.people(),
            encoding=options.codec(),
            on_error=options.on_error,
        )
    except (BatchImportError, InputFileError) as error:
        _forget(state, tokens)
        return redirect(
            f"/projects/{project.info.id}/documents#upload", str(error), FlashKind.ERROR
        )
    return _page(request, project, report, tokens, options)


def _page(
    request: Request, project: Project, report: Any, tokens: list[str], options: ImportOptions
) -> Response:
    context: dict[str, Any] = {
        "project": project,
        "active": "documents",
        "report": report,
        "tokens": tokens,
        "options": options,
    }
    return render(request, "documents/preview.html", context)


@router.post("/projects/{project_id}/documents/upload/confirm")
def confirm_upload(
    request: Request,
    project: ProjectDep,
    state: StateDep,
    options: Annotated[ImportOptions, Form()],
    token: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
) -> Response:
    """Import the previewed files and show the import report."""
    pid = project.info.id
    try:
        uploads = _kept(state, token)
        report = project.documents.import_files(
            uploads,
            participants=options.people(),
            encoding=options.codec(),
            on_error=options.on_error,
        )
    except UserError as error:
        return redirect(f"/projects/{pid}/documents#upload", str(error), FlashKind.ERROR)
    _forget(state, token)
    context: dict[str, Any] = {
        "project": project,
        "active": "documents",
        "report": report,
        "stopped": False,
        "files": len(uploads),
        "linked": list(options.participants),
        "unmapped": project.documents.unmapped_speakers() if report.imported else [],
    }
    return render(request, "documents/report.html", context)


@router.post("/projects/{project_id}/documents/upload/cancel")
def cancel_upload(
    project: ProjectDep,
    state: StateDep,
    token: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
) -> Response:
    """Forget the previewed files; nothing is imported."""
    _forget(state, token)
    return redirect(f"/projects/{project.info.id}/documents", "Nothing was imported.")
