"""Charts as PNG and SVG, built without pyplot (qualframe.analysis.charts)."""

from __future__ import annotations

import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from qualframe.analysis.charts import (
    PNG_DPI,
    comparison_bars,
    cooccurrence_heatmap,
    figure_png_bytes,
    figure_svg,
    saturation_chart,
    save_figure,
)
from qualframe.analysis.cooccurrence import participant_cooccurrence, segment_cooccurrence
from qualframe.analysis.saturation import saturation
from qualframe.errors import ValidationError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HOPE = "Mechanisms > Hope"
TRUST = "Mechanisms > Trusting relationships"
LONG = (
    "Professional boundaries > Keeping the essence of peer support inside an employing "
    "organisation's rules"
)
MONEY = "Pay $ and conditions"


def _codings() -> pd.DataFrame:
    rows = [
        (HOPE, 1, "I1", 0, 10, "P1", "peer worker"),
        (TRUST, 1, "I1", 5, 15, "P1", "peer worker"),
        (LONG, 1, "I1", 8, 30, "P1", "peer worker"),
        (MONEY, 2, "I2", 0, 10, "P2", "line manager"),
        (HOPE, 2, "I2", 5, 20, "P2", "line manager"),
    ]
    columns = ["code", "document_id", "document", "start", "end", "participant", "group"]
    return pd.DataFrame(rows, columns=columns)


def _svg_text(svg: str) -> str:
    """All text of an SVG document, one element per line."""
    root = ET.fromstring(svg)
    return "\n".join("".join(element.itertext()) for element in root.iter() if element.text)


def _png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    return width, height


def test_heatmap_has_one_cell_per_pair_of_codes_and_writes_the_counts() -> None:
    table = segment_cooccurrence(_codings())
    fig = cooccurrence_heatmap(table)

    ax = fig.axes[0]
    assert ax.images[0].get_array().shape == (4, 4)
    assert len(fig.axes) == 2  # the heat map and its colour bar
    cell_numbers = [t.get_text() for t in ax.texts]
    assert len(cell_numbers) == 12  # every cell but the diagonal
    assert cell_numbers.count("1") == 8  # four overlapping pairs, both halves
    assert fig.axes[1].get_ylabel() == "pairs of codings"


def test_heatmap_svg_keeps_code_names_as_text() -> None:
    table = segment_cooccurrence(_codings())
    svg = figure_svg(cooccurrence_heatmap(table, value="similarity", title="Overlap"))

    text = _svg_text(svg)
    assert "Overlap" in text
    assert HOPE in text
    assert TRUST in text
    assert MONEY in text  # a "$" stays a dollar sign, not maths
    assert "Professional boundaries >" in text  # long paths are wrapped over lines
    assert "<path" in svg and "glyph" not in svg  # text is text, not outlines


def test_heatmap_of_participants_labels_its_colour_bar_and_can_skip_numbers() -> None:
    fig = cooccurrence_heatmap(participant_cooccurrence(_codings()), annotate=False)

    assert len(fig.axes[0].texts) == 0
    assert fig.axes[1].get_ylabel() == "participants with both codes"
    with pytest.raises(ValidationError, match="Unknown heat map value"):
        cooccurrence_heatmap(participant_cooccurrence(_codings()), value="raw")  # type: ignore[arg-type]


def test_png_bytes_start_with_the_png_signature_at_150_dpi() -> None:
    fig = cooccurrence_heatmap(segment_cooccurrence(_codings()))
    data = figure_png_bytes(fig)

    assert data.startswith(PNG_SIGNATURE)
    width, height = _png_size(data)
    inches_wide, inches_high = fig.get_size_inches()
    assert width == pytest.approx(inches_wide * PNG_DPI, abs=2)
    assert height == pytest.approx(inches_high * PNG_DPI, abs=2)


def test_saturation_chart_draws_new_codes_and_the_cumulative_line() -> None:
    curve = saturation(_codings(), ["I1", "I0", "I2"])
    fig = saturation_chart(curve)

    ax = fig.axes[0]
    assert len(ax.patches) == 3  # one bar per interview
    assert ax.lines[0].get_ydata().tolist() == [3, 3, 4]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["I1", "I0", "I2"]
    assert "I0" in _svg_text(figure_svg(fig))


def test_saturation_chart_by_group_tells_groups_apart_without_colour() -> None:
    curve = saturation(_codings(), ["I1", "I2"], by="group")
    fig = saturation_chart(curve)

    lines = fig.axes[0].lines
    assert len(lines) == 2
    assert lines[0].get_marker() != lines[1].get_marker()
    assert lines[0].get_linestyle() != lines[1].get_linestyle()
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["line manager (1)", "peer worker (1)"]


def test_comparison_bars_label_each_bar_with_its_value() -> None:
    frame = pd.DataFrame({"group": ["peer worker", "line manager"], "count": [8, 1], "n": [10, 6]})
    frame["share"] = frame["count"] / frame["n"]
    fig = comparison_bars(frame, title="Said yes")

    ax = fig.axes[0]
    assert len(ax.patches) == 2
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["80% (8/10)", "17% (1/6)"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["peer worker", "line manager"]
    counts = comparison_bars(frame.drop(columns=["share"]))
    assert [t.get_text() for t in counts.axes[0].texts] == ["8", "1"]
    with pytest.raises(ValidationError, match="need a 'group' column and a value column"):
        comparison_bars(pd.DataFrame({"group": ["a"], "mean": [1.0]}))


def test_save_figure_writes_png_or_svg_and_refuses_other_formats(tmp_path: Path) -> None:
    fig = comparison_bars(pd.DataFrame({"group": ["a", "b"], "count": [3, 4]}))

    png = save_figure(fig, tmp_path / "bars.png")
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    svg = save_figure(fig, tmp_path / "bars.SVG")
    assert ET.fromstring(svg.read_text(encoding="utf-8")).tag.endswith("svg")
    with pytest.raises(ValidationError, match=r"bars\.pdf: charts are saved as \.png or \.svg"):
        save_figure(fig, tmp_path / "bars.pdf")
    assert not (tmp_path / "bars.pdf").exists()


def test_svg_output_is_the_same_on_every_run() -> None:
    table = segment_cooccurrence(_codings())
    assert figure_svg(cooccurrence_heatmap(table)) == figure_svg(cooccurrence_heatmap(table))


def test_charts_import_nothing_heavy_and_never_use_pyplot() -> None:
    script = (
        "import sys\n"
        "import pandas as pd\n"
        "import qualframe.analysis.charts as charts\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported at import time'\n"
        "charts.figure_png_bytes(charts.comparison_bars(pd.DataFrame("
        "{'group': ['a'], 'count': [1]})))\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot used'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_a_table_without_codes_draws_a_note_instead_of_a_heat_map() -> None:
    empty = segment_cooccurrence(_codings()[:0])
    fig = cooccurrence_heatmap(empty)

    assert [t.get_text() for t in fig.axes[0].texts] == ["No codes to compare."]
    assert "No codes to compare." in _svg_text(figure_svg(fig))
