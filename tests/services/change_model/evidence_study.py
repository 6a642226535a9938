"""A small hand-built study with a change model and its evidence, counted by hand.

Cases and participants (stakeholder group on participants, setting on cases)::

    Trust A   (community)   P01 service user, P02 peer worker
    Charity B (inpatient)   P03 service user, P04 staff
    Clinic C  (community)   nobody

Codes: Mechanisms > Trust (with the sub-code Mechanisms > Trust > Shared
experience), Hope, Engagement. Codings (one document per participant):

    P01: Trust ×2, Hope ×1          P02: Shared experience ×1, Hope ×1
    P03: Trust ×1, Engagement ×1    P04: Hope ×1

The model "Peer work" (nodes; links; chains)::

    Shared lived experience (context) → Trust (mechanism, bound to
    Mechanisms > Trust) → Hope (process outcome) → Role modelling
    (mechanism) → Engagement (downstream outcome); Assumption (assumption).

Explicit evidence:

- Trust: the memo "Why trust" (supports; no participant);
- Hope: P01's Hope coding (supports), a passage of P04's Hope coding
  (contradicts), the cell P02 × Hope (supports);
- link Trust → Hope: P03's Trust coding (contradicts).
"""

from __future__ import annotations

from dataclasses import dataclass

import qualframe

TEXTS = {
    "P01": "I trusted her straight away. She knew. Then I felt hope for the first time.",
    "P02": "I had been there myself, so they opened up. They started hoping again.",
    "P03": "I trusted him in the end. I joined the walking group.",
    "P04": "Hope? Not really, the ward stayed the same. Nothing changed for them.",
}


@dataclass(frozen=True)
class Study:
    """Ids of what the tests point at."""

    p01_trust: int
    p01_trust_2: int
    p01_hope: int
    p02_shared: int
    p02_hope: int
    p03_trust: int
    p03_engagement: int
    p04_hope: int
    memo: int
    cell: int
    hope_evidence: tuple[int, int, int]
    link_evidence: int


def _code(project: qualframe.Project, participant: str, code: str, words: str) -> int:
    text = TEXTS[participant]
    start = text.index(words)
    return project.coding.apply(f"{participant}.txt", code, start, start + len(words)).id


def build_people(project: qualframe.Project) -> None:
    """The cases, participants, documents and codes (no codings)."""
    study = project.study
    study.define_attribute(
        "stakeholder group",
        "participant",
        "categorical",
        levels=["peer worker", "service user", "staff"],
    )
    study.define_attribute("setting", "case", "categorical", levels=["community", "inpatient"])
    study.add_case("Trust A", setting="community")
    study.add_case("Charity B", setting="inpatient")
    study.add_case("Clinic C", setting="community")
    for person, case, group in (
        ("P01", "Trust A", "service user"),
        ("P02", "Trust A", "peer worker"),
        ("P03", "Charity B", "service user"),
        ("P04", "Charity B", "staff"),
    ):
        study.add_participant(person, case, **{"stakeholder group": group})
        project.documents.import_bytes(f"{person}.txt", TEXTS[person].encode(), participants=person)
    project.codebook.add("Mechanisms")
    project.codebook.add("Trust", parent="Mechanisms")
    project.codebook.add("Shared experience", parent="Mechanisms > Trust")
    project.codebook.add("Hope")
    project.codebook.add("Engagement")


def build(project: qualframe.Project) -> Study:
    """Fill ``project`` with the study (see the module docstring)."""
    with project.atomic():
        build_people(project)
        trust = "Mechanisms > Trust"
        ids = {
            "p01_trust": _code(project, "P01", trust, "I trusted her straight away."),
            "p01_trust_2": _code(project, "P01", trust, "She knew."),
            "p01_hope": _code(project, "P01", "Hope", "Then I felt hope for the first time."),
            "p02_shared": _code(
                project, "P02", "Mechanisms > Trust > Shared experience", "I had been there myself"
            ),
            "p02_hope": _code(project, "P02", "Hope", "They started hoping again."),
            "p03_trust": _code(project, "P03", trust, "I trusted him in the end."),
            "p03_engagement": _code(project, "P03", "Engagement", "I joined the walking group."),
            "p04_hope": _code(
                project, "P04", "Hope", "Hope? Not really, the ward stayed the same."
            ),
        }
        memo = project.memos.add("Why trust", kind="analytic", body="Shared experience first.")
        cell = project.matrix.write_summary("P02", "Hope", "Hope came back with the group.")
        cm = project.change_models
        cm.create("Peer work")
        cm.add_node("Shared lived experience", "context")
        cm.add_node("Trust", "mechanism", codes=[trust])
        cm.add_node("Hope", "process outcome")
        cm.add_node("Role modelling", "mechanism")
        cm.add_node("Engagement", "downstream outcome")
        cm.add_node("Assumption", "assumption")
        cm.add_link("Shared lived experience", "Trust")
        cm.add_link("Trust", "Hope")
        cm.add_link("Hope", "Role modelling")
        cm.add_link("Role modelling", "Engagement")
        cm.add_evidence(node="Trust", memo=memo.id)
        hope = (
            cm.add_evidence(node="Hope", coding=ids["p01_hope"]).id,
            cm.add_evidence(
                node="Hope",
                coding=ids["p04_hope"],
                passage=(TEXTS["P04"].index("Not really"), TEXTS["P04"].index(",")),
                stance="contradicts",
            ).id,
            cm.add_evidence(node="Hope", cell=cell.cell_id).id,
        )
        link = cm.add_evidence(
            link=("Trust", "Hope"), coding=ids["p03_trust"], stance="contradicts"
        ).id
    return Study(**ids, memo=memo.id, cell=cell.cell_id, hope_evidence=hope, link_evidence=link)
