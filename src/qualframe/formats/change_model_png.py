"""A change model's diagram as a PNG image, drawn with matplotlib.

The same :class:`~qualframe.formats.change_model_layout.Layout` the SVG
draws (boxes, links, arrowheads, evidence counts, key), painted on a
:class:`matplotlib.figure.Figure` built directly: never through pyplot, so
no global state is touched and images can be drawn from several threads.
One layout pixel is 1/100 inch; the image is written at 150 dpi (1.5 image
pixels per layout pixel). Text is shown as typed (no math mode); the font
is matplotlib's bundled DejaVu Sans, whose widths the layout measured.
matplotlib is imported when an image is drawn. Pure: bytes out.
"""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING, Any

from qualframe.formats.change_model_layout import (
    SMALL_SIZE,
    TITLE_SIZE,
    Diagram,
    Layout,
    LinkRoute,
    NodeBox,
    TextLine,
    label_line,
    layout_diagram,
    node_lines,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["PNG_DPI", "diagram_png", "layout_png"]

PNG_DPI = 150
_PIXELS_PER_INCH = 100.0
_POINTS_PER_PIXEL = 72.0 / _PIXELS_PER_INCH
_LEGEND_TEXT = "#1A1A1A"


def diagram_png(diagram: Diagram) -> bytes:
    """``diagram`` laid out (with its title) and drawn as PNG bytes."""
    return layout_png(layout_diagram(diagram, show_title=True))


def layout_png(layout: Layout, *, dpi: int = PNG_DPI) -> bytes:
    """A placed diagram as PNG bytes (no timestamp in the metadata)."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    x, y, width, height = layout.view
    with rc_context({"font.family": "DejaVu Sans", "svg.fonttype": "none"}):
        figure = Figure(figsize=(width / _PIXELS_PER_INCH, height / _PIXELS_PER_INCH))
        axes = figure.add_axes((0.0, 0.0, 1.0, 1.0))
        axes.set_xlim(x, x + width)
        axes.set_ylim(y + height, y)  # y grows downwards, as in the layout
        axes.set_axis_off()
        if layout.title_at is not None:
            _write(
                axes,
                TextLine(layout.title, *layout.title_at, TITLE_SIZE, True),
                _LEGEND_TEXT,
                "left",
            )
        for route in layout.links:
            _link(axes, route)
        for box in layout.nodes:
            _node(axes, box)
        _legend(axes, layout)
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # glyphs DejaVu Sans lacks
            figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _write(axes: Axes, line: TextLine, colour: str, align: str = "center") -> None:
    axes.text(
        line.x,
        line.y,
        line.text,
        fontsize=line.size * _POINTS_PER_PIXEL,
        fontweight="bold" if line.bold else "normal",
        color=colour,
        ha=align,
        va="baseline",
        parse_math=False,
    )


def _dashes(pattern: str, width: float) -> Any:
    """An SVG dash pattern (px) as a matplotlib line style (in line widths)."""
    if not pattern:
        return "solid"
    lengths = tuple(float(part) / width for part in pattern.split())
    return (0, lengths)


def _node(axes: Axes, box: NodeBox) -> None:
    from matplotlib.patches import FancyBboxPatch

    line_width = 2.0 if box.dashed else 1.2
    axes.add_patch(
        FancyBboxPatch(
            (box.x, box.y),
            box.width,
            box.height,
            boxstyle="round,pad=0,rounding_size=7",
            facecolor=box.fill,
            edgecolor=box.stroke,
            linewidth=line_width * _POINTS_PER_PIXEL,
            linestyle=_dashes("6 4", line_width) if box.dashed else "solid",
        )
    )
    kinds, label, counts = node_lines(box)
    for line in (*kinds, *label, counts):
        _write(axes, line, box.text_colour)


def _link(axes: Axes, route: LinkRoute) -> None:
    from matplotlib.patches import PathPatch, Polygon, Rectangle
    from matplotlib.path import Path

    vertices = [route.start]
    codes = [Path.MOVETO]
    for piece in route.pieces:
        vertices += list(piece)
        codes += [Path.CURVE4] * 3
    axes.add_patch(
        PathPatch(
            Path(vertices, codes),
            facecolor="none",
            edgecolor=route.colour,
            linewidth=route.width * _POINTS_PER_PIXEL,
            linestyle=_dashes(route.dash, route.width),
        )
    )
    axes.add_patch(Polygon(list(route.arrow), closed=True, facecolor=route.colour, linewidth=0))
    bx, by, bw, bh = route.label_box
    axes.add_patch(
        Rectangle((bx, by), bw, bh, facecolor="#FFFFFF", edgecolor=route.colour, linewidth=0.6)
    )
    _write(axes, label_line(route), route.colour)


def _legend(axes: Axes, layout: Layout) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    if not layout.legend or layout.legend_title_at is None:
        return
    _write(
        axes, TextLine("Key", *layout.legend_title_at, SMALL_SIZE + 1, True), _LEGEND_TEXT, "left"
    )
    for entry in layout.legend:
        x, y = entry.x, entry.y
        if entry.sample == "link":
            axes.add_line(
                Line2D(
                    [x, x + 24],
                    [y + 7, y + 7],
                    color=entry.colour,
                    linewidth=2 * _POINTS_PER_PIXEL,
                    linestyle=_dashes(entry.dash, 2.0),
                )
            )
        else:
            candidate = entry.sample == "candidate"
            axes.add_patch(
                Rectangle(
                    (x, y),
                    24,
                    14,
                    facecolor="#FFFFFF" if candidate else entry.colour,
                    edgecolor=entry.colour if candidate else _LEGEND_TEXT,
                    linewidth=1.0,
                    linestyle=_dashes(entry.dash, 1.5) if candidate else "solid",
                )
            )
        _write(axes, TextLine(entry.label, x + 30, y + 11, SMALL_SIZE), _LEGEND_TEXT, "left")
