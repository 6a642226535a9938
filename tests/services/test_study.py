"""Attributes, cases and participants through the Python API (services.study)."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

import qualframe
from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.services.study.attribute_values import canonical_value, infer_type
from qualframe.vocabulary import AttributeLevel, AttributeType


def _log_size(project: qualframe.Project) -> int:
    return len(project.audit_log())


@pytest.fixture
def study(project: qualframe.Project) -> qualframe.Project:
    """The peer-worker study's comparison dimensions, two cases and three participants."""
    s = project.study
    s.define_attribute("employer", "case", "categorical", ["NHS", "voluntary sector"])
    s.define_attribute(
        "service setting", "case", "categorical", ["inpatient", "community", "BME service"]
    )
    s.define_attribute(
        "stakeholder group",
        "participant",
        "categorical",
        ["peer worker", "service user", "non-peer staff", "line manager"],
    )
    s.define_attribute("years in post", "participant", "number")
    s.define_attribute("interviewed", "participant", "date")
    s.define_attribute("lived experience", "participant", "boolean")
    s.define_attribute("seniority", "participant", "ordinal", ["junior", "mid", "senior"])
    s.add_case("Trust A", employer="nhs", values={"service setting": "Inpatient"})
    s.add_case("Voluntary B", values={"employer": "Voluntary Sector"})
    s.add_participant("P01", "Trust A", values={"stakeholder group": "peer worker"})
    s.add_participant("P02", "Trust A", values={"years in post": "2.5", "seniority": "senior"})
    s.add_participant("P10", "Voluntary B", values={"interviewed": "05/04/2013"})
    return project


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("type_", "levels", "raw", "value", "number"),
    [
        (AttributeType.BOOLEAN, (), "Yes", "true", None),
        (AttributeType.BOOLEAN, (), "n", "false", None),
        (AttributeType.BOOLEAN, (), 1, "true", None),
        (AttributeType.BOOLEAN, (), False, "false", None),
        (AttributeType.NUMBER, (), "3.0", "3", 3.0),
        (AttributeType.NUMBER, (), 2.5, "2.5", 2.5),
        (AttributeType.NUMBER, (), "1,234", "1234", 1234.0),
        (AttributeType.DATE, (), "2013-04-05", "2013-04-05", 734963.0),
        (AttributeType.DATE, (), "05/04/2013", "2013-04-05", 734963.0),
        (AttributeType.DATE, (), datetime.datetime(2013, 4, 5, 0, 0), "2013-04-05", 734963.0),
        (AttributeType.DATE, (), "5 April 2013", "2013-04-05", 734963.0),
        (AttributeType.CATEGORICAL, ("NHS", "voluntary sector"), "nhs", "NHS", None),
        (AttributeType.ORDINAL, ("low", "mid", "high"), "HIGH", "high", 2.0),
        (AttributeType.CATEGORICAL, ("1", "2"), 2, "2", None),
        (AttributeType.TEXT, (), "  some   text ", "some text", None),
    ],
)
def test_values_are_stored_in_canonical_spelling(type_, levels, raw, value, number) -> None:
    checked = canonical_value("x", type_, levels, raw)
    assert checked is not None
    assert (checked.value, checked.number) == (value, number)


@pytest.mark.parametrize(
    ("type_", "levels", "raw", "fragment"),
    [
        (AttributeType.NUMBER, (), "abc", "'abc' is not a number"),
        (AttributeType.DATE, (), "31/02/2013", "is not a date"),
        (AttributeType.BOOLEAN, (), "maybe", "is not yes or no"),
        (AttributeType.CATEGORICAL, ("NHS", "voluntary"), "private", "allowed: NHS, voluntary"),
    ],
)
def test_bad_values_name_attribute_value_and_what_is_allowed(type_, levels, raw, fragment) -> None:
    with pytest.raises(ValidationError) as error:
        canonical_value("employer", type_, levels, raw)
    assert fragment in str(error.value)
    assert "employer" in str(error.value)


def test_type_inference_recognises_common_columns() -> None:
    assert infer_type(["yes", "No", None, "y"]).type is AttributeType.BOOLEAN
    assert infer_type(["1", 2, "3.5"]).type is AttributeType.NUMBER
    assert infer_type(["2013-04-05", "06/05/2013"]).type is AttributeType.DATE
    settings = infer_type(["inpatient", "community", "Inpatient", "BME", "community", "BME"])
    assert settings.type is AttributeType.CATEGORICAL
    assert settings.levels == ("BME", "community", "inpatient")
    assert infer_type([f"note {i}" for i in range(10)]).type is AttributeType.TEXT


# ---------------------------------------------------------------- attributes


def test_defining_an_attribute_lists_it_and_audits_it(project: qualframe.Project) -> None:
    record = project.study.define_attribute(
        "organisational context", "case", "categorical", ["NHS only", "partnership"]
    )
    assert record.level is AttributeLevel.CASE
    assert record.levels == ("NHS only", "partnership")
    assert [a.name for a in project.study.attributes()] == ["organisational context"]
    assert project.audit_log()["summary"].iloc[-1] == (
        "Defined case attribute 'organisational context' (categorical: NHS only, partnership)"
    )


def test_attribute_names_are_unique_across_levels_ignoring_case(study: qualframe.Project) -> None:
    before = _log_size(study)
    with pytest.raises(ConflictError, match="case attribute called 'employer' already"):
        study.study.define_attribute("Employer", "participant", "text")
    assert len(study.study.attributes()) == 7
    assert _log_size(study) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("x", "case", "categorical", []), "needs its allowed values"),
        (("x", "case", "number", ["a"]), "cannot have allowed values"),
        (("x", "case", "colour"), "'colour' is not an attribute type"),
        (("x", "site", "text"), "'site' is not an attribute level"),
        (("x", "case", "ordinal", ["low", "LOW"]), "lists the value 'LOW' twice"),
        (("Participant", "case", "text"), "cannot name an attribute"),
    ],
)
def test_bad_attribute_definitions_are_refused(project, args, message) -> None:
    before = _log_size(project)
    with pytest.raises(ValidationError, match=message):
        project.study.define_attribute(*args)
    assert project.study.attributes() == []
    assert _log_size(project) == before


def test_editing_an_ordinal_attribute_reorders_ranks(study: qualframe.Project) -> None:
    s = study.study
    s.edit_attribute("seniority", levels=["senior", "mid", "junior"], add_levels=["lead"])
    record = next(a for a in s.attributes() if a.name == "seniority")
    assert record.levels == ("senior", "mid", "junior", "lead")
    frame = s.participants_frame()
    assert frame["seniority"].cat.categories.tolist() == ["senior", "mid", "junior", "lead"]
    assert frame["seniority"].cat.ordered
    s.rename_case("Trust A", "Trust Alpha")
    s.edit_attribute("seniority", name="grade", description="Band")
    assert "grade" in s.participants_frame().columns


def test_levels_in_use_cannot_be_dropped(study: qualframe.Project) -> None:
    with pytest.raises(ValidationError, match="cannot drop 'senior'"):
        study.study.edit_attribute("seniority", levels=["junior", "mid"])
    record = next(a for a in study.study.attributes() if a.name == "seniority")
    assert record.levels == ("junior", "mid", "senior")


def test_deleting_an_attribute_deletes_its_values(study: qualframe.Project) -> None:
    assert study.study.delete_attribute("employer") == 2
    assert "employer" not in study.study.cases_frame().columns
    assert "Deleted case attribute 'employer' and its 2 values" in set(study.audit_log()["summary"])


# ---------------------------------------------------------------- cases, participants


def test_participants_inherit_their_case_attributes(study: qualframe.Project) -> None:
    people = {p.identifier: p for p in study.study.participants()}
    assert people["P01"].attributes == {
        "employer": "NHS",
        "service setting": "inpatient",
        "stakeholder group": "peer worker",
    }
    assert people["P10"].case == "Voluntary B"
    assert people["P10"].attributes == {"employer": "voluntary sector", "interviewed": "2013-04-05"}


def test_participants_frame_is_typed_for_pandas(study: qualframe.Project) -> None:
    frame = study.study.participants_frame()
    assert frame["participant"].tolist() == ["P01", "P02", "P10"]
    assert list(frame.columns[:4]) == ["participant", "case", "employer", "service setting"]
    assert isinstance(frame["employer"].dtype, pd.CategoricalDtype)
    assert frame["employer"].tolist() == ["NHS", "NHS", "voluntary sector"]
    assert frame["years in post"].dtype == "float64"
    assert frame["years in post"].iloc[1] == 2.5
    assert pd.api.types.is_datetime64_any_dtype(frame["interviewed"])
    assert frame["interviewed"].iloc[2] == pd.Timestamp("2013-04-05")
    assert frame["lived experience"].dtype == "boolean"
    assert frame["seniority"].cat.ordered
    assert frame["seniority"].iloc[1] == "senior"


def test_participants_frame_filters_on_inherited_attributes(study: qualframe.Project) -> None:
    frame = study.study.participants_frame(where={"employer": "nhs"})
    assert frame["participant"].tolist() == ["P01", "P02"]


def test_cases_frame_counts_participants(study: qualframe.Project) -> None:
    frame = study.study.cases_frame()
    assert frame["case"].tolist() == ["Trust A", "Voluntary B"]
    assert frame["participants"].tolist() == [2, 1]
    assert frame["service setting"].tolist()[0] == "inpatient"


def test_moving_a_participant_changes_what_it_inherits(study: qualframe.Project) -> None:
    moved = study.study.move_participant("p01", "Voluntary B")
    assert moved.case == "Voluntary B"
    assert moved.attributes["employer"] == "voluntary sector"
    assert "Moved participant 'P01' from case 'Trust A' to 'Voluntary B'" in set(
        study.audit_log()["summary"]
    )


def test_a_case_with_participants_cannot_be_deleted(study: qualframe.Project) -> None:
    before = _log_size(study)
    with pytest.raises(ConflictError, match=r"2 participants belong to it \(P01, P02\)"):
        study.study.delete_case("Trust A")
    assert len(study.study.cases()) == 2
    assert _log_size(study) == before
    study.study.delete_participant("P10")
    study.study.delete_case("Voluntary B")
    assert [c.name for c in study.study.cases()] == ["Trust A"]


def test_setting_and_clearing_values(study: qualframe.Project) -> None:
    result = study.study.set_attributes(
        "participant", "P01", {"lived experience": "yes", "stakeholder group": None}
    )
    assert result.values == {"lived experience": "true", "stakeholder group": None}
    assert result.version == 2
    p01 = study.study.participants()[0]
    assert p01.attributes.get("lived experience") == "true"
    assert "stakeholder group" not in p01.attributes
    assert study.audit_log()["summary"].iloc[-1] == (
        "Set lived experience = true, cleared stakeholder group on participant 'P01'"
    )


def test_a_bad_value_writes_nothing(study: qualframe.Project) -> None:
    before = _log_size(study)
    with pytest.raises(ValidationError, match="'private' is not an allowed value"):
        study.study.set_attributes(
            "case", "Trust A", {"service setting": "community", "employer": "private"}
        )
    assert study.study.cases_frame()["service setting"].tolist()[0] == "inpatient"
    assert _log_size(study) == before


def test_case_attributes_cannot_be_set_on_participants(study: qualframe.Project) -> None:
    with pytest.raises(ValidationError, match="participants inherit it from their case"):
        study.study.set_attributes("participant", "P01", {"employer": "NHS"})


def test_unknown_names_are_reported_with_the_known_ones(study: qualframe.Project) -> None:
    with pytest.raises(NotFoundError, match=r"No case called 'Trust Z'.*Trust A, Voluntary B"):
        study.study.add_participant("P03", "Trust Z")
    with pytest.raises(ConflictError, match="participant 'P01' already"):
        study.study.add_participant("p01", "Trust A")
    assert len(study.study.participants()) == 3


def test_a_participant_recorded_in_a_document_cannot_be_deleted(
    study: qualframe.Project,
) -> None:
    from qualframe.storage.models import Document, DocumentParticipant

    people = {p.identifier: p.id for p in study.study.participants()}
    with study.database.transaction() as session:
        document = Document(
            project_id=study.info.id,
            name="P01.txt",
            title="P01",
            format="txt",
            text="Hello",
            length=5,
            content_hash="0" * 64,
        )
        session.add(document)
        session.flush()
        session.add(DocumentParticipant(document_id=document.id, participant_id=people["P01"]))
    with pytest.raises(ConflictError, match="1 document records them"):
        study.study.delete_participant("P01")
    assert len(study.study.participants()) == 3
    study.study.define_attribute("mode", "document", "categorical", ["face to face", "phone"])
    assert study.study.set_attributes("document", "p01.TXT", {"mode": "Phone"}).values == {
        "mode": "phone"
    }


def test_renaming_a_case_to_a_taken_name_is_refused(study: qualframe.Project) -> None:
    with pytest.raises(ConflictError, match="case called 'Voluntary B' already"):
        study.study.rename_case("Trust A", "voluntary b")
    assert [c.name for c in study.study.cases()] == ["Trust A", "Voluntary B"]
    renamed = study.study.edit_case("Trust A", name="Trust Alpha", description="Inpatient ward")
    assert (renamed.name, renamed.description, renamed.participants) == (
        "Trust Alpha",
        "Inpatient ward",
        ("P01", "P02"),
    )


def test_adding_a_value_an_attribute_already_allows_is_harmless(
    study: qualframe.Project,
) -> None:
    record = study.study.edit_attribute("employer", add_levels=["nhs", "local authority"])
    assert record.levels == ("NHS", "voluntary sector", "local authority")
    assert study.audit_log()["summary"].iloc[-1] == (
        "Edited attribute 'employer': added 'local authority'"
    )
