"""The peer worker study template's change model: verified mechanisms, candidate outcomes."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.storage.database import Database

#: The verified mechanisms, verbatim from the study's reference.
MECHANISMS = [
    "Building trusting relationships based on shared lived experience",
    "Role-modelling individual recovery and living well with mental health problems",
    "Engaging service users with mental health services and the community",
]
PROCESS_OUTCOMES = ["Hope", "Self-efficacy", "Empowerment", "Engagement with services"]
DOWNSTREAM_OUTCOMES = [
    "Social inclusion and connection to community",
    "Reduced inpatient admission or readmission",
]


@pytest.fixture
def study(database: Database) -> qualframe.Project:
    return qualframe.create_project(
        "Peer workers", database=database, user="tester", template="peer-worker-study"
    )


def test_the_template_brings_the_peer_worker_change_model(study: qualframe.Project) -> None:
    view = study.change_models.get()

    assert view.model.name == "Peer worker change model"
    kinds = {n.label: n.kind for n in view.nodes}
    assert kinds["Peer worker role"] == "intervention component"
    assert [n.label for n in view.nodes if n.kind == "mechanism"] == MECHANISMS
    assert [n.label for n in view.nodes if n.kind == "process outcome"] == PROCESS_OUTCOMES
    assert [n.label for n in view.nodes if n.kind == "downstream outcome"] == DOWNSTREAM_OUTCOMES
    assert {n.label for n in view.nodes if n.kind == "context"} == {
        "NHS employer",
        "Voluntary sector employer",
        "Partnership of NHS and voluntary sector",
    }


def test_the_mechanisms_are_verified_and_bound_to_their_codes(study: qualframe.Project) -> None:
    mechanisms = [n for n in study.change_models.get().nodes if n.kind == "mechanism"]

    assert not any(n.candidate for n in mechanisms)
    assert [n.codes for n in mechanisms] == [(f"Mechanisms > {label}",) for label in MECHANISMS]


def test_everything_unverified_is_a_candidate_for_the_team_to_confirm(
    study: qualframe.Project,
) -> None:
    view = study.change_models.get()
    outcomes = [n for n in view.nodes if n.kind.endswith("outcome")]
    contexts = [n for n in view.nodes if n.kind == "context"]

    assert len(outcomes) == 6
    assert all(n.candidate for n in outcomes + contexts)
    assert all("candidate" in n.description.lower() for n in outcomes + contexts)
    assert all("surrounding literature" in n.description for n in outcomes)
    assert all("confirm" in n.description for n in outcomes)
    assert all(link.candidate for link in view.links)
    assert {n.codes for n in outcomes} == {(f"Outcomes > {n.label}",) for n in outcomes}


def test_every_mechanism_leads_to_an_outcome_and_the_role_to_every_mechanism(
    study: qualframe.Project,
) -> None:
    view = study.change_models.get()
    kinds = {n.label: n.kind for n in view.nodes}
    ends = {(link.source, link.target) for link in view.links}

    assert {("Peer worker role", m) for m in MECHANISMS} <= ends
    for mechanism in MECHANISMS:
        assert any(s == mechanism and kinds[t].endswith("outcome") for s, t in ends)
    reached = {t for s, t in ends if kinds[s] == "mechanism"}
    assert reached == set(PROCESS_OUTCOMES + DOWNSTREAM_OUTCOMES)


def test_outcomes_carry_candidate_indicators_naming_the_shipped_measures(
    study: qualframe.Project,
) -> None:
    indicators = {i.node: i for i in study.change_models.get().indicators}

    assert {node: i.measure for node, i in indicators.items()} == {
        "Hope": "Herth Hope Index",
        "Self-efficacy": "Mental Health Confidence Scale",
        "Reduced inpatient admission or readmission": "Readmission",
    }
    assert all("candidate" in i.notes.lower() for i in indicators.values())
    copied = {m.name for m in study.change_models.measures() if m.in_project}
    assert copied == {"Herth Hope Index", "Mental Health Confidence Scale", "Readmission"}


def test_the_template_model_is_in_the_audit_log(study: qualframe.Project) -> None:
    actions = set(study.audit_log()["action"])

    assert {
        "change_model.create",
        "model_node.add",
        "model_link.add",
        "indicator.add",
        "measure.add",
    } <= actions
