"""Question coverage, and "not asked" versus "no data" in framework matrices."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from qualframe.vocabulary import CellStatus
from services.matrix_study import MatrixStudy, build_study


@pytest.fixture
def study(project: qualframe.Project) -> MatrixStudy:
    return build_study(project)


def test_coverage_lists_each_question_and_code(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    assert matrix.cover("Q1", ["Hope", "Barriers"]) == 1  # Barriers was covered already
    frame = matrix.coverage()
    assert list(frame.columns) == ["question_id", "question", "text", "code_id", "code"]
    assert sorted(frame["code"]) == ["Barriers", "Hope"]
    log = study.project.audit_log(entity_type="question")
    assert log["action"].iloc[-1] == "question.cover"
    assert matrix.uncover("Q1", "Hope") == 1
    assert frame.shape[0] - 1 == len(matrix.coverage())


def test_not_asked_differs_from_no_data(study: MatrixStudy) -> None:
    matrix = study.project.matrix.build(columns=["Barriers > Stigma", "Hope"])
    # Q1 covers Barriers (so its sub-codes): P3 was not asked, P2 was and said nothing.
    assert matrix.cell("P3", "Barriers > Stigma").status is CellStatus.NOT_ASKED
    assert matrix.cell("P2", "Barriers > Stigma").status is CellStatus.NO_DATA
    # No question covers Hope: never "not asked".
    assert matrix.cell("P3", "Hope").status is CellStatus.NO_DATA


def test_a_case_is_not_asked_only_when_none_of_its_participants_was(
    study: MatrixStudy,
) -> None:
    project = study.project
    columns = ["Barriers > Boundaries"]
    cases = project.matrix.build(rows="cases", columns=columns)
    assert cases.cell("Charity B", columns[0]).status is CellStatus.EMPTY  # P10 has data
    assert cases.cell("Trust A", columns[0]).status is CellStatus.NO_DATA
    project.study.set_answer("P10", "Q1", None, asked=False)
    project.coding.remove(study.codings["P10", "Barriers > Boundaries"])
    cases = project.matrix.build(rows="cases", columns=columns)
    assert cases.cell("Charity B", columns[0]).status is CellStatus.NOT_ASKED


def test_uncovering_then_the_cell_is_no_data(study: MatrixStudy) -> None:
    project = study.project
    project.matrix.uncover("Q1", "Barriers")
    matrix = project.matrix.build(columns="Barriers > Stigma")
    assert matrix.cell("P3", "Barriers > Stigma").status is CellStatus.NO_DATA


def test_a_stored_status_wins_over_the_computed_one(study: MatrixStudy) -> None:
    project = study.project
    project.matrix.set_status("P3", "Barriers > Stigma", "no_data")
    assert project.matrix.cell("P3", "Barriers > Stigma").status is CellStatus.NO_DATA


@pytest.mark.parametrize(
    ("question", "codes", "error", "message"),
    [
        ("Q9", ["Hope"], NotFoundError, "No question 'Q9'"),
        ("Q1", ["Hope", "Nope"], NotFoundError, "no code called 'Nope'"),
        ("Q1", [], ValidationError, "Name at least one code"),
    ],
)
def test_bad_coverage_input_writes_nothing(
    study: MatrixStudy, question: str, codes: list[str], error: type[Exception], message: str
) -> None:
    project = study.project
    before = (len(project.matrix.coverage()), len(project.audit_log()))
    with pytest.raises(error, match=message):
        project.matrix.cover(question, codes)
    assert (len(project.matrix.coverage()), len(project.audit_log())) == before


def test_uncovering_a_code_not_covered_is_refused(study: MatrixStudy) -> None:
    project = study.project
    before = len(project.audit_log())
    with pytest.raises(NotFoundError, match="Q1 does not cover 'Hope'"):
        project.matrix.uncover("Q1", ["Barriers", "Hope"])
    assert len(project.matrix.coverage()) == 1
    assert len(project.audit_log()) == before
