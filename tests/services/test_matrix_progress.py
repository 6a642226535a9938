"""Charting progress per theme (project.matrix.progress)."""

from __future__ import annotations

import pytest

import qualframe
from services.matrix_study import MatrixStudy, build_study


@pytest.fixture
def study(project: qualframe.Project) -> MatrixStudy:
    return build_study(project)


def _counts(project: qualframe.Project) -> dict[str, tuple[int, ...]]:
    return {
        t.theme: (t.done, t.draft, t.to_chart, t.no_data, t.not_asked, t.cells)
        for t in project.matrix.progress().themes
    }


def test_progress_counts_each_themes_cells_by_status(study: MatrixStudy) -> None:
    progress = study.project.matrix.progress()
    assert progress.participants == 4
    assert [(t.theme, t.columns) for t in progress.themes] == [
        ("Barriers", 2),
        ("Hope", 1),
        ("Trust", 1),
    ]
    # Barriers: P1 and P10 have data in Stigma and Boundaries (Rules counted), P2 none,
    # P3 was not asked Q1 (covering Barriers); Hope and Trust are their own column.
    assert _counts(study.project) == {
        "Barriers": (0, 0, 4, 2, 2, 8),
        "Hope": (0, 0, 2, 2, 0, 4),
        "Trust": (0, 0, 1, 3, 0, 4),
    }


def test_a_written_summary_counts_as_draft_then_done(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    written = matrix.write_summary("P1", "Barriers > Stigma", "Felt judged.")
    assert _counts(study.project)["Barriers"] == (0, 1, 3, 2, 2, 8)
    matrix.set_status("P1", "Barriers > Stigma", "done", if_version=written.version)
    matrix.set_status("P10", "Hope", "not_asked")
    counts = _counts(study.project)
    assert counts["Barriers"] == (1, 0, 3, 2, 2, 8)
    assert counts["Hope"] == (0, 0, 2, 1, 1, 4)
    assert matrix.progress().themes[0].percent_done == 25


def test_retired_codes_are_left_out(study: MatrixStudy) -> None:
    study.project.codebook.retire("Trust")
    assert [t.theme for t in study.project.matrix.progress().themes] == ["Barriers", "Hope"]


def test_a_project_without_codes_has_no_themes(project: qualframe.Project) -> None:
    progress = project.matrix.progress()
    assert (progress.participants, progress.themes) == (0, ())
