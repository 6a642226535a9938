"""Merging and deleting codes: each first shows what it would affect (worked
out by a dry run that writes nothing), then asks for confirmation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import Response

from qualframe.errors import UserError
from qualframe.services.codebook.merge import MergeSummary
from qualframe.services.codebook.removal import DeleteSummary
from qualframe.services.core.wording import counted
from qualframe.web.codebook.view import code_page, descendants, optional_version
from qualframe.web.server.choices import code_label
from qualframe.web.server.dependencies import PreviewProjectDep, ProjectDep
from qualframe.web.server.flash import FlashKind
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)


# ---------------------------------------------------------------- merging


@router.get("/projects/{project_id}/codebook/{code_id}/merge")
def merge_page(
    request: Request,
    project: PreviewProjectDep,
    code_id: int,
    target_id: Annotated[int | None, Query(description="The code to merge into, by id.")] = None,
) -> Response:
    """Choose the code to merge into; with ``target_id``, what the merge would
    move (codings, duplicates, sub-codes, memos, matrix cells), to confirm."""
    codes = project.codebook.tree()
    source = project.codebook.get(code_id)
    excluded = {source.id, *(c.id for c in descendants(codes, source))}
    choices = [(c.id, code_label(c)) for c in codes if c.id not in excluded and not c.retired]
    preview: MergeSummary | None = None
    error = None
    chosen = next((c for c in codes if c.id == target_id), None)
    if target_id is not None:
        try:
            preview = project.codebook.preview_merge(code_id, target_id)
        except UserError as refused:
            error = str(refused)
    context = {
        "project": project,
        "active": "codebook",
        "source": source,
        "target": chosen,
        "choices": choices,
        "preview": preview,
        "error": error,
    }
    return render(request, "codebook/merge.html", context, status_code=422 if error else 200)


@router.post("/projects/{project_id}/codebook/{code_id}/merge")
def merge_code(
    project: ProjectDep,
    code_id: int,
    target_id: Annotated[int, Form()],
    if_version: Annotated[str, Form()] = "",
) -> Response:
    """Merge the code into ``target_id`` (refused when the target changed
    since the preview showed version ``if_version``) and show the target."""
    pid = project.info.id
    try:
        version = optional_version(if_version)
        summary = project.codebook.merge(code_id, target_id, if_version=version)
    except UserError as error:
        url = f"/projects/{pid}/codebook/{code_id}/merge?target_id={target_id}"
        return redirect(url, str(error), FlashKind.ERROR)
    return redirect(code_page(pid, target_id), merge_message(summary))


def merge_message(summary: MergeSummary) -> str:
    """What a merge did, in one sentence."""
    moved = [counted(summary.codings_moved, "coding")]
    if summary.duplicates_dropped:
        moved.append(f"{counted(summary.duplicates_dropped, 'duplicate coding')} dropped")
    if summary.children_moved:
        moved.append(counted(summary.children_moved, "sub-code"))
    if summary.codes_merged:
        moved.append(f"{counted(summary.codes_merged, 'same-named sub-code')} merged")
    if summary.memos_relinked:
        moved.append(counted(summary.memos_relinked, "memo"))
    cells = summary.cells_moved + summary.cells_combined
    if cells:
        moved.append(counted(cells, "matrix cell"))
    return f"Merged {summary.source!r} into {summary.target!r}: " + ", ".join(moved) + "."


# ---------------------------------------------------------------- deleting


@router.get("/projects/{project_id}/codebook/{code_id}/delete")
def delete_page(request: Request, project: PreviewProjectDep, code_id: int) -> Response:
    """What deleting the code would remove (sub-codes, codings, memo links,
    empty cells, question links) and which memos would move to the project,
    to confirm; or why it cannot be deleted (a matrix cell charts it)."""
    codes = project.codebook.tree()
    code = project.codebook.get(code_id)
    preview: DeleteSummary | None = None
    error = None
    try:
        preview = project.codebook.preview_delete(code_id)
    except UserError as refused:
        error = str(refused)
    context = {
        "project": project,
        "active": "codebook",
        "code": code,
        "below": descendants(codes, code),
        "preview": preview,
        "error": error,
    }
    return render(request, "codebook/delete.html", context, status_code=409 if error else 200)


@router.post("/projects/{project_id}/codebook/{code_id}/delete")
def delete_code(
    project: ProjectDep,
    code_id: int,
    force: Annotated[str, Form()] = "",
    if_version: Annotated[str, Form()] = "",
) -> Response:
    """Delete the code (with its sub-codes and codings when ``force`` was
    confirmed; refused when it changed since the page showed version
    ``if_version``) and show its parent."""
    pid = project.info.id
    try:
        code = project.codebook.get(code_id)
        version = optional_version(if_version)
        summary = project.codebook.delete(code_id, force=bool(force), if_version=version)
    except UserError as error:
        return redirect(f"/projects/{pid}/codebook/{code_id}/delete", str(error), FlashKind.ERROR)
    gone = [f"Deleted {summary.path!r}"]
    if summary.codes_deleted > 1:
        gone.append(f"with {counted(summary.codes_deleted - 1, 'sub-code')}")
    if summary.codings_deleted:
        gone.append(f"and {counted(summary.codings_deleted, 'coding')}")
    message = " ".join(gone) + "."
    if summary.memos_unlinked:
        message += f" {counted(summary.memos_unlinked, 'memo')} on it kept, now on the project."
    return redirect(code_page(pid, code.parent_id), message)
