"""Flags on nodes and links with no evidence, or only contradicting evidence."""

from __future__ import annotations

import pytest

import qualframe
from change_model.evidence_study import TEXTS, Study, build
from qualframe import Flag


@pytest.fixture
def study(project: qualframe.Project) -> Study:
    return build(project)


def _flags(project: qualframe.Project) -> dict[tuple[str, str], str]:
    return {(f.subject_kind, f.subject): f.reason for f in project.change_models.flags()}


def test_unsupported_and_contradicted_nodes_and_links_are_flagged(project, study) -> None:
    assert _flags(project) == {
        ("node", "Shared lived experience"): "no evidence",
        ("node", "Role modelling"): "no evidence",
        ("node", "Engagement"): "no evidence",
        ("node", "Assumption"): "no evidence",
        ("link", "Shared lived experience → Trust"): "no evidence",
        ("link", "Trust → Hope"): "only contradicting evidence",
        ("link", "Hope → Role modelling"): "no evidence",
        ("link", "Role modelling → Engagement"): "no evidence",
    }
    first = project.change_models.flags()[0]
    assert first == Flag(
        subject_kind="node", subject="Shared lived experience", id=first.id, reason="no evidence"
    )


def test_supporting_evidence_lifts_a_flag(project, study) -> None:
    project.change_models.add_evidence(link=("Trust", "Hope"), coding=study.p01_trust)
    project.change_models.add_evidence(node="Assumption", memo=study.memo)
    flags = _flags(project)
    assert ("link", "Trust → Hope") not in flags
    assert ("node", "Assumption") not in flags


def test_a_node_bound_to_a_code_is_flagged_until_the_code_is_used(project, study) -> None:
    project.change_models.bind_code("Engagement", "Engagement")
    assert ("node", "Engagement") not in _flags(project)  # P03 has an Engagement coding
    project.codebook.add("Belonging")
    project.change_models.bind_code("Role modelling", "Belonging")
    assert _flags(project)[("node", "Role modelling")] == "no evidence"
    start = TEXTS["P02"].index("so they opened up")
    project.coding.apply("P02.txt", "Belonging", start, start + 17)
    assert ("node", "Role modelling") not in _flags(project)


def test_contradicting_a_bound_node_does_not_flag_it(project, study) -> None:
    project.change_models.add_evidence(node="Trust", coding=study.p04_hope, stance="contradicts")
    assert ("node", "Trust") not in _flags(project)
    summary = next(s for s in project.change_models.evidence_summary() if s.subject == "Trust")
    assert (summary.contradicts, summary.total_supporting) == (1, 5)


def test_a_node_with_only_contradicting_pieces_is_flagged(project, study) -> None:
    project.change_models.add_evidence(
        node="Engagement", coding=study.p03_engagement, stance="contradicts"
    )
    assert _flags(project)[("node", "Engagement")] == "only contradicting evidence"
    profile = project.change_models.profile(node="Engagement")
    assert profile.flag == "only contradicting evidence"
