"""The agreement facade's tables: DataFrames with the stated columns."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import qualframe
from qualframe.services.team.frames import (
    AGREEMENT_COLUMNS,
    CELL_COLUMNS,
    DISAGREEMENT_COLUMNS,
    OVERALL,
)
from qualframe.services.team.records import AgreementReport

sys.path.insert(0, str(Path(__file__).parents[1] / "services"))
from team.team_study import build


@pytest.fixture
def agreement(project: qualframe.Project) -> qualframe.Project:
    build(project)
    return project


def test_the_agreement_table_has_one_row_per_code_then_the_overall_row(
    agreement: qualframe.Project,
) -> None:
    frame = agreement.agreement.table(documents=["D1.txt"])
    assert tuple(frame.columns) == AGREEMENT_COLUMNS == (
        "unit", "code", "coders", "units", "percent", "cohen_kappa", "fleiss_kappa",
        "gwet_ac1", "krippendorff_alpha", "alpha_binary", "alpha_codes", "alpha_u",
        "char_percent", "char_kappa", "uncoded_share",
    )  # fmt: skip
    assert frame["code"].tolist() == ["Hope", "Trust", OVERALL]
    assert frame["unit"].tolist() == ["turn"] * 3
    assert frame["units"].tolist() == [10, 10, 20]
    assert frame["percent"].tolist() == pytest.approx([0.8, 1.0, 0.9])
    assert frame["alpha_binary"].isna().all()
    spans = agreement.agreement.table(unit="span", documents=["D3.txt"])
    assert spans["percent"].isna().all() and spans["units"].tolist() == [53, 53]
    assert str(spans["char_percent"].dtype) == "float64"


def test_the_disagreements_table_has_one_row_per_disagreement(
    agreement: qualframe.Project,
) -> None:
    agreement.agreement.open_round("Pilot", documents=["D1.txt"])
    frame = agreement.agreement.disagreements_table("Pilot")
    assert tuple(frame.columns) == DISAGREEMENT_COLUMNS
    assert frame[["coded_by", "not_coded_by", "codings"]].values.tolist() == [
        ["ana", "ben", 1],
        ["ben", "ana", 1],
    ]
    key = frame["key"].iloc[0]
    agreement.agreement.resolve("Pilot", key, "keep_both")
    both = agreement.agreement.disagreements_table("Pilot", resolved=None)
    assert both["outcome"].tolist() == ["keep_both", None]
    assert both["resolved_by"].tolist() == ["tester", None]


def test_the_cell_table_has_one_row_per_cell(project: qualframe.Project) -> None:
    project.study.add_case("A")
    project.study.add_participant("P01", "A")
    project.codebook.add("Hope")
    project.acting_as("ana").matrix.write_summary("P01", "Hope", "Hope.", "done")
    project.acting_as("ben").matrix.set_status("P01", "Hope", "draft")
    frame = project.agreement.cells_table("ana", "ben")
    assert tuple(frame.columns) == CELL_COLUMNS
    assert frame[["row", "code", "first", "second"]].values.tolist() == [
        ["P01", "Hope", "done", "draft"]
    ]
    assert frame["agree"].tolist() == [False]


def test_a_report_reads_back_from_its_json(agreement: qualframe.Project) -> None:
    for unit in ("turn", "span"):
        report = agreement.agreement.measure(unit=unit)
        assert AgreementReport.from_json(report.to_json()) == report
    with pytest.raises(qualframe.ValidationError, match="not stored agreement figures"):
        AgreementReport.from_json({"scope": {}})
