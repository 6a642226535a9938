"""Laying out a change model's diagram, left to right by kind column.

Plain records in (:class:`Diagram`: nodes with their kind's colour and
column, links with their evidence counts), a :class:`Layout` out: every
box, text line, link route, arrowhead and legend entry placed in one
coordinate system (pixels, y down), ready for the SVG and PNG writers
(:mod:`~qualframe.formats.change_model_svg`,
:mod:`~qualframe.formats.change_model_png`) to draw the same picture.

The layout is a small layered (Sugiyama-style) drawing:

- a node's layer is its kind's column; nodes of one column linked to each
  other (a context → a mechanism, both column 1) are spread over
  sub-layers by the longest path of those links, so links run left to right;
- a link spanning several layers passes through placeholder slots in the
  layers between, so it never crosses a box;
- the order within each layer is improved by barycenter sweeps, keeping
  the order with the fewest crossings;
- boxes are pulled towards their neighbours' heights, keeping their order
  and gaps;
- links back to an earlier layer (an outcome that is the next context) are
  drawn under the boxes, links within a layer on its right.

Text widths are measured with the advance widths of DejaVu Sans (the font
the PNG is drawn in; the SVG names it first), so wrapped labels fit their
boxes. Nothing here reads files or touches a database; no side effects.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from qualframe.formats.change_model_layers import (
    Cubic,
    Point,
    Slot,
    assign_layers,
    order_layers,
    overlaps,
    place_vertically,
    point_on,
)
from qualframe.formats.change_model_text import (
    DARK_TEXT,
    clean_text,
    evidence_state,
    evidence_words,
    safe_colour,
    text_colour_on,
    text_width,
    wrap_text,
)

__all__ = [
    "FONT_FAMILY",
    "LINK_COLOURS",
    "Diagram",
    "DiagramKind",
    "DiagramLink",
    "DiagramNode",
    "Layout",
    "LegendEntry",
    "LinkRoute",
    "NodeBox",
    "TextLine",
    "label_line",
    "layout_diagram",
    "link_description",
    "node_description",
    "node_lines",
    "point_on",
]

#: The fonts the diagram names, DejaVu Sans first (its widths are measured here).
FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
LABEL_SIZE = 13.0  # px, node labels
SMALL_SIZE = 10.5  # px, kind lines, counts, link labels, legend
TITLE_SIZE = 16.0  # px, bold
NODE_WIDTH = 190.0
NODE_PADDING = 9.0
MIN_NODE_HEIGHT = 54.0
LAYER_GAP = 150.0  # between layers: room for the links and their labels
DUMMY_HEIGHT = 14.0
MARGIN = 20.0
ARROW_LENGTH = 10.0
ARROW_HALF_WIDTH = 5.0
#: Colours of links by :func:`evidence_state`, and their dash patterns ("" solid).
LINK_COLOURS = {
    "supported": "#3D3D3D",
    "mixed": "#A4262C",
    "contradicted": "#A4262C",
    "no evidence": "#6B6B6B",
}
LINK_DASHES = {"supported": "", "mixed": "", "contradicted": "7 4", "no evidence": "2 4"}
LINK_LEGEND = {
    "supported": "supporting evidence only",
    "mixed": "supporting and contradicting evidence",
    "contradicted": "only contradicting evidence",
    "no evidence": "no evidence yet",
}


@dataclass(frozen=True)
class DiagramKind:
    """A kind of node for the legend: its name, colour (``#RRGGBB``) and column."""

    name: str
    colour: str
    column: int


@dataclass(frozen=True)
class DiagramNode:
    """A node to draw: ``supports`` counts its supporting pieces (bound
    codings included), ``contradicts`` its contradicting ones."""

    id: int
    label: str
    kind: str
    colour: str
    column: int
    candidate: bool = False
    supports: int = 0
    contradicts: int = 0
    description: str = ""


@dataclass(frozen=True)
class DiagramLink:
    """A link to draw from node id ``source`` to node id ``target``, with its
    rationale, the label of the node it is conditional on, and its counts."""

    id: int
    source: int
    target: int
    rationale: str = ""
    condition: str | None = None
    supports: int = 0
    contradicts: int = 0
    candidate: bool = False


@dataclass(frozen=True)
class Diagram:
    """A model to draw: its title, nodes and links (in the model's order) and
    the kinds for the legend."""

    title: str
    nodes: tuple[DiagramNode, ...]
    links: tuple[DiagramLink, ...]
    kinds: tuple[DiagramKind, ...]


@dataclass(frozen=True)
class NodeBox:
    """A placed node: its box (top-left ``x``, ``y``), fill, outline and text
    colours, whether the outline is dashed (a candidate), and its text lines
    from the top: the kind (and "candidate"), the wrapped label, the counts."""

    node: DiagramNode
    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str
    text_colour: str
    dashed: bool
    kind_lines: tuple[str, ...]
    lines: tuple[str, ...]
    counts_line: str

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class LinkRoute:
    """A placed link: a path of cubic Bézier pieces from ``start``, the
    arrowhead triangle (tip first), the label text and its box (``x``, ``y``,
    width, height), the colour and dash pattern for its evidence state."""

    link: DiagramLink
    start: Point
    pieces: tuple[Cubic, ...]
    arrow: tuple[Point, Point, Point]
    label: str
    label_box: tuple[float, float, float, float]
    state: str
    colour: str
    dash: str
    width: float


@dataclass(frozen=True)
class LegendEntry:
    """One legend entry at (``x``, ``y``) (the top-left of its sample):
    ``sample`` is "kind" (a filled swatch), "candidate" (a dashed outline) or
    "link" (a line in ``colour`` with ``dash``)."""

    sample: str
    label: str
    colour: str
    dash: str
    x: float
    y: float


@dataclass(frozen=True)
class Layout:
    """A whole diagram placed: the view box (``x``, ``y``, ``width``, ``height``;
    it may start below zero), the title's baseline, boxes, routes, legend."""

    title: str
    view: tuple[float, float, float, float]
    title_at: Point | None
    nodes: tuple[NodeBox, ...]
    links: tuple[LinkRoute, ...]
    legend: tuple[LegendEntry, ...]
    legend_title_at: Point | None


def node_description(node: DiagramNode) -> str:
    """What a screen reader says of a node: "LABEL (kind), N supporting, M contradicting"."""
    label = " ".join(clean_text(node.label).split())
    candidate = ", candidate" if node.candidate else ""
    return (
        f"{label} ({node.kind}{candidate}), {node.supports} supporting, "
        f"{node.contradicts} contradicting"
    )


def link_description(link: DiagramLink, source: str, target: str) -> str:
    """What a screen reader says of a link: "SOURCE → TARGET (if CONDITION),
    N supporting, M contradicting"."""
    text = " ".join(clean_text(f"{source} → {target}").split())
    if link.condition:
        text += " (if " + " ".join(clean_text(link.condition).split()) + ")"
    return f"{text}, {link.supports} supporting, {link.contradicts} contradicting"


# ---------------------------------------------------------------- layout


@dataclass(frozen=True)
class _NodeText:
    kind_lines: tuple[str, ...]
    lines: tuple[str, ...]
    counts_line: str
    height: float


# Baseline steps inside a box (px): to the first kind line, between kind
# lines, kind to label, between label lines, label to counts, counts to the edge.
_FIRST = NODE_PADDING + SMALL_SIZE
_KIND_STEP = SMALL_SIZE * 1.25
_TO_LABEL = SMALL_SIZE * 0.3 + LABEL_SIZE * 1.15
_LABEL_STEP = LABEL_SIZE * 1.25
_TO_COUNTS = LABEL_SIZE * 0.3 + SMALL_SIZE * 1.2
_TO_EDGE = SMALL_SIZE * 0.3 + NODE_PADDING


def _natural_height(kinds: int, lines: int) -> float:
    return (
        _FIRST
        + (kinds - 1) * _KIND_STEP
        + _TO_LABEL
        + (lines - 1) * _LABEL_STEP
        + _TO_COUNTS
        + _TO_EDGE
    )


def _node_text(node: DiagramNode) -> _NodeText:
    inner = NODE_WIDTH - 2 * NODE_PADDING
    kind = node.kind + (" · candidate" if node.candidate else "")
    kinds = wrap_text(kind, SMALL_SIZE, inner, max_lines=2)
    lines = wrap_text(node.label, LABEL_SIZE, inner, bold=True)
    counts = evidence_words(node.supports, node.contradicts)
    height = max(MIN_NODE_HEIGHT, _natural_height(len(kinds), len(lines)))
    return _NodeText(kinds, lines, counts, height)


def layout_diagram(diagram: Diagram, *, show_title: bool = True) -> Layout:
    """Place every part of ``diagram`` (see the module's description).

    Links naming a node not in ``diagram.nodes`` are left out. ``show_title``
    puts the title above the drawing (a file); a page has its own heading."""
    texts = {node.id: _node_text(node) for node in diagram.nodes}
    known = set(texts)
    links = [link for link in diagram.links if link.source in known and link.target in known]
    layer_of = assign_layers(
        [(node.id, node.column) for node in diagram.nodes],
        [(link.source, link.target) for link in links],
    )
    layers: list[list[Slot]] = [[] for _ in range(max(layer_of.values(), default=-1) + 1)]
    slot_of: dict[int, Slot] = {}
    for node in diagram.nodes:
        slot = Slot(layer_of[node.id], texts[node.id].height, node.id)
        layers[slot.layer].append(slot)
        slot_of[node.id] = slot
    chains: dict[int, list[Slot]] = {}
    for link in links:
        first, last = layer_of[link.source], layer_of[link.target]
        if last != first:  # a link back is laid out as if reversed, drawn right to left
            low, high = sorted((link.source, link.target), key=layer_of.__getitem__)
            between = [
                Slot(layer, DUMMY_HEIGHT) for layer in range(min(first, last) + 1, max(first, last))
            ]
            for slot in between:
                layers[slot.layer].append(slot)
            chains[link.id] = [slot_of[low], *between, slot_of[high]]
    pairs = [(a, b) for chain in chains.values() for a, b in itertools.pairwise(chain)]
    order_layers(layers, pairs)
    place_vertically(layers, pairs)
    nodes = tuple(_box(node, slot_of[node.id], texts[node.id]) for node in diagram.nodes)
    routes = _routes(links, slot_of, chains, nodes)
    return _frame(diagram, nodes, routes, show_title)


def _layer_x(layer: int) -> float:
    return layer * (NODE_WIDTH + LAYER_GAP)


def _box(node: DiagramNode, slot: Slot, text: _NodeText) -> NodeBox:
    colour = safe_colour(node.colour)
    fill = "#FFFFFF" if node.candidate else colour
    return NodeBox(
        node=node,
        x=_layer_x(slot.layer),
        y=slot.top,
        width=NODE_WIDTH,
        height=slot.height,
        fill=fill,
        stroke=colour if node.candidate else DARK_TEXT,
        text_colour=text_colour_on(fill),
        dashed=node.candidate,
        kind_lines=text.kind_lines,
        lines=text.lines,
        counts_line=text.counts_line,
    )


def _ports(chains: dict[int, list[Slot]]) -> dict[tuple[int, int], float]:
    """The height at which each forward link leaves (``(id, 0)``) and enters
    (``(id, 1)``) its node's box: spread along the edge, in the order of the
    other ends, so links from one box fan out without crossing there."""
    leaving: dict[int, list[tuple[float, int]]] = {}
    entering: dict[int, list[tuple[float, int]]] = {}
    ends: dict[int, Slot] = {}
    for link_id, chain in chains.items():
        source, target = chain[0], chain[-1]
        ends[id(source)], ends[id(target)] = source, target
        leaving.setdefault(id(source), []).append((chain[1].centre, link_id))
        entering.setdefault(id(target), []).append((chain[-2].centre, link_id))
    ports: dict[tuple[int, int], float] = {}
    for side, groups in ((0, leaving), (1, entering)):
        for key, items in groups.items():
            slot = ends[key]
            items.sort()
            for k, (_, link_id) in enumerate(items):
                ports[(link_id, side)] = slot.top + slot.height * (k + 1) / (len(items) + 1)
    return ports


def _curve(start: Point, end: Point) -> Cubic:
    """A piece leaving ``start`` and reaching ``end`` horizontally."""
    half = (end[0] - start[0]) / 2
    return ((start[0] + half, start[1]), (end[0] - half, end[1]), end)


def _routes(
    links: Sequence[DiagramLink],
    slot_of: dict[int, Slot],
    chains: dict[int, list[Slot]],
    boxes: tuple[NodeBox, ...],
) -> tuple[LinkRoute, ...]:
    ports = _ports(chains)
    taken = [(box.x, box.y, box.width, box.height) for box in boxes]
    routes: list[LinkRoute] = []
    for link in links:
        source, target = slot_of[link.source], slot_of[link.target]
        if link.id in chains:
            start, pieces, arrow = _along(
                link.id, chains[link.id], ports, target.layer < source.layer
            )
        else:
            start, pieces, arrow = _beside(source, target)
        label = evidence_words(link.supports, link.contradicts)
        box = _label_box(label, start, pieces, taken)
        taken.append(box)
        state = evidence_state(link.supports, link.contradicts)
        routes.append(
            LinkRoute(
                link=link,
                start=start,
                pieces=pieces,
                arrow=arrow,
                label=label,
                label_box=box,
                state=state,
                colour=LINK_COLOURS[state],
                dash=LINK_DASHES[state],
                width=1.4 + min(link.supports, 12) * 0.22,
            )
        )
    return tuple(routes)


def _arrow(tip: Point, direction: Point) -> tuple[Point, Point, Point]:
    """A triangle pointing along ``direction`` (a unit axis vector) at ``tip``."""
    dx, dy = direction
    back = (tip[0] - dx * ARROW_LENGTH, tip[1] - dy * ARROW_LENGTH)
    side = (-dy * ARROW_HALF_WIDTH, dx * ARROW_HALF_WIDTH)
    return (tip, (back[0] + side[0], back[1] + side[1]), (back[0] - side[0], back[1] - side[1]))


def _along(
    link_id: int, chain: list[Slot], ports: dict[tuple[int, int], float], back: bool
) -> tuple[Point, tuple[Cubic, ...], tuple[Point, Point, Point]]:
    """Through the placeholders of ``chain`` (left to right): from the right
    edge of its first box into the left edge of its last; reversed for a
    link ``back`` to an earlier layer, which enters its target from the right."""
    points: list[Point] = [(_layer_x(chain[0].layer) + NODE_WIDTH, ports[(link_id, 0)])]
    for slot in chain[1:-1]:
        points += [
            (_layer_x(slot.layer), slot.centre),
            (_layer_x(slot.layer) + NODE_WIDTH, slot.centre),
        ]
    points.append((_layer_x(chain[-1].layer), ports[(link_id, 1)]))
    if back:
        points.reverse()
    tip = points[-1]
    direction = -1.0 if back else 1.0
    points[-1] = (tip[0] - direction * ARROW_LENGTH, tip[1])
    pieces = tuple(_curve(a, b) for a, b in itertools.pairwise(points))
    return points[0], pieces, _arrow(tip, (direction, 0.0))


def _beside(
    source: Slot, target: Slot
) -> tuple[Point, tuple[Cubic, ...], tuple[Point, Point, Point]]:
    """Within a layer (or to itself), out on the right of the boxes."""
    right = _layer_x(source.layer) + NODE_WIDTH
    if source is target:
        start_y, tip_y = source.top + source.height / 3, source.top + 2 * source.height / 3
    else:
        start_y, tip_y = source.centre, target.centre
    bulge = right + 36 + abs(tip_y - start_y) / 6
    start, tip = (right, start_y), (right, tip_y)
    end = (right + ARROW_LENGTH, tip_y)
    piece = ((bulge, start_y), (bulge, tip_y), end)
    return start, (piece,), _arrow(tip, (-1.0, 0.0))


def _label_box(
    label: str,
    start: Point,
    pieces: tuple[Cubic, ...],
    taken: list[tuple[float, float, float, float]],
) -> tuple[float, float, float, float]:
    """A box for a link's label on its path, the first spot clear of boxes
    and labels already placed (else the middle of the first piece)."""
    width, height = text_width(label, SMALL_SIZE) + 8, SMALL_SIZE + 6
    starts = [start, *(piece[2] for piece in pieces[:-1])]
    first: tuple[float, float, float, float] | None = None
    for piece_start, piece in zip(starts, pieces, strict=True):
        for t in (0.5, 0.35, 0.65, 0.2, 0.8):
            x, y = point_on(piece_start, piece, t)
            box = (x - width / 2, y - height / 2, width, height)
            first = first or box
            if not any(overlaps(box, other) for other in taken):
                return box
    assert first is not None
    return first


def _extent(
    nodes: tuple[NodeBox, ...], routes: tuple[LinkRoute, ...]
) -> tuple[float, float, float, float]:
    """Left, top, right and bottom of every box, label and path (control points count)."""
    xs: list[float] = [0.0]
    ys: list[float] = [0.0]
    for box in nodes:
        xs += [box.x, box.x + box.width]
        ys += [box.y, box.y + box.height]
    for route in routes:
        x, y, w, h = route.label_box
        xs += [x, x + w]
        ys += [y, y + h]
        for px, py in (route.start, *(p for piece in route.pieces for p in piece)):
            xs.append(px)
            ys.append(py)
    return min(xs), min(ys), max(xs), max(ys)


def _legend(
    diagram: Diagram, routes: tuple[LinkRoute, ...], left: float, top: float, width: float
) -> tuple[tuple[LegendEntry, ...], float]:
    """Entries flowing in rows from (``left``, ``top``), at most ``width`` wide;
    returns them and the bottom of the last row."""
    wanted: list[tuple[str, str, str, str]] = [
        ("kind", kind.name, safe_colour(kind.colour), "")
        for kind in sorted(diagram.kinds, key=lambda kind: kind.column)
    ]
    if any(node.candidate for node in diagram.nodes):
        wanted.append(("candidate", "candidate, for the team to confirm", "#5F5F5F", "4 3"))
    states = [state for state in LINK_COLOURS if any(route.state == state for route in routes)]
    wanted += [("link", LINK_LEGEND[s], LINK_COLOURS[s], LINK_DASHES[s]) for s in states]
    entries: list[LegendEntry] = []
    x, y = left, top
    for sample, label, colour, dash in wanted:
        size = 30 + text_width(label, SMALL_SIZE) + 22
        if x > left and x + size > left + width:
            x, y = left, y + 22
        entries.append(LegendEntry(sample, clean_text(label), colour, dash, x, y))
        x += size
    return tuple(entries), y + 16


def _frame(
    diagram: Diagram, nodes: tuple[NodeBox, ...], routes: tuple[LinkRoute, ...], show_title: bool
) -> Layout:
    left, top, right, bottom = _extent(nodes, routes)
    title = " ".join(clean_text(diagram.title).split())
    title_at: Point | None = None
    if show_title and title:
        title_at = (left, top - 18)
        right = max(right, left + text_width(title, TITLE_SIZE, bold=True))
        top -= 18 + TITLE_SIZE
    legend_title_at = (left, bottom + 34)
    entries, legend_bottom = _legend(diagram, routes, left, bottom + 44, max(right - left, 420.0))
    if entries:
        bottom = legend_bottom
        right = max([right, *(e.x + 30 + text_width(e.label, SMALL_SIZE) for e in entries)])
    view = (left - MARGIN, top - MARGIN, right - left + 2 * MARGIN, bottom - top + 2 * MARGIN)
    return Layout(
        title=title,
        view=view,
        title_at=title_at,
        nodes=nodes,
        links=routes,
        legend=entries,
        legend_title_at=legend_title_at if entries else None,
    )


@dataclass(frozen=True)
class TextLine:
    """One line of text to draw centred on ``x`` with its baseline at ``y``."""

    text: str
    x: float
    y: float
    size: float
    bold: bool = False


def node_lines(
    box: NodeBox,
) -> tuple[tuple[TextLine, ...], tuple[TextLine, ...], TextLine]:
    """A box's text placed, centred in the box: the kind lines, the label's
    lines (bold) and the counts line."""
    x = box.centre_x
    spare = box.height - _natural_height(len(box.kind_lines), len(box.lines))
    y = box.y + spare / 2 + _FIRST
    kinds = []
    for k, text in enumerate(box.kind_lines):
        kinds.append(TextLine(text, x, y + k * _KIND_STEP, SMALL_SIZE))
    y += (len(box.kind_lines) - 1) * _KIND_STEP + _TO_LABEL
    label = [
        TextLine(text, x, y + k * _LABEL_STEP, LABEL_SIZE, bold=True)
        for k, text in enumerate(box.lines)
    ]
    y += (len(box.lines) - 1) * _LABEL_STEP + _TO_COUNTS
    return tuple(kinds), tuple(label), TextLine(box.counts_line, x, y, SMALL_SIZE)


def label_line(route: LinkRoute) -> TextLine:
    """A link's label placed in the middle of its box."""
    x, y, width, height = route.label_box
    return TextLine(route.label, x + width / 2, y + height / 2 + SMALL_SIZE * 0.36, SMALL_SIZE)
