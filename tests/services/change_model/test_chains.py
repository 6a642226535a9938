"""Context–mechanism–outcome chains read from a model's graph, and how each case
stands on each chain (the hand-built study of ``evidence_study``)."""

from __future__ import annotations

import pytest

import qualframe
from change_model.evidence_study import Study, build, build_people
from qualframe import CaseChain, Chain


@pytest.fixture
def study(project: qualframe.Project) -> Study:
    return build(project)


def test_chains_continue_when_an_outcome_is_the_next_context(project, study) -> None:
    chains = project.change_models.chains()
    first, second = chains
    assert first == Chain(
        key="Shared lived experience → Trust → Hope",
        context="Shared lived experience",
        context_id=first.context_id,
        mechanism="Trust",
        mechanism_id=first.mechanism_id,
        outcome="Hope",
        outcome_id=first.outcome_id,
        continues=("Hope → Role modelling → Engagement",),
    )
    assert (second.context, second.mechanism, second.outcome) == (
        "Hope",
        "Role modelling",
        "Engagement",
    )
    assert second.continues == ()


def test_a_link_condition_is_a_context_and_a_chain_may_have_none(project) -> None:
    cm = project.change_models
    cm.create("Conditions")
    cm.add_node("Peer support", "mechanism")
    cm.add_node("Feeling understood", "process outcome")
    cm.add_node("Inpatient ward", "context")
    cm.add_node("Listening", "mechanism")
    cm.add_node("Staff attitudes", "assumption")
    cm.add_link("Peer support", "Feeling understood", condition="Inpatient ward")
    cm.add_link("Listening", "Feeling understood")
    cm.add_link("Staff attitudes", "Listening")  # an assumption is no context
    cm.add_link("Peer support", "Listening")  # a mechanism to a mechanism is no chain
    keys = [(c.key, c.context) for c in cm.chains()]
    assert keys == [
        ("Inpatient ward → Peer support → Feeling understood", "Inpatient ward"),
        ("Listening → Feeling understood", None),
    ]


def test_each_case_is_supported_contradicted_mixed_or_silent(project, study) -> None:
    cells = project.change_models.case_chains()
    table = {(c.case, c.chain): (c.state, c.supports, c.contradicts) for c in cells}
    first = "Shared lived experience → Trust → Hope"
    second = "Hope → Role modelling → Engagement"
    # Trust A: Trust's bound codings (P01 ×2, P02 ×1) and Hope's P01 coding and P02 cell.
    assert table[("Trust A", first)] == ("supported", 5, 0)
    # Charity B: P03's bound Trust coding supports; P04's Hope passage and the
    # link's P03 coding contradict.
    assert table[("Charity B", first)] == ("mixed", 1, 2)
    # The second chain's evidence is Hope's (its context).
    assert table[("Trust A", second)] == ("supported", 2, 0)
    assert table[("Charity B", second)] == ("contradicted", 0, 1)
    assert table[("Clinic C", first)] == table[("Clinic C", second)] == ("silent", 0, 0)
    assert [c.case for c in cells[::2]] == ["Charity B", "Clinic C", "Trust A"]
    assert cells[0] == CaseChain(
        case="Charity B", chain=first, state="mixed", supports=1, contradicts=2
    )


def test_the_case_chain_frame_has_a_row_per_case_and_a_column_per_chain(project, study) -> None:
    frame = project.change_models.case_chains_frame()
    assert list(frame.index) == ["Charity B", "Clinic C", "Trust A"]
    assert frame.index.name == "case"
    assert list(frame.columns) == [
        "Shared lived experience → Trust → Hope",
        "Hope → Role modelling → Engagement",
    ]
    assert frame.loc["Charity B"].tolist() == ["mixed", "contradicted"]


def test_a_model_without_chains_has_no_case_chains(project) -> None:
    build_people(project)
    cm = project.change_models
    cm.create("Flat")
    cm.add_node("Peer support", "intervention component")
    cm.add_node("Hope", "process outcome")
    cm.add_link("Peer support", "Hope")
    assert cm.chains() == []
    assert cm.case_chains() == []
    assert cm.case_chains_frame().empty
