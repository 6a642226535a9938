"""Full-text search with keyword in context, and coding all hits.

The search form is a GET form: every result page is a shareable address.
Coding all hits takes two steps that work without JavaScript: the preview
(a GET of this page with ``preview=1``, which counts what would be coded)
and the confirmation (a POST that codes, then returns to the same results
with a message). A malformed query or an unknown filter is shown on the
page, above the form, and nothing is searched.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from qualframe.errors import UserError
from qualframe.vocabulary import SPREADS
from qualframe.web.search.requests import (
    DEFAULT_LIMIT,
    PAGE_SIZES,
    HitCodingForm,
    HitCodingQuery,
    search_view,
)
from qualframe.web.server import choices
from qualframe.web.server.dependencies import OptionalPreviewProjectDep, ProjectDep
from qualframe.web.server.filter_choices import attribute_filters, document_choices, speaker_choices
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

#: What each spread codes, as the form offers it.
SPREAD_LABELS = {
    "match": "Just the words found",
    "sentence": "The sentence of each hit",
    "paragraph": "The paragraph of each hit",
}


@router.get("/projects/{project_id}/search")
def search_page(
    request: Request, project: OptionalPreviewProjectDep, params: HitCodingQuery
) -> Response:
    """The search form and, for a query, one page of hits in context; with
    ``preview`` and a code (``code_id``, or ``code`` by name or path), what
    coding all hits would do."""
    pid = project.info.id
    chosen = choices.chosen_code_ids(project, [params.code], [params.code_id])
    result, error, plan, plan_error = None, None, None, None
    if params.ready:
        try:
            result = search_view(params.run(project), pid)
        except UserError as problem:
            error = str(problem)
    if params.preview and result is not None and result.total_segments:
        try:
            plan = params.code_all_hits(project, preview=True)
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
            "code_id": chosen[0] if chosen else None,
            "spread": params.spread,
            "spreads": [(spread, SPREAD_LABELS[spread]) for spread in SPREADS],
            "codes": choices.code_choices(project),
            "filters": attribute_filters(project),
            "documents": document_choices(project),
            "speakers": speaker_choices(project),
            "page_sizes": sorted({*PAGE_SIZES, params.limit}),
            "default_limit": DEFAULT_LIMIT,
        },
    )


@router.post("/projects/{project_id}/search/code-all-hits")
def code_all_hits(project: ProjectDep, form: HitCodingForm) -> Response:
    """Code every hit of the search (all pages) and return to its results with
    what was done. A bad code or query, or an unticked passage the text no
    longer holds where the preview listed it, goes back with the message;
    nothing is written then."""
    done = form.code_all_hits(project, preview=False)
    return redirect(f"/projects/{project.info.id}/search?{form.query_string()}", done.summary())
