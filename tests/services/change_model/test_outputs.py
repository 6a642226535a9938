"""The outputs of a change model: the evaluation plan, the diagram files, the report.

On the hand-built study of :mod:`services.change_model.evidence_study`:
Hope (process outcome) has 3 explicit pieces: P01's coding (supports,
Trust A), a passage of P04's coding (contradicts, Charity B) and the cell
P02 × Hope (supports, Trust A): 2 supporting, 1 contradicting; the
supporting evidence comes from 2 participants (P01, P02) of 1 case (Trust
A) → "weak" (P04, who only contradicts, does not count). Engagement
(downstream outcome) has none → "none".
"""

from __future__ import annotations

import html
import io
import json
import re

import networkx as nx
import pytest
from defusedxml import ElementTree
from openpyxl import load_workbook

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.change_model.outputs import strength_of
from qualframe.services.change_model.records import SubjectEvidence
from services.change_model.evidence_study import build

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def study(project: qualframe.Project) -> qualframe.Project:
    build(project)
    return project


def test_the_plan_has_one_row_per_outcome_without_indicators(study: qualframe.Project) -> None:
    rows = study.change_models.plan()
    assert [(r.outcome, r.outcome_kind, r.indicator, r.strength) for r in rows] == [
        ("Hope", "process outcome", None, "weak"),
        ("Engagement", "downstream outcome", None, "none"),
    ]
    hope = rows[0]
    # Supporting: P01's coding and the cell P02 × Hope, both of Trust A.
    assert (hope.supports, hope.contradicts, hope.participants, hope.cases) == (2, 1, 2, 1)
    assert (hope.measure, hope.timing, hope.data_source) == (None, "", "")


def test_the_plan_has_one_row_per_indicator_in_order(study: qualframe.Project) -> None:
    cm = study.change_models
    cm.add_indicator("Hope", "Hope score", timing="6 months", data_source="survey")
    cm.add_indicator("Hope", "Hope in interviews", timing="12 months", data_source="interviews")
    rows = [r for r in cm.plan() if r.outcome == "Hope"]
    assert [(r.indicator, r.timing, r.data_source) for r in rows] == [
        ("Hope score", "6 months", "survey"),
        ("Hope in interviews", "12 months", "interviews"),
    ]
    assert {r.strength for r in rows} == {"weak"}


def test_contradicting_evidence_outweighing_support_reads_contradicted(
    study: qualframe.Project,
) -> None:
    cm = study.change_models
    pieces = cm.evidence(node="Hope")
    for piece in pieces:
        if piece.stance == "supports":
            cm.remove_evidence(piece.id)
    (hope,) = [r for r in cm.plan() if r.outcome == "Hope"]
    assert (hope.strength, hope.supports, hope.contradicts) == ("contradicted", 0, 1)


def test_the_plan_frame_has_the_plan_columns(study: qualframe.Project) -> None:
    frame = study.change_models.plan_frame()
    assert list(frame.columns) == [
        "outcome",
        "outcome_kind",
        "candidate",
        "indicator",
        "measure",
        "timing",
        "data_source",
        "strength",
        "supports",
        "contradicts",
        "participants",
        "cases",
    ]
    assert frame["outcome"].tolist() == ["Hope", "Engagement"]
    assert frame.loc[0, "indicator"] is None and frame.loc[0, "measure"] is None
    assert frame["supports"].dtype == "int64"


def test_the_plan_file_is_a_workbook_or_csv(study: qualframe.Project) -> None:
    cm = study.change_models
    cm.add_indicator("Hope", "=HYPERLINK(1)", timing="6 months")
    sheet = load_workbook(io.BytesIO(cm.plan_file("xlsx"))).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]][:4] == [
        "Outcome",
        "Outcome kind",
        "Candidate",
        "Indicator",
    ]
    assert sheet["D2"].value == "=HYPERLINK(1)" and sheet["D2"].data_type == "s"
    text = cm.plan_file("csv").decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Outcome,Outcome kind,Candidate,Indicator")
    assert "'=HYPERLINK(1)" in text


def test_a_plan_file_in_another_format_is_refused(study: qualframe.Project) -> None:
    with pytest.raises(ValidationError, match="xlsx or csv, not 'pdf'"):
        study.change_models.plan_file("pdf")  # type: ignore[arg-type]


def test_every_export_parses_and_names_every_node(study: qualframe.Project) -> None:
    cm = study.change_models
    labels = [node.label for node in cm.get().nodes]
    svg = ElementTree.fromstring(cm.export("svg"))
    texts = [
        "".join(text.itertext())
        for group in svg.iter(f"{SVG}g")
        for text in group.iter(f"{SVG}text")
    ]
    assert set(labels) <= set(texts)
    graph = nx.read_graphml(io.BytesIO(cm.export("graphml")))
    assert sorted(graph.nodes[n]["label"] for n in graph.nodes) == sorted(labels)
    assert graph.number_of_edges() == 4
    kumu = json.loads(cm.export("kumu"))
    assert sorted(e["label"] for e in kumu["elements"]) == sorted(labels)
    assert len(kumu["connections"]) == 4
    assert cm.export("png").startswith(b"\x89PNG\r\n\x1a\n")
    assert cm.export("mermaid").decode().splitlines()[1] == "flowchart LR"
    assert cm.export("dot").decode().startswith("digraph")


def test_the_counts_on_the_diagram_are_the_evidence(study: qualframe.Project) -> None:
    svg = ElementTree.fromstring(study.change_models.diagram())
    assert svg.get("class") == "cm-diagram" and svg.get("role") == "group"
    nodes = {g.get("aria-label") for g in svg.iter(f"{SVG}g") if g.get("class") == "cm-node"}
    # Trust: the memo and the 4 codings of its bound code and its sub-code.
    assert "Trust (mechanism), 5 supporting, 0 contradicting" in nodes
    assert "Hope (process outcome), 2 supporting, 1 contradicting" in nodes
    links = {g.get("aria-label") for g in svg.iter(f"{SVG}g") if g.get("class") == "cm-link"}
    assert "Trust → Hope, 0 supporting, 1 contradicting" in links


def test_an_unknown_export_format_is_refused(study: qualframe.Project) -> None:
    with pytest.raises(ValidationError, match="one of svg, png, mermaid, dot, graphml, kumu"):
        study.change_models.export("pdf")  # type: ignore[arg-type]


def test_an_unknown_model_is_not_found(study: qualframe.Project) -> None:
    with pytest.raises(NotFoundError):
        study.change_models.export("svg", model="No such model")


def test_the_report_has_every_section(study: qualframe.Project) -> None:
    report = study.change_models.report()
    headings = re.findall(r"<h2 id=\"section-\d+-h\">(.*?)</h2>", report)
    assert headings == [
        "Diagram",
        "Nodes",
        "Links",
        "Context–mechanism–outcome configurations",
        "Cases and configurations",
        "Flags",
        "Evaluation plan",
    ]
    assert (
        "<svg" in report
        and "<script" not in report
        and "http://" not in report.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    assert "Shared lived experience → Trust → Hope" in html.unescape(report)
    assert "Then I felt hope for the first time." in html.unescape(report)
    assert "only contradicting evidence" in report


def test_a_report_asking_for_too_many_quotes_is_refused(study: qualframe.Project) -> None:
    with pytest.raises(ValidationError, match="0 to 50 quotes"):
        study.change_models.report(quotes=51)


def test_outputs_write_nothing(study: qualframe.Project) -> None:
    before = len(study.activity())
    cm = study.change_models
    cm.export("svg"), cm.plan_file("csv"), cm.report(), cm.diagram()
    assert len(study.activity()) == before


@pytest.mark.parametrize(
    ("supports", "bound", "contradicts", "backers", "backing_cases", "strength"),
    [
        (0, 0, 0, 0, 0, "none"),
        (1, 0, 2, 1, 1, "contradicted"),
        (1, 1, 2, 2, 1, "weak"),  # bound codings count as support
        (1, 5, 0, 6, 3, "strong"),
        (1, 5, 0, 5, 3, "moderate"),
        (2, 0, 0, 2, 2, "moderate"),
        (3, 0, 0, 3, 1, "moderate"),
        (2, 0, 0, 2, 1, "weak"),
    ],
)
def test_strength_is_read_from_the_supporting_counts(
    supports: int, bound: int, contradicts: int, backers: int, backing_cases: int, strength: str
) -> None:
    summary = SubjectEvidence(
        subject_kind="node",
        subject="Hope",
        id=1,
        supports=supports,
        contradicts=contradicts,
        bound_codings=bound,
        participants=backers + contradicts,
        cases=backing_cases + contradicts,
        supporting_participants=backers,
        supporting_cases=backing_cases,
    )
    assert strength_of(summary) == strength


def test_people_who_only_contradict_do_not_make_evidence_stronger() -> None:
    # 2 supporting pieces from 2 participants of 1 case; 1 contradicting piece
    # from a third participant of another case: 3 participants, 2 cases in all,
    # but only 2 and 1 behind the support → weak, not moderate.
    summary = SubjectEvidence(
        subject_kind="node",
        subject="Hope",
        id=1,
        supports=2,
        contradicts=1,
        bound_codings=0,
        participants=3,
        cases=2,
        supporting_participants=2,
        supporting_cases=1,
    )
    assert strength_of(summary) == "weak"
