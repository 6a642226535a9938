"""Versions of cases, participants and attributes: every write counts one change
(whatever it changed: fields, attribute values, both), a stale ``if_version``
is refused and nothing is saved; typology assignments count on the object."""

from __future__ import annotations

import uuid

import pytest

import qualframe
from qualframe import StaleVersionError, UploadedFile

STALE = "was changed by someone else since you read it"


@pytest.fixture
def study(project: qualframe.Project) -> qualframe.Project:
    """Cases Trust A (P01) and Charity B (P02) with employer and group attributes."""
    s = project.study
    s.define_attribute("employer", "case", "categorical", ["NHS", "VCS"])
    s.define_attribute("group", "participant", "categorical", ["service user", "peer worker"])
    s.add_case("Trust A", employer="NHS")
    s.add_case("Charity B", employer="VCS")
    s.add_participant("P01", "Trust A", group="service user")
    s.add_participant("P02", "Charity B")
    project.typologies.define("style", categories=["close", "distant"])
    project.typologies.define("stance", level="participant", categories=["wary", "open"])
    return project


def _case(project: qualframe.Project, name: str) -> qualframe.CaseRecord:
    return next(case for case in project.study.cases() if case.name == name)


def _person(project: qualframe.Project, identifier: str) -> qualframe.ParticipantRecord:
    return next(p for p in project.study.participants() if p.identifier == identifier)


def test_new_records_are_at_version_1_with_guids(study: qualframe.Project) -> None:
    trust, person = _case(study, "Trust A"), _person(study, "P01")
    attribute = study.study.attributes()[0]
    assert (trust.version, person.version, attribute.version) == (1, 1, 1)
    assert all(uuid.UUID(record.guid) for record in (trust, person, attribute))


def test_a_row_saved_whole_counts_one_change(study: qualframe.Project) -> None:
    case = study.study.update_case(
        "Trust A", name="Trust AA", values={"employer": "VCS"}, if_version=1
    )
    assert (case.name, case.attributes, case.version) == ("Trust AA", {"employer": "VCS"}, 2)
    person = study.study.update_participant(
        "P01",
        identifier="P01a",
        case="Charity B",
        values={"group": "peer worker"},
        if_version=1,
    )
    assert (person.identifier, person.case, person.version) == ("P01a", "Charity B", 2)
    assert _person(study, "P01a").version == 2


def test_values_alone_count_a_change_of_their_owner(study: qualframe.Project) -> None:
    saved = study.study.set_attributes("case", "Trust A", {"employer": "VCS"}, if_version=1)
    assert (saved.owner, saved.values, saved.version) == ("Trust A", {"employer": "VCS"}, 2)
    assert _case(study, "Trust A").version == 2
    again = study.study.set_attributes("case", "Trust A", {"employer": "VCS"})
    assert again.version == 2, "setting the same value changes nothing"


def test_a_stale_row_is_refused_and_nothing_is_saved(study: qualframe.Project) -> None:
    study.study.edit_case("Trust A", description="Acute trust")
    activity = len(study.activity())
    with pytest.raises(StaleVersionError, match=STALE) as refused:
        study.study.update_case("Trust A", name="Renamed", values={"employer": "VCS"}, if_version=1)
    assert str(refused.value).startswith("The case 'Trust A' was changed")
    assert "you read version 1; it is now at version 2" in str(refused.value)
    case = _case(study, "Trust A")
    assert (case.attributes, case.version) == ({"employer": "NHS"}, 2)
    assert len(study.activity()) == activity


@pytest.mark.parametrize(
    "write",
    [
        lambda s: s.study.edit_participant("P01", description="x", if_version=2),
        lambda s: s.study.move_participant("P01", "Charity B", if_version=2),
        lambda s: s.study.delete_participant("P01", if_version=2),
        lambda s: s.study.set_attributes("participant", "P01", {"group": None}, if_version=2),
        lambda s: s.typologies.assign("stance", "P01", "open", if_version=2),
    ],
    ids=["edit", "move", "delete", "values", "assign"],
)
def test_every_participant_write_states_its_version(study: qualframe.Project, write) -> None:
    activity = len(study.activity())
    with pytest.raises(StaleVersionError, match=STALE):
        write(study)
    assert _person(study, "P01").version == 1
    assert len(study.activity()) == activity


def test_attributes_edit_and_delete_with_their_version(study: qualframe.Project) -> None:
    edited = study.study.edit_attribute(
        "group", name="role", add_levels=["staff"], description="Their role.", if_version=1
    )
    assert (edited.name, edited.version) == ("role", 2)
    with pytest.raises(StaleVersionError, match="The attribute 'role' was changed"):
        study.study.delete_attribute("role", if_version=1)
    assert study.study.delete_attribute("role", if_version=2) == 1


def test_a_typology_assignment_counts_on_the_case_and_placements_show_it(
    study: qualframe.Project,
) -> None:
    placed = study.typologies.assign("style", "Trust A", "close", if_version=1)
    assert (placed.category, placed.version) == ("close", 2)
    placements = {p.object: p for p in study.typologies.placements("style")}
    assert (placements["Trust A"].version, placements["Charity B"].version) == (2, 1)
    removed = study.typologies.unassign("style", "Trust A", if_version=2)
    assert (removed.previous, removed.version) == ("close", 3)


def test_an_import_counts_one_change_of_each_record_it_changes(
    study: qualframe.Project,
) -> None:
    table = b"participant,case,group,description\nP01,Charity B,peer worker,Moved\nP03,Trust A,,\n"
    study.study.apply_import(UploadedFile("people.csv", table), "participants")
    assert _person(study, "P01").version == 2  # moved, described and valued: one change
    assert _person(study, "P02").version == 1
    assert _person(study, "P03").version == 1


def test_previews_of_schedule_and_answers_imports_write_nothing(
    study: qualframe.Project,
) -> None:
    schedule = UploadedFile("q.csv", b"identifier,question,levels\nQ1,Helped?,yes;no\n")
    activity = len(study.activity())
    preview = study.study.preview_import_schedule(schedule)
    assert preview.dry_run and preview.summary().startswith("Would import 1 question")
    assert study.study.questions() == [] and len(study.activity()) == activity
    assert not study.study.import_schedule(schedule).dry_run
    answers = UploadedFile("a.csv", b"participant,Q1\nP01,yes\n")
    assert study.study.preview_import_answers(answers).changed == 1
    assert study.study.answers().rows[0].values == {"Q1": None}
