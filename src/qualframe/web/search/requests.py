"""Search requests and answers, shared by the search page and the JSON API.

A search is read from the query string (``q``, ``where=NAME=VALUE``,
``document``, ``speaker``, ``limit``, ``offset``), so every result page is
a shareable address; the same record runs the search, codes all its hits,
and writes itself back as a query string or as hidden form fields.
Answers are pydantic records with a link to each hit's place in its
document (code points, like every offset of the API).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from qualframe.errors import ValidationError
from qualframe.project import Project
from qualframe.services.core.where_filters import parse_where
from qualframe.services.search.hit_coding import CodeHitsResult
from qualframe.services.search.text_search import MAX_LIMIT, SearchResult
from qualframe.vocabulary import Spread
from qualframe.web.compare.params import code_ref
from qualframe.web.server.links import document_link

#: Hits per page when none is asked for, and the sizes the page offers.
DEFAULT_LIMIT = 50
PAGE_SIZES = (20, 50, 100, 200)


def _ref(value: str) -> int | str:
    """A document as sent: digits are an id, anything else a name."""
    text = value.strip()
    return int(text) if text.isdigit() else text


@dataclass(frozen=True)
class SearchParams:
    """A search as asked: the query, filters (``NAME=VALUE`` attribute values,
    documents by id or name, speaker labels) and the page (``limit`` matching
    passages after ``offset``)."""

    query: str
    where: tuple[str, ...]
    documents: tuple[str, ...]
    speakers: tuple[str, ...]
    limit: int
    offset: int

    @property
    def ready(self) -> bool:
        """Whether there is something to search for."""
        return bool(self.query.strip())

    @property
    def filter_count(self) -> int:
        """How many filters are chosen (for the form's summary)."""
        return len(self.where) + len(self.documents) + len(self.speakers)

    def run(self, project: Project) -> SearchResult:
        """One page of keyword-in-context hits (one transaction)."""
        return project.search.find(
            self.query,
            where=parse_where(self.where),
            documents=[_ref(d) for d in self.documents] or None,
            speaker=list(self.speakers) or None,
            limit=self.limit,
            offset=self.offset,
        )

    def code_all_hits(
        self, project: Project, code: str, spread: Spread, *, preview: bool
    ) -> CodeHitsResult:
        """Code every hit (all pages) with ``code`` widened by ``spread``; with
        ``preview`` only count. Raises :class:`ValidationError` when no code is
        chosen, and what the service raises."""
        if not code.strip():
            raise ValidationError("Choose the code to apply to the hits.")
        return project.search.code_all_hits(
            self.query,
            code_ref(code),
            spread=spread,
            where=parse_where(self.where),
            documents=[_ref(d) for d in self.documents] or None,
            speaker=list(self.speakers) or None,
            preview=preview,
        )

    def fields(self, *, page: bool = True) -> list[tuple[str, str]]:
        """The search as (name, value) pairs: for hidden form fields and links;
        without the page (``limit``, ``offset``) unless ``page``."""
        pairs = [
            ("q", self.query),
            *(("where", w) for w in self.where),
            *(("document", d) for d in self.documents),
            *(("speaker", s) for s in self.speakers),
        ]
        if page:
            pairs += [("limit", str(self.limit)), ("offset", str(self.offset))]
        return [(k, v) for k, v in pairs if v != ""]

    def query_string(self, **changes: int) -> str:
        """The search as a query string, with ``limit``/``offset`` changed if given."""
        return urlencode(replace(self, **changes).fields())  # type: ignore[arg-type]


def search_params(
    q: Annotated[
        str, Query(description='What to find: words, "a phrase", prefix*, OR, -word.')
    ] = "",
    where: Annotated[
        list[str], Query(description="Only where the speaker or document has ATTRIBUTE=VALUE.")
    ] = [],  # noqa: B006 (FastAPI copies defaults)
    document: Annotated[
        list[str], Query(description="Only in this document: id or name (repeat).")
    ] = [],  # noqa: B006
    speaker: Annotated[
        list[str], Query(description="Only in turns of this speaker label (repeat).")
    ] = [],  # noqa: B006
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Matching passages per page.")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, description="Matching passages to skip.")] = 0,
) -> SearchParams:
    """The search of a request (blank filters dropped)."""
    return SearchParams(
        q,
        tuple(w for w in where if w.strip()),
        tuple(d for d in document if d.strip()),
        tuple(s for s in speaker if s.strip()),
        limit,
        offset,
    )


SearchParamsDep = Annotated[SearchParams, Depends(search_params)]


# ---------------------------------------------------------------- answers


class HitOut(BaseModel):
    """One occurrence of the query, keyword in context."""

    document_id: int
    document: str
    segment_id: int
    start: int = Field(description="The match in the document, code points, end exclusive.")
    end: int
    left: str = Field(description="Context before the match (same speaker).")
    match: str
    right: str = Field(description="Context after the match.")
    speaker: str | None = Field(description="The speaker label of the turn, if any.")
    participant_id: int | None
    participant: str | None = Field(description="Who speaks; None for the interviewer.")
    link: str = Field(description="The match in the document view.")


class SearchOut(BaseModel):
    """A page of hits: those of ``limit`` matching passages after ``offset``."""

    query: str
    total_segments: int = Field(description="Every matching passage (segment).")
    limit: int
    offset: int
    has_more: bool
    hits: list[HitOut]


def search_view(result: SearchResult, project_id: int) -> SearchOut:
    """A search result as a record with links into ``project_id``."""
    return SearchOut(
        query=result.query,
        total_segments=result.total_segments,
        limit=result.limit,
        offset=result.offset,
        has_more=result.has_more,
        hits=[
            HitOut(
                **{name: getattr(hit, name) for name in HitOut.model_fields if name != "link"},
                link=document_link(project_id, hit.document_id, hit.start, hit.end),
            )
            for hit in result.hits
        ],
    )


class CodeAllHits(BaseModel):
    """Code every hit of a search (all pages, not one page) with one code."""

    query: str = Field(description='The search: words, "a phrase", prefix*, OR, -word.')
    code: int | str = Field(description="The code: id, name or path.")
    spread: Spread = Field(
        "sentence", description="Code the words found, their sentence, or their paragraph."
    )
    where: dict[str, str | list[str]] | None = Field(
        None, description="Only where the speaker or document has these attribute values."
    )
    documents: list[int | str] | None = Field(None, description="Only in these documents.")
    speakers: list[str] | None = Field(None, description="Only in turns of these labels.")
    preview: bool = Field(False, description="Only count what would be coded; write nothing.")


class CodeAllHitsOut(BaseModel):
    """What coding all hits did (or would do, with ``preview``)."""

    query: str
    code: str = Field(description="The code's path.")
    spread: str
    segments: int = Field(description="Matching passages.")
    hits: int
    spans: int = Field(description="Distinct passages the spread gives.")
    documents: int
    added: int = Field(description="Codings created (0 in a preview).")
    already_coded: int = Field(description="Passages you had already coded with the code.")
    preview: bool
    message: str = Field(description="What happened, in a sentence for people.")


def code_hits_view(result: CodeHitsResult) -> CodeAllHitsOut:
    """A code-all-hits result as a record with its sentence."""
    return CodeAllHitsOut(
        query=result.query,
        code=result.code,
        spread=result.spread,
        segments=result.segments,
        hits=result.hits,
        spans=result.spans,
        documents=result.documents,
        added=result.added,
        already_coded=result.already_coded,
        preview=result.preview,
        message=result.summary(),
    )
