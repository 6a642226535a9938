"""`qualframe change-model ...` through the CLI runner: building a model, its
evidence, profiles, chains and flags, indicators and measures, versions, and
the files (diagrams, the evaluation plan, the report), on a small study and
on a fresh project made from the peer worker study template."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from web.sample_study import SampleStudy, build_sample_study

runner = CliRunner()

MECHANISM = "Shared lived experience"
CONTEXT = "Inpatient ward"


@pytest.fixture
def study(database: qualframe.Database) -> SampleStudy:
    """The sample study (cases Trust A and Charity B, P01–P03, codes Trust >
    Shared experience and Hope with one coding each, memo "Trust first")."""
    return build_sample_study(database)


@pytest.fixture
def cm(database_url: str, study: SampleStudy):
    """Run ``qualframe --database URL change-model ...``; ``ok`` asserts exit status 0."""
    app = build_app()

    def run(*args: str, ok: bool = True):
        result = runner.invoke(
            app, ["--database", database_url, "change-model", *args], env={"COLUMNS": "250"}
        )
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return run


@pytest.fixture
def model(cm, study: SampleStudy):
    """A model "Peer work": context → mechanism (bound to Trust) → outcome Hope."""
    cm("create", "Peer work", "--description", "How peer work helps")
    cm("node", "add", MECHANISM, "--kind", "mechanism", "--code", "Trust")
    cm("node", "add", "Hope", "--kind", "process outcome", "--candidate")
    cm("node", "add", CONTEXT, "--kind", "context")
    cm("link", "add", CONTEXT, MECHANISM)
    cm("link", "add", MECHANISM, "Hope", "--rationale", "Seeing someone recover")
    return study.project.change_models


def _hope_coding(study: SampleStudy) -> qualframe.CodingRecord:
    """The one coding of Hope: "It gave me hope." (P02, Trust A, a service user)."""
    [coding] = list(study.project.coding.listing("Hope"))
    return coding


# ---------------------------------------------------------------- building a model


def test_building_a_model_node_by_node_and_link_by_link(cm, model, study: SampleStudy) -> None:
    view = model.get()
    assert view.model.description == "How peer work helps"
    assert [(n.label, n.kind, n.candidate, n.codes) for n in view.nodes] == [
        (MECHANISM, "mechanism", False, ("Trust",)),
        ("Hope", "process outcome", True, ()),
        (CONTEXT, "context", False, ()),
    ]
    assert [(link.label, link.rationale) for link in view.links] == [
        (f"{CONTEXT} → {MECHANISM}", ""),
        (f"{MECHANISM} → Hope", "Seeing someone recover"),
    ]
    listed = cm("list").output
    assert "Peer work" in listed and "How peer work helps" in listed
    log = study.project.audit_log()
    assert (log["action"] == "model_node.add").sum() == 3


def test_nodes_and_links_are_edited_bound_and_deleted(cm, model) -> None:
    cm("node", "edit", "Hope", "--label", "Hope for recovery", "--confirmed")
    cm("node", "bind", "Hope for recovery", "Hope")
    assert "bound to Hope" in cm("node", "bind", "Hope for recovery", "Shared experience").output
    assert (
        "bound to Hope now" in cm("node", "unbind", "Hope for recovery", "Shared experience").output
    )
    cm("link", "edit", MECHANISM, "Hope for recovery", "--condition", CONTEXT, "--candidate")
    link = model.get().links[1]
    assert (link.condition, link.candidate) == (CONTEXT, True)
    cm("link", "edit", MECHANISM, "Hope for recovery", "--unconditional")
    assert model.get().links[1].condition is None
    node = next(n for n in model.get().nodes if n.label == "Hope for recovery")
    assert (node.candidate, node.codes) == (False, ("Hope",))
    assert "Deleted the link" in cm("link", "delete", CONTEXT, MECHANISM).output
    gone = cm("node", "delete", "Hope for recovery").output
    assert "Deleted the process outcome 'Hope for recovery' with 1 link" in gone
    assert [n.label for n in model.get().nodes] == [MECHANISM, CONTEXT]
    assert model.get().links == ()


def test_kinds_of_node_are_added_and_edited(cm, model) -> None:
    cm("kind", "add", "resource", "--colour", "#333366", "--column", "0")
    cm("kind", "edit", "resource", "--name", "resources", "--outcome")
    cm("node", "add", "Supervision", "--kind", "resources")
    kind = next(k for k in model.get().kinds if k.name == "resources")
    assert (kind.colour.upper(), kind.column, kind.outcome) == ("#333366", 0, True)
    assert "#333366" in cm("show").output.upper()
    bad = cm("kind", "add", "odd", "--colour", "blue", "--column", "1", ok=False)
    assert bad.exit_code == 1 and bad.output.startswith("Error: ")
    assert "odd" not in [k.name for k in model.get().kinds]


def test_a_stale_version_changes_nothing(cm, model) -> None:
    node = next(n for n in model.get().nodes if n.label == "Hope")
    cm("node", "edit", "Hope", "--description", "first")
    stale = cm(
        "node", "edit", "Hope", "--description", "second", "--if-version", str(node.version),
        ok=False,
    )  # fmt: skip
    assert stale.exit_code == 1
    assert stale.output.startswith("Error: ")
    assert next(n for n in model.get().nodes if n.label == "Hope").description == "first"


def test_unknown_names_are_one_error_line_and_nothing_is_written(cm, model) -> None:
    before = model.get()
    unknown = cm("link", "add", MECHANISM, "Hopes", ok=False)
    assert unknown.exit_code == 1
    assert unknown.output.count("\n") == 1 and unknown.output.startswith("Error: ")
    assert "Hope" in unknown.output
    bad_kind = cm("node", "add", "Stigma", "--kind", "obstacle", ok=False)
    assert bad_kind.exit_code == 1 and bad_kind.output.startswith("Error: ")
    no_model = cm("show", "--model", "Other", ok=False)
    assert no_model.exit_code == 1 and "Other" in no_model.output
    assert model.get() == before


# ---------------------------------------------------------------- evidence


def test_evidence_is_added_listed_and_removed(cm, model, study: SampleStudy) -> None:
    hope = _hope_coding(study)
    quote = cm(
        "evidence", "add", "--node", "Hope", "--coding", str(hope.id),
        "--passage", f"{hope.start}:{hope.start + 6}", "--note", "the words",
    ).output  # fmt: skip
    assert "(quote, supports) for the node Hope" in quote
    memo = study.project.memos.list()[0]
    against = cm(
        "evidence", "add", "--link", MECHANISM, "Hope", "--memo", str(memo.id), "--contradicts"
    ).output
    assert "(memo, contradicts) for the link" in against
    pieces = model.evidence()
    assert [(p.kind.value, p.stance.value, p.start, p.participant) for p in pieces] == [
        ("quote", "supports", hope.start, "P02"),
        ("memo", "contradicts", None, None),
    ]
    listed = cm("evidence", "list", "--node", "Hope").output
    assert "quote" in listed and "P02" in listed and "memo" not in listed
    assert "memo" in cm("evidence", "list").output
    assert "Removed evidence" in cm("evidence", "remove", str(pieces[1].id)).output
    assert [p.kind.value for p in model.evidence()] == ["quote"]
    assert (
        "contradicts" in cm("evidence", "edit", str(pieces[0].id), "--stance", "contradicts").output
    )


def test_a_matrix_cell_backs_a_link(cm, model, study: SampleStudy) -> None:
    cell = study.project.matrix.write_summary(
        "P01", "Shared experience", "Trust from having been there"
    )
    added = cm("evidence", "add", "--link", CONTEXT, MECHANISM, "--cell", str(cell.cell_id)).output
    assert "(cell, supports) for the link Inpatient ward → Shared lived experience" in added
    [piece] = model.evidence(link=(CONTEXT, MECHANISM))
    assert (piece.cell_id, piece.participant, piece.case) == (cell.cell_id, "P01", "Trust A")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--coding", "1"), "Name a node (--node LABEL) or a link (--link SOURCE TARGET)."),
        (("--node", "Hope", "--link", MECHANISM, "Hope", "--coding", "1"), "Name a node"),
        (("--node", "Hope", "--passage", "1:4"), "Give --passage with the --coding"),
        (("--node", "Hope", "--coding", "1", "--passage", "4-9"), "A passage is written START:END"),
    ],
)
def test_evidence_given_wrongly_is_refused_and_nothing_is_written(
    cm, model, args: tuple[str, ...], message: str
) -> None:
    refused = cm("evidence", "add", *args, ok=False)
    assert refused.exit_code == 1
    assert message in refused.output
    assert model.evidence() == []


# ---------------------------------------------------------------- indicators, measures, versions


def test_indicators_and_measures(cm, model) -> None:
    cm(
        "measure",
        "add",
        "Hope scale",
        "--construct",
        "hope",
        "--items",
        "12",
        "--score-range",
        "12–48",
    )
    added = cm(
        "indicator", "add", "Hope", "Hope at six months", "--measure", "Hope scale",
        "--timing", "6 months", "--source", "survey",
    ).output  # fmt: skip
    assert "measured by Hope scale" in added
    [indicator] = model.get().indicators
    assert (indicator.measure, indicator.timing, indicator.data_source) == (
        "Hope scale", "6 months", "survey",
    )  # fmt: skip
    shown = cm("show").output
    assert "Hope at six months" in shown and "Indicators" in shown
    measures = cm("measures", "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(measures)))
    hope_scale = next(r for r in rows if r["name"] == "Hope scale")
    assert (hope_scale["construct"], hope_scale["in project"]) == ("hope", "yes")
    assert any(
        m["name"] == "Hope scale" for m in json.loads(cm("measures", "--format", "json").output)
    )
    in_use = cm("measure", "delete", "Hope scale", ok=False)
    assert in_use.exit_code == 1 and in_use.output.startswith("Error: ")
    cm("indicator", "edit", str(indicator.id), "--no-measure", "--timing", "12 months")
    [indicator] = model.get().indicators
    assert (indicator.measure, indicator.timing) == (None, "12 months")
    cm("measure", "edit", "Hope scale", "--name", "Hope index", "--licence-note", "free")
    assert "Deleted the measure 'Hope index'." in cm("measure", "delete", "Hope index").output
    assert not [m for m in model.measures() if m.name.startswith("Hope ") and m.in_project]
    cm("indicator", "remove", str(indicator.id))
    assert model.get().indicators == ()


def test_versions_are_saved_listed_and_compared(cm, model) -> None:
    cm("version", "save", "draft 1", "--note", "before the workshop")
    cm("node", "add", "Stigma", "--kind", "context")
    listed = cm("version", "list").output
    assert "draft 1" in listed and "before the workshop" in listed
    compared = cm("version", "compare", "draft 1").output
    assert "Stigma" in compared and "added" in compared
    assert "No difference" in cm("version", "compare", "draft 1", "draft 1").output


# ---------------------------------------------------------------- reading the model


def test_show_lists_kinds_nodes_and_links_with_their_evidence(cm, model, study) -> None:
    hope = _hope_coding(study)
    cm("evidence", "add", "--node", "Hope", "--coding", str(hope.id))
    shown = cm("show").output
    for text in ("Peer work", "Kinds", "intervention component", "#1F5F8B", "Nodes", MECHANISM,
                 "Links", f"{MECHANISM} → Hope", "Seeing someone recover"):  # fmt: skip
        assert text in shown, text


def test_profile_as_a_table_csv_and_json(cm, model, study: SampleStudy) -> None:
    hope = _hope_coding(study)
    cm("evidence", "add", "--node", "Hope", "--coding", str(hope.id))
    table = cm("profile", "--node", "Hope", "--by", "stakeholder group").output
    assert "Node Hope: 1 supporting piece" in table
    assert "By stakeholder group" in table and "service user" in table
    assert "It gave me hope." in table
    found = json.loads(cm("profile", "--node", "Hope", "--format", "json").output)
    assert (found["subject"], found["summary"]["supports"]) == ("Hope", 1)
    frame = cm("profile", "--node", "Hope", "--by", "stakeholder group", "--format", "csv").output
    assert list(csv.reader(io.StringIO(frame)))[1:]  # a header and rows
    link = cm("profile", "--link", MECHANISM, "Hope").output
    assert "Flagged: no evidence." in link
    neither = cm("profile", ok=False)
    assert neither.exit_code == 1 and "Name a node" in neither.output


def test_chains_cases_and_flags(cm, model, study: SampleStudy) -> None:
    chains = cm("chains").output
    assert CONTEXT in chains and MECHANISM in chains and "Hope" in chains
    flags = cm("flags").output
    assert "no evidence" in flags and f"{MECHANISM} → Hope" in flags
    hope = _hope_coding(study)
    cm("evidence", "add", "--node", "Hope", "--coding", str(hope.id))
    cases = cm("cases").output
    assert "Trust A" in cases and "Charity B" in cases
    assert "supported" in cases and "silent" in cases
    states = {(c["case"], c["state"]) for c in json.loads(cm("cases", "--format", "json").output)}
    # "It gave me hope." is P02's (Trust A); Charity B says nothing of the chain.
    assert {("Trust A", "supported"), ("Charity B", "silent")} <= states
    assert "case" in cm("cases", "--format", "csv").output.splitlines()[0]


# ---------------------------------------------------------------- files


def _parse_xml(path: Path) -> Any:
    """The root element of an XML file (parsed safely)."""
    from defusedxml import ElementTree

    return ElementTree.parse(path).getroot()


def test_every_diagram_format_is_written(cm, model, tmp_path: Path) -> None:
    files = {
        "svg": "model.svg", "png": "model.png", "mermaid": "model.mmd", "dot": "model.dot",
        "graphml": "model.graphml", "kumu": "model.json",
    }  # fmt: skip
    for chosen, name in files.items():
        written = cm("export", "--format", chosen, "--output", str(tmp_path / name)).output
        assert f"({chosen})" in written
    svg = (tmp_path / "model.svg").read_text(encoding="utf-8")
    assert _parse_xml(tmp_path / "model.svg").tag.endswith("svg")
    assert all(label in svg for label in (MECHANISM, "Hope", CONTEXT))
    assert (tmp_path / "model.png").read_bytes().startswith(b"\x89PNG")
    assert "Hope" in (tmp_path / "model.mmd").read_text(encoding="utf-8")
    assert "->" in (tmp_path / "model.dot").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    # The format follows the suffix when --format is left out; an unknown one is refused.
    cm("export", "--output", str(tmp_path / "again.graphml"))
    assert _parse_xml(tmp_path / "again.graphml").tag.endswith("graphml")
    unknown = cm("export", "--output", str(tmp_path / "model.txt"), ok=False)
    assert unknown.exit_code == 1 and "--format svg, png" in unknown.output
    assert not (tmp_path / "model.txt").exists()


def test_the_plan_is_written_as_xlsx_or_csv_and_nothing_else(cm, model, tmp_path: Path) -> None:
    cm("indicator", "add", "Hope", "Hope at six months", "--timing", "6 months")
    cm("plan", "--output", str(tmp_path / "plan.xlsx"), "--model", "Peer work")
    cm("plan", "--output", str(tmp_path / "plan.csv"))
    rows = _csv_rows(tmp_path / "plan.csv")
    assert any("Hope at six months" in row for row in rows)
    sheet = _xlsx_rows(tmp_path / "plan.xlsx")
    assert any("Hope at six months" in row for row in sheet)
    refused = cm("plan", "--output", str(tmp_path / "plan.pdf"), ok=False)
    assert refused.exit_code == 1
    assert "The evaluation plan is written as .xlsx or .csv, not '.pdf'" in refused.output
    assert not (tmp_path / "plan.pdf").exists()


def test_the_report_is_one_html_file(cm, model, tmp_path: Path) -> None:
    cm("report", "--output", str(tmp_path / "model.html"))
    html = (tmp_path / "model.html").read_text(encoding="utf-8")
    assert "<html" in html.lower() and MECHANISM in html
    assert "report.html" in cm("report", "--output", str(tmp_path / "model.txt"), ok=False).output


def test_a_file_that_cannot_be_written_is_one_error_line(cm, model, tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "model.svg"
    refused = cm("export", "--format", "svg", "--output", str(missing), ok=False)
    assert refused.exit_code == 1
    assert refused.output.startswith(f"Error: Cannot write {missing}")


def _csv_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def _xlsx_rows(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


# ---------------------------------------------------------------- a fresh project


def test_a_fresh_project_from_the_template_renders_its_model_and_plan(
    database_url: str, tmp_path: Path
) -> None:
    """From a fresh clone: the template's model to SVG and GraphML, the plan to XLSX and CSV."""
    app = build_app()

    def run(*args: str):
        result = runner.invoke(app, ["--database", database_url, *args])
        assert result.exit_code == 0, result.output
        return result

    run("init", "--template", "peer-worker-study")
    run("change-model", "export", "--format", "svg", "--output", str(tmp_path / "model.svg"))
    run(
        "change-model", "export", "--format", "graphml", "--output", str(tmp_path / "model.graphml")
    )
    run("change-model", "plan", "--output", str(tmp_path / "plan.xlsx"))
    run("change-model", "plan", "--output", str(tmp_path / "plan.csv"))

    svg = _parse_xml(tmp_path / "model.svg")
    assert svg.tag.endswith("svg")
    text = (tmp_path / "model.svg").read_text(encoding="utf-8")
    assert "trusting relationships" in text.lower()
    import networkx

    graph = networkx.read_graphml(tmp_path / "model.graphml")
    assert graph.number_of_nodes() >= 3 and graph.number_of_edges() >= 1
    plan = _csv_rows(tmp_path / "plan.csv")
    assert len(plan) > 1
    sheet = _xlsx_rows(tmp_path / "plan.xlsx")
    # The workbook: the same rows (outcomes), then a key to the strength of evidence.
    assert [row[0] for row in sheet[: len(plan)]] == [row[0] for row in plan]
    assert "Hope" in [row[0] for row in plan]
