"""Full-text search with keyword in context, and coding all hits.

The search form is a GET form: every result page is a shareable address.
Coding all hits takes two steps that work without JavaScript: the preview
(a GET of this page with ``preview=1``, which counts what would be coded)
and the confirmation (a POST that codes, then returns to the same results
with a message). A malformed query or an unknown filter is shown on the
page, above the form, and nothing is searched.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import Response

from qualframe.errors import UserError
from qualframe.vocabulary import Spread
from qualframe.web.search.filters import attribute_filters, document_choices, speaker_choices
from qualframe.web.search.requests import (
    DEFAULT_LIMIT,
    PAGE_SIZES,
    SearchParams,
    SearchParamsDep,
    search_view,
)
from qualframe.web.server import choices
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

#: The spreads offered when coding all hits, in order, with what each codes.
SPREADS = (
    ("match", "Just the words found"),
    ("sentence", "The sentence of each hit"),
    ("paragraph", "The paragraph of each hit"),
)
DEFAULT_SPREAD: Spread = "sentence"


@router.get("/projects/{project_id}/search")
def search_page(
    request: Request,
    project: ProjectDep,
    params: SearchParamsDep,
    code: Annotated[str, Query()] = "",
    spread: Annotated[Spread, Query()] = DEFAULT_SPREAD,
    preview: Annotated[bool, Query()] = False,
) -> Response:
    """The search form and, for a query, one page of hits in context; with
    ``preview`` and a ``code``, what coding all hits would do."""
    pid = project.info.id
    result, error, plan, plan_error = None, None, None, None
    if params.ready:
        try:
            result = search_view(params.run(project), pid)
        except UserError as problem:
            error = str(problem)
    if preview and result is not None and result.total_segments:
        try:
            plan = params.code_all_hits(project, code, spread, preview=True)
        except UserError as problem:
            plan_error = str(problem)
    return render(
        request,
        "search/search.html",
        {
            "project": project,
            "active": "search",
            "params": params,
            "result": result,
            "error": error,
            "plan": plan,
            "plan_error": plan_error,
            "code": code,
            "spread": spread,
            "spreads": SPREADS,
            "codes": choices.code_choices(project),
            "filters": attribute_filters(project),
            "documents": document_choices(project),
            "speakers": speaker_choices(project),
            "page_sizes": sorted({*PAGE_SIZES, params.limit}),
            "default_limit": DEFAULT_LIMIT,
        },
    )


@router.post("/projects/{project_id}/search/code-all-hits")
def code_all_hits(
    project: ProjectDep,
    q: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
    spread: Annotated[Spread, Form()] = DEFAULT_SPREAD,
    where: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    document: Annotated[list[str], Form()] = [],  # noqa: B006
    speaker: Annotated[list[str], Form()] = [],  # noqa: B006
    limit: Annotated[int, Form(ge=1)] = DEFAULT_LIMIT,
    offset: Annotated[int, Form(ge=0)] = 0,
) -> Response:
    """Code every hit of the search (all pages) and return to its results with
    what was done. A bad code or query goes back with the message; nothing is
    written then."""
    params = SearchParams(
        q,
        tuple(w for w in where if w.strip()),
        tuple(d for d in document if d.strip()),
        tuple(s for s in speaker if s.strip()),
        limit,
        offset,
    )
    done = params.code_all_hits(project, code, spread, preview=False)
    return redirect(f"/projects/{project.info.id}/search?{params.query_string()}", done.summary())
