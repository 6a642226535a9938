"""Importing cases or participants from a spreadsheet: upload, preview, confirm.

The upload is kept under a token (:class:`~qualframe.web.server.uploads.UploadStore`)
while the preview page shows the :class:`~qualframe.api.study.ImportPlan`:
new attributes with the type and level inferred for them (which the user
may override and preview again), new cases and participants, participants
moving case, every value set or changed, and every problem with its line.
A file with problems offers no import button; "Import" re-plans the same
upload and imports it in one transaction.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from starlette.responses import Response

from qualframe.errors import InputFileError
from qualframe.vocabulary import AttributeLevel, AttributeType
from qualframe.web.server.dependencies import ProjectDep, StateDep
from qualframe.web.server.navigation import NextForm, local_path, redirect
from qualframe.web.server.row_forms import FormItems
from qualframe.web.server.templating import render
from qualframe.web.server.upload_files import keep, kept, read_upload
from qualframe.web.study.import_choices import ImportChoices, choices_from_fields

router = APIRouter(include_in_schema=False)


def preview_link(project_id: int, token: str, choices: ImportChoices) -> str:
    """The preview page of a kept upload with these choices."""
    return f"/projects/{project_id}/study/import/{token}?{choices.query()}"


@router.post("/projects/{project_id}/study/import")
def upload_spreadsheet(
    project: ProjectDep,
    state: StateDep,
    items: FormItems,
    file: Annotated[UploadFile | str | None, File()] = None,
) -> Response:
    """Keep the chosen spreadsheet and show what importing it would do."""
    upload = read_upload(file, "a CSV or Excel file")
    choices = choices_from_fields(items)
    return redirect(preview_link(project.info.id, keep(state, upload), choices))


@router.get("/projects/{project_id}/study/import/{token}")
def preview_page(request: Request, token: str, project: ProjectDep, state: StateDep) -> Response:
    """What importing the kept upload would do (a dry run: nothing is written)."""
    upload = kept(state, token)
    choices = choices_from_fields(request.query_params.multi_items())
    plan, unreadable = None, None
    try:
        plan = choices.preview(project, upload)
    except InputFileError as error:
        # The file cannot be read as a table of this kind: say so here, offer no import.
        unreadable = str(error)
    context = {
        "project": project,
        "active": "study",
        "token": token,
        "file": upload.name,
        "choices": choices,
        "types": [kind.value for kind in AttributeType],
        "levels": [AttributeLevel.CASE.value, AttributeLevel.PARTICIPANT.value],
        "plan": plan,
        "unreadable": unreadable,
    }
    return render(request, "study/import_preview.html", context)


@router.post("/projects/{project_id}/study/import/{token}")
def apply_import(token: str, project: ProjectDep, state: StateDep, items: FormItems) -> Response:
    """Import the previewed upload with the previewed choices (all or nothing)."""
    choices = choices_from_fields(items)
    plan = choices.apply(project, kept(state, token))
    state.uploads.discard(token)
    return redirect(f"/projects/{project.info.id}/study", plan.summary() + ".")


@router.post("/projects/{project_id}/study/import/{token}/cancel")
def cancel_import(
    token: str,
    project: ProjectDep,
    state: StateDep,
    next: NextForm = "",
) -> Response:
    """Forget a kept upload without importing it."""
    state.uploads.discard(token)
    back = local_path(next, f"/projects/{project.info.id}/study")
    return redirect(back, "Nothing was imported.")
