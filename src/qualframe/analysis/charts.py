"""Charts for comparisons, co-occurrence and saturation, as matplotlib figures.

Figures are built as :class:`matplotlib.figure.Figure` objects directly —
never through pyplot, so nothing touches global state, no window opens and
charts can be drawn from several threads of a web server. matplotlib is
imported inside the functions: importing this module costs nothing.

Charts are readable without colour: groups differ by marker and line style
as well, bars carry their value as text, and the heat map writes the count
in each cell. Colours come from colour-blind-safe palettes (cividis for
sequential scales, Okabe–Ito for groups). Fonts are matplotlib's bundled
DejaVu Sans; nothing is downloaded.

Save with :func:`save_figure` (PNG at 150 dpi, or SVG with text kept as
text), or embed with :func:`figure_svg` / :func:`figure_png_bytes`.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from qualframe.analysis.cooccurrence import CooccurrenceTable
from qualframe.analysis.saturation import SaturationCurve
from qualframe.errors import ValidationError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PNG_DPI = 150
#: Okabe & Ito (2008) colours, distinguishable with common colour-vision deficiencies.
OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINE_STYLES = ("-", "--", "-.", ":")
SEQUENTIAL_MAP = "cividis"
LABEL_WIDTH = 28  # characters per line of a wrapped code name
SHORT_LABEL = 40  # characters of a one-line (rotated) code name
CHAR_WIDTH = 0.085  # inches per character of 10 pt DejaVu Sans, roughly
MAX_ANNOTATED_CODES = 40  # beyond this, cell numbers are too small to read
MAX_NAMED_STEPS = 40  # beyond this, the saturation x axis shows step numbers only
#: The legend entry of the hollow markers: documents not marked "coding done".
NOT_DONE_LABEL = "not marked \u201ccoding done\u201d"


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


# ---------------------------------------------------------------- saturation


def saturation_chart(curve: SaturationCurve, *, title: str | None = None) -> Figure:
    """The cumulative number of distinct codes, step by step.

    Without groups: bars for the new codes at each step and a line for the
    cumulative total. With groups: one line per group, each with its own
    colour, marker and line style, and a legend. The x axis names the units
    (documents, participants) when there are at most 40 steps.

    Steps whose ``coding_done`` column is False (documents coded but not
    marked "coding done": they may still bring new codes) get hollow
    markers and a legend entry saying so, as the saturation page's table
    flags them; without that column (or with every step done) nothing is
    marked. Only the steps of ``curve`` are drawn: the services leave
    documents nobody has coded out of the curve.
    """
    from matplotlib.ticker import MaxNLocator

    groups = curve.groups
    longest = max((len(curve.curve(g)) for g in groups), default=0)
    fig = _figure(max(6.0, min(16.0, 2.5 + 0.3 * longest)), 4.5)
    ax = fig.add_subplot()
    if groups == [None]:
        _single_curve(ax, curve.steps, curve.unit)
    else:
        for i, group in enumerate(groups):
            steps = curve.curve(group)
            ax.plot(
                steps["step"],
                steps["cumulative_codes"],
                color=OKABE_ITO[i % len(OKABE_ITO)],
                marker=MARKERS[i % len(MARKERS)],
                linestyle=LINE_STYLES[i % len(LINE_STYLES)],
                label=_plain(f"{group} ({len(steps)})"),
            )
            _hollow_not_done(ax, steps, i)
        _not_done_legend(ax, curve.steps)
        if groups:  # an empty curve has no lines to explain
            fig.legend(title=_plain(str(curve.by)), frameon=False, loc="outside right upper")
        ax.set_xlabel(f"{curve.unit.capitalize()}s in order (step)")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # steps are whole numbers
    ax.set_ylabel("Distinct codes so far")
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(_plain(title or f"New codes by {curve.unit}, in order"))
    return fig


def _single_curve(ax: Axes, steps: pd.DataFrame, unit: str) -> None:
    x = steps["step"].to_numpy()
    ax.bar(x, steps["new"], color=OKABE_ITO[4], label="new codes at this step", hatch="//")
    ax.plot(
        x,
        steps["cumulative_codes"],
        color=OKABE_ITO[0],
        marker="o",
        label="distinct codes so far",
    )
    _hollow_not_done(ax, steps, 0, colour=OKABE_ITO[0], marker="o")
    _not_done_legend(ax, steps)
    ax.figure.legend(frameon=False, loc="outside lower center", ncols=2)
    if 0 < len(steps) <= MAX_NAMED_STEPS:
        ax.set_xticks(x, [_wrap(str(u), 18) for u in steps[unit]], rotation=60, ha="right")
        ax.set_xlabel(f"{unit.capitalize()}s in order")
    else:
        ax.set_xlabel(f"{unit.capitalize()}s in order (step)")


def _not_done(steps: pd.DataFrame) -> pd.Series:
    """Which steps are not marked "coding done" (all False without the column)."""
    if "coding_done" not in steps.columns:
        return steps["step"] != steps["step"]
    return ~steps["coding_done"].astype(bool)


def _hollow_not_done(
    ax: Axes,
    steps: pd.DataFrame,
    index: int,
    *,
    colour: str | None = None,
    marker: str | None = None,
) -> None:
    """Hollow markers over the steps of ``steps`` not marked "coding done", in
    the colour and marker of line ``index`` (or those given)."""
    open_steps = steps[_not_done(steps)]
    if open_steps.empty:
        return
    ax.plot(
        open_steps["step"],
        open_steps["cumulative_codes"],
        linestyle="none",
        marker=marker or MARKERS[index % len(MARKERS)],
        markersize=8,
        markerfacecolor="white",
        markeredgecolor=colour or OKABE_ITO[index % len(OKABE_ITO)],
        markeredgewidth=1.5,
        label="_not done",  # explained once, by _not_done_legend
        zorder=3,
    )


def _not_done_legend(ax: Axes, steps: pd.DataFrame) -> None:
    """A legend entry for the hollow markers, when some step is not marked done."""
    if _not_done(steps).any():
        ax.plot(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=8,
            markerfacecolor="white",
            markeredgecolor=OKABE_ITO[7],
            markeredgewidth=1.5,
            label=NOT_DONE_LABEL,
        )


# ---------------------------------------------------------------- co-occurrence


def cooccurrence_heatmap(
    table: CooccurrenceTable,
    *,
    value: Literal["counts", "similarity"] = "counts",
    annotate: bool | None = None,
    title: str | None = None,
) -> Figure:
    """A codes × codes heat map of ``table`` with a colour bar.

    ``value``: the counts, or the 0–1 similarity. Each cell shows its
    number (``annotate``; by default when there are at most 40 codes), in
    black or white for contrast. The diagonal (a code with itself) is left
    blank so the pairs set the colour scale. Long code paths are wrapped.
    """
    import numpy as np
    from matplotlib import colormaps

    if value not in ("counts", "similarity"):
        raise ValidationError(f"Unknown heat map value {value!r}: use 'counts' or 'similarity'.")
    source = table.counts if value == "counts" else table.similarity
    data = source.to_numpy(dtype=float).copy()
    np.fill_diagonal(data, np.nan)
    size = len(data)
    # Wrapped labels would collide once rotated, so the x axis gets one line
    # per code (shortened); the y axis carries the full, wrapped paths.
    labels = [_wrap(code, LABEL_WIDTH) for code in table.codes]
    short = [_shorten(code, SHORT_LABEL) for code in table.codes]
    fig = _figure(*_heatmap_size(labels, short))
    ax = fig.add_subplot()
    if size == 0:
        ax.text(0.5, 0.5, "No codes to compare.", ha="center", va="center")
        ax.set_axis_off()
        return fig
    masked = np.ma.masked_invalid(data)
    top = float(masked.max()) if masked.count() else 1.0
    vmax = 1.0 if value == "similarity" else max(top, 1.0)
    colours = colormaps[SEQUENTIAL_MAP].with_extremes(bad="#FFFFFF")
    image = ax.imshow(masked, cmap=colours, vmin=0.0, vmax=vmax, aspect="equal")
    ax.set_xticks(range(size), short, rotation=60, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(size), labels)
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    bar_label = (
        "pairs of codings" if table.unit == "codings" else _plain(f"{table.unit}s with both codes")
    )
    fig.colorbar(image, ax=ax, shrink=0.8, label=bar_label if value == "counts" else "similarity")
    if annotate if annotate is not None else size <= MAX_ANNOTATED_CODES:
        _annotate(ax, data, image, integer=value == "counts", size=size)
    fig.suptitle(_plain(title or f"Code co-occurrence ({table.mode})"))
    return fig


def _heatmap_size(labels: list[str], short: list[str]) -> tuple[float, float]:
    """Figure (width, height) in inches: room for the cells (tall enough for the
    wrapped labels), the y labels, the rotated x labels, the title and colour bar."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    cell = max(0.45, 0.17 * lines)
    grid = cell * len(labels)
    y_labels = CHAR_WIDTH * max((len(line) for lb in labels for line in lb.split("\n")), default=1)
    x_labels = CHAR_WIDTH * 0.87 * max((len(label) for label in short), default=1)  # sin 60°
    width = min(40.0, grid + y_labels + 1.8)
    height = min(40.0, grid + x_labels + 0.9)
    return max(width, 4.0), max(height, 3.0)


def _annotate(ax: Axes, data: np.ndarray, image: Any, *, integer: bool, size: int) -> None:
    """Write each cell's value, dark on light colours and light on dark ones."""
    import numpy as np

    font = max(5.0, min(10.0, 120.0 / max(size, 1)))
    for (row, col), number in np.ndenumerate(data):
        if np.isnan(number):
            continue
        red, green, blue, _ = image.cmap(image.norm(number))
        light = 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.5
        text = f"{int(number)}" if integer else f"{number:.2f}"
        ax.text(
            col,
            row,
            text,
            ha="center",
            va="center",
            fontsize=font,
            color="black" if light else "white",
        )


# ---------------------------------------------------------------- comparisons


def comparison_bars(
    frame: pd.DataFrame,
    *,
    group: str = "group",
    value: str | None = None,
    title: str | None = None,
    xlabel: str | None = None,
) -> Figure:
    """Horizontal bars, one per group, each labelled with its value.

    ``frame``: one row per group with a ``group`` column and a value column:
    ``share`` (0–1), ``percent`` (0–100) or ``count`` — by default the first
    of these present (``value`` names another). Shares and percentages are
    labelled "45% (9/20)" when ``count`` and ``n`` columns are present.
    Groups are drawn top to bottom in frame order.
    """
    import numpy as np

    value = value or next((c for c in ("share", "percent", "count") if c in frame.columns), None)
    if value is None or value not in frame.columns or group not in frame.columns:
        raise ValidationError(
            f"Comparison bars need a {group!r} column and a value column "
            "('share', 'percent' or 'count')."
        )
    numbers = frame[value].astype(float).to_numpy()
    percent = numbers * 100.0 if value == "share" else numbers
    shown = percent if value in ("share", "percent") else numbers
    labels = [_bar_label(frame, i, value, shown[i]) for i in range(len(frame))]
    fig = _figure(7.0, max(2.5, 1.0 + 0.45 * len(frame)))
    ax = fig.add_subplot()
    y = np.arange(len(frame))
    bars = ax.barh(y, np.nan_to_num(shown), color=OKABE_ITO[0])
    ax.bar_label(bars, labels=labels, padding=3)
    ax.set_yticks(y, [_wrap(str(g), LABEL_WIDTH) for g in frame[group]])
    ax.invert_yaxis()  # first group at the top, as in the table
    top = float(np.nanmax(shown)) if len(shown) and not np.isnan(shown).all() else 1.0
    ax.set_xlim(0, 100 if value in ("share", "percent") else max(top, 1.0) * 1.25)
    ax.set_xlabel(
        _plain(xlabel or ("percent of the group" if value in ("share", "percent") else value))
    )
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(_plain(title))
    return fig


def _bar_label(frame: pd.DataFrame, row: int, value: str, shown: float) -> str:
    import numpy as np

    if np.isnan(shown):
        return "no data"
    if value not in ("share", "percent"):
        return f"{shown:g}"
    text = f"{shown:.0f}%"
    if "count" in frame.columns and "n" in frame.columns:
        text += f" ({int(frame['count'].iloc[row])}/{int(frame['n'].iloc[row])})"
    return text


def _shorten(label: str, width: int) -> str:
    """One line of at most ``width`` characters, keeping the end of a code path
    (the sub-code tells codes of one theme apart)."""
    if len(label) <= width:
        return _plain(label)
    last = label.rsplit(" > ", 1)[-1]
    if " > " not in label or len(last) > width - 8:
        return _plain(label[: width - 1].rstrip() + "…")
    return _plain(label[: width - len(last) - 4].rstrip() + "… > " + last)


def _plain(text: str) -> str:
    """Text shown as typed: a "$" would otherwise start matplotlib's math mode."""
    return text.replace("$", r"\$")


def _wrap(label: str, width: int) -> str:
    """Wrap a label, preferring to break a code path after its " > " separators."""
    lines: list[str] = []
    for part in label.split(" > "):
        pieces = textwrap.wrap(part, width) or [""]
        if lines and len(lines[-1]) + 3 + len(pieces[0]) <= width:
            lines[-1] += " > " + pieces.pop(0)
        elif lines:
            lines[-1] += " >"
        lines.extend(pieces)
    return _plain("\n".join(lines))


# ---------------------------------------------------------------- output


def save_figure(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` to ``path`` (``.png`` at 150 dpi, or ``.svg`` with text as
    text) and return the path. Raises :class:`ValidationError` for another suffix."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".png":
        target.write_bytes(figure_png_bytes(fig))
    elif suffix == ".svg":
        target.write_text(figure_svg(fig), encoding="utf-8")
    else:
        raise ValidationError(f"{target.name}: charts are saved as .png or .svg files.")
    return target


def figure_png_bytes(fig: Figure, *, dpi: int = PNG_DPI) -> bytes:
    """The figure as PNG bytes (no timestamp in the metadata, so output is reproducible)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def figure_svg(fig: Figure) -> str:
    """The figure as an SVG document whose text stays text (searchable,
    selectable, translatable), ready to embed in a self-contained HTML page."""
    from matplotlib import rc_context

    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "qualframe"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
