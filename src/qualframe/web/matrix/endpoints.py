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
from pydantic import BaseModel, Field
from starlette.responses import FileResponse

from qualframe.project import Project
from qualframe.services.matrix.cell_memos import CellMemoCount
from qualframe.services.matrix.drafts import DraftReport
from qualframe.vocabulary import MemoKind, MemoTarget, RowKind
from qualframe.web.matrix.answers import (
    CellDetailOut,
    CellOut,
    MatrixOut,
    cell_detail,
    cell_out,
    matrix_out,
)
from qualframe.web.matrix.cell import (
    CellMemoOut,
    QuotePassageOut,
    cell_memo_out,
    memos_on_cell,
    quote_passages,
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


class CellPanelOut(CellDetailOut):
    """A cell with what its editor shows (see :class:`CellDetailOut`), which
    part of its coding each quote quotes (``passages``, in the quotes' order)
    and the memos on the cell (``memos``, oldest first)."""

    passages: list[QuotePassageOut]
    memos: list[CellMemoOut]


@router.get(BASE + "/cell")
def get_cell(project: ProjectDep, cell: CellQuery) -> CellPanelOut:
    """One cell with its quotes, the coded excerpts it can quote (codings of the
    code, and of its sub-codes with ``include_subcodes``, by the row's
    participants, each marked ``linked``), its history, which part of its
    coding each quote is (``passages``) and its memos. Reading creates
    nothing. 404 for an unknown row or code."""
    detail = cell_detail(project, cell)
    return CellPanelOut(
        **dict(detail),
        passages=quote_passages(project, cell),
        memos=memos_on_cell(project, detail.cell.cell_id),
    )


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


class PassageIn(CellWriteIn):
    """The part of a quoted coding to quote: ``start`` and ``end``, or the words
    ``passage``; neither quotes the whole coding."""

    start: int | None = Field(
        None, ge=0, description="Code point of the coding's document where the passage starts."
    )
    end: int | None = Field(
        None, ge=0, description="Where it ends (exclusive), inside the coding's span."
    )
    passage: str | None = Field(
        None, max_length=100_000, description="Or the words to quote, found in the coding."
    )


class QuotePassageIn(QuoteIn, PassageIn):
    """A coding to quote in a cell, whole or only a passage of it."""


@router.post(BASE + "/cell/quotes", status_code=201)
def link_quote(project: ProjectDep, cell: CellQuery, body: QuotePassageIn) -> CellOut:
    """Quote a coding in the cell (last in order): the whole coding, or only the
    passage ``start``-``end`` (or the words ``passage``) of it. 404 for an
    unknown coding; 422 for a coding of another code or of someone outside
    the row, or a passage outside the coding; 409 when it is quoted already
    or ``if_version`` is stale. Answers the cell with its new ``version``."""
    project.matrix.link_quote(
        cell.row_ref,
        cell.code_ref,
        body.coding_id,
        start=body.start,
        end=body.end,
        passage=body.passage,
        if_version=body.if_version,
    )
    return _cell_now(project, cell)


@router.put(BASE + "/cell/quotes/{coding_id}/passage")
def quote_passage(project: ProjectDep, cell: CellQuery, coding_id: int, body: PassageIn) -> CellOut:
    """Quote only a passage of a quoted coding (one key sentence of a long turn),
    or the whole coding again (no ``start``, ``end`` or ``passage``). White
    space around the passage is left out. 404 when the coding is not quoted
    there; 422 for a passage outside the coding, only white space, or words
    not found once in it; 409 for a stale ``if_version``. Answers the cell
    with its new ``version``; its quote shows the passage."""
    project.matrix.quote_passage(
        cell.row_ref,
        cell.code_ref,
        coding_id,
        body.start,
        body.end,
        passage=body.passage,
        if_version=body.if_version,
    )
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


class MemoLinkIn(BaseModel):
    """One more object a memo on a cell is linked to: its type (document, code,
    coding, case, participant, cell) and its name or id."""

    type: MemoTarget
    ref: int | str


class CellMemoIn(BaseModel):
    """A memo to write on a cell."""

    title: str = Field(max_length=1_000, description="The memo's title (not empty).")
    kind: MemoKind = MemoKind.ANALYTIC
    body: str = Field("", max_length=100_000, description="The memo (Markdown).")
    links: list[MemoLinkIn] = Field(
        default_factory=list, description="More objects the memo is about, after the cell."
    )


class CellMemoAddedOut(BaseModel):
    """A memo written on a cell, and the cell as a matrix shows it now (stored
    by the memo when it was not, at version 1)."""

    memo: CellMemoOut
    cell: CellOut


@router.post(BASE + "/cell/memos", status_code=201)
def add_cell_memo(project: ProjectDep, cell: CellQuery, body: CellMemoIn) -> CellMemoAddedOut:
    """Write a memo on the cell, storing the cell (empty) if it is not yet; the
    cell's summary, status, quotes and version are left as they are. 422 for
    an empty title or a link given twice; 404 for an unknown linked object.
    Nothing is saved then."""
    written = project.matrix.add_memo(
        cell.row_ref,
        cell.code_ref,
        body.title,
        kind=body.kind,
        body=body.body,
        links=[(link.type, link.ref) for link in body.links],
    )
    return CellMemoAddedOut(
        memo=cell_memo_out(project.info.id, written.memo, written.cell.cell_id),
        cell=_cell_now(project, cell),
    )


class CellMemoCountOut(BaseModel):
    """A cell of the matrix with memos: its row and code, its stored id, and how many."""

    row_kind: RowKind
    row: str
    code_id: int
    cell_id: int
    memos: int


def _count_out(count: CellMemoCount) -> CellMemoCountOut:
    return CellMemoCountOut(
        row_kind=count.row_kind,
        row=count.row_key,
        code_id=count.code_id,
        cell_id=count.cell_id,
        memos=count.memos,
    )


@router.get(BASE + "/memos")
def matrix_memo_counts(project: ProjectDep, spec: SpecQuery) -> list[CellMemoCountOut]:
    """The cells of the matrix (group rows' too) that have memos, with how many
    each has, in the matrix's order. 422/404 as building the matrix."""
    return [_count_out(count) for count in project.matrix.memo_counts(spec.to_spec())]


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
