"""Study spreadsheets through the API: cases/participants import (preview, then
apply), the interview schedule and structured answers. Part of the ``study`` tag."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile
from pydantic import BaseModel, Field

from qualframe import ImportPlan, UploadedFile
from qualframe.services.study.answers import AnswersImport
from qualframe.services.study.import_plan import (
    ImportKind,
    ImportProblem,
    MovedParticipant,
    NewAttribute,
    NewParticipant,
    ValueChange,
)
from qualframe.services.study.schedule import QuestionRecord, ScheduleImport
from qualframe.web.server.dependencies import ProjectDep, StateDep
from qualframe.web.server.upload_files import keep, kept, read_upload
from qualframe.web.study.import_choices import ImportChoices, column_pairs

router = APIRouter(tags=["study"])

OVERRIDE_HELP = (
    'Repeatable "column=value" pairs overriding what is inferred for a new column '
    "(types: categorical, ordinal, number, date, boolean, text; levels: case, participant)."
)


class PlanAnswer(BaseModel):
    """What importing a cases or participants file does (or would do).

    ``problems`` list every problem with its line and column; with any
    problem ``ok`` is false and applying the file imports nothing.
    """

    file: str
    kind: ImportKind
    ok: bool
    summary: str
    rows: int
    cases: int
    participants: int
    new_attributes: list[NewAttribute]
    new_cases: list[str]
    new_participants: list[NewParticipant]
    moved_participants: list[MovedParticipant]
    changes: list[ValueChange]
    unchanged: int
    problems: list[ImportProblem]

    @classmethod
    def of(cls, plan: ImportPlan) -> PlanAnswer:
        """The answer describing ``plan``."""
        return cls(
            file=plan.name,
            kind=plan.kind,
            ok=plan.ok,
            summary=plan.summary(),
            rows=plan.rows,
            cases=plan.cases,
            participants=plan.participants,
            new_attributes=list(plan.new_attributes),
            new_cases=list(plan.new_cases),
            new_participants=list(plan.new_participants),
            moved_participants=list(plan.moved_participants),
            changes=list(plan.changes),
            unchanged=plan.unchanged,
            problems=list(plan.problems),
        )


class PreviewAnswer(BaseModel):
    """A dry run of an import, and the token to apply the same upload later."""

    token: str = Field(description="Send it to the import call instead of the file.")
    plan: PlanAnswer


KindForm = Annotated[str, Form(description="cases or participants")]
SheetForm = Annotated[str, Form(description="The worksheet of a workbook (default: the first).")]
FlagForm = Annotated[bool, Form()]
PairsForm = Annotated[list[str], Form(description=OVERRIDE_HELP)]


def import_choices(
    kind: KindForm = "participants",
    sheet: SheetForm = "",
    create_cases: FlagForm = False,
    update_only: FlagForm = False,
    types: PairsForm = [],  # noqa: B006 - FastAPI copies form defaults
    levels: PairsForm = [],  # noqa: B006
) -> ImportChoices:
    """The form fields of an import call (shared by the preview and the import)."""
    return ImportChoices(
        kind=kind,
        sheet=sheet,
        create_cases=create_cases,
        update_only=update_only,
        types=column_pairs(types, "type"),
        levels=column_pairs(levels, "level"),
    )


#: A route parameter: an import call's choices, read from its form fields.
ChoicesForm = Annotated[ImportChoices, Depends(import_choices)]


@router.post("/projects/{project_id}/study/import/preview")
def preview_study_import(
    project: ProjectDep,
    state: StateDep,
    file: Annotated[UploadFile, File(description="A CSV or XLSX file.")],
    choices: ChoicesForm,
) -> PreviewAnswer:
    """What importing a file of cases or participants would do; writes nothing.

    Problems are listed in the plan; a file that cannot be read as a table (or
    lacks its id column) is a 422. Keep the token to apply this upload.
    """
    upload = read_upload(file, "a CSV or XLSX file")
    plan = choices.preview(project, upload)
    return PreviewAnswer(token=keep(state, upload), plan=PlanAnswer.of(plan))


@router.post("/projects/{project_id}/study/import")
def apply_study_import(
    project: ProjectDep,
    state: StateDep,
    choices: ChoicesForm,
    file: Annotated[UploadFile | None, File(description="A CSV or XLSX file.")] = None,
    token: Annotated[str, Form(description="A preview's token instead of the file.")] = "",
) -> PlanAnswer:
    """Import a file of cases or participants (or a previewed upload, by token) in one
    transaction. Any problem is a 422 listing them all, and nothing is imported."""
    upload = kept(state, token) if token and file is None else read_upload(file)
    plan = choices.apply(project, upload)
    if token:
        state.uploads.discard(token)
    return PlanAnswer.of(plan)


# ---------------------------------------------------------------- schedule and answers


@router.get("/projects/{project_id}/questions")
def questions(project: ProjectDep) -> list[QuestionRecord]:
    """The interview schedule in order, with each question's count of answers."""
    return project.study.questions()


@dataclass(frozen=True)
class SheetImport:
    """The form of a schedule or answers import: the file, its worksheet, dry run or not."""

    upload: UploadedFile
    sheet: str | None
    dry_run: bool


def sheet_import(
    file: Annotated[UploadFile, File(description="A CSV or XLSX file.")],
    sheet: SheetForm = "",
    dry_run: Annotated[bool, Form(description="Only say what would change.")] = False,
) -> SheetImport:
    """The form fields of a schedule or answers import (read once, for both)."""
    return SheetImport(read_upload(file, "a CSV or XLSX file"), sheet or None, dry_run)


#: A route parameter: a schedule or answers import's form.
SheetImportForm = Annotated[SheetImport, Depends(sheet_import)]


@router.post("/projects/{project_id}/questions/import")
def import_schedule(project: ProjectDep, form: SheetImportForm) -> ScheduleImport:
    """Import questions (columns identifier, question, kind, scale, levels, heading),
    or with ``dry_run`` say what importing them would do (a preview, rolled back).
    Any bad row is a 422 naming the file and line, and nothing is imported."""
    if form.dry_run:
        return project.study.preview_import_schedule(form.upload, sheet=form.sheet)
    return project.study.import_schedule(form.upload, sheet=form.sheet)


@router.get("/projects/{project_id}/answers")
def answers(project: ProjectDep) -> list[dict[str, str | None]]:
    """One record per participant: ``participant``, ``case`` and the answer to each
    structured question (by identifier; null when none is recorded)."""
    return project.study.answers().records()


@router.post("/projects/{project_id}/answers/import")
def import_answers(project: ProjectDep, form: SheetImportForm) -> AnswersImport:
    """Import structured answers: a participant column and one column per question, or
    with ``dry_run`` say what importing them would do (a preview, rolled back).
    Any bad cell is a 422 naming the file, line and column; nothing is imported."""
    if form.dry_run:
        return project.study.preview_import_answers(form.upload, sheet=form.sheet)
    return project.study.import_answers(form.upload, sheet=form.sheet)
