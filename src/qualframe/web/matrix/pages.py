"""The framework matrix: rows x codes, cells with summaries, statuses and quotes.

The settings are a GET form, so a matrix is a shareable address. Each cell
links to its own page (:mod:`~qualframe.web.matrix.cell`), which works without
JavaScript; with it, ``static/js/matrix.js`` makes the grid keyboard
navigable and edits cells in place through the JSON API.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from qualframe.errors import UserError
from qualframe.project import Project
from qualframe.services.core.wording import counted
from qualframe.services.matrix.matrices import Matrix
from qualframe.services.matrix.unattributed import WHY_LEFT_OUT
from qualframe.web.matrix import cell as matrix_cell, unattributed as matrix_unattributed
from qualframe.web.matrix.answers import STATUS_LABELS
from qualframe.web.matrix.params import SpecParams, SpecQuery
from qualframe.web.matrix.view import (
    ROW_CHOICES,
    SHOW_CHOICES,
    STATUS_CHOICES,
    MatrixLinks,
    ShowQuery,
    counts_text,
    default_spec,
    described_by_value,
    drafts_waiting,
    filter_choices,
    grouping_choices,
    row_details,
)
from qualframe.web.server.choices import chosen_code_ids, code_label
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)
router.include_router(matrix_cell.router)
router.include_router(matrix_unattributed.router)


def _build(project: Project, spec: SpecParams) -> tuple[Matrix | None, str | None]:
    """The matrix, or the reason it cannot be built (shown beside the settings)."""
    if not (spec.theme or spec.theme_id or spec.columns or spec.column_id):
        return None, None
    try:
        return project.matrix.build(spec.to_spec()), None
    except UserError as error:
        return None, str(error)


@router.get("/projects/{project_id}/matrix")
def matrix_page(
    request: Request, project: ProjectDep, spec: SpecQuery, show: ShowQuery = "summary"
) -> Response:
    """The matrix the settings describe (a default one when none are given).

    The codebook and the attributes are read once for the whole page (the
    columns' definitions and colours, and every choice of the settings form).
    """
    tree = project.codebook.tree(include_retired=False)
    codes = {code.id: code for code in tree}
    choices = [(code.id, code_label(code)) for code in tree]
    themes = [(code.id, code_label(code)) for code in tree if code.child_count > 0]
    if not request.query_params:
        spec = default_spec(themes)
    matrix, problem = _build(project, spec)
    links = MatrixLinks(project.info.id, spec, show)
    attributes = project.study.attributes()
    context = {
        "project": project,
        "active": "matrix",
        "spec": spec,
        "show": show,
        "matrix": matrix,
        "problem": problem,
        "links": links,
        "codes": codes,
        "row_choices": ROW_CHOICES,
        "show_choices": SHOW_CHOICES,
        "status_choices": STATUS_CHOICES,
        "theme_choices": themes,
        "code_choices": choices,
        "chosen_themes": chosen_code_ids(project, spec.theme, spec.theme_id),
        "chosen_columns": chosen_code_ids(project, spec.columns, spec.column_id),
        "grouping_choices": grouping_choices(attributes),
        "filter_choices": filter_choices(attributes, spec.where_items()),
        "described": described_by_value(attributes),
        "counts_text": counts_text,
        "row_details": row_details,
        "drafts_waiting": drafts_waiting(matrix) if matrix else 0,
        "why_left_out": WHY_LEFT_OUT,
        "page_data": {
            "projectId": project.info.id,
            "includeSubcodes": spec.include_subcodes,
            "statuses": STATUS_LABELS,
        },
    }
    return render(request, "matrix/matrix.html", context)


@router.post("/projects/{project_id}/matrix/draft")
def draft_matrix(project: ProjectDep, spec: SpecQuery, show: ShowQuery = "summary") -> Response:
    """Draft the empty cells of the matrix in the address from their coded
    excerpts, then show that matrix again."""
    report = project.matrix.draft_from_data(spec.to_spec())
    drafted, linked = counted(report.drafted, "cell"), counted(report.quotes_linked, "quote")
    skipped = (
        f"{counted(report.skipped, 'charted cell')} {'was' if report.skipped == 1 else 'were'}"
    )
    message = f"Drafted {drafted} from the coded data, linking {linked}. {skipped} left alone."
    return redirect(MatrixLinks(project.info.id, spec, show).page(), message)
