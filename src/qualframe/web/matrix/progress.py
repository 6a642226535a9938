"""Charting progress per theme, as JSON: ``GET /api/projects/{pid}/matrix/progress``.

The overview page shows the same records (see
:mod:`qualframe.services.matrix.progress` for what is counted).
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from qualframe.services.matrix.progress import ThemeProgress
from qualframe.web.server.dependencies import ProjectDep

api_router = APIRouter(tags=["matrix"])


class ThemeProgressOut(BaseModel):
    """The cells of one top-level theme's default matrix by status."""

    code_id: int
    theme: str = Field(description="The theme's name.")
    columns: int = Field(description="Codes of the theme's matrix (its direct sub-codes).")
    participants: int
    cells: int = Field(description="columns × participants; the five counts add up to it.")
    done: int
    draft: int
    to_chart: int = Field(description="Cells with coded data and nothing charted.")
    no_data: int
    not_asked: int
    percent_done: int = Field(description="Done, in % of done + draft + to chart.")


class ProgressOut(BaseModel):
    """Charting progress of the project, one record per top-level theme."""

    participants: int
    themes: list[ThemeProgressOut]


def theme_out(theme: ThemeProgress) -> ThemeProgressOut:
    """The JSON record of one theme's progress."""
    return ThemeProgressOut(
        code_id=theme.code_id,
        theme=theme.theme,
        columns=theme.columns,
        participants=theme.participants,
        cells=theme.cells,
        done=theme.done,
        draft=theme.draft,
        to_chart=theme.to_chart,
        no_data=theme.no_data,
        not_asked=theme.not_asked,
        percent_done=theme.percent_done,
    )


@api_router.get("/projects/{project_id}/matrix/progress")
def charting_progress(project: ProjectDep) -> ProgressOut:
    """How many cells of each top-level theme's matrix (every participant by the
    theme's direct sub-codes, deeper sub-codes' codings counted) are done,
    draft, to chart (coded data, nothing charted), no data and not asked.
    Reads only."""
    progress = project.matrix.progress()
    return ProgressOut(
        participants=progress.participants, themes=[theme_out(t) for t in progress.themes]
    )
