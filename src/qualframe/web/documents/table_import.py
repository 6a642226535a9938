"""Importing a table of utterances (CSV or Excel, one row per utterance or
response) as documents, in three steps that work without JavaScript:

1. ``GET /projects/{pid}/documents/import-table``: choose the file.
2. ``POST`` the file: it is kept under a token (the confirmation imports
   exactly the file previewed) and its columns are listed, each with a
   sample value and a choice of what it is (document, text, speaker,
   order, coder, attribute, code), guessed from the names where possible.
3. ``POST .../preview``: the import is run and rolled back (a dry run): the
   page shows what would be made (documents, turns, attributes, codes) and
   the first documents as they would look, with the mapping still editable;
   ``POST .../confirm`` imports and shows the documents list, ``.../cancel``
   forgets the file.

The rules are the import's own (``project.documents.import_table``; see
:mod:`qualframe.services.coding.table_import`); a problem is shown on the
page it came from, and nothing is written.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field
from starlette.responses import Response

from qualframe.errors import UserError, ValidationError
from qualframe.formats.tables import CSV_SUFFIXES, XLSX_SUFFIXES, read_table_bytes
from qualframe.formats.utterance_tables import cell_text, guess_columns
from qualframe.project import Project
from qualframe.web.server.dependencies import PreviewProjectDep, ProjectDep, StateDep
from qualframe.web.server.flash import FlashKind
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render
from qualframe.web.server.upload_files import keep, kept, read_upload

router = APIRouter(include_in_schema=False)

#: The file types the upload accepts.
ACCEPT = ",".join(CSV_SUFFIXES + XLSX_SUFFIXES)
#: What a column can be, as the mapping's choices offer it (value, text).
USES = (
    ("", "Not used"),
    ("document", "Document"),
    ("text", "Text"),
    ("speaker", "Speaker"),
    ("order", "Order of turns"),
    ("coder", "Coder"),
    ("attribute", "Document attribute"),
    ("code", "Codes"),
)
#: The uses one column at most may have.
SINGLE_USES = ("document", "text", "speaker", "order", "coder")
#: Most characters of a sample value shown beside a column.
SAMPLE_CHARS = 60


class TableMapping(BaseModel):
    """The mapping form: the kept upload's token and, for each column of the
    file (``column``, in order), what it is (``use``, one of :data:`USES`)."""

    token: str = ""
    column: list[str] = Field(default_factory=list)
    use: list[str] = Field(default_factory=list)

    def uses(self) -> dict[str, str]:
        """``{column: use}`` for every column the form names."""
        return dict(zip(self.column, self.use, strict=False))

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``project.documents.import_table``.

        Raises :class:`ValidationError` when two columns were given one of the
        single uses (two text columns...)."""
        chosen: dict[str, list[str]] = {}
        for column, use in self.uses().items():
            if use:
                chosen.setdefault(use, []).append(column)
        for use in SINGLE_USES:
            if len(chosen.get(use, [])) > 1:
                listed = " and ".join(repr(c) for c in chosen[use])
                raise ValidationError(
                    f"Only one column can be the {dict(USES)[use].lower()} column; "
                    f"you chose {listed}."
                )
        single = {use: chosen.get(use, [""])[0] for use in SINGLE_USES}
        return {
            **single,
            "attributes": chosen.get("attribute", []),
            "codes": chosen.get("code", []),
        }


#: A route parameter: the mapping form.
MappingForm = Annotated[TableMapping, Form()]


def _link(project_id: int) -> str:
    return f"/projects/{project_id}/documents/import-table"


def _columns(data: bytes, name: str) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The columns of the table (name and a sample value) and the uses guessed
    for them; raises :class:`~qualframe.errors.InputFileError` for a bad file."""
    table = read_table_bytes(data, name)
    samples = []
    for column in table.columns:
        value = next((cell_text(r.values[column]) for r in table.rows if r.values[column]), "")
        flat = " ".join(value.split())
        short = flat if len(flat) <= SAMPLE_CHARS else flat[: SAMPLE_CHARS - 1] + "\u2026"
        samples.append({"name": column, "sample": short})
    guess = guess_columns(table)
    guessed = {
        column: use
        for use, column in (
            ("document", guess.document),
            ("text", guess.text),
            ("speaker", guess.speaker),
            ("order", guess.order),
        )
        if column
    }
    return samples, guessed


def _page(
    request: Request,
    project: Project,
    *,
    token: str = "",
    name: str = "",
    columns: list[dict[str, str]] | None = None,
    uses: dict[str, str] | None = None,
    report: Any = None,
    error: str | None = None,
) -> Response:
    context = {
        "project": project,
        "active": "documents",
        "accept": ACCEPT,
        "token": token,
        "file_name": name,
        "columns": columns or [],
        "uses": uses or {},
        "choices": USES,
        "report": report,
        "error": error,
    }
    status = 422 if error else 200
    return render(request, "documents/table_import.html", context, status_code=status)


@router.get("/projects/{project_id}/documents/import-table")
def choose_file(request: Request, project: ProjectDep) -> Response:
    """The form choosing the table to import."""
    return _page(request, project)


@router.post("/projects/{project_id}/documents/import-table")
def upload_table(
    request: Request,
    project: ProjectDep,
    state: StateDep,
    file: Annotated[UploadFile | str | None, File()] = None,
) -> Response:
    """Keep the uploaded table and show its columns to map; a bad file is
    named with its problem, and nothing is kept."""
    try:
        upload = read_upload(file, "a table (CSV or Excel)")
        columns, guessed = _columns(upload.data, upload.name)
        token = keep(state, upload)
    except UserError as refused:
        return _page(request, project, error=str(refused))
    name = kept(state, token).name
    return _page(request, project, token=token, name=name, columns=columns, uses=guessed)


@router.post("/projects/{project_id}/documents/import-table/preview")
def preview_import(
    request: Request, project: PreviewProjectDep, state: StateDep, mapping: MappingForm
) -> Response:
    """What importing the kept table with this mapping would make (a dry run:
    nothing is written), the first documents as they would look, and the
    mapping again to change it."""
    try:
        upload = kept(state, mapping.token)
    except UserError as gone:
        return _page(request, project, error=str(gone))
    columns, _ = _columns(upload.data, upload.name)
    report, error = None, None
    try:
        report = project.documents.import_table(upload, **mapping.arguments(), dry_run=True)
    except UserError as refused:
        error = str(refused)
    return _page(
        request,
        project,
        token=mapping.token,
        name=upload.name,
        columns=columns,
        uses=mapping.uses(),
        report=report,
        error=error,
    )


@router.post("/projects/{project_id}/documents/import-table/confirm")
def confirm_import(project: ProjectDep, state: StateDep, mapping: MappingForm) -> Response:
    """Import the kept table with the previewed mapping and show the documents."""
    pid = project.info.id
    try:
        upload = kept(state, mapping.token)
        report = project.documents.import_table(upload, **mapping.arguments())
    except UserError as error:
        return redirect(_link(pid), str(error), FlashKind.ERROR)
    state.uploads.discard(mapping.token)
    return redirect(f"/projects/{pid}/documents", report.summary())


@router.post("/projects/{project_id}/documents/import-table/cancel")
def cancel_import(project: ProjectDep, state: StateDep, mapping: MappingForm) -> Response:
    """Forget the kept table; nothing is imported."""
    state.uploads.discard(mapping.token)
    return redirect(f"/projects/{project.info.id}/documents", "Nothing was imported.")
