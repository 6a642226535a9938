"""Full-text search and coding all hits.

The search takes the same query parameters as the search page, so a page's
address and its API call match. Offsets in answers are code points of the
stored text, end exclusive.
"""

from __future__ import annotations

from fastapi import APIRouter

from qualframe.web.search.requests import (
    CodeAllHits,
    CodeAllHitsOut,
    SearchOut,
    SearchQuery,
    code_hits_view,
    search_view,
)
from qualframe.web.server.dependencies import ProjectDep

router = APIRouter(tags=["search"])


@router.get("/projects/{project_id}/search")
def search(project: ProjectDep, params: SearchQuery) -> SearchOut:
    """One page of keyword-in-context hits: the hits in ``limit`` matching
    passages (segments: a paragraph of one speaker turn) after ``offset``;
    ``total_segments`` counts them all. Query: words (inflections match),
    "a phrase", prefix*, ``a OR b``, ``-excluded``. Filters: ``where`` (an
    attribute of who speaks or of the document), ``document`` (by name) or
    ``document_id``, ``speaker``.
    422 for an empty query; 404 for an unknown document, label or attribute."""
    return search_view(params.run(project), project.info.id)


@router.post("/projects/{project_id}/search/code-all-hits")
def code_all_hits(body: CodeAllHits, project: ProjectDep) -> CodeAllHitsOut:
    """Code every hit of a search (all pages) with one code (``code``: its name
    or path, or ``code_id``), widened to the
    words found, their sentence or their paragraph; passages you already coded
    with the code are skipped, and ``excluded`` passages (as the preview lists
    them in ``passages``) are left out. With ``preview`` nothing is written and the
    counts say what would be coded. 404 for an unknown code; 422 for a retired
    code, an empty query, or an ``excluded`` passage no longer among the
    passages (the text was revised since the preview: an unticked passage is
    never coded; nothing is written, preview again)."""
    search = project.search
    run = search.preview_code_all_hits if body.preview else search.code_all_hits
    excluded = () if body.preview else body.excluded_spans()
    result = run(
        body.query, body.code_ref(), spread=body.spread, scope=body.scope(), excluded=excluded
    )
    return code_hits_view(result)
