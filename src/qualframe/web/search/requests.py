"""Search requests and answers, shared by the search page and the JSON API.

A search is read from the query string (``q``, the scope filters
``where=NAME=VALUE``, ``document`` (names), ``document_id`` (ids),
``speaker`` of :class:`~qualframe.web.server.scope.ScopeParams`, ``limit``,
``offset``), so
every result page is a shareable address; the same model runs the search,
codes all its hits, and writes itself back as a query string or as hidden
form fields. Answers are pydantic records with a link to each hit's place
in its document (code points, like every offset of the API).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Annotated

from fastapi import Form, Query
from pydantic import BaseModel, Field

from qualframe.errors import ValidationError
from qualframe.project import Project
from qualframe.services.core.refs import Ref
from qualframe.services.core.scope import Scope
from qualframe.services.search.hit_coding import CodeHitsResult
from qualframe.services.search.text_search import MAX_LIMIT, KwicHit, SearchResult
from qualframe.vocabulary import Spread
from qualframe.web.server.query import SCOPE_FIELDS, QueryChoices
from qualframe.web.server.records import from_record, linked
from qualframe.web.server.refs import Ids, OptionalId, one_ref, refs_of
from qualframe.web.server.scope import ScopeParams

#: Hits per page when none is asked for, and the sizes the page offers.
DEFAULT_LIMIT = 50
PAGE_SIZES = (20, 50, 100, 200)
#: What coding all hits codes when nothing is chosen.
DEFAULT_SPREAD: Spread = "sentence"
_QUERY = 'What to find: words, "a phrase", prefix*, OR, -word.'


class SearchParams(ScopeParams, QueryChoices):
    """A search as asked: the query ``q``, the scope (attribute values
    ``NAME=VALUE``, documents by name or by id, speaker labels) and the page
    (``limit`` matching passages after ``offset``)."""

    query_order = ("q", *SCOPE_FIELDS, "limit", "offset")

    q: str = Field("", description=_QUERY)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Matching passages per page.")
    offset: int = Field(0, ge=0, description="Matching passages to skip.")

    @property
    def ready(self) -> bool:
        """Whether there is something to search for."""
        return bool(self.q.strip())

    @property
    def filter_count(self) -> int:
        """How many filters are chosen (for the form's summary)."""
        return len(self.items())

    def run(self, project: Project) -> SearchResult:
        """One page of keyword-in-context hits (one transaction)."""
        return project.search.find(
            self.q, scope=self.to_scope(), limit=self.limit, offset=self.offset
        )

    def fields(self, *, page: bool = True) -> list[tuple[str, str]]:
        """The search as (name, value) pairs: for hidden form fields and links;
        without the page (``limit``, ``offset``) unless ``page``."""
        names = self.query_order if page else self.query_order[:-2]
        return self.query_pairs(names)

    def query_string(self, **changes: int) -> str:
        """The search as a query string, with ``limit``/``offset`` changed if given."""
        return self.model_copy(update=changes).query()


class HitCodingParams(SearchParams):
    """Coding every hit of a search, as the page asks it: the search, the code
    (``code``: its name or path, or ``code_id``), the spread, and (on the
    page) whether to preview. The page reads it from the query string, its
    confirmation form from the form fields."""

    code: str = Field("", description="The code to apply, by name or path.")
    code_id: OptionalId = Field(None, description="The code to apply, by id.")
    spread: Spread = Field(DEFAULT_SPREAD, description="Code the words, sentence or paragraph.")
    preview: bool = Field(False, description="Only count what coding all hits would do.")
    listed: list[str] = Field(
        default_factory=list,
        description="Passages the preview listed, as DOCUMENT_ID:START:END (confirmation form).",
    )
    keep: list[str] = Field(
        default_factory=list, description="Of the listed passages, those left ticked to code."
    )

    def excluded(self) -> list[tuple[int, int, int]]:
        """The listed passages not kept (unticked), as ``(document id, start, end)``;
        values that are not such spans are ignored."""
        return sorted(
            span for item in set(self.listed) - set(self.keep) if (span := passage_key(item))
        )

    def code_fields(self) -> list[tuple[str, str]]:
        """The code as (name, value) pairs, as it was given: for hidden form fields."""
        return self.query_pairs(("code", "code_id"))

    def code_all_hits(self, project: Project, *, preview: bool) -> CodeHitsResult:
        """Code every hit (all pages) with the code widened by the spread; with
        ``preview`` only count (the preview use case: nothing is written).
        Raises :class:`ValidationError` when no code is chosen, and what the
        service raises."""
        code = one_ref(self.code, self.code_id, "code", called="its name or path")
        if code is None:
            raise ValidationError("Choose the code to apply to the hits.")
        run = project.search.preview_code_all_hits if preview else project.search.code_all_hits
        excluded = () if preview else self.excluded()
        return run(self.q, code, spread=self.spread, scope=self.to_scope(), excluded=excluded)


def passage_key(item: str) -> tuple[int, int, int] | None:
    """``"DOCUMENT_ID:START:END"`` (how a page names a listed passage) as a tuple,
    or None when it is not three whole numbers."""
    parts = item.split(":")
    if len(parts) != 3 or not all(part.isdigit() and len(part) <= 10 for part in parts):
        return None
    document_id, start, end = (int(part) for part in parts)
    return document_id, start, end


#: A search read from the query string.
SearchQuery = Annotated[SearchParams, Query()]
#: A search and how to code its hits, read from the query string.
HitCodingQuery = Annotated[HitCodingParams, Query()]
#: The same, read from the confirmation form's fields.
HitCodingForm = Annotated[HitCodingParams, Form()]


# ---------------------------------------------------------------- answers


@dataclass(frozen=True, slots=True, kw_only=True)
class HitOut(KwicHit):
    """One occurrence of the query, keyword in context (``start``/``end``: the
    match in the document, code points, end exclusive; ``left``/``right``:
    the same speaker's words around it), with ``link``: the match in the
    document view."""

    link: str


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
    return from_record(
        SearchOut, result, hits=[linked(HitOut, hit, project_id) for hit in result.hits]
    )


class PassageRef(BaseModel):
    """A passage a code-all-hits preview listed: its document and span (code points)."""

    document_id: int = Field(ge=1, description="The passage's document, by id.")
    start: int = Field(ge=0, description="Where the passage starts (code points).")
    end: int = Field(ge=1, description="Where it ends (code points, exclusive).")


class CodeAllHits(BaseModel):
    """Code every hit of a search (all pages, not one page) with one code: give
    ``code`` (its name or path) or ``code_id``."""

    query: str = Field(description=_QUERY)
    code: str | None = Field(None, description='The code by name or path ("Theme > Sub-code").')
    code_id: int | None = Field(None, description="The code by id.")
    spread: Spread = Field(
        DEFAULT_SPREAD, description="Code the words found, their sentence, or their paragraph."
    )
    where: dict[str, str | list[str]] | None = Field(
        None, description="Only where the speaker or document has these attribute values."
    )
    documents: list[str] | None = Field(None, description="Only in these documents, by name.")
    document_ids: Ids | None = Field(None, description="Only in these documents, by id.")
    speakers: list[str] | None = Field(
        None, description="Only in turns of these labels (by name as transcribed)."
    )
    preview: bool = Field(False, description="Only count what would be coded; write nothing.")
    excluded: list[PassageRef] | None = Field(
        None,
        description="Passages the preview listed to leave out (unticked). When one is no "
        "longer among the passages (the text was revised since), nothing is coded (422).",
    )

    def excluded_spans(self) -> list[tuple[int, int, int]]:
        """The passages to leave out as ``(document id, start, end)``."""
        return [(p.document_id, p.start, p.end) for p in self.excluded or ()]

    def code_ref(self) -> Ref:
        """The code to apply; raises :class:`ValidationError` unless exactly one
        of ``code`` and ``code_id`` is given."""
        code = one_ref(
            self.code, self.code_id, "code", required=True, to="to apply", called="its name or path"
        )
        assert code is not None
        return code

    def scope(self) -> Scope:
        """The filters as a :class:`Scope` (empty ones left out)."""
        return Scope(
            where=self.where or None,
            documents=refs_of(self.documents, self.document_ids) or None,
            speakers=[s for s in self.speakers or () if s.strip()] or None,
        )


@dataclass(frozen=True, kw_only=True)
class CodeAllHitsOut(CodeHitsResult):
    """What coding all hits did (or would do, with ``preview``): ``segments``
    matching passages, ``hits``, ``spans`` (distinct passages the spread
    gives) in ``documents``, ``added`` codings (in a preview: that would be added),
    ``already_coded`` passages you had coded with the code (``code``: its
    path), and ``message``: what happened, in a sentence for people."""

    message: str


def code_hits_view(result: CodeHitsResult) -> CodeAllHitsOut:
    """A code-all-hits result as a record with its sentence."""
    # Field by field, not asdict(): the listed passages stay typed records.
    values = {field.name: getattr(result, field.name) for field in fields(result)}
    return CodeAllHitsOut(**values, message=result.summary())
