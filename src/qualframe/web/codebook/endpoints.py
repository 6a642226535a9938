"""The codebook: tree, create, edit, rename, move, merge, retire, restore,
delete, history, codebook files.

Codes are addressed by id in paths and bodies. Every call is one
transaction; a refused change (a name clash, a move under a descendant)
answers ``{"error": {...}}`` and writes nothing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, cast

from fastapi import APIRouter, File, Form, Path as PathParam, Query, UploadFile
from pydantic import BaseModel, Field
from starlette.responses import Response

from qualframe import CodebookImport, CodeInfo, DeleteSummary, MergeSummary
from qualframe.services.codebook.editing import FIELD_NAMES, CodeFields
from qualframe.vocabulary import CodeOrigin
from qualframe.web.server.dependencies import ProjectDep, StateDep
from qualframe.web.server.downloads import MEDIA_TYPES, download_name, exported_file
from qualframe.web.server.frames import plain
from qualframe.web.server.uploads import read_limited

router = APIRouter(tags=["codebook"])

#: A code named in the path, by id.
CodeId = Annotated[int, PathParam(description="The code's id.", ge=1)]

#: The description of every ``if_version`` of this API.
IF_VERSION = (
    "The code's version you read (its `version`); when the stored version differs, "
    "the change is refused with 409 and nothing is saved. Leave it out to change "
    "whatever is stored."
)


class Versioned(BaseModel):
    """A change stating the version of the code it was based on."""

    if_version: int | None = Field(None, ge=0, description=IF_VERSION)


class CodeFieldParams(BaseModel):
    """A code's own fields; a field left out (or null) is not given: a new code
    takes "" for it, an edit leaves it as it is ("" blanks a text)."""

    definition: str | None = None
    inclusion: str | None = Field(None, description="When to apply the code.")
    exclusion: str | None = Field(None, description="When not to apply it.")
    example: str | None = None
    colour: str | None = Field(None, description="#RRGGBB.")
    origin: CodeOrigin | None = None

    def fields(self) -> CodeFields:
        """The fields as the codebook's use cases take them."""
        return cast("CodeFields", self.model_dump(include=set(FIELD_NAMES)))


class NewCode(CodeFieldParams):
    """A code to create (the document view's palette sends just a name)."""

    name: str = Field(description="Unique among its siblings, ignoring case.")
    parent_id: int | None = Field(None, description="The parent code's id; none: the top level.")
    colour: str | None = Field(
        None, description="#RRGGBB; none: the least-used colour of the colour-blind-safe palette."
    )
    origin: CodeOrigin = Field(
        CodeOrigin.INDUCTIVE,
        description="Default inductive: a code made while coding comes from the data.",
    )
    position: int | None = Field(
        None, ge=0, description="Index among its siblings, from 0; none: last."
    )


class CodeEdit(CodeFieldParams, Versioned):
    """Fields to change; a field left out (or null) stays as it is, "" blanks a text."""

    name: str | None = Field(None, description="A new name renames the code.")


class CodeMove(Versioned):
    """Where a code goes, with its sub-codes."""

    parent_id: int | None = Field(None, description="The new parent's id; none: the top level.")
    position: int | None = Field(
        None, ge=0, description="Index among the new siblings, from 0; none: last."
    )


class CodeShift(Versioned):
    """A move among the same siblings."""

    steps: int = Field(description="Places to move: -1 is up one, 1 is down one.")


class CodeMerge(BaseModel):
    """The code to merge into."""

    target_id: int = Field(
        description="The code that takes over the codings, memos, sub-codes (by id)."
    )
    if_version: int | None = Field(
        None,
        ge=0,
        description="The target's version you read (the merged code is deleted); when the "
        "stored version differs, the merge is refused with 409 and nothing is saved.",
    )
    dry_run: bool = Field(False, description="Only report what would move; change nothing.")


class CodeRestore(Versioned):
    """How much to restore."""

    recursive: bool = Field(False, description="Restore the retired sub-codes too.")


class ExportFormat(StrEnum):
    """The file formats a codebook is exported as."""

    CSV = "csv"
    XLSX = "xlsx"
    YAML = "yaml"


@router.get("/projects/{project_id}/codes")
def codes(
    project: ProjectDep,
    include_retired: Annotated[bool, Query(description="List retired codes too.")] = True,
) -> list[CodeInfo]:
    """Every code in tree order (each before its sub-codes, siblings in order),
    with its path, colour, origin, retired state and coding counts (own and
    with sub-codes)."""
    return project.codebook.tree(include_retired=include_retired)


@router.post("/projects/{project_id}/codes", status_code=201)
def create_code(project: ProjectDep, body: NewCode) -> CodeInfo:
    """Create a code. 409 when a sibling has the name; 422 for a bad name or
    colour or a retired parent; 404 for an unknown parent."""
    return project.codebook.add(
        body.name, parent=body.parent_id, position=body.position, **body.fields()
    )


class NewCodePath(CodeFieldParams):
    """A code to create by its path, with any theme above it that is new."""

    path: list[str] = Field(
        min_length=1, description='The names from the top level down: ["Theme", "Code"].'
    )
    colour: str | None = Field(
        None, description="#RRGGBB for the code; none: the least-used palette colour."
    )
    origin: CodeOrigin = Field(
        CodeOrigin.INDUCTIVE,
        description="Default inductive: a code made while coding comes from the data.",
    )


@router.post("/projects/{project_id}/code-paths", status_code=201)
def create_code_path(project: ProjectDep, body: NewCodePath) -> CodeInfo:
    """Create the code at ``path``, creating the themes above it that do not exist
    yet, in one transaction; returns the code at the end of the path. 409 when
    it exists already; 422 for an empty or bad name."""
    return project.codebook.add_path(body.path, **body.fields())


@router.get("/projects/{project_id}/codes/{code_id}")
def code(project: ProjectDep, code_id: CodeId) -> CodeInfo:
    """One code. 404 when the project has no code with this id."""
    return project.codebook.get(code_id)


@router.patch("/projects/{project_id}/codes/{code_id}")
def edit_code(project: ProjectDep, code_id: CodeId, body: CodeEdit) -> CodeInfo:
    """Rename a code and/or change its fields, in one transaction; returns it
    with its new ``version``. 409 when a sibling has the new name or the
    code changed since ``if_version``; 422 for a bad name or colour."""
    return project.codebook.edit(
        code_id, name=body.name, if_version=body.if_version, **body.fields()
    )


@router.post("/projects/{project_id}/codes/{code_id}/move")
def move_code(project: ProjectDep, code_id: CodeId, body: CodeMove) -> CodeInfo:
    """Move a code with its sub-codes under another parent (or to the top
    level) at a position. 422 when the parent is the code itself, one of its
    descendants, or retired; 409 when a new sibling has its name or the code
    changed since ``if_version``."""
    return project.codebook.move(code_id, body.parent_id, body.position, if_version=body.if_version)


@router.post("/projects/{project_id}/codes/{code_id}/shift")
def shift_code(project: ProjectDep, code_id: CodeId, body: CodeShift) -> CodeInfo:
    """Move a code up or down among its siblings. 422 when it is already first
    (moving up) or last (moving down); 409 when it changed since ``if_version``."""
    return project.codebook.shift(code_id, body.steps, if_version=body.if_version)


@router.post("/projects/{project_id}/codes/{code_id}/merge")
def merge_code(project: ProjectDep, code_id: CodeId, body: CodeMerge) -> MergeSummary:
    """Merge a code into ``target_id``: its codings (exact duplicates folded,
    their quotes and memos kept), memos, quotes, matrix cells, question
    coverage and sub-codes go to the target, and the code is deleted.
    Returns the counts, ``effect`` (a sentence saying what moves) and the
    target's new ``target_version``. With ``dry_run`` nothing changes. 422
    when the target is the code, one of its descendants, or retired; 409
    when the target changed since ``if_version``."""
    if body.dry_run:
        return project.codebook.preview_merge(code_id, body.target_id, if_version=body.if_version)
    return project.codebook.merge(code_id, body.target_id, if_version=body.if_version)


@router.post("/projects/{project_id}/codes/{code_id}/retire")
def retire_code(
    project: ProjectDep, code_id: CodeId, body: Versioned | None = None
) -> list[CodeInfo]:
    """Retire a code and its sub-codes: they keep their codings but are no
    longer offered for coding. Returns the codes that changed, with their
    new versions. 409 when the code changed since ``if_version``."""
    if_version = body.if_version if body is not None else None
    return project.codebook.retire(code_id, if_version=if_version)


@router.post("/projects/{project_id}/codes/{code_id}/restore")
def restore_code(
    project: ProjectDep, code_id: CodeId, body: CodeRestore | None = None
) -> list[CodeInfo]:
    """Offer a retired code for coding again, with its retired parents (and its
    sub-codes when ``recursive``). Returns the codes that changed, with their
    new versions. 409 when the code changed since ``if_version``."""
    body = body or CodeRestore(recursive=False, if_version=None)
    return project.codebook.restore(code_id, recursive=body.recursive, if_version=body.if_version)


@router.delete("/projects/{project_id}/codes/{code_id}")
def delete_code(
    project: ProjectDep,
    code_id: CodeId,
    force: Annotated[bool, Query(description="Delete its sub-codes and codings too.")] = False,
    dry_run: Annotated[bool, Query(description="Only report what force would delete.")] = False,
    if_version: Annotated[int | None, Query(ge=0, description=IF_VERSION)] = None,
) -> DeleteSummary:
    """Delete a code. Without ``force`` only a code with no codings and no
    sub-codes is deleted (409 otherwise); memos on deleted codes and codings
    move to the project. Returns the counts and ``effect``, a sentence
    saying what pointed at it ("... removes 3 codings and 1 memo link").
    ``dry_run`` reports what a forced delete would remove and changes
    nothing. 409 when the code changed since ``if_version``, or a matrix
    cell charts it or quotes its codings."""
    if dry_run:
        return project.codebook.preview_delete(code_id)
    return project.codebook.delete(code_id, force=force, if_version=if_version)


@router.get("/projects/{project_id}/codebook/history")
def history(
    project: ProjectDep,
    code_id: Annotated[
        int | None, Query(description="Only this code (by id) and the codes merged into it.")
    ] = None,
) -> list[dict[str, Any]]:
    """Changes to the framework, oldest first: ``at`` (UTC), ``actor``,
    ``action`` (``code.create``, ``code.rename``...), ``code`` (its path then),
    ``summary``, ``changes`` ("field: before → after; ..."), ``code_id`` and
    the audit ``details``."""
    return [
        {name: plain(value) for name, value in vars(entry).items()}
        for entry in project.codebook.history_records(code_id)
    ]


@router.post("/projects/{project_id}/codebook/import")
def import_codebook(
    project: ProjectDep,
    state: StateDep,
    file: Annotated[UploadFile, File(description="A codebook as .csv, .tsv, .xlsx or .yaml.")],
    dry_run: Annotated[bool, Form(description="Only report what would change.")] = True,
    replace: Annotated[
        bool, Form(description="Let the file's values win, blanks included.")
    ] = False,
) -> CodebookImport:
    """Merge a codebook file into the tree by path: codes missing from the tree
    are created, codes present are updated. By default this is a dry run
    reporting what would be created and updated; send ``dry_run=false`` to
    import. 422 naming the file and the problem for a bad file (nothing is
    written)."""
    name = file.filename or "codebook"
    stored = state.uploads.save(name, read_limited(file.file))
    try:
        run = project.codebook.preview_import if dry_run else project.codebook.import_file
        return run(stored.path, replace=replace, name=stored.name)
    finally:
        state.uploads.discard(stored.token)


#: The export's answer in the API reference: a file in one of three formats.
EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The codebook file, as an attachment.",
        "content": {MEDIA_TYPES[f.value].split(";")[0]: {} for f in ExportFormat},
    }
}


@router.get(
    "/projects/{project_id}/codebook/export",
    response_class=Response,
    responses=EXPORT_RESPONSES,
)
def export_codebook(
    project: ProjectDep,
    format: Annotated[ExportFormat, Query(description="csv, xlsx or yaml.")] = ExportFormat.CSV,
    include_retired: Annotated[bool, Query(description="Include retired codes.")] = True,
) -> Response:
    """The codebook as a file to download (path, fields, origin, colour,
    retired), which imports back unchanged."""
    return exported_file(
        lambda path: project.codebook.export_file(path, include_retired=include_retired),
        download_name(
            project.name,
            "codebook" if include_retired else "codebook without retired",
            format.value,
        ),
    )
