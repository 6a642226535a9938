"""Building framework matrices: rows, columns, groups, counts, statuses, frames."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from qualframe.vocabulary import CellStatus, RowKind
from services.matrix_study import MatrixStudy, build_study


@pytest.fixture
def study(project: qualframe.Project) -> MatrixStudy:
    return build_study(project)


def _audit_size(project: qualframe.Project) -> int:
    return len(project.audit_log())


def test_participant_rows_count_codings_per_code(study: MatrixStudy) -> None:
    matrix = study.project.matrix.build(columns=["Hope", "Trust", "Barriers > Stigma"])
    frame = matrix.to_frame("codings")
    assert list(frame.index) == ["P1", "P2", "P3", "P10"]  # natural order: P3 < P10
    assert list(frame.columns) == ["Hope", "Trust", "Barriers > Stigma"]
    assert frame.loc["P1"].tolist() == [1, 0, 1]
    assert frame.loc["P2"].tolist() == [1, 1, 0]
    assert frame.loc["P10"].tolist() == [0, 0, 1]
    assert matrix.rows[0].kind is RowKind.PARTICIPANT
    assert matrix.rows[0].attributes["case"] == "Trust A"


def test_theme_columns_are_its_direct_subcodes(study: MatrixStudy) -> None:
    matrix = study.project.matrix.build(theme="Barriers")
    assert [c.path for c in matrix.columns] == ["Barriers > Stigma", "Barriers > Boundaries"]
    assert {c.theme for c in matrix.columns} == {"Barriers"}
    plain = matrix.to_frame("codings")
    assert plain.loc["P1", "Barriers > Boundaries"] == 0  # P1 coded only the sub-code Rules


def test_include_subcodes_counts_descendants_codings(study: MatrixStudy) -> None:
    matrix = study.project.matrix.build(theme="Barriers", include_subcodes=True)
    frame = matrix.to_frame("codings")
    assert frame.loc["P1", "Barriers > Boundaries"] == 1
    assert frame.loc["P10", "Barriers > Boundaries"] == 1


def test_rows_are_ordered_by_ordinal_levels_then_natural_name(study: MatrixStudy) -> None:
    matrix = study.project.matrix.build(columns="Hope", order_by="band")
    # junior (P1), senior (P2, P10), then no band (P3)
    assert [r.label for r in matrix.rows] == ["P1", "P2", "P10", "P3"]


def test_where_keeps_matching_participants_through_case_attributes(study: MatrixStudy) -> None:
    matrix = study.project.matrix.build(columns="Hope", where={"employer": "NHS"})
    assert [r.label for r in matrix.rows] == ["P1", "P2"]


def test_grouped_rows_have_aggregates_per_group(study: MatrixStudy) -> None:
    project = study.project
    project.matrix.write_summary({"stakeholder group": "peer worker"}, "Hope", "Some hope.", "done")
    matrix = project.matrix.build(
        columns=["Hope", "Barriers > Stigma"], group_by="stakeholder group"
    )
    assert [g.label for g in matrix.groups] == ["peer worker", "service user"]
    peer = matrix.groups[0]
    assert [matrix.rows[i].label for i in peer.rows] == ["P1", "P10"]
    assert peer.participants == 2
    assert [c.participants for c in peer.aggregate] == [1, 2]
    assert peer.aggregate[0].summary == "Some hope."
    assert peer.aggregate[0].status is CellStatus.DONE
    frame = matrix.to_frame("participants", aggregates=True)
    assert isinstance(frame.index, pd.MultiIndex)
    assert frame.loc[("peer worker", "(all)"), "Barriers > Stigma"] == 2
    assert frame.loc[("service user", "P2"), "Hope"] == 1


def test_grouping_by_case_uses_the_case_cells(study: MatrixStudy) -> None:
    project = study.project
    project.matrix.write_summary("Trust A", "Hope", "Both hopeful.")
    matrix = project.matrix.build(columns="Hope", group_by="case")
    trust = next(g for g in matrix.groups if g.label == "Trust A")
    assert trust.aggregate[0].summary == "Both hopeful."
    assert trust.aggregate[0].row_kind is RowKind.CASE


def test_case_rows_hold_their_participants_codings(study: MatrixStudy) -> None:
    matrix = study.project.matrix.build(rows="cases", columns=["Hope", "Barriers > Stigma"])
    frame = matrix.to_frame("participants")
    assert frame.loc["Trust A"].tolist() == [2, 1]
    assert frame.loc["Charity B"].tolist() == [0, 1]


def test_group_rows_are_one_per_combination_of_values(study: MatrixStudy) -> None:
    matrix = study.project.matrix.build(
        rows="groups", group_by=["employer", "stakeholder group"], columns="Hope"
    )
    assert [r.label for r in matrix.rows] == [
        "NHS · peer worker",
        "NHS · service user",
        "voluntary sector · peer worker",
        "voluntary sector · service user",
    ]
    assert matrix.rows[0].key == "employer=NHS|stakeholder group=peer worker"
    assert matrix.to_frame("codings")["Hope"].tolist() == [1, 1, 0, 0]


def test_a_cell_shows_in_two_different_matrices(study: MatrixStudy) -> None:
    project = study.project
    project.matrix.write_summary("P1", "Barriers > Stigma", "Felt judged.")
    by_theme = project.matrix.build(theme="Barriers")
    by_codes = project.matrix.build(
        columns=["Hope", "Barriers > Stigma"], group_by="stakeholder group"
    )
    first = by_theme.cell("P1", "Barriers > Stigma")
    second = by_codes.cell("P1", "Barriers > Stigma")
    assert first.cell_id is not None and first.cell_id == second.cell_id
    assert first.summary == second.summary == "Felt judged."


def test_status_without_a_stored_cell_is_computed(study: MatrixStudy) -> None:
    matrix = study.project.matrix.build(columns=["Hope", "Barriers > Stigma"])
    assert matrix.cell("P1", "Hope").status is CellStatus.EMPTY  # data waiting
    assert matrix.cell("P10", "Hope").status is CellStatus.NO_DATA
    assert matrix.cell("P3", "Barriers > Stigma").status is CellStatus.NOT_ASKED
    assert matrix.cell("P2", "Barriers > Stigma").status is CellStatus.NO_DATA
    assert matrix.cell("P1", "Hope").cell_id is None


def test_moving_a_code_keeps_the_matrix_right(study: MatrixStudy) -> None:
    project = study.project
    project.matrix.write_summary("P1", "Barriers > Boundaries > Rules", "Rules chafe.")
    project.codebook.move("Barriers > Boundaries > Rules", parent="Barriers")
    matrix = project.matrix.build(theme="Barriers")
    assert [c.path for c in matrix.columns] == [
        "Barriers > Stigma",
        "Barriers > Boundaries",
        "Barriers > Rules",
    ]
    cell = matrix.cell("P1", "Barriers > Rules")
    assert (cell.codings, cell.summary) == (1, "Rules chafe.")


def test_relinking_a_document_changes_the_participant_row(study: MatrixStudy) -> None:
    project = study.project
    project.documents.unlink_participants("interview-P2", "P2")
    project.documents.link_participants("interview-P2", "P3")
    frame = project.matrix.build(columns=["Hope", "Trust"]).to_frame("codings")
    assert frame.loc["P2"].tolist() == [0, 0]
    assert frame.loc["P3"].tolist() == [1, 1]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"columns": "Nope"}, NotFoundError, "There is no code called 'Nope'"),
        ({"columns": "Hope", "group_by": "colour"}, NotFoundError, "No attribute called 'colour'"),
        ({"columns": "Hope", "where": {"colour": "red"}}, NotFoundError, "'colour'"),
        ({}, ValidationError, "Choose the matrix columns"),
        ({"theme": "Hope"}, ValidationError, "'Hope' has no sub-codes"),
        ({"rows": "teams", "columns": "Hope"}, ValidationError, "not 'teams'"),
        ({"rows": "groups", "columns": "Hope"}, ValidationError, "needs attributes to group by"),
        (
            {"rows": "cases", "columns": "Hope", "group_by": "band"},
            ValidationError,
            "Case rows can only group by case attributes",
        ),
    ],
)
def test_bad_matrix_requests_say_what_is_wrong(
    study: MatrixStudy, kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    before = _audit_size(study.project)
    with pytest.raises(error, match=message.replace("(", r"\(")):
        study.project.matrix.build(**kwargs)
    assert _audit_size(study.project) == before


def test_document_attributes_cannot_group_rows(study: MatrixStudy) -> None:
    study.project.study.define_attribute("mode", "document", "categorical", ["online"])
    with pytest.raises(ValidationError, match="'mode' describes documents"):
        study.project.matrix.build(columns="Hope", group_by="mode")


def test_frame_values_are_checked(study: MatrixStudy) -> None:
    matrix = study.project.matrix.build(columns="Hope")
    with pytest.raises(ValidationError, match="not 'colour'"):
        matrix.to_frame("colour")
    assert matrix.to_frame("status").loc["P1", "Hope"] == "empty"


def test_export_writes_one_sheet_per_theme_and_a_report(study: MatrixStudy, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    project = study.project
    project.codebook.add("Outcomes")
    project.codebook.add("Recovery", parent="Outcomes")
    project.matrix.write_summary("P1", "Barriers > Stigma", "Felt judged by staff.")
    project.matrix.link_quote("P1", "Barriers > Stigma", study.codings["P1", "Barriers > Stigma"])
    spec = project.matrix.spec(theme=["Barriers", "Outcomes"], group_by="stakeholder group")
    project.matrix.export(spec, tmp_path / "matrix.xlsx")
    names = load_workbook(tmp_path / "matrix.xlsx").sheetnames
    assert "Barriers" in names and "Outcomes" in names
    assert any(name.startswith("Barriers quotes") for name in names)
    project.matrix.export(spec, tmp_path / "matrix.html")
    html = (tmp_path / "matrix.html").read_text("utf-8")
    assert "Felt judged by staff." in html and "stigma" in html
    before = len(project.audit_log())
    with pytest.raises(ValidationError, match=r"not '\.txt'"):
        project.matrix.export(spec, tmp_path / "matrix.txt")
    assert len(project.audit_log()) == before and not (tmp_path / "matrix.txt").exists()
