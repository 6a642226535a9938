"""Framework matrices and cells: build, summaries, statuses, quotes, drafts, exports.

A matrix is described by query parameters (``rows``, ``theme`` and
``columns`` by name or path, ``theme_id`` and ``column_id`` by id,
``include_subcodes``, ``group_by``, ``where``, ``order_by``); a cell by
``row_kind``, ``row`` and ``code`` (by path or name) or ``code_id`` (see
:mod:`qualframe.web.matrix.params`). A cell belongs to its (row,
code), not to a matrix: every matrix with that row and code shows it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from starlette.responses import FileResponse

from qualframe.project import Project
from qualframe.services.matrix.drafts import DraftReport
from qualframe.web.matrix.answers import (
    CellDetailOut,
    CellOut,
    MatrixOut,
    cell_detail,
    cell_out,
    matrix_out,
)
from qualframe.web.matrix.params import (
    CellParams,
    CellQuery,
    CellWriteIn,
    DraftIn,
    QuoteIn,
    QuoteOrderIn,
    SpecQuery,
    StatusIn,
    SummaryIn,
)
from qualframe.web.matrix.progress import api_router as progress_api
from qualframe.web.matrix.unattributed import api_router as unattributed_api
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.downloads import download_name, exported_file

router = APIRouter(tags=["matrix"])
router.include_router(unattributed_api)
router.include_router(progress_api)

BASE = "/projects/{project_id}/matrix"


@router.get(BASE)
def build_matrix(project: ProjectDep, spec: SpecQuery) -> MatrixOut:
    """Build a framework matrix: its columns (codes), rows and their cells, and
    its groups with their own cells (a case or group row per group), and
    ``unattributed``: the codings of its columns no cell holds because nobody
    in the study speaks them, with a link to them.

    422 when the spec cannot be built (no columns, a theme without
    sub-codes, a document attribute to group by...); 404 for an unknown
    code or attribute.
    """
    built = project.matrix.build(spec.to_spec())
    codes = {code.id: code for code in project.codebook.tree()}
    return matrix_out(project.info.id, built, codes, spec.query())


@router.get(BASE + "/cell")
def get_cell(project: ProjectDep, cell: CellQuery) -> CellDetailOut:
    """One cell with its quotes, the coded excerpts it can quote (codings of the
    code, and of its sub-codes with ``include_subcodes``, by the row's
    participants, each marked ``linked``) and its history. Reading creates
    nothing. 404 for an unknown row or code."""
    return cell_detail(project, cell)


#: What ``if_version`` means, for the API's documentation.
IF_VERSION = (
    "The cell's version you read (0 for a cell not stored yet); when the stored cell "
    "has another version, nothing is saved and the answer is 409."
)


def _cell_now(project: Project, cell: CellParams) -> CellOut:
    """The cell as a matrix shows it now (after a write: with its new version)."""
    return cell_out(project.info.id, cell.read(project.matrix.cell))


@router.put(BASE + "/cell/summary")
def write_summary(project: ProjectDep, cell: CellQuery, body: SummaryIn) -> CellOut:
    """Write the cell's summary (creating the cell). Without ``status``, a summary
    written in a cell to chart makes it a draft (mark it done with the status
    call), rewriting keeps the status, and a cleared one makes it empty. Answers
    the cell with its new ``version``; 409 (nothing saved) when ``if_version``
    is not the stored version."""
    matrix = project.matrix
    cell.write(matrix.write_summary, body.summary, body.status, if_version=body.if_version)
    return _cell_now(project, cell)


@router.put(BASE + "/cell/status")
def set_status(project: ProjectDep, cell: CellQuery, body: StatusIn) -> CellOut:
    """Set the cell's status (empty, draft, done, no_data, not_asked), keeping its
    summary. Answers the cell with its new ``version``; 409 for a stale
    ``if_version``."""
    cell.write(project.matrix.set_status, body.status, if_version=body.if_version)
    return _cell_now(project, cell)


@router.post(BASE + "/cell/quotes", status_code=201)
def link_quote(project: ProjectDep, cell: CellQuery, body: QuoteIn) -> CellOut:
    """Quote a coding in the cell (last in order). 404 for an unknown coding; 422
    for a coding of another code or of someone outside the row; 409 when it
    is quoted already or ``if_version`` is stale. Answers the cell with its
    new ``version``."""
    cell.write(project.matrix.link_quote, body.coding_id, if_version=body.if_version)
    return _cell_now(project, cell)


@router.delete(BASE + "/cell/quotes/{coding_id}")
def unlink_quote(
    project: ProjectDep,
    cell: CellQuery,
    coding_id: int,
    if_version: Annotated[int | None, Query(ge=0, description=IF_VERSION)] = None,
) -> CellOut:
    """Remove a quote from the cell (the coding stays). 404 when it is not quoted
    there; 409 for a stale ``if_version``. Answers the cell with its new
    ``version``."""
    cell.write(project.matrix.unlink_quote, coding_id, if_version=if_version)
    return _cell_now(project, cell)


@router.put(BASE + "/cell/quotes")
def reorder_quotes(project: ProjectDep, cell: CellQuery, body: QuoteOrderIn) -> CellOut:
    """Put the cell's quotes in the order given (every quote once; else 422); 409
    for a stale ``if_version``. Answers the cell with its new ``version``."""
    cell.write(project.matrix.reorder_quotes, body.coding_ids, if_version=body.if_version)
    return _cell_now(project, cell)


@router.post(BASE + "/cell/draft")
def draft_cell(
    project: ProjectDep, cell: CellQuery, body: CellWriteIn | None = None
) -> DraftReport:
    """Fill the cell with its coded excerpts as a draft (linking them as quotes),
    unless an analyst has charted it: a summary, or status done, no data or
    not asked, is never overwritten (then ``skipped`` is 1). ``cell`` is the
    cell as stored afterwards, with its ``version``; 409 for a stale
    ``if_version``."""
    return project.matrix.draft_cell(
        cell.row_ref,
        cell.code_ref,
        include_subcodes=cell.include_subcodes,
        if_version=body.if_version if body else None,
    )


@router.post(BASE + "/draft")
def draft_matrix(project: ProjectDep, body: DraftIn) -> DraftReport:
    """Fill the matrix's empty cells (or only ``cells``) with their coded excerpts
    as drafts. Charted cells are left alone and counted as ``skipped``."""
    only = [(c.row_ref, c.code_ref) for c in body.cells] if body.cells is not None else None
    return project.matrix.draft_from_data(body.spec.to_spec(), only)


@router.get(BASE + "/export")
def export_matrix(
    project: ProjectDep,
    spec: SpecQuery,
    format: Annotated[
        Literal["xlsx", "csv", "html"], Query(description="xlsx (NatCen layout), csv or html.")
    ] = "xlsx",
    counts: Annotated[
        bool, Query(description="CSV: the numbers of codings instead of the summaries.")
    ] = False,
) -> FileResponse:
    """Download the matrix: an Excel workbook (one sheet per theme, grouped rows,
    a quotes sheet), a CSV (summaries, or with ``counts`` the numbers of
    codings) or a self-contained HTML report with the quotes."""
    wanted = spec.to_spec()
    return exported_file(
        lambda path: project.matrix.export(wanted, path, counts=counts),
        download_name(
            project.name,
            "matrix counts" if counts and format == "csv" else "framework matrix",
            format,
            details=spec.items(),
        ),
    )
