"""One framework-matrix cell on its own page: the summary and status, the
linked quotes, the coded excerpts to quote, and the cell's history.

This is the cell editor without JavaScript (every change is a plain form
that comes back here with a message); the matrix page's in-place editor
does the same through the JSON API. The page keeps the matrix settings in
its address, so "Back to the matrix" returns to the same matrix. Every form
carries the version of the cell the page showed (``if_version``): when
someone else changed the cell in between, nothing is saved, and a summary
comes back as typed with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel
from starlette.responses import Response

from qualframe.errors import StaleVersionError, UserError, ValidationError
from qualframe.project import Project
from qualframe.services.cells.charting import clean_summary, edited_status
from qualframe.services.core.wording import counted
from qualframe.services.matrix.cells import CellRecord
from qualframe.services.matrix.matrices import CellView
from qualframe.services.matrix.quotes import QuoteView
from qualframe.services.memos.memos import MemoInfo
from qualframe.vocabulary import CellStatus, MemoKind, MemoTarget
from qualframe.web.matrix.answers import STATUS_LABELS, cell_detail
from qualframe.web.matrix.params import CellForm, CellParams, CellQuery, SpecQuery
from qualframe.web.matrix.view import STATUS_CHOICES, MatrixLinks, ShowQuery
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.edit_conflicts import StaleEditChoice
from qualframe.web.server.flash import FlashKind
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

BASE = "/projects/{project_id}/matrix/cell"


class QuotePassageOut(BaseModel):
    """Which part of its coding a quote of the cell is: ``whole`` (the whole
    coding), else a passage ``start``/``end`` (code points of the document,
    as the quote's own); ``coding_start``/``coding_end`` and ``coding_text``
    are the whole coding's, to choose another passage from (the text as
    quoted: a speaker label in front left out, so it ends at
    ``coding_end``)."""

    coding_id: int
    whole: bool
    start: int
    end: int
    coding_start: int
    coding_end: int
    coding_text: str


def quote_passage_out(quote: QuoteView) -> QuotePassageOut:
    """What part of its coding ``quote`` is."""
    return QuotePassageOut(
        coding_id=quote.coding_id,
        whole=quote.whole,
        start=quote.start,
        end=quote.end,
        coding_start=quote.start if quote.coding_start is None else quote.coding_start,
        coding_end=quote.end if quote.coding_end is None else quote.coding_end,
        coding_text=quote.text if quote.coding_text is None else quote.coding_text,
    )


class CellMemoOut(BaseModel):
    """A memo on a cell: its title, kind, Markdown ``body``, author, when it was
    written (UTC) and its version; ``links`` the labels of what else it is
    linked to (not this cell); ``page`` its page."""

    id: int
    title: str
    kind: MemoKind
    body: str
    author: str
    created_at: datetime
    version: int
    links: list[str]
    page: str


def cell_memo_out(project_id: int, memo: MemoInfo, cell_id: int | None) -> CellMemoOut:
    """A memo on the cell ``cell_id`` as answered."""
    others = [
        link.label
        for link in memo.links
        if not (link.target_type is MemoTarget.CELL and link.target_id == cell_id)
    ]
    return CellMemoOut(
        id=memo.id,
        title=memo.title,
        kind=memo.kind,
        body=memo.body,
        author=memo.author,
        created_at=memo.created_at,
        version=memo.version,
        links=others,
        page=f"/projects/{project_id}/memos/{memo.id}",
    )


def memos_on_cell(project: Project, cell_id: int | None) -> list[CellMemoOut]:
    """The memos on the stored cell ``cell_id``, oldest first (none when not stored)."""
    if cell_id is None:
        return []
    found = project.memos.on_cells([cell_id]).get(cell_id, [])
    return [cell_memo_out(project.info.id, memo, cell_id) for memo in found]


#: The kinds of memo offered on a cell, as (value, text).
MEMO_KINDS = tuple(
    (kind.value, kind.value) for kind in MemoKind if kind is not MemoKind.FAMILIARISATION
)


def quote_passages(project: Project, cell: CellParams) -> list[QuotePassageOut]:
    """What part of its coding each quote of the cell is, in the quotes' order."""
    return [quote_passage_out(q) for q in cell.read(project.matrix.cell).quotes]


@router.get(BASE)
def cell_page(
    request: Request,
    project: ProjectDep,
    cell: CellQuery,
    spec: SpecQuery,
    show: ShowQuery = "summary",
) -> Response:
    """The cell's page: its editor without JavaScript."""
    return _page(request, project, cell, MatrixLinks(project.info.id, spec, show))


@dataclass(frozen=True)
class Typed:
    """A summary form as it was sent (shown again when it could not be saved):
    the summary, the status and the version of the cell it was written from."""

    summary: str
    status: str
    version: int | None


def _page(
    request: Request,
    project: Project,
    cell: CellParams,
    links: MatrixLinks,
    *,
    typed: Typed | None = None,
    error: UserError | None = None,
) -> Response:
    """The cell page; with ``typed`` the summary form holds what was sent and
    says why it was not saved (``error``: 409 for a stale version, else 422)."""
    detail = cell_detail(project, cell)
    context = {
        "project": project,
        "active": "matrix",
        "detail": detail,
        "links": links,
        "here": links.cell(detail.row.kind, detail.row.key, detail.column.code_id),
        "status_choices": STATUS_CHOICES,
        "unquoted": [e for e in detail.excerpts if not e.linked],
        "passages": {p.coding_id: p for p in quote_passages(project, cell)},
        "memos": memos_on_cell(project, detail.cell.cell_id),
        "memo_kinds": MEMO_KINDS,
        "typed": typed or Typed(detail.cell.summary, detail.cell.status.value, detail.cell.version),
        "error": str(error) if error else None,
        "conflict": isinstance(error, StaleVersionError),
    }
    status = 200 if error is None else 409 if isinstance(error, StaleVersionError) else 422
    return render(request, "matrix/cell.html", context, status_code=status)


def _kept_status(
    project: Project, cell: CellForm, current: CellView, typed: CellStatus
) -> CellStatus:
    """The status a refused form comes back with: the typed one when the person
    changed it from the version they read, else the stored one (their save
    did not mean to change it). Reads the cell's history."""
    read = cell.if_version or 0
    if read == 0:  # not stored when read: the page showed "to chart" (coded data) or none
        shown = CellStatus.EMPTY if current.codings else None
    else:
        history = project.matrix.history_records(cell.row_ref, cell.code_ref)
        shown = history[read - 1].status if read <= len(history) else None
    return current.status if typed is shown else typed


def _differing(current: CellView, summary: str, status: CellStatus) -> list[tuple[str, str]]:
    """(field, stored text) of each field the stored cell has otherwise than typed."""
    differing = []
    if clean_summary(summary) != current.summary:
        differing.append(("the summary", current.summary))
    if status is not current.status:
        differing.append(("the status", STATUS_LABELS[current.status.value]))
    return differing


#: A route parameter: the cell form's hidden fields.
CellFormDep = Annotated[CellForm, Form()]
#: A route parameter: the coding a quote form names.
CodingIdForm = Annotated[int, Form()]


def _back(project_id: int, form: CellForm) -> str:
    """Where a form comes back to: its ``back`` page, else (a hand-made request)
    the cell's own page."""
    page = BASE.format(project_id=project_id)
    return form.back or f"{page}?{urlencode(form.items())}"


@router.post(BASE + "/summary")
def save_summary(
    request: Request,
    project: ProjectDep,
    cell: CellFormDep,
    spec: SpecQuery,
    show: ShowQuery = "summary",
    summary: Annotated[str, Form()] = "",
    status: Annotated[CellStatus, Form()] = CellStatus.EMPTY,
) -> Response:
    """Save the summary (and status) the form holds; a status change alone is
    recorded as such, and an unchanged form writes nothing. When the cell
    changed since the version the form was filled from, nothing is saved and
    the page comes back (409) with the text as typed and the reason."""
    matrix, back = project.matrix, _back(project.info.id, cell)
    current = cell.read(matrix.cell)
    try:
        if clean_summary(summary) == current.summary:
            if status is current.status:
                return redirect(back, "Nothing to save: the summary and status are unchanged.")
            saved = cell.write(matrix.set_status, status, if_version=cell.if_version)
        else:
            chosen = edited_status(current.status, status, summary)
            saved = cell.write(matrix.write_summary, summary, chosen, if_version=cell.if_version)
    except StaleVersionError as error:
        # The form comes back with the typed text on the version now stored, so
        # saving again keeps it knowingly; the stored summary shows beside it.
        links = MatrixLinks(project.info.id, spec, show)
        kept = _kept_status(project, cell, current, status)
        typed = Typed(summary, kept.value, current.version)
        choice = StaleEditChoice(error, _differing(current, summary, kept), "Save")
        return _page(request, project, cell, links, typed=typed, error=choice)
    return redirect(back, f"Saved. The cell is {STATUS_LABELS[saved.status.value]}.")


@router.post(BASE + "/quotes/link")
def link_quote(project: ProjectDep, cell: CellFormDep, coding_id: CodingIdForm) -> Response:
    """Quote a coded excerpt in the cell."""
    link = project.matrix.link_quote
    return _quotes_changed(project, cell, "Linked the quote.", link, coding_id)


@router.post(BASE + "/quotes/unlink")
def unlink_quote(project: ProjectDep, cell: CellFormDep, coding_id: CodingIdForm) -> Response:
    """Remove a quote from the cell (the coding stays)."""
    unlink = project.matrix.unlink_quote
    return _quotes_changed(project, cell, "Removed the quote.", unlink, coding_id)


def _quotes_changed(
    project: Project, cell: CellForm, done: str, change: Callable[..., CellRecord], coding_id: int
) -> Response:
    """Make the quote ``change`` (link or unlink ``coding_id``) from the version
    the form showed, then back to the form's page, saying what was ``done``
    and how many quotes the cell has."""
    saved = cell.write(change, coding_id, if_version=cell.if_version)
    return redirect(
        _back(project.info.id, cell),
        f"{done} The cell has {counted(len(saved.quote_ids), 'quote')}.",
    )


@router.post(BASE + "/quotes/passage")
def quote_passage(
    project: ProjectDep,
    cell: CellFormDep,
    coding_id: CodingIdForm,
    passage: Annotated[str, Form(max_length=100_000)] = "",
    whole: Annotated[bool, Form()] = False,
) -> Response:
    """Quote only the words ``passage`` of a quoted coding (found in it), or the
    whole coding again (``whole``), from the version the form showed. Words
    not found once in the coding come back to the page as an error (nothing
    saved); a stale version is refused (409) like every cell form."""
    back = _back(project.info.id, cell)
    words = None if whole else passage
    try:
        if words is not None and not words.strip():
            raise ValidationError("Type the words of the coding to quote, or quote it whole.")
        saved = project.matrix.quote_passage(
            cell.row_ref, cell.code_ref, coding_id, passage=words, if_version=cell.if_version
        )
    except ValidationError as error:
        return redirect(back, f"Nothing was changed. {error}", FlashKind.ERROR)
    quotes = project.matrix.cell(cell.row_ref, cell.code_ref).quotes
    quote = next((q for q in quotes if q.coding_id == coding_id), None)
    if quote is None:  # unlinked by someone else since: say what was saved
        return redirect(back, f"The passage was saved (version {saved.version}).")
    done = "the whole coding" if quote.whole else f"only “{quote.text}”"
    return redirect(back, f"The quote is now {done} (version {saved.version}).")


@router.post(BASE + "/memos")
def add_memo(
    project: ProjectDep,
    cell: CellFormDep,
    title: Annotated[str, Form(max_length=1_000)] = "",
    kind: Annotated[str, Form(max_length=40)] = MemoKind.ANALYTIC.value,
    body: Annotated[str, Form(max_length=100_000)] = "",
) -> Response:
    """Write a memo on the cell (storing the cell if it is not yet). A refused
    memo (no title, an unknown kind) comes back to the page as an error;
    nothing is saved then."""
    back = _back(project.info.id, cell)
    try:
        written = project.matrix.add_memo(cell.row_ref, cell.code_ref, title, kind=kind, body=body)
    except ValidationError as error:
        return redirect(back, f"Nothing was changed. {error}", FlashKind.ERROR)
    count = len(memos_on_cell(project, written.cell.cell_id))
    return redirect(
        back, f"Added the memo “{written.memo.title}”. The cell has {counted(count, 'memo')}."
    )


@router.post(BASE + "/quotes/move")
def move_quote(
    project: ProjectDep,
    cell: CellFormDep,
    coding_id: CodingIdForm,
    direction: Annotated[Literal["up", "down"], Form()],
) -> Response:
    """Move a quote one place up or down (from the version the form showed)."""
    matrix, back = project.matrix, _back(project.info.id, cell)
    current = matrix.cell(cell.row_ref, cell.code_ref)
    order = [q.coding_id for q in current.quotes]
    if coding_id not in order:
        raise ValidationError(f"Coding {coding_id} is not quoted in this cell.")
    index = order.index(coding_id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(order):
        where = "first" if direction == "up" else "last"
        return redirect(back, f"The quote is {where} already.")
    order[index], order[other] = order[other], order[index]
    cell.write(matrix.reorder_quotes, order, if_version=cell.if_version)
    return redirect(back, f"Moved the quote to place {other + 1} of {len(order)}.")


@router.post(BASE + "/draft")
def draft_cell(project: ProjectDep, cell: CellFormDep) -> Response:
    """Draft the cell from its coded excerpts (never over an analyst's summary),
    from the version the form showed."""
    report = project.matrix.draft_cell(
        cell.row_ref,
        cell.code_ref,
        include_subcodes=cell.include_subcodes,
        if_version=cell.if_version,
    )
    if report.drafted:
        quotes = counted(report.quotes_linked, "quote")
        message = f"Drafted the summary from the coded data and linked {quotes}."
    elif report.skipped:
        message = "The cell is charted already, so the draft left it alone."
    else:
        message = "There are no coded excerpts to draft the cell from."
    return redirect(_back(project.info.id, cell), message)
