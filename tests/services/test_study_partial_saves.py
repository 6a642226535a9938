"""A row of the study tables saves only the fields edited since it was read, with
the version it read: a stale save is refused whole, and a save on the current
version changes only what it sends, leaving a field someone else saved intact."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.errors import StaleVersionError


@pytest.fixture
def study(project: qualframe.Project) -> qualframe.Project:
    project.study.define_attribute("employer", "case", "categorical", ["NHS", "charity"])
    project.study.define_attribute("age", "participant", "number")
    project.study.add_case("Trust A", "Inpatient", employer="NHS")
    project.study.add_case("Charity B")
    project.study.add_participant("P01", "Trust A", "First", values={"age": 30})
    return project


def test_a_stale_partial_case_save_is_refused_and_changes_nothing(
    study: qualframe.Project,
) -> None:
    read = study.study.cases()[1]
    other = study.study.update_case("Trust A", description="Changed elsewhere", if_version=1)
    before = len(study.audit_log())
    with pytest.raises(StaleVersionError, match=r"case 'Trust A'.*version 1.*version 2"):
        study.study.update_case(read.id, values={"employer": "charity"}, if_version=read.version)
    case = study.study.cases()[1]
    assert (case.version, case.description, case.attributes) == (
        other.version,
        "Changed elsewhere",
        {"employer": "NHS"},
    )
    assert len(study.audit_log()) == before


def test_a_partial_case_save_changes_only_the_field_sent(study: qualframe.Project) -> None:
    # Two people read version 1; one saves the description, the other (told of the
    # conflict and merged) saves only the employer on version 2.
    first = study.study.update_case("Trust A", description="Outpatient", if_version=1)
    second = study.study.update_case(
        "Trust A", values={"employer": "charity"}, if_version=first.version
    )
    assert (second.version, second.name, second.description, second.attributes) == (
        3,
        "Trust A",
        "Outpatient",
        {"employer": "charity"},
    )


def test_a_stale_partial_participant_save_is_refused_and_changes_nothing(
    study: qualframe.Project,
) -> None:
    study.study.update_participant("P01", values={"age": 31}, if_version=1)
    with pytest.raises(StaleVersionError, match="participant 'P01'"):
        study.study.update_participant("P01", description="Late note", if_version=1)
    person = study.study.participants()[0]
    assert (person.version, person.description, person.attributes["age"]) == (2, "First", "31")


def test_a_partial_participant_save_leaves_a_concurrently_saved_field_intact(
    study: qualframe.Project,
) -> None:
    moved = study.study.update_participant("P01", case="Charity B", if_version=1)
    described = study.study.update_participant(
        "P01", description="Second note", if_version=moved.version
    )
    assert (described.case, described.description, described.attributes) == (
        "Charity B",
        "Second note",
        {"age": "30"},
    )
    valued = study.study.update_participant("P01", values={"age": ""}, if_version=3)
    assert (valued.version, valued.case, valued.description, valued.attributes) == (
        4,
        "Charity B",
        "Second note",
        {},
    )
