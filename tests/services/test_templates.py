"""The built-in peer worker study template."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.storage.database import Database

STAKEHOLDER_GROUPS = [
    "peer worker",
    "service user",
    "non-peer staff",
    "line manager",
    "strategic manager",
    "commissioner",
]


@pytest.fixture
def study(database: Database) -> qualframe.Project:
    return qualframe.create_project(
        "Peer workers", database=database, user="tester", template="peer-worker-study"
    )


def test_the_template_defines_the_four_comparison_attributes(study: qualframe.Project) -> None:
    attributes = {a.name: a for a in study.study.attributes()}
    assert set(attributes) == {
        "employer",
        "organisational context",
        "service setting",
        "stakeholder group",
    }
    assert list(attributes["employer"].levels) == ["NHS", "voluntary sector"]
    assert list(attributes["organisational context"].levels) == [
        "NHS only",
        "voluntary only",
        "partnership",
    ]
    assert list(attributes["service setting"].levels) == ["inpatient", "community", "BME service"]
    assert list(attributes["stakeholder group"].levels) == STAKEHOLDER_GROUPS
    assert str(attributes["stakeholder group"].level) == "participant"
    assert str(attributes["employer"].level) == "case"


def test_the_template_starts_the_framework_with_findings_and_mechanisms(
    study: qualframe.Project,
) -> None:
    paths = {" > ".join(code.path) for code in study.codebook.tree()}
    assert "Findings > Lived experience is not enough > Personal resilience" in paths
    assert "Findings > Disclosure" in paths
    assert "Mechanisms > Building trusting relationships based on shared lived experience" in paths
    assert all(code.origin == "deductive" for code in study.codebook.tree())


def test_unverified_outcomes_are_marked_as_candidates(study: qualframe.Project) -> None:
    hope = study.codebook.get("Outcomes > Hope")
    assert "candidate" in hope.definition.lower()


def test_the_template_creates_ten_placeholder_cases_and_a_memo(study: qualframe.Project) -> None:
    assert len(study.study.cases()) == 10
    memos = study.memos.memos_frame()
    assert list(memos["title"]) == ["About this template"]


def test_everything_the_template_creates_is_in_the_audit_log(study: qualframe.Project) -> None:
    actions = set(study.audit_log()["action"])
    assert {"project.create", "attribute.define", "case.create", "code.create"} <= actions


def test_an_unknown_template_is_refused_and_no_project_is_created(database: Database) -> None:
    with pytest.raises(qualframe.NotFoundError, match="peer-worker-study"):
        qualframe.create_project("X", database=database, template="nope")
    assert qualframe.list_projects(database=database) == []
