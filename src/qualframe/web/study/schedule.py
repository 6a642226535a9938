"""The interview schedule: its questions, structured answers, and importing both
from spreadsheets with a preview (the import run and rolled back) before
anything is written."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from pydantic import BaseModel
from starlette.responses import Response

from qualframe import AnswersImport, ScheduleImport, UploadedFile
from qualframe.errors import InputFileError
from qualframe.project import Project
from qualframe.web.server.dependencies import PreviewProjectDep, ProjectDep, StateDep
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render
from qualframe.web.server.upload_files import keep, kept, read_upload

router = APIRouter(include_in_schema=False)


class ScheduleFile(StrEnum):
    """What a schedule-page spreadsheet holds."""

    SCHEDULE = "schedule"
    ANSWERS = "answers"


class ScheduleFileChoice(BaseModel):
    """What a kept schedule-page upload holds and which worksheet to read: the
    upload form, the preview's query string and the import form alike."""

    what: ScheduleFile = ScheduleFile.SCHEDULE
    sheet: str = ""

    def run(
        self, project: Project, upload: UploadedFile, *, dry: bool
    ) -> ScheduleImport | AnswersImport:
        """Import (or with ``dry``, preview: run and roll back) the schedule or
        answers ``upload``."""
        sheet = self.sheet or None
        study = project.study
        if self.what is ScheduleFile.SCHEDULE:
            if dry:
                return study.preview_import_schedule(upload, sheet=sheet)
            return study.import_schedule(upload, sheet=sheet)
        if dry:
            return study.preview_import_answers(upload, sheet=sheet)
        return study.import_answers(upload, sheet=sheet)


def schedule_link(project_id: int) -> str:
    """The interview schedule page."""
    return f"/projects/{project_id}/study/schedule"


@router.get("/projects/{project_id}/study/schedule")
def schedule_page(request: Request, project: ProjectDep) -> Response:
    """The questions in order, the structured answers per participant, the import forms."""
    answers = project.study.answers()
    return render(
        request,
        "study/schedule.html",
        {
            "project": project,
            "active": "study",
            "section": "schedule",
            "questions": project.study.questions(),
            "structured": [scale.question for scale in answers.questions],
            "answers": answers.records() if answers.questions else [],
        },
    )


@router.post("/projects/{project_id}/study/schedule/import")
def upload_schedule_file(
    project: ProjectDep,
    state: StateDep,
    choice: Annotated[ScheduleFileChoice, Form()],
    file: Annotated[UploadFile | str | None, File()] = None,
) -> Response:
    """Keep a schedule or answers spreadsheet and show what importing it would do."""
    token = keep(state, read_upload(file, "a CSV or Excel file"))
    query = urlencode({"what": choice.what.value, "sheet": choice.sheet.strip()})
    return redirect(f"{schedule_link(project.info.id)}/import/{token}?{query}")


@router.get("/projects/{project_id}/study/schedule/import/{token}")
def schedule_preview(
    request: Request,
    token: str,
    project: PreviewProjectDep,
    state: StateDep,
    choice: Annotated[ScheduleFileChoice, Query()],
) -> Response:
    """A dry run of the kept upload: what would be created and changed, or its problems."""
    upload = kept(state, token)
    result, problems = None, None
    try:
        result = choice.run(project, upload, dry=True)
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
            "what": choice.what.value,
            "sheet": choice.sheet,
            "result": result,
            "problems": problems,
        },
    )


@router.post("/projects/{project_id}/study/schedule/import/{token}")
def apply_schedule_file(
    token: str,
    project: ProjectDep,
    state: StateDep,
    choice: Annotated[ScheduleFileChoice, Form()],
) -> Response:
    """Import the previewed schedule or answers (all or nothing)."""
    result = choice.run(project, kept(state, token), dry=False)
    state.uploads.discard(token)
    return redirect(schedule_link(project.info.id), result.summary() + ".")
