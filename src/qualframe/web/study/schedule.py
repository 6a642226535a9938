"""The interview schedule: its questions, structured answers, and importing both
from spreadsheets with a dry-run preview before anything is written."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from starlette.responses import Response

from qualframe.api.documents import UploadedFile
from qualframe.errors import InputFileError
from qualframe.project import Project
from qualframe.web.server.dependencies import ProjectDep, StateDep
from qualframe.web.server.frames import records
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render
from qualframe.web.server.upload_files import keep, kept, read_upload

router = APIRouter(include_in_schema=False)


class ScheduleFile(StrEnum):
    """What a schedule-page spreadsheet holds."""

    SCHEDULE = "schedule"
    ANSWERS = "answers"


def schedule_link(project_id: int) -> str:
    """The interview schedule page."""
    return f"/projects/{project_id}/study/schedule"


def _run(project: Project, what: ScheduleFile, upload: UploadedFile, sheet: str, dry: bool) -> Any:
    """Import (or with ``dry``, only check) a schedule or answers upload."""
    if what is ScheduleFile.SCHEDULE:
        return project.study.import_schedule(upload, sheet=sheet or None, dry_run=dry)
    return project.study.import_answers(upload, sheet=sheet or None, dry_run=dry)


@router.get("/projects/{project_id}/study/schedule")
def schedule_page(request: Request, project: ProjectDep) -> Response:
    """The questions in order, the structured answers per participant, the import forms."""
    questions = project.study.questions()
    structured = [q.identifier for q in questions if q.kind == "structured"]
    answers = records(project.study.answers_frame()) if structured else []
    return render(
        request,
        "study/schedule.html",
        {
            "project": project,
            "active": "study",
            "section": "schedule",
            "questions": questions,
            "structured": structured,
            "answers": answers,
        },
    )


@router.post("/projects/{project_id}/study/schedule/import")
def upload_schedule_file(
    project: ProjectDep,
    state: StateDep,
    what: Annotated[ScheduleFile, Form()] = ScheduleFile.SCHEDULE,
    sheet: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | str | None, File()] = None,
) -> Response:
    """Keep a schedule or answers spreadsheet and show what importing it would do."""
    token = keep(state, read_upload(file, "a CSV or Excel file"))
    query = urlencode({"what": what.value, "sheet": sheet.strip()})
    return redirect(f"{schedule_link(project.info.id)}/import/{token}?{query}")


@router.get("/projects/{project_id}/study/schedule/import/{token}")
def schedule_preview(
    request: Request,
    token: str,
    project: ProjectDep,
    state: StateDep,
    what: Annotated[ScheduleFile, Query()] = ScheduleFile.SCHEDULE,
    sheet: Annotated[str, Query()] = "",
) -> Response:
    """A dry run of the kept upload: what would be created and changed, or its problems."""
    upload = kept(state, token)
    result, problems = None, None
    try:
        result = _run(project, what, upload, sheet, dry=True)
    except InputFileError as error:
        problems = str(error)
    return render(
        request,
        "study/schedule_preview.html",
        {
            "project": project,
            "active": "study",
            "token": token,
            "file": upload.name,
            "what": what.value,
            "sheet": sheet,
            "result": result,
            "problems": problems,
        },
    )


@router.post("/projects/{project_id}/study/schedule/import/{token}")
def apply_schedule_file(
    token: str,
    project: ProjectDep,
    state: StateDep,
    what: Annotated[ScheduleFile, Form()] = ScheduleFile.SCHEDULE,
    sheet: Annotated[str, Form()] = "",
) -> Response:
    """Import the previewed schedule or answers (all or nothing)."""
    result = _run(project, what, kept(state, token), sheet, dry=False)
    state.uploads.discard(token)
    return redirect(schedule_link(project.info.id), result.summary() + ".")
