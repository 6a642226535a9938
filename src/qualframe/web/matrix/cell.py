"""One framework-matrix cell on its own page: the summary and status, the
linked quotes, the coded excerpts to quote, and the cell's history.

This is the cell editor without JavaScript (every change is a plain form
that comes back here with a message); the matrix page's in-place editor
does the same through the JSON API. The page keeps the matrix settings in
its address, so "Back to the matrix" returns to the same matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import Response

from qualframe.errors import ValidationError
from qualframe.services.matrix.cells import clean_summary, edited_status
from qualframe.vocabulary import CellStatus, RowKind
from qualframe.web.matrix.params import CellQuery, SpecQuery, cell_query, spec_query
from qualframe.web.matrix.view import STATUS_CHOICES, MatrixLinks
from qualframe.web.matrix.views import STATUS_LABELS, cell_detail
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

BASE = "/projects/{project_id}/matrix/cell"


@router.get(BASE)
def cell_page(
    request: Request,
    project: ProjectDep,
    cell: Annotated[CellQuery, Depends(cell_query)],
    spec: Annotated[SpecQuery, Depends(spec_query)],
    show: Annotated[Literal["summary", "counts"], Query()] = "summary",
) -> Response:
    """The cell's page: its editor without JavaScript."""
    detail = cell_detail(project, cell)
    links = MatrixLinks(project.info.id, spec, show)
    context = {
        "project": project,
        "active": "matrix",
        "detail": detail,
        "links": links,
        "here": links.cell(detail.row.kind, detail.row.key, detail.column.code_id),
        "status_choices": STATUS_CHOICES,
        "unquoted": [e for e in detail.excerpts if not e.linked],
    }
    return render(request, "matrix/cell.html", context)


@dataclass(frozen=True)
class CellForm:
    """The cell a form acts on, and the page to come back to (a path on this site)."""

    cell: CellQuery
    back: str


def cell_form(
    project_id: int,
    row: Annotated[str, Form()],
    code: Annotated[str, Form()],
    row_kind: Annotated[str, Form()] = "",
    include_subcodes: Annotated[bool, Form()] = False,
    back: Annotated[str, Form()] = "",
) -> CellForm:
    """The hidden fields every cell form carries (a route dependency)."""
    kind = RowKind(row_kind) if row_kind in {k.value for k in RowKind} else None
    cell = CellQuery(row, code, kind, include_subcodes)
    # Without a page to return to (a hand-made request), come back to the cell's own page.
    page = BASE.format(project_id=project_id)
    return CellForm(cell, back or f"{page}?{urlencode(cell.items())}")


CellFormDep = Annotated[CellForm, Depends(cell_form)]


@router.post(BASE + "/summary")
def save_summary(
    project: ProjectDep,
    form: CellFormDep,
    summary: Annotated[str, Form()] = "",
    status: Annotated[CellStatus, Form()] = CellStatus.EMPTY,
) -> Response:
    """Save the summary (and status) the form holds; a status change alone is
    recorded as such, and an unchanged form writes nothing."""
    cell, matrix = form.cell, project.matrix
    current = matrix.cell(cell.row_ref, cell.code_ref, include_subcodes=cell.include_subcodes)
    if clean_summary(summary) == current.summary:
        if status is current.status:
            return redirect(form.back, "Nothing to save: the summary and status are unchanged.")
        saved = matrix.set_status(
            cell.row_ref, cell.code_ref, status, include_subcodes=cell.include_subcodes
        )
    else:
        saved = matrix.write_summary(
            cell.row_ref,
            cell.code_ref,
            summary,
            edited_status(current.status, status, summary),
            include_subcodes=cell.include_subcodes,
        )
    return redirect(form.back, f"Saved. The cell is {STATUS_LABELS[saved.status.value]}.")


@router.post(BASE + "/quotes/link")
def link_quote(
    project: ProjectDep, form: CellFormDep, coding_id: Annotated[int, Form()]
) -> Response:
    """Quote a coded excerpt in the cell."""
    cell = form.cell
    saved = project.matrix.link_quote(
        cell.row_ref, cell.code_ref, coding_id, include_subcodes=cell.include_subcodes
    )
    return redirect(form.back, f"Linked the quote. The cell has {_quotes(len(saved.quotes))}.")


@router.post(BASE + "/quotes/unlink")
def unlink_quote(
    project: ProjectDep, form: CellFormDep, coding_id: Annotated[int, Form()]
) -> Response:
    """Remove a quote from the cell (the coding stays)."""
    cell = form.cell
    saved = project.matrix.unlink_quote(
        cell.row_ref, cell.code_ref, coding_id, include_subcodes=cell.include_subcodes
    )
    return redirect(form.back, f"Removed the quote. The cell has {_quotes(len(saved.quotes))}.")


@router.post(BASE + "/quotes/move")
def move_quote(
    project: ProjectDep,
    form: CellFormDep,
    coding_id: Annotated[int, Form()],
    direction: Annotated[Literal["up", "down"], Form()],
) -> Response:
    """Move a quote one place up or down."""
    cell, matrix = form.cell, project.matrix
    current = matrix.cell(cell.row_ref, cell.code_ref)
    order = [q.coding_id for q in current.quotes]
    if coding_id not in order:
        raise ValidationError(f"Coding {coding_id} is not quoted in this cell.")
    index = order.index(coding_id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(order):
        where = "first" if direction == "up" else "last"
        return redirect(form.back, f"The quote is {where} already.")
    order[index], order[other] = order[other], order[index]
    matrix.reorder_quotes(cell.row_ref, cell.code_ref, order)
    return redirect(form.back, f"Moved the quote to place {other + 1} of {len(order)}.")


@router.post(BASE + "/draft")
def draft_cell(project: ProjectDep, form: CellFormDep) -> Response:
    """Draft the cell from its coded excerpts (never over an analyst's summary)."""
    cell = form.cell
    report = project.matrix.draft_cell(
        cell.row_ref, cell.code_ref, include_subcodes=cell.include_subcodes
    )
    if report.drafted:
        message = (
            f"Drafted the summary from the coded data and linked {_quotes(report.quotes_linked)}."
        )
    elif report.skipped:
        message = "The cell is charted already, so the draft left it alone."
    else:
        message = "There are no coded excerpts to draft the cell from."
    return redirect(form.back, message)


def _quotes(count: int) -> str:
    return f"{count} quote{'s' if count != 1 else ''}"
