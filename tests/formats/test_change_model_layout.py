"""Laying out a change model's diagram: text measured and wrapped, boxes in
kind columns left to right, no overlaps, links from box to box, few crossings."""

from __future__ import annotations

import itertools

import pytest

from qualframe.formats.change_model_layout import (
    Diagram,
    DiagramKind,
    DiagramLink,
    DiagramNode,
    Layout,
    NodeBox,
    layout_diagram,
    node_lines,
    point_on,
)
from qualframe.formats.change_model_text import (
    clean_text,
    evidence_state,
    evidence_words,
    text_width,
    wrap_text,
)

KINDS = (
    DiagramKind("intervention component", "#1F5F8B", 0),
    DiagramKind("context", "#7A5230", 1),
    DiagramKind("mechanism", "#B3460B", 1),
    DiagramKind("process outcome", "#2E6B2E", 2),
    DiagramKind("downstream outcome", "#1E4D1E", 3),
)
_COLUMNS = {kind.name: kind for kind in KINDS}


def node(ident: int, label: str, kind: str, **extra: object) -> DiagramNode:
    spec = _COLUMNS[kind]
    return DiagramNode(ident, label, kind, spec.colour, spec.column, **extra)  # type: ignore[arg-type]


def peer_work() -> Diagram:
    """Components → context/mechanisms → outcomes, with a long link, a link
    back (an outcome as the next context) and a context → mechanism link."""
    nodes = (
        node(1, "Peer worker role", "intervention component", supports=2),
        node(2, "Shared lived experience", "context"),
        node(3, "Building trusting relationships based on shared lived experience", "mechanism"),
        node(4, "Role-modelling recovery", "mechanism", supports=3, contradicts=1),
        node(5, "Hope", "process outcome", candidate=True),
        node(6, "Recovery", "downstream outcome", candidate=True),
    )
    links = (
        DiagramLink(1, 1, 3, supports=2),
        DiagramLink(2, 1, 4),
        DiagramLink(3, 2, 3, supports=1),
        DiagramLink(4, 3, 5, supports=4, contradicts=1),
        DiagramLink(5, 4, 5, contradicts=2),
        DiagramLink(6, 5, 6),
        DiagramLink(7, 1, 6, supports=1),  # spans every layer
        DiagramLink(8, 6, 2),  # back to an earlier layer
    )
    return Diagram("Peer work", nodes, links, KINDS)


def _boxes(layout: Layout) -> dict[int, NodeBox]:
    return {box.node.id: box for box in layout.nodes}


def _inside(point: tuple[float, float], box: NodeBox, pad: float = -1.0) -> bool:
    x, y = point
    return box.x - pad < x < box.x + box.width + pad and box.y - pad < y < box.y + box.height + pad


def test_text_widths_are_measured_per_character() -> None:
    assert text_width("iiii", 10) < text_width("MMMM", 10)
    assert text_width("MMMM", 20) == pytest.approx(2 * text_width("MMMM", 10))
    assert text_width("Ünïcødé", 10) == pytest.approx(text_width("Unicode", 10), rel=0.05)
    assert text_width("日本", 10) == pytest.approx(20)
    assert text_width("bold", 10, bold=True) > text_width("bold", 10)


def test_wrapped_lines_fit_and_keep_every_word() -> None:
    text = "Building trusting relationships based on shared lived experience"
    lines = wrap_text(text, 13, 120)
    assert len(lines) > 1
    assert all(text_width(line, 13) <= 120 for line in lines)
    assert " ".join(lines) == text


def test_wrapping_keeps_line_breaks_cuts_long_words_and_marks_what_is_left_out() -> None:
    assert wrap_text("one\ntwo", 13, 200) == ("one", "two")
    long_word = "x" * 80
    assert all(text_width(line, 13) <= 100 for line in wrap_text(long_word, 13, 100))
    lines = wrap_text("word " * 200, 13, 100, max_lines=3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert wrap_text("", 13, 100) == ("",)


def test_characters_xml_forbids_are_dropped() -> None:
    assert clean_text("a\x00b\x01c\x1fd\ufffee\nf\tg") == "abcde\nf\tg"


def test_evidence_words_and_states() -> None:
    assert evidence_words(3, 1) == "3 for · 1 against"
    assert evidence_words(2, 0) == "2 for"
    assert evidence_words(0, 2) == "2 against"
    assert evidence_words(0, 0) == "no evidence"
    assert [evidence_state(*c) for c in ((1, 0), (1, 1), (0, 1), (0, 0))] == [
        "supported",
        "mixed",
        "contradicted",
        "no evidence",
    ]


def test_columns_run_left_to_right_and_linked_nodes_of_a_column_are_split() -> None:
    boxes = _boxes(layout_diagram(peer_work()))
    component, context, trust, role = boxes[1], boxes[2], boxes[3], boxes[4]
    hope, recovery = boxes[5], boxes[6]
    assert component.x < context.x < trust.x < hope.x < recovery.x
    assert role.x == context.x  # same column, no link between them
    assert trust.x > context.x  # context → mechanism within column 1


def test_no_two_boxes_overlap() -> None:
    boxes = list(layout_diagram(peer_work()).nodes)
    for a, b in itertools.combinations(boxes, 2):
        apart_x = a.x + a.width <= b.x or b.x + b.width <= a.x
        apart_y = a.y + a.height <= b.y or b.y + b.height <= a.y
        assert apart_x or apart_y, (a.node.label, b.node.label)


def test_links_run_from_box_to_box_and_cross_no_other_box() -> None:
    layout = layout_diagram(peer_work())
    boxes = _boxes(layout)
    for route in layout.links:
        source, target = boxes[route.link.source], boxes[route.link.target]
        tip = route.arrow[0]
        assert _inside(route.start, source, pad=0.5) and _inside(tip, target, pad=0.5)
        others = [box for ident, box in boxes.items() if box not in (source, target)]
        starts = [route.start, *(piece[2] for piece in route.pieces[:-1])]
        for start, piece in zip(starts, route.pieces, strict=True):
            for step in range(1, 20):
                point = point_on(start, piece, step / 20)
                assert not any(_inside(point, box) for box in others), route.link.id


def test_a_link_back_enters_its_target_from_the_right() -> None:
    layout = layout_diagram(peer_work())
    back = next(route for route in layout.links if route.link.id == 8)
    context = _boxes(layout)[2]
    assert back.arrow[0][0] == pytest.approx(context.x + context.width)
    assert back.arrow[1][0] > back.arrow[0][0]  # pointing left


def test_ordering_removes_avoidable_crossings() -> None:
    nodes = (
        node(1, "A", "intervention component"),
        node(2, "B", "intervention component"),
        node(3, "X", "process outcome"),
        node(4, "Y", "process outcome"),
    )
    links = (DiagramLink(1, 1, 4), DiagramLink(2, 2, 3))
    boxes = _boxes(layout_diagram(Diagram("", nodes, links, KINDS)))
    assert (boxes[1].y < boxes[2].y) == (boxes[4].y < boxes[3].y)


def test_link_labels_do_not_overlap_each_other() -> None:
    layout = layout_diagram(peer_work())
    for a, b in itertools.combinations([route.label_box for route in layout.links], 2):
        apart_x = a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0]
        apart_y = a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
        assert apart_x or apart_y


def test_boxes_show_kind_label_and_counts_inside_the_box() -> None:
    layout = layout_diagram(peer_work())
    for box in layout.nodes:
        kinds, label, counts = node_lines(box)
        assert " ".join(line.text for line in label) == box.node.label
        for line in (*kinds, *label, counts):
            assert (
                box.y < line.y - line.size * 0.8 and line.y + line.size * 0.3 < box.y + box.height
            )
    role = _boxes(layout)[4]
    assert role.counts_line == "3 for · 1 against"
    hope = _boxes(layout)[5]
    assert hope.dashed and hope.fill == "#FFFFFF" and "candidate" in " ".join(hope.kind_lines)


def test_label_text_contrasts_with_its_box() -> None:
    light = DiagramNode(1, "Light", "custom", "#F0E442", 0)
    dark = DiagramNode(2, "Dark", "custom", "#1F5F8B", 0)
    boxes = _boxes(layout_diagram(Diagram("", (light, dark), (), ())))
    assert boxes[1].text_colour == "#1A1A1A" and boxes[2].text_colour == "#FFFFFF"


def test_everything_is_inside_the_view() -> None:
    layout = layout_diagram(peer_work())
    x, y, width, height = layout.view
    for box in layout.nodes:
        assert x <= box.x and box.x + box.width <= x + width
        assert y <= box.y and box.y + box.height <= y + height
    for route in layout.links:
        bx, by, bw, bh = route.label_box
        assert x <= bx and bx + bw <= x + width and y <= by and by + bh <= y + height
    for entry in layout.legend:
        assert y <= entry.y <= y + height


def test_an_empty_model_and_links_to_unknown_nodes_are_laid_out() -> None:
    empty = layout_diagram(Diagram("Empty", (), (), KINDS))
    assert empty.nodes == () and empty.links == ()
    stray = layout_diagram(
        Diagram(
            "", (node(1, "A", "context"),), (DiagramLink(1, 1, 99), DiagramLink(2, 1, 1)), KINDS
        )
    )
    assert [route.link.id for route in stray.links] == [2]  # the loop stays, the stray goes
