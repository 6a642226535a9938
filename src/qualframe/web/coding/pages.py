"""The document view: the transcript with speaker turns, where text is coded.

The page shows the stored text exactly, in speaker turns and paragraphs, with
the codings as highlights and margin bars (drawn by ``document_view.js``),
the codings list with filters by code and coder, and the details of one
coding. Coding itself (selecting text, the code palette) needs the page's
scripts; everything else also works without them: the codings list links
to each coding's details (``?coding=<id>``), whose forms post to the routes
below and come back with a message. A deep link ``?start=&end=`` (code
points) scrolls to a passage, marks it and offers to code it.

The "Memos" section lists the memos on the document, its passages and its
codings (one read; see :mod:`~qualframe.web.coding.document_memos`);
annotations (notes on a passage, without a coding) are marked in the text
and written by ``annotations.js`` (select text, press A) through the JSON
API; without scripts a marked passage offers "Write a memo on this passage".

A long document is shown a page at a time (``?page=N``; see
:mod:`~qualframe.web.coding.pager`): ``?at=<code point>``, a passage and a
coding each open the page holding them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import Response

from qualframe import CodingRecord, DocumentPage, DocumentView
from qualframe.errors import NotFoundError, ValidationError
from qualframe.project import Project
from qualframe.services.coding.codings import memos_kept_wording
from qualframe.services.memos.memos import MemoInfo
from qualframe.vocabulary import MemoKind
from qualframe.web.coding import transcript
from qualframe.web.coding.document_memos import document_memos, new_memo_url
from qualframe.web.coding.outline import document_outline
from qualframe.web.coding.pager import pager, position_link
from qualframe.web.coding.params import CodingFilterParams
from qualframe.web.server.choices import INDENT, code_choices
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.links import coding_link, document_link
from qualframe.web.server.navigation import NextForm, local_path, redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

#: Where a coding's details sit on the page (forms come back to it).
DETAILS_ANCHOR = "#coding-details"
#: Memo kinds as select options.
MEMO_KINDS = [(kind.value, kind.value.capitalize()) for kind in MemoKind]


@dataclass(frozen=True)
class CodingDetails:
    """One coding's details panel: the coding, its code's colour, its memos,
    the codes it can be changed to, and where its forms come back to."""

    record: CodingRecord
    colour: str
    retired: bool
    memos: list[MemoInfo]
    code_choices: list[tuple[int, str]]
    back: str
    back_without: str

    @property
    def removal_note(self) -> str:
        """What removing the coding would do to its memos ("" when it has none)."""
        return memos_kept_wording(len(self.memos), ahead=True)


def _details(project: Project, record: CodingRecord, back: str, back_without: str) -> CodingDetails:
    code = project.codebook.get(record.code_id)
    return CodingDetails(
        record=record,
        colour=code.colour or "#777777",
        retired=code.retired,
        memos=project.memos.list(coding=record.id),
        code_choices=code_choices(project),
        back=back,
        back_without=back_without,
    )


@router.get("/projects/{project_id}/documents/{document_id:int}")
def document_page(
    request: Request,
    project: ProjectDep,
    document_id: int,
    shown: Annotated[CodingFilterParams, Query()],
    start: Annotated[int | None, Query(description="Passage start (code points).")] = None,
    end: Annotated[int | None, Query(description="Passage end (code points).")] = None,
    coding: Annotated[int | None, Query(description="The coding to show.")] = None,
    page: Annotated[int | None, Query(description="The page of a long document.")] = None,
    at: Annotated[int | None, Query(description="Open the page holding this code point.")] = None,
    all_codings: Annotated[
        bool, Query(description="List every coding (without scripts; a long list).")
    ] = False,
) -> Response:
    """The transcript with its codings (``shown``: only of these codes, by this
    coder); ``coding`` opens one coding's details. A long document shows
    ``page``, else the page holding ``at``, the passage or the coding."""
    pid = project.info.id
    filters = transcript.filters_of(shown.code_ids(project), shown.coder)
    selected, missing = _selected(project, coding)
    if selected is not None and selected.document_id != document_id:
        target = document_link(pid, selected.document_id) + filters.query(coding=coding)
        return redirect(target + DETAILS_ANCHOR)
    where = next(
        (p for p in (at, start, selected.start if selected else None) if p is not None), None
    )
    shown_page = project.coding.document_page(document_id, page=page, at=where)
    view = shown_page.view
    passage = transcript.passage_of(view, start, end)
    base = document_link(pid, view.id)
    details = None
    if selected is not None:
        details = _details(
            project,
            selected,
            back=base + filters.query(coding=selected.id) + DETAILS_ANCHOR,
            back_without=base + filters.query(),
        )
    context = _page_context(project, shown_page, filters, passage, details, all_codings)
    context["missing"] = missing
    context.update(_memos_context(project, view, passage))
    context["coding_mark"] = project.documents.document_progress(view.id)
    context["reading_mark"] = project.documents.reading_mark(view.id)
    return render(request, "document/view.html", context)


def _memos_context(
    project: Project, view: DocumentView, passage: transcript.MarkedSpan | None = None
) -> dict[str, Any]:
    """What the memos section (``document/_memos.html``) shows: the memos on the
    document (one read), and the memo form's address pre-linked to the document
    and to the marked passage."""
    pid = project.info.id
    marked = passage if passage is not None and passage.problem is None else None
    return {
        "doc_memos": document_memos(project, view.id, view.text, view.codings),
        "new_memo_link": new_memo_url(pid, view.id),
        "passage_memo_link": (
            new_memo_url(pid, view.id, (marked.start, marked.end)) if marked else None
        ),
        "memos_panel": f"/projects/{pid}/documents/{view.id}/memos/panel",
    }


def _selected(project: Project, coding: int | None) -> tuple[CodingRecord | None, str | None]:
    """The coding a link asks for, or why it cannot be shown."""
    if coding is None:
        return None, None
    try:
        return project.coding.get(coding), None
    except NotFoundError as error:
        return None, f"{error} It may have been removed."


def _page_context(
    project: Project,
    shown: DocumentPage,
    filters: transcript.Filters,
    passage: transcript.MarkedSpan | None,
    details: CodingDetails | None,
    all_codings: bool = False,
) -> dict[str, Any]:
    """What view.html shows (see its header comment); the codings list holds
    at most :data:`~qualframe.web.coding.transcript.LIST_LIMIT` codings unless
    ``all_codings``."""
    view: DocumentView = shown.view
    selected = details.record.id if details else None
    marked = passage is not None and passage.problem is None
    base = document_link(project.info.id, view.id)
    page = shown.page if shown.paged else None
    turns = f"/projects/{project.info.id}/speakers/turns?document_id={view.id}"
    shown_count = sum(1 for coding in view.codings if filters.shows(coding))
    # A long list holds only codings the filters show (none hidden), the first LIST_LIMIT.
    long_list = not all_codings and len(view.codings) > transcript.LIST_LIMIT
    limit = transcript.LIST_LIMIT if long_list else None
    return {
        "project": project,
        "active": "documents",
        "view": view,
        "codings_total": shown.codings_total,
        "pager": pager(shown, base, filters),
        "transcript": transcript.transcript_html(view, passage, page, turns),
        "turns_link": turns,
        "outline": document_outline(
            view, page, shown.pages, lambda position: position_link(base, filters, position)
        ),
        "passage": passage,
        "passage_text": (
            transcript.excerpt(view.text, passage.start, passage.end, 300)
            if passage is not None and marked
            else None
        ),
        "filters": filters,
        "codings_list": transcript.codings_list_html(
            view, filters, _coding_prefix(filters), selected, limit
        ),
        "listed": shown_count if limit is None else min(limit, shown_count),
        "all_codings_link": base + filters.query(all_codings=1) + "#codings-list",
        "code_counts": transcript.code_counts(view, filters),
        "coders": view.coders,
        "shown": shown_count,
        "details": details,
        "base": base,
        "applicable": [(c.id, INDENT * c.depth + c.name) for c in view.codes if not c.retired],
        "memo_kinds": MEMO_KINDS,
        "data": transcript.page_data(
            view,
            project.info.id,
            project.user,
            filters,
            selected=selected,
            passage=passage,
            page=(page, len(shown.pages)) if page is not None else None,
        ),
    }


def _coding_prefix(filters: transcript.Filters) -> str:
    """The start of a link to one coding's details, keeping the filters (relative)."""
    query = filters.query()
    return (query + "&" if query else "?") + "coding="


@router.get("/projects/{project_id}/codings/{coding_id}/panel")
def coding_panel(request: Request, project: ProjectDep, coding_id: int) -> Response:
    """One coding's details as an HTML fragment (the page's scripts show it in place)."""
    record = project.coding.get(coding_id)
    base = document_link(project.info.id, record.document_id)
    back = coding_link(project.info.id, record.document_id, coding_id) + DETAILS_ANCHOR
    details = _details(project, record, back=back, back_without=base)
    context = {"project": project, "details": details, "memo_kinds": MEMO_KINDS}
    return render(request, "document/_coding_details.html", context)


@router.get("/projects/{project_id}/documents/{document_id:int}/memos/panel")
def memos_panel(request: Request, project: ProjectDep, document_id: int) -> Response:
    """The document's memos section as an HTML fragment (the page's scripts
    put it in place after an annotation is written); it reads only the memos
    and the passages they quote, however long the document."""
    pid = project.info.id
    context = {
        "project": project,
        "doc_memos": document_memos(project, document_id),
        "new_memo_link": new_memo_url(pid, document_id),
        "memos_panel": f"/projects/{pid}/documents/{document_id}/memos/panel",
    }
    return render(request, "document/_memos.html", context)


# ---------------------------------------------------------------- forms (work without scripts)


def _back(next_page: str, project: Project, record: CodingRecord) -> str:
    default = coding_link(project.info.id, record.document_id, record.id) + DETAILS_ANCHOR
    return local_path(next_page, default)


@router.post("/projects/{project_id}/documents/{document_id:int}/codings")
def code_passage(
    project: ProjectDep,
    document_id: int,
    code_id: Annotated[int, Form()],
    start: Annotated[int, Form()],
    end: Annotated[int, Form()],
) -> Response:
    """Code the passage ``[start, end)`` (a deep link's marked passage) and show the coding."""
    record = project.coding.apply(document_id, code_id, start, end)
    target = coding_link(project.info.id, document_id, record.id) + DETAILS_ANCHOR
    return redirect(target, f"Coded the passage with {record.code!r}.")


@router.post("/projects/{project_id}/codings/{coding_id}/remove")
def remove_coding(project: ProjectDep, coding_id: int, next: NextForm = "") -> Response:
    """Remove a coding and go back to its document, saying what became of its memos."""
    record = project.coding.remove(coding_id)
    back = local_path(next, document_link(project.info.id, record.document_id))
    quoted = transcript.excerpt(record.text, 0, len(record.text), 60)
    removed = f"Removed {record.code!r} from “{quoted}”."
    return redirect(back, f"{removed} {record.consequence}".strip())


@router.post("/projects/{project_id}/codings/{coding_id}/code")
def change_code(
    project: ProjectDep,
    coding_id: int,
    code_id: Annotated[int, Form()],
    next: NextForm = "",
) -> Response:
    """Give a coding another code."""
    record = project.coding.change(coding_id, code=code_id)
    return redirect(_back(next, project, record), f"The coding now has the code {record.code!r}.")


@router.post("/projects/{project_id}/codings/{coding_id}/span")
def change_span(
    project: ProjectDep,
    coding_id: int,
    extend: Annotated[str, Form()] = "",
    start: Annotated[int | None, Form()] = None,
    end: Annotated[int | None, Form()] = None,
    next: NextForm = "",
) -> Response:
    """Extend a coding to whole sentences, paragraphs or turns, or set its span."""
    if not extend and start is None and end is None:
        raise ValidationError("Choose what to extend the coding to, or give its new start and end.")
    record = project.coding.change(coding_id, start=start, end=end, extend=extend or None)
    return redirect(
        _back(next, project, record),
        f"The coding now spans [{record.start}, {record.end}): “"
        f"{transcript.excerpt(record.text, 0, len(record.text), 60)}”.",
    )


@router.post("/projects/{project_id}/codings/{coding_id}/memos")
def add_memo(
    project: ProjectDep,
    coding_id: int,
    title: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = MemoKind.ANALYTIC.value,
    body: Annotated[str, Form()] = "",
    next: NextForm = "",
) -> Response:
    """Write a memo on a coding."""
    record = project.coding.get(coding_id)
    memo = project.memos.add(title, kind=kind, body=body, coding=coding_id)
    return redirect(_back(next, project, record), f"Added the memo {memo.title!r}.")
