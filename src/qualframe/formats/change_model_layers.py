"""Layered drawing of a directed graph, the steps a change-model diagram needs.

Pure functions on :class:`Slot` lists (no text, no colours): which layer a
node goes in (:func:`assign_layers`), the order within layers with few
crossings (:func:`order_layers`, barycenter sweeps) and the heights of the
slots (:func:`place_vertically`: each pulled towards its neighbours, order
and gaps kept). Used by :mod:`qualframe.formats.change_model_layout`.
Coordinates are pixels, y down; no side effects beyond the slots given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ROW_GAP",
    "Slot",
    "assign_layers",
    "crossings",
    "order_layers",
    "overlaps",
    "place_vertically",
    "point_on",
]

Point = tuple[float, float]
Cubic = tuple[Point, Point, Point]  # two control points and the end
Box = tuple[float, float, float, float]  # x, y, width, height

#: Vertical gap between two boxes of a layer (a third of it next to a placeholder).
ROW_GAP = 26.0


@dataclass(eq=False)
class Slot:
    """A place in a layer: a node's box, or a placeholder a long link passes through."""

    layer: int
    height: float
    node: int | None = None
    top: float = 0.0

    @property
    def centre(self) -> float:
        return self.top + self.height / 2

    @property
    def bottom(self) -> float:
        return self.top + self.height


def assign_layers(
    nodes: Sequence[tuple[int, int]], links: Sequence[tuple[int, int]]
) -> dict[int, int]:
    """Each node's layer from ``nodes`` as (id, column) and ``links`` as
    (source id, target id): its column, split into sub-layers by the longest
    path of the links between nodes of one column (cycles broken in the
    nodes' order); layers numbered from 0 with no empty ones."""
    column = dict(nodes)
    order = [node for node, _ in nodes]
    depth = dict.fromkeys(order, 0)
    inner = [(s, t) for s, t in links if s != t and column[s] == column[t]]
    incoming = {node: {s for s, t in inner if t == node} for node in order}
    done: set[int] = set()
    while len(done) < len(order):
        ready = [n for n in order if n not in done and incoming[n] <= done]
        current = ready[0] if ready else next(n for n in order if n not in done)  # a cycle
        done.add(current)
        for s, t in inner:
            if s == current and t not in done:
                depth[t] = max(depth[t], depth[current] + 1)
    keys = sorted({(column[n], depth[n]) for n in order})
    index = {key: number for number, key in enumerate(keys)}
    return {n: index[(column[n], depth[n])] for n in order}


def crossings(layers: list[list[Slot]], pairs: list[tuple[Slot, Slot]]) -> int:
    position = {id(slot): k for layer in layers for k, slot in enumerate(layer)}
    by_layer: dict[int, list[tuple[int, int]]] = {}
    for upper, lower in pairs:
        by_layer.setdefault(upper.layer, []).append((position[id(upper)], position[id(lower)]))
    total = 0
    for edges in by_layer.values():
        for i, (a1, b1) in enumerate(edges):
            total += sum(1 for a2, b2 in edges[i + 1 :] if (a1 - a2) * (b1 - b2) < 0)
    return total


def order_layers(layers: list[list[Slot]], pairs: list[tuple[Slot, Slot]]) -> None:
    """Reorder each layer (in place) by the barycenter of its neighbours'
    positions, sweeping left to right and back; keep the order with the
    fewest crossings of the ``pairs`` (slot, slot in the next layer)."""
    before: dict[int, list[Slot]] = {}
    after: dict[int, list[Slot]] = {}
    for upper, lower in pairs:
        after.setdefault(id(upper), []).append(lower)
        before.setdefault(id(lower), []).append(upper)
    best, fewest = [list(layer) for layer in layers], crossings(layers, pairs)
    for sweep in range(8):
        forward = sweep % 2 == 0
        neighbours = before if forward else after
        indices = range(1, len(layers)) if forward else range(len(layers) - 2, -1, -1)
        for i in indices:
            layers[i] = _by_barycenter(layers, i, neighbours)
        found = crossings(layers, pairs)
        if found < fewest:
            best, fewest = [list(layer) for layer in layers], found
    layers[:] = best


def _by_barycenter(
    layers: list[list[Slot]], index: int, neighbours: dict[int, list[Slot]]
) -> list[Slot]:
    """Layer ``index`` sorted by the mean position of each slot's neighbours
    (a slot with none keeps its own position as its key)."""
    position = {id(slot): k for layer in layers for k, slot in enumerate(layer)}
    keyed = []
    for k, slot in enumerate(layers[index]):
        near = neighbours.get(id(slot), [])
        mean = sum(position[id(n)] for n in near) / len(near) if near else float(k)
        keyed.append((mean, k, slot))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [slot for _, _, slot in keyed]


def _gap(upper: Slot, lower: Slot) -> float:
    return ROW_GAP if upper.node is not None and lower.node is not None else ROW_GAP / 3


def _pack(layer: list[Slot], wanted: list[float]) -> list[float]:
    """Tops as near ``wanted`` as the order and gaps allow: the mean of a
    downward and an upward packing (both keep the gaps, so their mean does)."""
    down: list[float] = []
    for k, slot in enumerate(layer):
        floor = down[-1] + layer[k - 1].height + _gap(layer[k - 1], slot) if k else -1e9
        down.append(max(wanted[k], floor))
    up = [0.0] * len(layer)
    for k in range(len(layer) - 1, -1, -1):
        slot = layer[k]
        ceiling = up[k + 1] - _gap(slot, layer[k + 1]) - slot.height if k < len(layer) - 1 else 1e9
        up[k] = min(wanted[k], ceiling)
    return [(a + b) / 2 for a, b in zip(down, up, strict=True)]


def place_vertically(layers: list[list[Slot]], pairs: list[tuple[Slot, Slot]]) -> None:
    near: dict[int, list[Slot]] = {}
    for upper, lower in pairs:
        near.setdefault(id(upper), []).append(lower)
        near.setdefault(id(lower), []).append(upper)
    totals = [sum(s.height for s in layer) + ROW_GAP * max(len(layer) - 1, 0) for layer in layers]
    tallest = max(totals, default=0.0)
    for layer, total in zip(layers, totals, strict=True):
        top = (tallest - total) / 2
        for k, slot in enumerate(layer):
            slot.top = top
            if k + 1 < len(layer):
                top += slot.height + _gap(slot, layer[k + 1])
    for sweep in range(6):
        for layer in layers if sweep % 2 == 0 else layers[::-1]:
            wanted = []
            for slot in layer:
                others = near.get(id(slot), [])
                centre = sum(o.centre for o in others) / len(others) if others else slot.centre
                wanted.append(centre - slot.height / 2)
            for slot, top in zip(layer, _pack(layer, wanted), strict=True):
                slot.top = top
    lowest = min((slot.top for layer in layers for slot in layer), default=0.0)
    for layer in layers:
        for slot in layer:
            slot.top -= lowest


# ---------------------------------------------------------------- geometry


def point_on(start: Point, piece: Cubic, t: float) -> Point:
    """The point at ``t`` (0 to 1) along one cubic piece starting at ``start``."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = start, *piece
    u = 1 - t
    a, b, c, d = u**3, 3 * u * u * t, 3 * u * t * t, t**3
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes (x, y, width, height) overlap."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
