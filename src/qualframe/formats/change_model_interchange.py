"""A change model for other tools: Mermaid, Graphviz DOT, GraphML and Kumu JSON.

Each writer takes the plain :class:`~qualframe.formats.change_model_layout.Diagram`
and returns text (UTF-8 when written to a file):

- :func:`mermaid_text`: a Mermaid ``flowchart LR``; nodes styled by kind
  (``classDef``), candidates dashed, links labelled with their evidence
  counts, links with only contradicting evidence dotted. Labels are quoted,
  with Mermaid's entity codes (``#quot;``, ``#35;``...) for characters its
  syntax or Markdown would read.
- :func:`dot_text`: a Graphviz ``digraph`` (``rankdir=LR``, one ``rank=same``
  group per kind column), with the same colours and styles as the SVG.
- :func:`graphml_text`: GraphML written by networkx, every node and link
  attribute typed (label, kind, colour, column, candidate, counts; rationale
  and condition).
- :func:`kumu_json`: a Kumu blueprint, ``{"elements": [...], "connections":
  [...]}``: elements with ``id``, ``label``, ``type`` (the kind),
  ``description`` and ``tags``; connections with ``id``, ``from``, ``to``
  (element ids), ``direction`` ("directed"), ``type`` (the evidence state),
  ``label`` and ``description`` (the rationale); counts as custom fields.
  Ids are unique across elements and connections, as Kumu requires.

Characters XML forbids are dropped from every label. Pure.
"""

from __future__ import annotations

import json
import re

from qualframe.formats.change_model_layout import (
    LINK_COLOURS,
    Diagram,
    DiagramLink,
    DiagramNode,
)
from qualframe.formats.change_model_text import (
    clean_text,
    evidence_state,
    evidence_words,
    safe_colour,
    text_colour_on,
)

__all__ = ["dot_text", "graphml_text", "kumu_json", "mermaid_text"]

# Characters Mermaid's flowchart syntax or its Markdown labels would read.
_MERMAID_SPECIAL = re.compile(r"[\"#&<>`*_\[\]{}|\\~$%;:^=]")


def _node_key(node_id: int) -> str:
    return f"n{node_id}"


def _links(diagram: Diagram) -> list[DiagramLink]:
    known = {node.id for node in diagram.nodes}
    return [link for link in diagram.links if link.source in known and link.target in known]


# ---------------------------------------------------------------- Mermaid


def _mermaid(text: str) -> str:
    """Text for a quoted Mermaid label: special characters as entity codes
    (``#34;``), line breaks as ``<br>``."""
    lines = clean_text(text).replace("\r", "").split("\n")
    coded = [_MERMAID_SPECIAL.sub(lambda m: f"#{ord(m.group())};", line) for line in lines]
    return "<br>".join(coded)


def mermaid_text(diagram: Diagram) -> str:
    """``diagram`` as a Mermaid ``flowchart LR`` (text, ends with a newline)."""
    # A comment naming the model (braces left out: "%%{" would start a directive).
    title = " ".join(clean_text(diagram.title).replace("{", "(").replace("}", ")").split())
    lines = [f"%% {title}" if title else "%% change model", "flowchart LR"]
    classes: dict[str, str] = {}
    for kind in diagram.kinds:
        classes.setdefault(kind.name, f"kind{len(classes)}")
    for node in diagram.nodes:
        classes.setdefault(node.kind, f"kind{len(classes)}")
    for node in diagram.nodes:
        text = f"{node.label}\n{node.kind}{' · candidate' if node.candidate else ''}"
        text += f"\n{evidence_words(node.supports, node.contradicts)}"
        lines.append(f'    {_node_key(node.id)}["{_mermaid(text)}"]:::{classes[node.kind]}')
    links = _links(diagram)
    for link in links:
        arrow = "-.->" if evidence_state(link.supports, link.contradicts) != "supported" else "-->"
        label = evidence_words(link.supports, link.contradicts)
        if link.condition:
            label += f"\nif {link.condition}"
        lines.append(
            f'    {_node_key(link.source)} {arrow}|"{_mermaid(label)}"| {_node_key(link.target)}'
        )
    colours = {kind.name: safe_colour(kind.colour) for kind in diagram.kinds}
    for name, key in classes.items():
        fill = colours.get(name, "#5F5F5F")
        text = text_colour_on(fill)
        lines.append(f"    classDef {key} fill:{fill},stroke:#1A1A1A,color:{text}")
    candidates = [_node_key(node.id) for node in diagram.nodes if node.candidate]
    if candidates:
        lines.append("    classDef candidate fill:#FFFFFF,color:#1A1A1A,stroke-dasharray:6 4")
        lines.append(f"    class {','.join(candidates)} candidate")
    for index, link in enumerate(links):
        state = evidence_state(link.supports, link.contradicts)
        lines.append(f"    linkStyle {index} stroke:{LINK_COLOURS[state]}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- DOT


def _dot(text: str) -> str:
    """A double-quoted DOT string: backslashes and quotes escaped, line breaks ``\\n``."""
    text = clean_text(text).replace("\r", "")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _dot_node(node: DiagramNode) -> str:
    colour = safe_colour(node.colour)
    style = "rounded,dashed" if node.candidate else "rounded,filled"
    fill = "#FFFFFF" if node.candidate else colour
    font = "#1A1A1A" if node.candidate else text_colour_on(colour)
    kind = node.kind + (" · candidate" if node.candidate else "")
    label = f"{kind}\n{node.label}\n{evidence_words(node.supports, node.contradicts)}"
    return (
        f"    {_node_key(node.id)} [label={_dot(label)}, style={_dot(style)}, "
        f'fillcolor="{fill}", color="{colour if node.candidate else "#1A1A1A"}", '
        f'fontcolor="{font}", tooltip={_dot(node.description or node.label)}];'
    )


def dot_text(diagram: Diagram) -> str:
    """``diagram`` as a Graphviz ``digraph`` (text, ends with a newline)."""
    lines = [
        "digraph change_model {",
        f"    label={_dot(diagram.title)};",
        '    labelloc="t"; rankdir="LR"; charset="UTF-8";',
        '    node [shape="box", fontname="DejaVu Sans", fontsize="11", margin="0.15,0.08"];',
        '    edge [fontname="DejaVu Sans", fontsize="9"];',
    ]
    lines += [_dot_node(node) for node in diagram.nodes]
    columns: dict[int, list[str]] = {}
    for node in diagram.nodes:
        columns.setdefault(node.column, []).append(_node_key(node.id))
    for column in sorted(columns):
        lines.append(f"    {{ rank=same; {'; '.join(columns[column])}; }}")
    for link in _links(diagram):
        state = evidence_state(link.supports, link.contradicts)
        style = {"contradicted": "dashed", "no evidence": "dotted"}.get(state, "solid")
        label = evidence_words(link.supports, link.contradicts)
        if link.condition:
            label += f"\nif {link.condition}"
        lines.append(
            f"    {_node_key(link.source)} -> {_node_key(link.target)} [label={_dot(label)}, "
            f'color="{LINK_COLOURS[state]}", fontcolor="{LINK_COLOURS[state]}", '
            f'style="{style}", tooltip={_dot(link.rationale or label)}];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- GraphML


def graphml_text(diagram: Diagram) -> str:
    """``diagram`` as a GraphML document (networkx's writer; directed; text)."""
    import networkx as nx

    graph = nx.DiGraph(name=clean_text(diagram.title))
    for node in diagram.nodes:
        graph.add_node(
            _node_key(node.id),
            label=clean_text(node.label),
            kind=clean_text(node.kind),
            colour=safe_colour(node.colour),
            column=node.column,
            candidate=node.candidate,
            description=clean_text(node.description),
            supporting=node.supports,
            contradicting=node.contradicts,
        )
    for link in _links(diagram):
        graph.add_edge(
            _node_key(link.source),
            _node_key(link.target),
            id=f"l{link.id}",
            label=evidence_words(link.supports, link.contradicts),
            rationale=clean_text(link.rationale),
            condition=clean_text(link.condition or ""),
            candidate=link.candidate,
            evidence=evidence_state(link.supports, link.contradicts),
            supporting=link.supports,
            contradicting=link.contradicts,
        )
    return "\n".join(nx.generate_graphml(graph, edge_id_from_attribute="id")) + "\n"


# ---------------------------------------------------------------- Kumu


def kumu_json(diagram: Diagram) -> str:
    """``diagram`` as a Kumu blueprint (JSON text, UTF-8 characters kept)."""
    labels = {node.id: node.label for node in diagram.nodes}
    elements = [
        {
            "id": f"element-{node.id}",
            "label": clean_text(node.label),
            "type": clean_text(node.kind),
            "description": clean_text(node.description),
            "tags": ["candidate"] if node.candidate else [],
            "Supporting evidence": node.supports,
            "Contradicting evidence": node.contradicts,
            "Column": node.column,
        }
        for node in diagram.nodes
    ]
    connections = [
        {
            "id": f"connection-{link.id}",
            "from": f"element-{link.source}",
            "to": f"element-{link.target}",
            "direction": "directed",
            "type": evidence_state(link.supports, link.contradicts),
            "label": evidence_words(link.supports, link.contradicts),
            "description": clean_text(link.rationale),
            "tags": ["candidate"] if link.candidate else [],
            "Condition": clean_text(link.condition or ""),
            "Supporting evidence": link.supports,
            "Contradicting evidence": link.contradicts,
            "From label": clean_text(labels[link.source]),
            "To label": clean_text(labels[link.target]),
        }
        for link in _links(diagram)
    ]
    blueprint = {"elements": elements, "connections": connections}
    return json.dumps(blueprint, ensure_ascii=False, indent=2) + "\n"
