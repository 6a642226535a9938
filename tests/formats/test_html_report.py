"""Self-contained HTML reports (qualframe.formats.html_report)."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from qualframe.formats.html_report import ReportSection, render_report, write_report

matplotlib.use("Agg")

HOSTILE = '<script>alert("x")</script><img src="http://evil.example/x.png">'


class _Elements(HTMLParser):
    """Collects start tags with their attributes, and all text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(document: str) -> _Elements:
    parser = _Elements()
    parser.feed(document)
    return parser


def _tags(document: str, name: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in _parse(document).tags if tag == name]


@pytest.fixture(scope="module")
def chart_svg() -> str:
    import matplotlib.pyplot as plt

    from qualframe.analysis.charts import figure_svg

    figure, axes = plt.subplots()
    axes.bar(["NHS", "Voluntary"], [3, 5])
    axes.set_title("Participants by employer")
    try:
        return figure_svg(figure)
    finally:
        plt.close(figure)


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "employer": ["NHS", "Voluntary sector"],
            "participants": [12, 7],
            "share": [63.157894, 36.842105],
            "p": [0.0004, 0.5],
        }
    )


def _report(chart_svg: str, **kwargs: object) -> str:
    sections = [
        ReportSection(
            "Role clarity",
            intro="Peer workers described their role.\n\nManagers did less often.",
            table=_frame(),
            figures=(chart_svg,),
            quotes=(
                ("NHS", "I never knew what I was for (P01, 120–180)"),
                ("Voluntary sector", "It was clear from day one (P03, 40–90)"),
                ("NHS", "Nobody told me (P02, 10–30)"),
            ),
            notes=("Counts are participants, not codings.",),
            figure_captions=("Participants by employer",),
        ),
        ReportSection("Supervision", intro="Monthly supervision was common."),
    ]
    return render_report(
        "Peer worker study",
        sections,
        subtitle="Framework analysis, wave 1",
        generated_on=datetime.date(2025, 3, 1),
        **kwargs,  # type: ignore[arg-type]
    )


def test_report_has_header_sections_and_footer(chart_svg: str) -> None:
    document = _report(chart_svg)
    assert document.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert document.count("<h1>") == 1
    assert "<h1>Peer worker study</h1>" in document
    assert '<p class="subtitle">Framework analysis, wave 1</p>' in document
    assert '<time datetime="2025-03-01">2025-03-01</time>' in document
    headings = re.findall(r"<h2 id=\"section-\d-h\">([^<]*)</h2>", document)
    assert headings == ["Role clarity", "Supervision"]
    assert "<p>Peer workers described their role.</p>\n<p>Managers did less often.</p>" in document
    assert "<footer><p>Made with qualframe</p></footer>" in document


def test_contents_link_to_the_sections(chart_svg: str) -> None:
    links = [attrs["href"] for attrs in _tags(_report(chart_svg), "a")]
    assert links == ["#section-1", "#section-2"]


def test_table_is_accessible_and_right_aligns_numbers(chart_svg: str) -> None:
    document = _report(chart_svg)
    assert "<caption>Role clarity</caption>" in document
    assert [attrs["scope"] for attrs in _tags(document, "th")] == ["col"] * 4 + ["row"] * 2
    assert '<th scope="row">Voluntary sector</th><td class="num">7</td>' in document
    assert '<td class="num">63.16</td><td class="num">0.0004</td>' in document


def test_meaningful_index_becomes_the_row_headers() -> None:
    frame = pd.DataFrame({"n": [1, 2]}, index=pd.Index(["a", "b"], name="code"))
    document = render_report("T", [ReportSection("S", table=frame, table_caption="Codes")])
    assert "<caption>Codes</caption>" in document
    assert '<th scope="col">code</th><th scope="col" class="num">n</th>' in document
    assert '<tr><th scope="row">a</th><td class="num">1</td></tr>' in document


def test_missing_values_and_booleans_read_naturally() -> None:
    frame = pd.DataFrame({"name": ["x", None], "n": [1.0, float("nan")], "ok": [True, False]})
    document = render_report("T", [ReportSection("S", table=frame)])
    assert '<th scope="row">x</th><td class="num">1</td><td>yes</td>' in document
    assert '<th scope="row"></th><td class="num"></td><td>no</td>' in document


def test_quotes_are_grouped_as_blockquotes_in_first_seen_order(chart_svg: str) -> None:
    document = _report(chart_svg)
    quotes = document[document.index('<div class="quotes">') :]
    quotes = quotes[: quotes.index("</div>")]
    assert re.findall(r"<h3>([^<]*)</h3>|<blockquote><p>([^<]*)</p>", quotes) == [
        ("NHS", ""),
        ("", "I never knew what I was for (P01, 120–180)"),
        ("", "Nobody told me (P02, 10–30)"),
        ("Voluntary sector", ""),
        ("", "It was clear from day one (P03, 40–90)"),
    ]


def test_notes_are_a_list(chart_svg: str) -> None:
    assert '<ul class="notes">\n<li>Counts are participants, not codings.</li>\n</ul>' in (
        _report(chart_svg)
    )


def test_svg_figures_are_embedded_without_their_xml_prologue(chart_svg: str) -> None:
    document = _report(chart_svg)
    assert "<figure>\n<svg" in document
    assert "<figcaption>Participants by employer</figcaption>\n</figure>" in document
    svg = document[document.index("<svg") : document.index("</svg>")]
    assert ">Participants by employer</text>" in svg  # the chart's text stays text
    assert "<?xml" not in document
    assert document.count("<!DOCTYPE") == 1


def test_hostile_text_is_escaped_everywhere() -> None:
    frame = pd.DataFrame({HOSTILE: [HOSTILE]})
    section = ReportSection(
        HOSTILE,
        intro=HOSTILE,
        table=frame,
        quotes=((HOSTILE, HOSTILE),),
        notes=(HOSTILE,),
        figure_captions=(HOSTILE,),
        figures=("<svg></svg>",),
    )
    document = render_report(HOSTILE, [section], subtitle=HOSTILE, lang='en"><script>')
    parsed = _parse(document)
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "img")]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in document
    assert "".join(parsed.text).count('<script>alert("x")</script>') >= 9


def test_report_refers_to_no_external_asset(chart_svg: str) -> None:
    document = _report(chart_svg)
    for tag in ("script", "link", "img", "iframe", "object"):
        assert not _tags(document, tag)
    references = [
        value
        for _, attrs in _parse(document).tags
        for name, value in attrs.items()
        if name in ("src", "href", "xlink:href") and value
    ]
    assert references
    assert all(value.startswith("#") for value in references)
    assert "url(http" not in document and "@import" not in document


def test_report_is_printable(chart_svg: str) -> None:
    document = _report(chart_svg)
    print_css = document[document.index("@media print") :]
    assert "break-before: page" in print_css
    assert "thead { display: table-header-group; }" in print_css


def test_write_report_saves_utf8(tmp_path: Path, chart_svg: str) -> None:
    path = tmp_path / "report.html"
    write_report(path, "Étude — pairs", [ReportSection("Résumé", intro="“quoted”")])
    text = path.read_text(encoding="utf-8")
    assert "<h1>Étude — pairs</h1>" in text
    assert "<p>“quoted”</p>" in text
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_numbers_formatted_as_text_are_right_aligned_too() -> None:
    frame = pd.DataFrame({"group": ["NHS", "Other"], "share": ["42%", "–"], "note": ["1 a", "2"]})
    document = render_report("T", [ReportSection("S", table=frame)])
    assert '<th scope="col" class="num">share</th><th scope="col">note</th>' in document
    assert '<td class="num">42%</td><td>1 a</td>' in document
