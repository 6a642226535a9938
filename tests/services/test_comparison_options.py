"""What a project can be compared by: the choices behind the comparison forms."""

from __future__ import annotations

import pytest

import qualframe
from services.comparison_study import build_study


@pytest.fixture
def study(project: qualframe.Project) -> qualframe.Project:
    build_study(project)
    return project


def test_grouping_attributes_are_case_and_participant_attributes_that_make_groups(
    study: qualframe.Project,
) -> None:
    study.study.define_attribute("notes", "participant", "text")
    study.study.define_attribute("age", "participant", "number")
    study.study.define_attribute("source", "document", "categorical", ["interview", "notes"])
    study.study.define_attribute("lived experience", "participant", "boolean")
    study.typologies.define(
        "model of peer work", level="case", categories=["embedded", "standalone"]
    )

    options = study.compare.options()

    assert [(g.name, g.level.value, g.typology) for g in options.grouping] == [
        ("stakeholder group", "participant", False),
        ("employer", "case", False),
        ("lived experience", "participant", False),
        ("model of peer work", "case", True),
    ]
    assert options.grouping[2].groups == ("true", "false")
    assert options.grouping[3].label == "model of peer work (case typology)"
    assert options.grouping[1].label == "employer (case)"


def test_only_structured_questions_can_have_their_answers_compared(
    study: qualframe.Project,
) -> None:
    study.study.add_question("Q9", "Tell me about your work.", kind="open")
    study.study.add_question("Q3", "How hopeful?", scale="ordinal", levels=["low", "high"])

    questions = study.compare.options().questions

    assert [(q.identifier, q.scale.value, q.levels) for q in questions] == [
        ("Q1", "categorical", ("yes", "no")),
        ("Q2", "categorical", ("yes", "no")),
        ("Q3", "ordinal", ("low", "high")),
    ]
    assert questions[0].label == "Q1: Do you feel hopeful about the future?"


def test_saturation_orders_add_the_document_attributes_that_can_order(
    study: qualframe.Project,
) -> None:
    study.study.define_attribute("interview date", "document", "date")
    study.study.define_attribute("wave", "document", "ordinal", ["first", "second"])
    study.study.define_attribute("interviewer", "document", "text")

    orders = study.compare.options().saturation_orders

    assert orders == ("position", "imported", "interview date", "wave")
    # Each offered order is one the saturation curve accepts.
    for order in orders:
        study.compare.saturation(order_by=order)


def test_the_counts_say_what_exists_to_compare(
    study: qualframe.Project, project: qualframe.Project
) -> None:
    options = study.compare.options()
    assert (options.codes, options.documents, options.codings) == (4, 6, 7)
    other = qualframe.create_project("Other", database=project.database)
    empty = other.compare.options()
    assert (empty.grouping, empty.questions) == ((), ())
    assert (empty.codes, empty.documents, empty.codings) == (0, 0, 0)
    assert empty.saturation_orders == ("position", "imported")
