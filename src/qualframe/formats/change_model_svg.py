"""A change model's diagram as SVG: a standalone file, or markup for a page.

Draws the :class:`~qualframe.formats.change_model_layout.Layout` of a
:class:`~qualframe.formats.change_model_layout.Diagram`: boxes coloured by
kind (candidates as dashed outlines on white), links with arrowheads and
their evidence counts as text ("3 for · 1 against"), links with
contradicting evidence in red (dashed when only contradicting), links with
none dotted grey, and a key. Colour is never the only signal: every box
names its kind and counts, every link its counts.

Only presentation attributes (``fill``, ``stroke``...) are used, never a
``<style>`` element or ``style`` attribute, so a page with a strict content
security policy can show it inline. ``interactive=True`` (for a page): the
root is ``<svg class="cm-diagram" role="group" aria-label=...>``, each node
a focusable ``<g class="cm-node" data-node-id=... tabindex="0"
role="button" aria-label="LABEL (kind), N supporting, M contradicting">``
and each link a ``<g class="cm-link" data-link-id=...>`` likewise (with a
wide transparent stroke to click). A button's only text is its label: the
kind and counts lines and the links' counts are drawn in a separate
``<g class="cm-notes" aria-hidden="true" pointer-events="none">`` on top,
so each visible label is part of its accessible name (WCAG 2.5.3) and
clicks reach the buttons. ``interactive=False`` (a file): an ``img`` with
its title and description, tooltips with rationales.

All text is escaped, and characters XML forbids are dropped. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from qualframe.formats.change_model_layout import (
    FONT_FAMILY,
    SMALL_SIZE,
    TITLE_SIZE,
    Diagram,
    Layout,
    LegendEntry,
    LinkRoute,
    NodeBox,
    TextLine,
    label_line,
    layout_diagram,
    link_description,
    node_description,
    node_lines,
)
from qualframe.formats.change_model_text import clean_text

__all__ = ["diagram_svg", "layout_svg"]

_SVG_NS = "http://www.w3.org/2000/svg"
_LEGEND_TEXT = "#1A1A1A"


def diagram_svg(diagram: Diagram, *, interactive: bool = False) -> str:
    """``diagram`` laid out and drawn as SVG markup (see the module's description)."""
    return layout_svg(layout_diagram(diagram, show_title=not interactive), interactive=interactive)


def layout_svg(layout: Layout, *, interactive: bool = False) -> str:
    """A placed diagram as SVG markup: an XML document when not ``interactive``,
    an ``<svg>`` element for a page when it is."""
    x, y, width, height = layout.view
    title = layout.title or "Change model"
    counts = f"{len(layout.nodes)} nodes, {len(layout.links)} links"
    root = (
        f'<svg xmlns="{_SVG_NS}" class="cm-diagram" viewBox="{_n(x)} {_n(y)} {_n(width)} '
        f'{_n(height)}" width="{_n(width)}" height="{_n(height)}" '
        f'font-family="{_a(FONT_FAMILY)}"'
    )
    if interactive:
        parts = [f'{root} role="group" aria-label="{_a(f"Change model: {title} ({counts})")}">']
    else:
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'{root} role="img" aria-labelledby="cm-title cm-desc">',
            f'<title id="cm-title">{_t(title)}</title>',
            f'<desc id="cm-desc">{_t(_summary(layout))}</desc>',
        ]
    parts.append(
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" fill="#FFFFFF"/>'
    )
    if layout.title_at is not None:
        tx, ty = layout.title_at
        parts.append(
            f'<text x="{_n(tx)}" y="{_n(ty)}" font-size="{_n(TITLE_SIZE)}" font-weight="bold" '
            f'fill="{_LEGEND_TEXT}">{_t(layout.title)}</text>'
        )
    labels = {box.node.id: box.node.label for box in layout.nodes}
    parts.append('<g class="cm-links">')
    parts += [_link(route, labels, interactive) for route in layout.links]
    parts.append('</g>\n<g class="cm-nodes">')
    parts += [_node(box, interactive) for box in layout.nodes]
    parts.append("</g>")
    parts.append(_notes(layout))
    parts.append(_legend(layout))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _summary(layout: Layout) -> str:
    names = "; ".join(node_description(box.node) for box in layout.nodes)
    return f"{len(layout.nodes)} nodes and {len(layout.links)} links. {names}".strip()


# ---------------------------------------------------------------- pieces


def _n(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _t(text: str) -> str:
    """Text content, escaped."""
    return escape(clean_text(text))


def _a(text: str) -> str:
    """An attribute value (double-quoted), escaped, white space as single spaces."""
    flat = " ".join(clean_text(text).split())
    return escape(flat, {'"': "&quot;"})


def _text(line: TextLine, fill: str, extra: str = "") -> str:
    """A centred line of text (``extra``: more attributes, escaped already)."""
    weight = ' font-weight="bold"' if line.bold else ""
    return (
        f'<text x="{_n(line.x)}" y="{_n(line.y)}" font-size="{_n(line.size)}"{weight} '
        f'text-anchor="middle" fill="{fill}"{extra}>{_t(line.text)}</text>'
    )


def _spaced(label: str, lines: Sequence[str]) -> list[str]:
    """The wrapped ``lines`` of ``label``, each ending in a space where the
    label had one, so the text reads (and is named) as the label."""
    flat = " ".join(clean_text(label).split())
    spaced, at = [], 0
    for line in lines:
        found = flat.find(line, at)
        if found >= 0:
            at = found + len(line)
        spaced.append(line + " " if found >= 0 and flat[at : at + 1] == " " else line)
    if spaced:
        spaced[-1] = spaced[-1].rstrip(" ")
    return spaced


def _node(box: NodeBox, interactive: bool) -> str:
    node = box.node
    opening = f'<g class="cm-node" data-node-id="{node.id}" data-kind="{_a(node.kind)}"'
    if interactive:
        opening += f' tabindex="0" role="button" aria-label="{_a(node_description(node))}"'
    dash = ' stroke-dasharray="6 4"' if box.dashed else ""
    parts = [
        opening + ">",
        f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.width)}" '
        f'height="{_n(box.height)}" rx="7" fill="{box.fill}" stroke="{box.stroke}" '
        f'stroke-width="{2 if box.dashed else 1.2}"{dash}/>',
    ]
    _, label, _ = node_lines(box)  # the kind and counts lines are notes (see _notes)
    texts = _spaced(node.label, [line.text for line in label])
    tspans = "".join(
        f'<tspan x="{_n(line.x)}" y="{_n(line.y)}">{_t(text)}</tspan>'
        for line, text in zip(label, texts, strict=True)
    )
    parts.append(
        f'<text font-size="{_n(label[0].size)}" font-weight="bold" text-anchor="middle" '
        f'fill="{box.text_colour}">{tspans}</text>'
    )
    if not interactive and node.description:
        parts.append(f"<title>{_t(node.label)}: {_t(node.description)}</title>")
    parts.append("</g>")
    return "\n".join(parts)


def _path(route: LinkRoute) -> str:
    sx, sy = route.start
    data = [f"M{_n(sx)} {_n(sy)}"]
    for (ax, ay), (bx, by), (ex, ey) in route.pieces:
        data.append(f"C{_n(ax)} {_n(ay)} {_n(bx)} {_n(by)} {_n(ex)} {_n(ey)}")
    return " ".join(data)


def _link(route: LinkRoute, labels: dict[int, str], interactive: bool) -> str:
    link = route.link
    source, target = labels.get(link.source, ""), labels.get(link.target, "")
    opening = f'<g class="cm-link" data-link-id="{link.id}" data-state="{route.state}"'
    if interactive:
        description = link_description(link, source, target)
        opening += f' tabindex="0" role="button" aria-label="{_a(description)}"'
    path = _path(route)
    dash = f' stroke-dasharray="{route.dash}"' if route.dash else ""
    parts = [
        opening + ">",
        f'<path d="{path}" fill="none" stroke="{route.colour}" '
        f'stroke-width="{_n(route.width)}"{dash}/>',
    ]
    points = " ".join(f"{_n(px)},{_n(py)}" for px, py in route.arrow)
    parts.append(f'<polygon points="{points}" fill="{route.colour}"/>')
    bx, by, bw, bh = route.label_box
    parts.append(
        f'<rect x="{_n(bx)}" y="{_n(by)}" width="{_n(bw)}" height="{_n(bh)}" rx="3" '
        f'fill="#FFFFFF" stroke="{route.colour}" stroke-width="0.8"/>'
    )
    if interactive:  # a wide, invisible stroke: easier to point at
        parts.append(
            f'<path d="{path}" fill="none" stroke="#000000" stroke-opacity="0" stroke-width="14"/>'
        )
    else:
        tip = f"{source} → {target}"
        if link.condition:
            tip += f" (if {link.condition})"
        if link.rationale:
            tip += f": {link.rationale}"
        parts.append(f"<title>{_t(tip)}</title>")
    parts.append("</g>")
    return "\n".join(parts)


def _notes(layout: Layout) -> str:
    """The kind and counts lines of the boxes and the counts on the links, in
    a group of their own drawn on top: not part of any node's or link's
    button, so each button's visible text is its label alone, which its
    accessible name starts with (WCAG 2.5.3, label in name; the name says
    kind and counts in words), and clicks pass through them to the button."""
    parts = ['<g class="cm-notes" aria-hidden="true" pointer-events="none">']
    for box in layout.nodes:
        kinds, _, counts = node_lines(box)
        note = f' data-note-for="node-{box.node.id}"'
        parts += [_text(line, box.text_colour, note) for line in (*kinds, counts)]
    for route in layout.links:
        note = f' data-note-for="link-{route.link.id}"'
        parts.append(_text(label_line(route), route.colour, note))
    parts.append("</g>")
    return "\n".join(parts)


def _legend(layout: Layout) -> str:
    if not layout.legend or layout.legend_title_at is None:
        return ""
    lx, ly = layout.legend_title_at
    parts = [
        '<g class="cm-legend">',
        f'<text x="{_n(lx)}" y="{_n(ly)}" font-size="{_n(SMALL_SIZE + 1)}" font-weight="bold" '
        f'fill="{_LEGEND_TEXT}">Key</text>',
    ]
    parts += [_legend_entry(entry) for entry in layout.legend]
    parts.append("</g>")
    return "\n".join(parts)


def _legend_entry(entry: LegendEntry) -> str:
    x, y = entry.x, entry.y
    if entry.sample == "link":
        dash = f' stroke-dasharray="{entry.dash}"' if entry.dash else ""
        sample = (
            f'<line x1="{_n(x)}" y1="{_n(y + 7)}" x2="{_n(x + 24)}" y2="{_n(y + 7)}" '
            f'stroke="{entry.colour}" stroke-width="2"{dash}/>'
        )
    elif entry.sample == "candidate":
        sample = (
            f'<rect x="{_n(x)}" y="{_n(y)}" width="24" height="14" rx="3" fill="#FFFFFF" '
            f'stroke="{entry.colour}" stroke-width="1.5" stroke-dasharray="{entry.dash}"/>'
        )
    else:
        sample = (
            f'<rect x="{_n(x)}" y="{_n(y)}" width="24" height="14" rx="3" fill="{entry.colour}" '
            f'stroke="{_LEGEND_TEXT}" stroke-width="0.8"/>'
        )
    text = (
        f'<text x="{_n(x + 30)}" y="{_n(y + 11)}" font-size="{_n(SMALL_SIZE)}" '
        f'fill="{_LEGEND_TEXT}">{_t(entry.label)}</text>'
    )
    return sample + "\n" + text
