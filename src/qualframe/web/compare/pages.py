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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from starlette.responses import Response

from qualframe.errors import UserError
from qualframe.project import Project
from qualframe.web.compare.params import (
    MAX_QUOTES,
    AnswersQuery,
    CodeQuery,
    CooccurrenceQuery,
    SaturationQuery,
)
from qualframe.web.compare.views import (
    CooccurrenceOut,
    OptionsOut,
    answers_view,
    code_view,
    cooccurrence_view,
    options_view,
    saturation_view,
)
from qualframe.web.server import choices
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.filter_choices import attribute_filters
from qualframe.web.server.scope import ref_of
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

BASE = "/projects/{project_id}/compare"
T = TypeVar("T")
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


def heat_rows(result: CooccurrenceOut, value: str) -> list[HeatRow]:
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


def _options(project: Project) -> OptionsOut:
    """What the project can be compared by (one transaction)."""
    return options_view(project.compare.options())


def _page(
    request: Request, project: Project, name: str, options: OptionsOut, **context: Any
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


def _chosen_ids(project: Project, refs: Sequence[str]) -> list[str]:
    """The ids (as text) of the codes ``refs`` name, so the form shows them
    chosen even when the address names them by path; an unknown one stays as given."""
    found = []
    for ref in refs:
        try:
            found.append(str(project.codebook.get(ref_of(ref)).id))
        except UserError:
            found.append(ref)
    return found


def _attempt(ready: object, work: Callable[[], T]) -> tuple[T | None, str | None]:
    """Run a comparison once ``ready``: its result, or the message of the
    :class:`UserError` it raised (neither when not ready)."""
    if not ready:
        return None, None
    try:
        return work(), None
    except UserError as error:
        return None, str(error)


def _by(chosen: str, options: OptionsOut) -> str:
    """The grouping attribute a form shows chosen: the one asked, else the first."""
    return chosen or (options.grouping[0].name if options.grouping else "")


@router.get(BASE)
def compare_home(request: Request, project: ProjectDep) -> Response:
    """The four comparisons, each with what it needs and whether the project has it."""
    return _page(request, project, "index", _options(project))


@router.get(f"{BASE}/code")
def code_page(request: Request, project: ProjectDep, params: CodeQuery) -> Response:
    """A code (or several) across the groups of an attribute: the table with bars,
    the quotes side by side, exports."""
    options = _options(project)
    result, error = _attempt(params.ready, lambda: code_view(params.run(project), project.info.id))
    return _page(
        request,
        project,
        "code",
        options,
        params=params,
        chosen=_chosen_ids(project, params.code),
        by=_by(params.by, options),
        result=result,
        error=error,
        codes=choices.code_choices(project, include_retired=True),
        max_quotes=MAX_QUOTES,
    )


@router.get(f"{BASE}/answers")
def answers_page(request: Request, project: ProjectDep, params: AnswersQuery) -> Response:
    """A structured question across groups: the crosstab, the test and its caveats."""
    options = _options(project)
    result, error = _attempt(params.ready, lambda: answers_view(params.run(project)))
    return _page(
        request,
        project,
        "answers",
        options,
        params=params,
        by=_by(params.by, options),
        result=result,
        error=error,
        question_choices=[(q.identifier, q.label) for q in options.questions],
    )


@router.get(f"{BASE}/cooccurrence")
def cooccurrence_page(request: Request, project: ProjectDep, params: CooccurrenceQuery) -> Response:
    """Which codes occur together: a heat-map table, the chart, the top pairs."""
    options = _options(project)
    result, error = _attempt(options.codings, lambda: cooccurrence_view(params.run(project)))
    return _page(
        request,
        project,
        "cooccurrence",
        options,
        params=params,
        chosen=_chosen_ids(project, params.code),
        theme=_chosen_ids(project, [params.theme])[0] if params.theme.strip() else "",
        result=result,
        heat=heat_rows(result, params.value) if result else None,
        error=error,
        codes=choices.code_choices(project, include_retired=True),
        themes=choices.theme_choices(project),
        filters=attribute_filters(project),
    )


@router.get(f"{BASE}/saturation")
def saturation_page(request: Request, project: ProjectDep, params: SaturationQuery) -> Response:
    """New codes per interview in order: the cumulative curve and its table."""
    options = _options(project)
    result, error = _attempt(options.documents, lambda: saturation_view(params.run(project)))
    return _page(
        request,
        project,
        "saturation",
        options,
        params=params,
        result=result,
        error=error,
        order_choices=[(o, ORDER_LABELS.get(o, o)) for o in options.saturation_orders],
        order_label=ORDER_LABELS.get(result.order_by, result.order_by) if result else "",
    )
