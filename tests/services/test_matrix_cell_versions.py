"""Versions of matrix cells: a cell not stored is version 0, every write makes
exactly one new version, and a write from a stale version saves nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

import qualframe
from qualframe.errors import StaleVersionError
from qualframe.vocabulary import CellStatus as S
from services.matrix_study import MatrixStudy, build_study


@pytest.fixture
def study(project: qualframe.Project) -> MatrixStudy:
    return build_study(project)


def _version(project: qualframe.Project, row: Any = "P1", code: str = "Barriers") -> int:
    return project.matrix.cell(row, code).version


def test_a_cell_not_stored_is_version_zero_and_its_first_write_stores_version_one(
    study: MatrixStudy,
) -> None:
    matrix = study.project.matrix
    unstored = matrix.cell("P1", "Hope")
    assert (unstored.cell_id, unstored.version, unstored.guid) == (None, 0, None)
    written = matrix.write_summary("P1", "Hope", "Hopes things improve.", if_version=0)
    assert written.version == 1
    assert uuid.UUID(written.guid)
    shown = matrix.cell("P1", "Hope")
    assert (shown.version, shown.guid, shown.cell_id) == (1, written.guid, written.cell_id)
    built = matrix.build(columns="Hope").cell("P1", "Hope")
    assert (built.version, built.guid) == (1, written.guid)
    again = matrix.set_status("P1", "Hope", "draft", if_version=1)
    assert (again.version, again.guid, again.summary) == (2, written.guid, "Hopes things improve.")


def _writes(study: MatrixStudy) -> dict[str, Callable[[int | None], qualframe.CellRecord]]:
    """Each write of P1 × Barriers, stating a version."""
    matrix, codings = study.project.matrix, study.codings
    stigma = codings["P1", "Barriers > Stigma"]
    rules = codings["P1", "Barriers > Boundaries > Rules"]
    return {
        "write_summary": lambda v: matrix.write_summary("P1", "Barriers", "New.", if_version=v),
        "set_status": lambda v: matrix.set_status("P1", "Barriers", "no_data", if_version=v),
        "link_quote": lambda v: matrix.link_quote("P1", "Barriers", stigma, if_version=v),
        "unlink_quote": lambda v: matrix.unlink_quote("P1", "Barriers", rules, if_version=v),
        "reorder_quotes": lambda v: matrix.reorder_quotes("P1", "Barriers", [rules], if_version=v),
    }


def _charted(study: MatrixStudy) -> int:
    """Chart P1 × Barriers with a draft summary and one quote; returns its version."""
    matrix = study.project.matrix
    matrix.write_summary("P1", "Barriers", "Stigma and rules.", status="draft")
    rules = study.codings["P1", "Barriers > Boundaries > Rules"]
    return matrix.link_quote("P1", "Barriers", rules, if_version=1).version


@pytest.mark.parametrize(
    "write", ["write_summary", "set_status", "link_quote", "unlink_quote", "reorder_quotes"]
)
def test_each_write_makes_exactly_one_new_version_and_returns_it(
    study: MatrixStudy, write: str
) -> None:
    before = _charted(study)
    assert before == 2
    saved = _writes(study)[write](before)
    assert saved.version == before + 1
    assert _version(study.project) == before + 1


@pytest.mark.parametrize(
    "write", ["write_summary", "set_status", "link_quote", "unlink_quote", "reorder_quotes"]
)
def test_a_write_from_a_stale_version_saves_nothing(study: MatrixStudy, write: str) -> None:
    project = study.project
    current = _charted(study)
    shown = project.matrix.cell("P1", "Barriers")
    audited = len(project.activity())
    with pytest.raises(
        StaleVersionError,
        match=r"The cell P1 × 'Barriers' was changed by someone else since you read it "
        r"\(you read version 1; it is now at version 2\); nothing was saved",
    ):
        _writes(study)[write](current - 1)
    assert project.matrix.cell("P1", "Barriers") == shown
    assert len(project.activity()) == audited


def test_charting_a_cell_someone_else_stored_first_is_refused(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    matrix.write_summary("P1", "Hope", "Theirs.")
    with pytest.raises(StaleVersionError, match="you read version 0; it is now at version 1"):
        matrix.write_summary("P1", "Hope", "Mine.", if_version=0)
    with pytest.raises(StaleVersionError, match="version 0"):
        matrix.link_quote("P1", "Hope", study.codings["P1", "Hope"], if_version=0)
    assert matrix.cell("P1", "Hope").summary == "Theirs."


def test_quoting_in_a_cell_not_stored_stores_it_at_version_one(study: MatrixStudy) -> None:
    linked = study.project.matrix.link_quote(
        "P1", "Hope", study.codings["P1", "Hope"], if_version=0
    )
    assert (linked.version, linked.status, linked.quote_ids) == (
        1,
        S.EMPTY,
        (study.codings["P1", "Hope"],),
    )


def test_drafting_makes_one_new_version_of_each_drafted_cell(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    matrix.set_status("P2", "Hope", "draft")  # stored, draftable: version 1
    report = matrix.draft_from_data(matrix.spec(columns="Hope"))
    assert report.drafted == 2 and report.cell is None
    assert (_version(study.project, "P1", "Hope"), _version(study.project, "P2", "Hope")) == (1, 2)


def test_drafting_one_cell_states_its_version_and_answers_the_stored_cell(
    study: MatrixStudy,
) -> None:
    matrix = study.project.matrix
    audited = len(study.project.activity())
    with pytest.raises(StaleVersionError, match="The cell P1 × 'Hope'"):
        matrix.draft_cell("P1", "Hope", if_version=1)
    assert len(study.project.activity()) == audited
    report = matrix.draft_cell("P1", "Hope", if_version=0)
    assert report.drafted == 1 and report.cell is not None
    assert (report.cell.version, report.cell.status) == (1, S.DRAFT)
    assert report.cell.quote_ids == (study.codings["P1", "Hope"],)
    left = matrix.draft_cell("P1", "Hope", if_version=1)  # drafted already: left alone
    assert (left.drafted, left.skipped) == (0, 1)
    assert left.cell is not None and left.cell.version == 1
    assert matrix.draft_cell("P3", "Hope").cell is None  # nothing to draft, nothing stored
