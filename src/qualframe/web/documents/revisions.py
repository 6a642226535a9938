"""A document's title and text: renaming, and replacing the text (a corrected
file, or the stored text read again with today's readers) after a preview
of what happens to the codings. The upload is kept between the preview and
the confirmation, so the text stored is exactly the one previewed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import Response

from qualframe.errors import UserError
from qualframe.formats.documents import SUPPORTED_SUFFIXES
from qualframe.formats.sources import UploadedFile
from qualframe.project import Project
from qualframe.services.documents.revisions import TextRevision
from qualframe.web.server.dependencies import ProjectDep, StateDep
from qualframe.web.server.flash import FlashKind
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render
from qualframe.web.server.uploads import read_limited

router = APIRouter(include_in_schema=False)

#: The version a form was shown with (a hidden field; None: not stated).
FormVersion = Annotated[int | None, Form(ge=0)]


def _settings(project: Project, document_id: int, anchor: str = "") -> str:
    return f"/projects/{project.info.id}/documents/{document_id}/settings{anchor}"


@router.post("/projects/{project_id}/documents/{document_id}/rename")
def rename_document(
    document_id: int,
    project: ProjectDep,
    title: Annotated[str, Form()] = "",
    if_version: FormVersion = None,
) -> Response:
    """Give the document a new title; its file name is kept."""
    info = project.documents.rename(document_id, title, if_version=if_version)
    return redirect(
        _settings(project, info.id, "#title"), f"Renamed {info.name!r}: now {info.title!r}."
    )


def _replace_page(
    request: Request,
    project: Project,
    document_id: int,
    *,
    change: TextRevision | None = None,
    token: str = "",
    reread: bool = False,
    error: str | None = None,
) -> Response:
    info = project.documents.info(document_id)
    context: dict[str, Any] = {
        "project": project,
        "active": "documents",
        "document": info,
        "revisions": project.documents.revisions(document_id),
        "change": change,
        "token": token,
        "reread": reread,
        "error": error,
        "accept": ",".join(SUPPORTED_SUFFIXES),
    }
    return render(request, "documents/replace.html", context, status_code=422 if error else 200)


@router.get("/projects/{project_id}/documents/{document_id}/replace")
def replace_page(request: Request, document_id: int, project: ProjectDep) -> Response:
    """The form choosing a corrected file (or a re-read), and the document's earlier texts."""
    return _replace_page(request, project, document_id)


@router.post("/projects/{project_id}/documents/{document_id}/replace")
def preview_replace(
    request: Request,
    document_id: int,
    project: ProjectDep,
    state: StateDep,
    file: Annotated[UploadFile | None, File()] = None,
    reread: Annotated[str, Form()] = "",
) -> Response:
    """Show what replacing the text would do to the codings (nothing is written);
    the upload is kept for the confirmation. A bad file is named with its problem."""
    if reread:
        try:
            change = project.documents.preview_replace_text(document_id)
        except UserError as refused:
            return _replace_page(request, project, document_id, error=str(refused))
        return _replace_page(request, project, document_id, change=change, reread=True)
    if file is None or not file.filename:
        error = "Choose the corrected file, or read the stored text again."
        return _replace_page(request, project, document_id, error=error)
    try:
        stored = state.uploads.save(file.filename, read_limited(file.file))
    except UserError as refused:
        return _replace_page(request, project, document_id, error=str(refused))
    try:
        upload = UploadedFile(stored.name, stored.path.read_bytes())
        change = project.documents.preview_replace_text(document_id, upload)
    except UserError as refused:
        state.uploads.discard(stored.token)
        return _replace_page(request, project, document_id, error=str(refused))
    return _replace_page(request, project, document_id, change=change, token=stored.token)


@router.post("/projects/{project_id}/documents/{document_id}/replace/confirm")
def confirm_replace(
    document_id: int,
    project: ProjectDep,
    state: StateDep,
    token: Annotated[str, Form()] = "",
    reread: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    if_version: FormVersion = None,
) -> Response:
    """Replace the text as previewed and show the document's settings."""
    back = f"/projects/{project.info.id}/documents/{document_id}/replace"
    try:
        if reread:
            change = project.documents.replace_text(
                document_id, reason=reason, if_version=if_version
            )
        else:
            stored = state.uploads.get(token)
            upload = UploadedFile(stored.name, stored.path.read_bytes())
            change = project.documents.replace_text(
                document_id, upload, reason=reason, if_version=if_version
            )
    except UserError as error:
        return redirect(back, str(error), FlashKind.ERROR)
    if token:
        state.uploads.discard(token)
    return redirect(_settings(project, document_id, "#text"), change.summary())


@router.post("/projects/{project_id}/documents/{document_id}/replace/cancel")
def cancel_replace(
    document_id: int, project: ProjectDep, state: StateDep, token: Annotated[str, Form()] = ""
) -> Response:
    """Forget the previewed file; nothing is changed."""
    if token:
        state.uploads.discard(token)
    return redirect(_settings(project, document_id, "#text"), "The text was not replaced.")
