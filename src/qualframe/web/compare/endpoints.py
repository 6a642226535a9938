"""Comparisons: code x group, structured answers, co-occurrence, saturation.

Every comparison reads its choices from the query string (the same
parameters as its page, so a page's address and its API call match) and
answers JSON records; ``chart.svg`` routes draw the chart, ``export``
routes download a file. Nothing here writes to the database.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from qualframe.web.compare.answers import (
    AnswersOut,
    CodeComparisonOut,
    CooccurrenceOut,
    OptionsOut,
    SaturationOut,
    options_view,
)
from qualframe.web.compare.files import (
    ExportFormat,
    csv_response,
    export_response,
    svg_response,
)
from qualframe.web.compare.params import (
    AnswersQuery,
    CodeQuery,
    CooccurrenceQuery,
    SaturationQuery,
)
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.downloads import download_name

router = APIRouter(tags=["compare"])

BASE = "/projects/{project_id}/compare"
SVG: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/svg+xml": {}}, "description": "An SVG chart."}
}
FILE: dict[int | str, dict[str, Any]] = {
    200: {"description": "The file (CSV, XLSX workbook or HTML report)."}
}
FormatQuery = Annotated[
    ExportFormat, Query(description="csv (the table), xlsx (a workbook) or html (a report).")
]


@router.get(f"{BASE}/options")
def options(project: ProjectDep) -> OptionsOut:
    """What the project can be compared by: the attributes that group participants
    (typologies included), the structured questions, the saturation orders, and
    how many codes, documents and codings exist."""
    return options_view(project.compare.options())


# ---------------------------------------------------------------- code × group


@router.get(f"{BASE}/code")
def compare_code(project: ProjectDep, params: CodeQuery) -> CodeComparisonOut:
    """A code (a theme with its sub-codes' codings by default), or several
    (repeat ``code``), across the groups of attribute ``by``: per group the
    participants and cases with the code and their shares, codings, coded
    characters, "not asked" apart from "asked, no data", and quotes with links
    to their place. 404 for an unknown code or attribute; 422 for an attribute
    that cannot group participants (text, number, date, document)."""
    return params.answer(project)


@router.get(f"{BASE}/code/chart.svg", responses=SVG, response_class=Response)
def code_chart(project: ProjectDep, params: CodeQuery) -> Response:
    """Bars of the share of each group's participants with the code, as SVG."""
    result = params.run(project)
    name = download_name(project.name, "code comparison", "svg", details=params.query_pairs())
    return svg_response(project.compare.svg(project.compare.comparison_chart(result)), name)


@router.get(f"{BASE}/code/export", responses=FILE, response_class=Response)
def code_export(project: ProjectDep, params: CodeQuery, format: FormatQuery) -> Response:
    """The comparison as a file: CSV (the table), XLSX (the table with notes and
    every quote) or a self-contained HTML report (chart, table, quotes side by side)."""
    result = params.run(project, all_quotes=True)
    name = download_name(project.name, "code comparison", format, details=params.query_pairs())
    return export_response(project, result, format, name)


# ---------------------------------------------------------------- structured answers


@router.get(f"{BASE}/answers")
def compare_answers(project: ProjectDep, params: AnswersQuery) -> AnswersOut:
    """A structured question's answers across the groups of attribute ``by``:
    counts and percentages per group, the test its scale calls for (Fisher or
    chi-square for categorical answers, Mann–Whitney or Kruskal–Wallis for
    ordinal ones) and the caveats to show with it. 422 for an open question."""
    return params.answer(project)


@router.get(f"{BASE}/answers/export", responses=FILE, response_class=Response)
def answers_export(project: ProjectDep, params: AnswersQuery, format: FormatQuery) -> Response:
    """The structured-answer comparison as a CSV, XLSX or HTML file."""
    result = params.run(project)
    name = download_name(project.name, "answers comparison", format, details=params.query_pairs())
    return export_response(project, result, format, name)


# ---------------------------------------------------------------- co-occurrence


@router.get(f"{BASE}/cooccurrence")
def cooccurrence(project: ProjectDep, params: CooccurrenceQuery) -> CooccurrenceOut:
    """Which codes occur together: overlapping codings or codings in one speaker
    turn (``level=segment``), or participants, cases or documents with both
    codes (``level=participant``). Scope: a ``theme``'s sub-codes, the ``code``s
    listed, or every code with codings; ``where`` keeps codings whose
    participant or document has ATTRIBUTE=VALUE, ``coder`` one coder's."""
    return params.answer(project)


@router.get(f"{BASE}/cooccurrence/chart.svg", responses=SVG, response_class=Response)
def cooccurrence_chart(project: ProjectDep, params: CooccurrenceQuery) -> Response:
    """The co-occurrence heat map (counts, or similarity with ``value=similarity``) as SVG."""
    result = params.run(project)
    figure = project.compare.cooccurrence_chart(result, value=params.value)
    name = download_name(project.name, "co-occurrence", "svg", details=params.query_pairs())
    return svg_response(project.compare.svg(figure), name)


@router.get(f"{BASE}/cooccurrence/export", responses=FILE, response_class=Response)
def cooccurrence_export(project: ProjectDep, params: CooccurrenceQuery) -> Response:
    """Every pair of codes with its count and similarity, as CSV."""
    result = params.run(project)
    name = download_name(project.name, "co-occurrence", "csv", details=params.query_pairs())
    return csv_response(result.to_frame(), name)


# ---------------------------------------------------------------- saturation


@router.get(f"{BASE}/saturation")
def saturation(project: ProjectDep, params: SaturationQuery) -> SaturationOut:
    """New codes per document in interview order (``order``: position, imported
    or a document date/number/ordinal attribute), one curve per group of ``by``
    when given, with each curve's summary; ``coder`` counts one coder's codings."""
    return params.answer(project)


@router.get(f"{BASE}/saturation/chart.svg", responses=SVG, response_class=Response)
def saturation_chart(project: ProjectDep, params: SaturationQuery) -> Response:
    """The cumulative saturation curve as SVG."""
    result = params.run(project)
    name = download_name(project.name, "saturation", "svg", details=params.query_pairs())
    return svg_response(project.compare.svg(project.compare.saturation_chart(result)), name)


@router.get(f"{BASE}/saturation/export", responses=FILE, response_class=Response)
def saturation_export(project: ProjectDep, params: SaturationQuery) -> Response:
    """The steps of the curve (new codes per document), as CSV."""
    name = download_name(project.name, "saturation", "csv", details=params.query_pairs())
    return csv_response(params.run(project).to_frame(), name)
