"""Editing one row of the study tables at once: names, cases, descriptions, values."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.errors import ConflictError, ValidationError


@pytest.fixture
def study(project: qualframe.Project) -> qualframe.Project:
    project.study.define_attribute("employer", "case", "categorical", ["NHS", "charity"])
    project.study.define_attribute("age", "participant", "number")
    project.study.define_attribute("group", "participant", "categorical", ["peer", "user"])
    project.study.add_case("Trust A", employer="NHS")
    project.study.add_case("Charity B", employer="charity")
    project.study.add_participant("P01", "Trust A", values={"age": 30, "group": "peer"})
    return project


def test_a_case_row_is_renamed_described_and_valued_together(study: qualframe.Project) -> None:
    record = study.study.update_case(
        "Trust A", name="Trust North", description="Inpatient", values={"employer": "charity"}
    )
    assert (record.name, record.description, record.attributes) == (
        "Trust North",
        "Inpatient",
        {"employer": "charity"},
    )
    log = study.audit_log(entity_type="case", newest_first=True, limit=2)
    assert list(log["action"]) == ["attribute.set", "case.edit"]
    assert "Set employer = charity on case 'Trust North'" in log["summary"].iloc[0]


def test_a_bad_value_leaves_the_whole_case_row_unchanged(study: qualframe.Project) -> None:
    before = len(study.audit_log())
    with pytest.raises(ValidationError, match="employer"):
        study.study.update_case("Trust A", name="Renamed", values={"employer": "council"})
    assert [c.name for c in study.study.cases()] == ["Charity B", "Trust A"]
    assert len(study.audit_log()) == before


def test_a_participant_row_moves_and_clears_a_value(study: qualframe.Project) -> None:
    record = study.study.update_participant(
        "P01", identifier="P1", case="Charity B", values={"age": "", "group": "user"}
    )
    assert (record.identifier, record.case) == ("P1", "Charity B")
    assert record.attributes == {"employer": "charity", "group": "user"}


def test_a_participant_row_cannot_set_an_inherited_value(study: qualframe.Project) -> None:
    with pytest.raises(ValidationError, match="inherit"):
        study.study.update_participant("P01", identifier="P9", values={"employer": "charity"})
    assert [p.identifier for p in study.study.participants()] == ["P01"]


def test_a_taken_name_refuses_the_row(study: qualframe.Project) -> None:
    with pytest.raises(ConflictError, match="Charity B"):
        study.study.update_case("Trust A", name="charity b", values={"employer": "charity"})
    assert study.study.cases()[1].attributes == {"employer": "NHS"}


def test_a_row_without_changes_records_nothing(study: qualframe.Project) -> None:
    before = len(study.audit_log())
    study.study.update_case("Trust A", name="Trust A", values={"employer": "nhs"})
    assert len(study.audit_log()) == before
