"""Codings: apply, change, remove, list; the data behind the document view,
and a document's text in parts (a long document is read page by page).

Offsets are Unicode code points of the stored (NFC) text, end exclusive.
Browsers count UTF-16 units: pages convert before calling (see
``static/js/offsets.js``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from qualframe import (
    CodingRecord,
    CodingState,
    DocumentCoding,
    DocumentText,
    RemovedCoding,
    SpanUnit,
)
from qualframe.services.coding.sentences import SentenceSpan
from qualframe.services.memos.memos import MemoInfo
from qualframe.vocabulary import MemoKind
from qualframe.web.coding.params import CodingFilterParams
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.refs import one_ref
from qualframe.web.server.scope import ScopeParams

router = APIRouter(tags=["coding"])


class NewCoding(BaseModel):
    """A code to apply to a span of a document."""

    document_id: int = Field(description="The document's id.")
    code_id: int | None = Field(None, description="The code's id (or give `code`).")
    code: str | None = Field(
        None, description='The code\'s path "Theme > Sub-code" or unique name, instead of code_id.'
    )
    start: int = Field(description="First code point of the span.")
    end: int = Field(description="Code point just after the span (end exclusive).")


class CodingRead(BaseModel):
    """A coding's code and span as the caller read them."""

    code_id: int = Field(description="The code's id.")
    start: int = Field(description="First code point of the span.")
    end: int = Field(description="Code point just after the span.")


class CodingChange(BaseModel):
    """What to change in a coding; omitted fields stay as they are."""

    code_id: int | None = Field(None, description="The new code's id.")
    code: str | None = Field(None, description="The new code's path or unique name.")
    start: int | None = Field(None, description="New first code point.")
    end: int | None = Field(None, description="New end (code point after the span).")
    extend: SpanUnit | None = Field(
        None,
        description="Then extend the span to the whole sentences, paragraphs or speaker turns "
        "it touches.",
    )
    if_unchanged: CodingRead | None = Field(
        None,
        description="The code and span you read: when the stored coding differs (someone "
        "changed it meanwhile) the change is refused with 409 and nothing is saved.",
    )


class NewCodingMemo(BaseModel):
    """A memo to write on a coding."""

    title: str = Field(description="The memo's title (required).")
    kind: MemoKind = Field(MemoKind.ANALYTIC, description="What kind of memo it is.")
    body: str = Field("", description="The memo's text, in Markdown.")


class NewAnnotation(BaseModel):
    """A note on a passage of a document, without a coding."""

    start: int = Field(ge=0, description="First code point of the passage.")
    end: int = Field(ge=0, description="Code point just after the passage (end exclusive).")
    body: str = Field("", description="The note, in Markdown.")
    title: str | None = Field(
        None, description="The memo's title; left out or blank: the passage's first words."
    )
    kind: MemoKind = Field(MemoKind.ANALYTIC, description="What kind of memo it is.")


def _code(code_id: int | None, code: str | None, *, required: bool) -> int | str | None:
    return one_ref(code, code_id, "code", required=required, to="to apply", called="its path")


@router.get("/projects/{project_id}/documents/{document_id}/codings")
def document_codings(
    project: ProjectDep, document_id: int, filters: Annotated[CodingFilterParams, Query()]
) -> list[DocumentCoding]:
    """The codings of one document in text order, each with its code's path
    and colour, coder, speaker, participant and number of memos; only of the
    codes ``code`` (by name or path) and ``code_id`` (by id) when given, and
    by ``coder``."""
    return project.coding.document_codings(
        document_id, codes=filters.code_refs(), coder=filters.coder or None
    )


@router.get("/projects/{project_id}/documents/{document_id}/text")
def document_text(
    project: ProjectDep,
    document_id: int,
    offset: Annotated[
        int | None, Query(ge=0, description="First code point (default 0; not with page).")
    ] = None,
    limit: Annotated[
        int | None,
        Query(ge=1, description="Code points to send (default and most: the page limit)."),
    ] = None,
    page: Annotated[
        int | None, Query(ge=1, description="A page, as the document view cuts them (from 1).")
    ] = None,
) -> DocumentText:
    """A part of a document's stored text: ``page`` (pages end at a paragraph or
    a speaker turn), or ``limit`` code points from ``offset``. One answer holds
    at most the limit ``page_characters`` (``QUALFRAME_LIMIT_PAGE_CHARACTERS``);
    it says the document's ``length``, its span ``[start, end)``, how many
    ``pages`` there are and ``next_offset`` (null at the end)."""
    return project.coding.document_text(document_id, offset=offset, limit=limit, page=page)


@router.get("/projects/{project_id}/documents/{document_id}/sentence")
def sentence(
    project: ProjectDep,
    document_id: int,
    at: Annotated[int, Query(ge=0, description="A position (code point) in the text.")],
) -> SentenceSpan | None:
    """The sentence around the position ``at`` (code points, end exclusive), as
    extending a coding to its sentence and auto-coding by sentence find it;
    null where the text there is only white space."""
    return project.coding.sentence_at(document_id, at)


@router.get("/projects/{project_id}/codings")
def codings(
    project: ProjectDep,
    scope: Annotated[ScopeParams, Query()],
    code: Annotated[str | None, Query(description="A code by name or path.")] = None,
    code_id: Annotated[int | None, Query(description="A code by id.")] = None,
    include_subcodes: Annotated[bool, Query(description="With the code's sub-codes.")] = False,
) -> list[dict[str, Any]]:
    """Codings of the project as records (one per coding, with attribute
    columns), filtered like ``project.coding.codings(...)``: by document then
    position; offsets in code points. Objects are named by name (``code``,
    ``document``, ``participant``, ``case``) or by id (``code_id``,
    ``document_id``, ``participant_id``, ``case_id``), never guessed from digits."""
    listing = project.coding.listing(
        one_ref(code, code_id, "code", called="its name or path"),
        include_subcodes=include_subcodes,
        scope=scope.to_scope(),
    )
    return listing.records()


@router.post("/projects/{project_id}/codings", status_code=201)
def apply_code(project: ProjectDep, body: NewCoding) -> CodingRecord:
    """Code ``[start, end)`` of a document. 409 when you already coded this span
    with this code; 422 for an invalid span or a retired code; 404 for an
    unknown document or code."""
    code = _code(body.code_id, body.code, required=True)
    assert code is not None
    return project.coding.apply(body.document_id, code, body.start, body.end)


@router.get("/projects/{project_id}/codings/{coding_id}")
def coding(project: ProjectDep, coding_id: int) -> CodingRecord:
    """One coding: its code's path, document, span, text, speaker, participant, coder."""
    return project.coding.get(coding_id)


@router.patch("/projects/{project_id}/codings/{coding_id}")
def change_coding(project: ProjectDep, coding_id: int, body: CodingChange) -> CodingRecord:
    """Change a coding's code and/or span (it keeps its id, coder and memos;
    its text and speaker are recomputed). 409 when its coder already coded the
    new span with the new code, or when ``if_unchanged`` is not what is stored
    (someone changed it meanwhile); 422 for an invalid span or a retired code."""
    code = _code(body.code_id, body.code, required=False)
    read = body.if_unchanged
    return project.coding.change(
        coding_id,
        code=code,
        start=body.start,
        end=body.end,
        extend=body.extend,
        if_unchanged=None if read is None else CodingState(read.code_id, read.start, read.end),
    )


@router.delete("/projects/{project_id}/codings/{coding_id}")
def remove_coding(project: ProjectDep, coding_id: int) -> RemovedCoding:
    """Remove a coding; answers what it was. Its memos stay, on the project:
    ``memos_kept`` counts them and ``consequence`` says so in a sentence.
    409 when a matrix cell quotes the coding (unlink the quote first)."""
    return project.coding.remove(coding_id)


@router.get("/projects/{project_id}/codings/{coding_id}/memos")
def coding_memos(project: ProjectDep, coding_id: int) -> list[MemoInfo]:
    """The memos on one coding, oldest first."""
    return project.memos.list(coding=coding_id)


@router.post("/projects/{project_id}/codings/{coding_id}/memos", status_code=201)
def add_coding_memo(project: ProjectDep, coding_id: int, body: NewCodingMemo) -> MemoInfo:
    """Write a memo (Markdown) on a coding, by the current user."""
    return project.memos.add(body.title, kind=body.kind, body=body.body, coding=coding_id)


@router.get("/projects/{project_id}/documents/{document_id}/memos")
def document_memos(project: ProjectDep, document_id: int) -> list[MemoInfo]:
    """Every memo on the document, on a passage of it or on a coding in it
    (each once, oldest first), with all its ``links``."""
    return project.memos.in_document(document_id)


@router.post("/projects/{project_id}/documents/{document_id}/annotations", status_code=201)
def annotate(project: ProjectDep, document_id: int, body: NewAnnotation) -> MemoInfo:
    """Annotate the passage ``[start, end)`` (code points) of a document: a memo
    by the current user linked to that passage, with no coding. 422 for an
    invalid passage; 404 for an unknown document."""
    title = body.title.strip() if body.title is not None else None
    return project.memos.annotate(
        document_id, body.start, body.end, body=body.body, title=title or None, kind=body.kind
    )
