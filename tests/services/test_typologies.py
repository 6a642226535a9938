"""Typologies: dimensions, one category per case or participant, in code and in the database."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

import qualframe
from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.storage.models import AttributeDefinition, AttributeValue, Case
from services.comparison_study import build_study


@pytest.fixture
def study(project: qualframe.Project) -> qualframe.Project:
    build_study(project)
    project.typologies.define(
        "model of peer work", level="case", categories=["embedded", "standalone", "hybrid"]
    )
    return project


def test_defining_a_typology_creates_a_categorical_attribute_flagged_as_typology(
    study: qualframe.Project,
) -> None:
    (record,) = study.typologies.dimensions()

    assert (record.name, record.level.value) == ("model of peer work", "case")
    assert record.categories == ("embedded", "standalone", "hybrid")
    assert (record.assigned, record.unassigned) == (0, 2)
    attribute = next(a for a in study.study.attributes() if a.name == "model of peer work")
    assert attribute.type.value == "categorical"
    with study.database.transaction() as session:
        definition = session.get(AttributeDefinition, record.id)
        assert definition is not None and definition.typology
    assert "as a typology dimension" in study.audit_log()["summary"].iloc[-1]


def test_assigning_records_the_category_and_lists_who_is_left(study: qualframe.Project) -> None:
    done = study.typologies.assign("model of peer work", "Trust A", "Embedded")

    assert (done.object, done.category, done.previous) == ("Trust A", "embedded", None)
    frame = study.typologies.assignments()
    assert frame.to_dict("records") == [
        {"dimension": "model of peer work", "level": "case", "object": "Charity B",
         "category": None},
        {"dimension": "model of peer work", "level": "case", "object": "Trust A",
         "category": "embedded"},
    ]  # fmt: skip
    assert study.typologies.unassigned("model of peer work") == ["Charity B"]
    assert study.audit_log()["action"].iloc[-1] == "typology.assign"


def test_reassigning_is_refused_unless_replacing_and_the_audit_keeps_the_old_category(
    study: qualframe.Project,
) -> None:
    study.typologies.assign("model of peer work", "Trust A", "embedded")
    before = len(study.audit_log())

    with pytest.raises(ConflictError, match="already assigned to 'embedded'"):
        study.typologies.assign("model of peer work", "Trust A", "hybrid")
    assert len(study.audit_log()) == before

    done = study.typologies.assign("model of peer work", "Trust A", "hybrid", replace=True)
    assert (done.category, done.previous) == ("hybrid", "embedded")
    entry = study.audit_log().iloc[-1]
    assert entry["details"] == {
        "dimension": "model of peer work",
        "category": "hybrid",
        "previous": "embedded",
    }
    assert study.typologies.assignments()["category"].tolist() == [None, "hybrid"]


def test_assigning_the_same_category_again_changes_nothing(study: qualframe.Project) -> None:
    study.typologies.assign("model of peer work", "Trust A", "embedded")
    before = len(study.audit_log())

    study.typologies.assign("model of peer work", "Trust A", "embedded")

    assert len(study.audit_log()) == before


def test_unassigning_removes_the_category(study: qualframe.Project) -> None:
    study.typologies.assign("model of peer work", "Trust A", "embedded")

    done = study.typologies.unassign("model of peer work", "Trust A")

    assert (done.category, done.previous) == (None, "embedded")
    assert study.typologies.unassigned("model of peer work") == ["Charity B", "Trust A"]


def test_the_database_refuses_a_second_category_for_one_case(study: qualframe.Project) -> None:
    study.typologies.assign("model of peer work", "Trust A", "embedded")
    record = study.typologies.dimensions()[0]

    with pytest.raises(IntegrityError), study.database.transaction() as session:
        case = next(c for c in session.query(Case).all() if c.name == "Trust A")
        session.add(AttributeValue(definition_id=record.id, case_id=case.id, value="hybrid"))
        session.flush()
    assert study.typologies.assignments()["category"].tolist() == [None, "embedded"]


def test_a_participant_typology_classifies_participants(study: qualframe.Project) -> None:
    study.typologies.define("pathway", level="participant", categories=["lived", "trained"])

    study.typologies.assign("pathway", "P1", "lived")

    frame = study.typologies.assignments("pathway")
    assert len(frame) == 7
    assert frame.set_index("object").loc["P1", "category"] == "lived"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda p: p.typologies.assign("model of peer work", "Trust A", "remote"),
         ValidationError, "remote"),
        (lambda p: p.typologies.assign("model of peer work", "Trust Z", "embedded"),
         NotFoundError, "No case called 'Trust Z'"),
        (lambda p: p.typologies.assign("employer", "Trust A", "NHS"),
         ValidationError, "not a typology dimension"),
        (lambda p: p.typologies.define("site", level="document", categories=["a"]),
         ValidationError, "cases or participants"),
        (lambda p: p.typologies.define("site", level="case", categories=[]),
         ValidationError, "needs its categories"),
        (lambda p: p.typologies.define("Employer", level="case", categories=["a"]),
         ConflictError, "already"),
    ],
)  # fmt: skip
def test_bad_typology_requests_say_what_is_wrong_and_change_nothing(
    study: qualframe.Project, call: object, error: type[Exception], message: str
) -> None:
    before = len(study.audit_log())

    with pytest.raises(error, match=message):
        call(study)  # type: ignore[operator]

    assert len(study.audit_log()) == before
    assert len(study.typologies.dimensions()) == 1
