"""Comparisons: a code across attribute groups, structured answers, co-occurrence, saturation.

Each comparison has its own page whose form is a GET form, so a comparison
is a shareable address (the same query parameters as its JSON API twin
under ``/api/projects/{id}/compare/...``). A page shows the form, then the
result once enough is chosen; a choice the services refuse (an attribute
that cannot group, a theme without sub-codes) is shown as a message above
the form instead of an error page. Nothing here writes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, Request
from starlette.responses import Response

from qualframe.errors import UserError
from qualframe.project import Project
from qualframe.web.compare import answers as views
from qualframe.web.compare.params import (
    MAX_QUOTES,
    AnswersParams,
    AnswersQuery,
    CodeParams,
    CodeQuery,
    CooccurrenceParams,
    CooccurrenceQuery,
    SaturationParams,
    SaturationQuery,
)
from qualframe.web.server import choices
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.filter_choices import attribute_filters
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

BASE = "/projects/{project_id}/compare"
T = TypeVar("T")
P = TypeVar("P")
#: How the built-in saturation orders are offered (attributes are offered by name).
ORDER_LABELS = {"position": "interview order (position)", "imported": "import order"}
#: Shades of the heat-map table (1 = lightest, 0 = none).
HEAT_LEVELS = 5


@dataclass(frozen=True)
class HeatCell:
    """A cell of the heat-map table: its text, shade (0–5) or ``"self"`` on the diagonal."""

    text: str
    level: str


@dataclass(frozen=True)
class HeatRow:
    """A row of the heat-map table: the code and its cells."""

    code: str
    cells: list[HeatCell]


def _cell_text(number: float | None, similarity: bool) -> str:
    if number is None:
        return "–"
    return f"{number:.2f}" if similarity else f"{int(number):,}"


def heat_rows(result: views.CooccurrenceOut, value: str) -> list[HeatRow]:
    """The table's rows: every number written out, shaded relative to the
    largest pair (the diagonal, a code with itself, is not shaded)."""
    similarity = value == "similarity"
    matrix: list[list[float | None]] = [
        [None if v is None else float(v) for v in row]
        for row in (result.similarity if similarity else result.counts)
    ]
    pairs = [v for i, row in enumerate(matrix) for j, v in enumerate(row) if i != j and v]
    top = max(pairs, default=0.0)
    rows = []
    for i, row in enumerate(matrix):
        cells = []
        for j, number in enumerate(row):
            text = _cell_text(number, similarity)
            if i == j:
                level = "self"
            elif not number or not top:
                level = "0"
            else:
                level = str(max(1, min(HEAT_LEVELS, math.ceil(number / top * HEAT_LEVELS))))
            cells.append(HeatCell(text, level))
        rows.append(HeatRow(result.codes[i], cells))
    return rows


def _options(project: Project) -> views.OptionsOut:
    """What the project can be compared by (one transaction)."""
    return views.options_view(project.compare.options())


def _page(
    request: Request, project: Project, name: str, options: views.OptionsOut, **context: Any
) -> Response:
    """Render ``compare/<name>.html`` with what every comparison page needs."""
    pid = project.info.id
    return render(
        request,
        f"compare/{name}.html",
        {
            "project": project,
            "active": "compare",
            "tab": name,
            "options": options,
            "grouping_choices": [(g.name, g.label) for g in options.grouping],
            "api": f"/api/projects/{pid}/compare",
            "base": f"/projects/{pid}/compare",
            **context,
        },
    )


def _attempt(ready: object, work: Callable[[], T]) -> tuple[T | None, str | None]:
    """Run a comparison once ``ready``: its result, or the message of the
    :class:`UserError` it raised (neither when not ready)."""
    if not ready:
        return None, None
    try:
        return work(), None
    except UserError as error:
        return None, str(error)


def _by(chosen: str, options: views.OptionsOut) -> str:
    """The grouping attribute a form shows chosen: the one asked, else the first."""
    return chosen or (options.grouping[0].name if options.grouping else "")


@dataclass(frozen=True)
class Shown(Generic[P, T]):
    """What a comparison's page is made of: the project, the form's parameters,
    what the project can be compared by, and the result (None until the form
    asks enough, or when the comparison was refused)."""

    project: Project
    params: P
    options: views.OptionsOut
    result: T | None


@dataclass(frozen=True)
class Comparison(Generic[P, T]):
    """One comparison's page: its ``name``; whether its form's parameters ``P``
    ask enough to run (``ready``, given the options); the comparison (``run``,
    giving ``T``); and what its template needs besides (``context``)."""

    name: str
    ready: Callable[[P, views.OptionsOut], object]
    run: Callable[[P, Project], T]
    context: Callable[[Shown[P, T]], dict[str, Any]]


def _comparison_page(
    request: Request, project: Project, comparison: Comparison[P, T], params: P
) -> Response:
    """A comparison's page: its form as ``params`` asks and, once ready, the
    result, or the message of the :class:`UserError` it raised (shown above the form)."""
    options = _options(project)
    result, error = _attempt(
        comparison.ready(params, options), lambda: comparison.run(params, project)
    )
    context = comparison.context(Shown(project, params, options, result))
    return _page(
        request,
        project,
        comparison.name,
        options,
        params=params,
        result=result,
        error=error,
        **context,
    )


def _code_context(shown: Shown[CodeParams, views.CodeComparisonOut]) -> dict[str, Any]:
    """The code page's choices: the codes asked, the grouping, every code."""
    return {
        "chosen": choices.chosen_code_ids(shown.project, shown.params.code, shown.params.code_id),
        "by": _by(shown.params.by, shown.options),
        "codes": choices.code_choices(shown.project, include_retired=True),
        "max_quotes": MAX_QUOTES,
    }


def _answers_context(shown: Shown[AnswersParams, views.AnswersOut]) -> dict[str, Any]:
    """The answers page's choices: the grouping and the structured questions."""
    questions = shown.options.questions
    return {
        "by": _by(shown.params.by, shown.options),
        "question_choices": [(q.identifier, q.label) for q in questions],
    }


def _cooccurrence_context(
    shown: Shown[CooccurrenceParams, views.CooccurrenceOut],
) -> dict[str, Any]:
    """The co-occurrence page's choices (codes, theme, filters) and its heat-map rows."""
    project, params, result = shown.project, shown.params, shown.result
    theme = choices.chosen_code_ids(project, [params.theme], [params.theme_id])
    return {
        "chosen": choices.chosen_code_ids(project, params.code, params.code_id),
        "theme": theme[0] if theme else "",
        "heat": heat_rows(result, params.value) if result else None,
        "codes": choices.code_choices(project, include_retired=True),
        "themes": choices.theme_choices(project),
        "filters": attribute_filters(project),
    }


def _saturation_context(shown: Shown[SaturationParams, views.SaturationOut]) -> dict[str, Any]:
    """The saturation page's interview orders, and the one the result used."""
    orders, result = shown.options.saturation_orders, shown.result
    return {
        "order_choices": [(order, ORDER_LABELS.get(order, order)) for order in orders],
        "order_label": ORDER_LABELS.get(result.order_by, result.order_by) if result else "",
    }


CODE = Comparison("code", lambda params, _: params.ready, CodeParams.answer, _code_context)
ANSWERS = Comparison(
    "answers", lambda params, _: params.ready, AnswersParams.answer, _answers_context
)
COOCCURRENCE = Comparison(
    "cooccurrence",
    lambda _, options: options.codings,
    CooccurrenceParams.answer,
    _cooccurrence_context,
)
SATURATION = Comparison(
    "saturation", lambda _, options: options.documents, SaturationParams.answer, _saturation_context
)


@router.get(BASE)
def compare_home(request: Request, project: ProjectDep) -> Response:
    """The four comparisons, each with what it needs and whether the project has it."""
    return _page(request, project, "index", _options(project))


@router.get(f"{BASE}/code")
def code_page(request: Request, project: ProjectDep, params: CodeQuery) -> Response:
    """A code (or several) across the groups of an attribute: the table with bars,
    the quotes side by side, exports."""
    return _comparison_page(request, project, CODE, params)


@router.get(f"{BASE}/answers")
def answers_page(request: Request, project: ProjectDep, params: AnswersQuery) -> Response:
    """A structured question across groups: the crosstab, the test and its caveats."""
    return _comparison_page(request, project, ANSWERS, params)


@router.get(f"{BASE}/cooccurrence")
def cooccurrence_page(request: Request, project: ProjectDep, params: CooccurrenceQuery) -> Response:
    """Which codes occur together: a heat-map table, the chart, the top pairs."""
    return _comparison_page(request, project, COOCCURRENCE, params)


@router.get(f"{BASE}/saturation")
def saturation_page(request: Request, project: ProjectDep, params: SaturationQuery) -> Response:
    """New codes per interview in order: the cumulative curve and its table."""
    return _comparison_page(request, project, SATURATION, params)
