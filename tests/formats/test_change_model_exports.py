"""Every change-model export parses and keeps every label exactly, hostile
ones included: SVG (valid XML, labels across <tspan>s), PNG, Mermaid,
Graphviz DOT (pydot's parser), GraphML (networkx's reader) and Kumu JSON
(its documented blueprint shape)."""

from __future__ import annotations

import io
import json
import re
import struct

import networkx as nx
import pydot
import pytest
from defusedxml import ElementTree

from qualframe.formats.change_model_interchange import (
    dot_text,
    graphml_text,
    kumu_json,
    mermaid_text,
)
from qualframe.formats.change_model_layout import Diagram, DiagramKind, DiagramLink, DiagramNode
from qualframe.formats.change_model_png import PNG_DPI, diagram_png
from qualframe.formats.change_model_svg import diagram_svg

SVG = "{http://www.w3.org/2000/svg}"
KINDS = (
    DiagramKind("context", "#7A5230", 1),
    DiagramKind("mechanism", "#B3460B", 1),
    DiagramKind('outcome "<&>"', "#2E6B2E", 2),
)
#: Labels with quotes, markup, ampersands, line breaks, non-ASCII and syntax of every format.
HOSTILE = (
    'She said "trust" <b>me</b> & left',
    "Line one\nline two",
    "Ünïcødé — 日本語 ✓",
    "x -> y; [a] {b} |c| #d `e` *f* _g_ \\n %% $h$",
    "</text><script>alert(1)</script>",
)


def _diagram() -> Diagram:
    nodes = (
        DiagramNode(1, HOSTILE[0], "context", "#7A5230", 1, supports=2, description='d "q" <x>'),
        DiagramNode(2, HOSTILE[1], "mechanism", "#B3460B", 1, True, 3, 1),
        DiagramNode(3, HOSTILE[2], 'outcome "<&>"', "#2E6B2E", 2, True, contradicts=2),
        DiagramNode(4, HOSTILE[3], 'outcome "<&>"', "#2E6B2E", 2),
        DiagramNode(5, HOSTILE[4], "mechanism", "#B3460B", 1),
    )
    links = (
        DiagramLink(1, 1, 2, rationale='because "x" < y & z', supports=1),
        DiagramLink(2, 2, 3, condition=HOSTILE[0], supports=2, contradicts=1),
        DiagramLink(3, 2, 4, contradicts=1),
        DiagramLink(4, 5, 4),
        DiagramLink(5, 3, 1, rationale="next context"),
    )
    return Diagram('Model "A" <&> ü', nodes, links, KINDS)


def _flat(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- SVG


def _svg_groups(markup: str, kind: str) -> list[ElementTree.Element]:
    root = ElementTree.fromstring(markup.encode("utf-8"))
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == kind]


@pytest.mark.parametrize("interactive", [False, True])
def test_the_svg_is_valid_xml_with_every_label(interactive: bool) -> None:
    markup = diagram_svg(_diagram(), interactive=interactive)
    nodes = _svg_groups(markup, "cm-node")
    assert len(nodes) == 5
    shown = set()
    for group in nodes:
        (label,) = group.iter(f"{SVG}text")  # a node's only text: its label (tspans)
        shown.add("".join("".join(span.itertext()) for span in label.iter(f"{SVG}tspan")))
    # Lines are wrapped at spaces (or inside a word too long for a line).
    assert {"".join(text.split()) for text in shown} == {"".join(t.split()) for t in HOSTILE}


def test_the_interactive_svg_has_focusable_nodes_and_links_and_no_styles() -> None:
    markup = diagram_svg(_diagram(), interactive=True)
    root = ElementTree.fromstring(markup.encode("utf-8"))
    assert root.get("class") == "cm-diagram" and root.get("role") == "group"
    assert root.get("viewBox") and root.get("aria-label", "").startswith('Change model: Model "A"')
    for group in _svg_groups(markup, "cm-node"):
        assert group.get("tabindex") == "0" and group.get("role") == "button"
        assert group.get("data-node-id", "").isdigit()
    labels = {g.get("data-node-id"): g.get("aria-label") for g in _svg_groups(markup, "cm-node")}
    assert labels["2"] == "Line one line two (mechanism, candidate), 3 supporting, 1 contradicting"
    links = {g.get("data-link-id"): g for g in _svg_groups(markup, "cm-link")}
    assert set(links) == {"1", "2", "3", "4", "5"}
    assert links["1"].get("tabindex") == "0" and links["1"].get("role") == "button"
    assert links["2"].get("aria-label") == (
        f"Line one line two → {HOSTILE[2]} (if {_flat(HOSTILE[0])}), 2 supporting, 1 contradicting"
    )
    assert not [e for e in root.iter() if e.get("style") is not None or e.tag == f"{SVG}style"]
    assert not [e for e in root.iter() if e.tag == f"{SVG}script"]
    assert "<script>" not in markup


def test_a_button_shows_only_its_label_which_starts_its_name() -> None:
    """WCAG 2.5.3 (axe's label-content-name-mismatch): the visible text of a
    node's button is its label, the first words of its accessible name."""
    markup = diagram_svg(_diagram(), interactive=True)
    for group in _svg_groups(markup, "cm-node"):
        shown = " ".join("".join(group.itertext()).split())
        assert group.get("aria-label", "").startswith(shown), shown
    for group in _svg_groups(markup, "cm-link"):
        assert not "".join(group.itertext()).strip()
    notes = [t.get("data-note-for") for t in ElementTree.fromstring(markup).iter(f"{SVG}text")]
    assert notes.count("node-2") == 2  # "mechanism · candidate" and its counts


def test_the_svg_marks_candidates_contradictions_and_counts() -> None:
    markup = diagram_svg(_diagram())
    nodes = {g.get("data-node-id"): g for g in _svg_groups(markup, "cm-node")}
    assert nodes["2"].find(f"{SVG}rect").get("stroke-dasharray")  # candidate
    assert nodes["1"].find(f"{SVG}rect").get("stroke-dasharray") is None
    links = {g.get("data-link-id"): g for g in _svg_groups(markup, "cm-link")}
    assert links["3"].get("data-state") == "contradicted"
    assert links["3"].find(f"{SVG}path").get("stroke-dasharray")
    assert links["3"].find(f"{SVG}polygon") is not None  # the arrowhead
    root = ElementTree.fromstring(markup.encode("utf-8"))
    notes = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "cm-notes")
    assert notes.get("aria-hidden") == "true" and notes.get("pointer-events") == "none"
    words = {
        text.get("data-note-for")[5:]: "".join(text.itertext())
        for text in notes.iter(f"{SVG}text")
        if text.get("data-note-for", "").startswith("link-")
    }
    assert words == {
        "1": "1 for",
        "2": "2 for · 1 against",
        "3": "1 against",
        "4": "no evidence",
        "5": "no evidence",
    }


def test_the_svg_file_has_a_title_and_a_key_of_kinds() -> None:
    root = ElementTree.fromstring(diagram_svg(_diagram()).encode("utf-8"))
    assert root.find(f"{SVG}title").text == 'Model "A" <&> ü'
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "cm-legend")
    texts = ["".join(t.itertext()) for t in legend.iter(f"{SVG}text")]
    assert {"Key", "context", "mechanism", 'outcome "<&>"'} <= set(texts)


def test_control_characters_are_dropped_from_the_svg() -> None:
    diagram = Diagram("T\x01", (DiagramNode(1, "A\x00B\x1b", "k", "#000000", 0),), (), ())
    root = ElementTree.fromstring(diagram_svg(diagram).encode("utf-8"))
    assert root.find(f"{SVG}title").text == "T"


def test_a_colour_that_is_not_a_colour_never_reaches_the_markup() -> None:
    hostile = '#000" onload="alert(1)'
    diagram = Diagram(
        "", (DiagramNode(1, "A", "k", hostile, 0),), (), (DiagramKind("k", hostile, 0),)
    )
    for markup in (diagram_svg(diagram), dot_text(diagram), mermaid_text(diagram)):
        assert "onload" not in markup and "#5F5F5F" in markup
    ElementTree.fromstring(diagram_svg(diagram).encode("utf-8"))


# ---------------------------------------------------------------- PNG


def test_the_png_is_an_image_of_the_layout() -> None:
    data = diagram_png(_diagram())
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    root = ElementTree.fromstring(diagram_svg(_diagram()).encode("utf-8"))
    view = [float(v) for v in root.get("viewBox").split()]
    scale = PNG_DPI / 100
    assert width == pytest.approx(view[2] * scale, abs=2)
    assert height == pytest.approx(view[3] * scale, abs=2)


# ---------------------------------------------------------------- Mermaid


def _mermaid_decoded(text: str) -> str:
    text = text.replace("<br>", "\n")
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)


def test_mermaid_is_a_left_to_right_flowchart_with_every_label() -> None:
    text = mermaid_text(_diagram())
    lines = text.splitlines()
    assert lines[1] == "flowchart LR"
    nodes = [re.fullmatch(r'    (n\d+)\["([^"]*)"\]:::(kind\d+)', line) for line in lines]
    found = {m.group(1): _mermaid_decoded(m.group(2)) for m in nodes if m}
    assert len(found) == 5
    for ident, label in enumerate(HOSTILE, start=1):
        assert found[f"n{ident}"].startswith(label + "\n")
    edges = [re.fullmatch(r'    (n\d+) (-->|-\.->)\|"([^"]*)"\| (n\d+)', line) for line in lines]
    assert [(m.group(1), m.group(2), m.group(4)) for m in edges if m] == [
        ("n1", "-->", "n2"),
        ("n2", "-.->", "n3"),
        ("n2", "-.->", "n4"),
        ("n5", "-.->", "n4"),
        ("n3", "-.->", "n1"),
    ]
    assert "    class n2,n3 candidate" in lines
    assert sum(line.startswith("    linkStyle ") for line in lines) == 5


def test_mermaid_labels_hold_no_raw_syntax() -> None:
    body = mermaid_text(_diagram()).split("\n", 1)[1]  # after the comment naming the model
    quoted = re.findall(r'"([^"]*)"', body)
    assert len(quoted) == 10  # 5 nodes, 5 links
    for text in quoted:
        bare = re.sub(r"#\d+;", "", text.replace("<br>", ""))
        assert not set(bare) & set('"<>&#`*_[]{}|\\$;'), text


# ---------------------------------------------------------------- DOT


def _dot_unquote(value: str) -> str:
    assert value.startswith('"') and value.endswith('"')
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), value[1:-1])


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot's use of pyparsing
def test_dot_parses_with_pydot_and_keeps_every_label() -> None:
    (graph,) = pydot.graph_from_dot_data(dot_text(_diagram()))
    assert graph.get_type() == "digraph"
    assert graph.get("rankdir").strip('"') == "LR"
    labels = {
        n.get_name(): _dot_unquote(n.get("label")) for n in graph.get_nodes() if n.get("label")
    }
    for ident, label in enumerate(HOSTILE, start=1):
        assert label in labels[f"n{ident}"].split("\n", 1)[1]
    edges = {(e.get_source(), e.get_destination()) for e in graph.get_edges()}
    assert edges == {("n1", "n2"), ("n2", "n3"), ("n2", "n4"), ("n5", "n4"), ("n3", "n1")}
    ranks = [s for s in graph.get_subgraphs() if s.get("rank") == "same"] or graph.get_subgraphs()
    assert len(ranks) == 2  # columns 1 and 2


# ---------------------------------------------------------------- GraphML


def test_graphml_reads_back_with_networkx_exactly() -> None:
    graph = nx.read_graphml(io.BytesIO(graphml_text(_diagram()).encode("utf-8")))
    assert graph.is_directed()
    assert [graph.nodes[f"n{i}"]["label"] for i in range(1, 6)] == list(HOSTILE)
    assert graph.nodes["n2"]["candidate"] is True and graph.nodes["n2"]["supporting"] == 3
    assert graph.nodes["n3"]["kind"] == 'outcome "<&>"' and graph.nodes["n3"]["colour"] == "#2E6B2E"
    assert graph.edges["n1", "n2"]["rationale"] == 'because "x" < y & z'
    assert graph.edges["n2", "n3"]["condition"] == HOSTILE[0]
    assert graph.edges["n2", "n3"]["contradicting"] == 1
    assert graph.graph["name"] == 'Model "A" <&> ü'


# ---------------------------------------------------------------- Kumu


def test_kumu_json_has_the_documented_blueprint_shape() -> None:
    blueprint = json.loads(kumu_json(_diagram()))
    assert set(blueprint) == {"elements", "connections"}
    elements, connections = blueprint["elements"], blueprint["connections"]
    assert [e["label"] for e in elements] == list(HOSTILE)
    for element in elements:
        assert isinstance(element["type"], str) and isinstance(element["description"], str)
        assert isinstance(element["tags"], list)
    ids = [e["id"] for e in elements] + [c["id"] for c in connections]
    assert len(ids) == len(set(ids))  # unique across elements and connections
    element_ids = {e["id"] for e in elements}
    for connection in connections:
        assert connection["from"] in element_ids and connection["to"] in element_ids
        assert connection["direction"] in ("directed", "undirected", "mutual")
    assert elements[0]["description"] == 'd "q" <x>'
    assert connections[0]["description"] == 'because "x" < y & z'
    assert elements[1]["tags"] == ["candidate"]
