"""Writing a self-contained, printable HTML report.

A report is one HTML5 file a researcher can open offline, e-mail, archive
with the paper or print to PDF from the browser: the style sheet is inline,
figures are inline SVG, there are no scripts and no external assets (the
project's rule that data never leaves the machine).

Every text handed in (headings, table cells, quotes, notes) is escaped, so
a transcript line such as ``<script>`` shows as written and cannot inject
markup. Only figures are inserted as they are: they are SVG documents made
by our own charts (:func:`qualframe.analysis.charts.figure_svg`); their XML
declaration and DOCTYPE, which do not belong inside HTML, are removed.

Accessibility: the page declares its language, has one ``h1``, an ``h2``
per section, tables with a ``caption`` and ``th`` cells with ``scope``,
figures in ``figure`` elements, and dark text on white (contrast above 7:1).
"""

from __future__ import annotations

import datetime
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualframe.formats.framework_workbook import (
    MatrixSheet,
    RowGroup,
    WorkbookCell,
    key_lines,
    shaded_status,
    status_marker,
)
from qualframe.formats.tables import write_atomically
from qualframe.formats.xlsx_writing import STATUS_FILLS

if TYPE_CHECKING:
    import pandas as pd

_XML_PROLOGUE = re.compile(r"^\s*<\?xml[^>]*\?>\s*", re.IGNORECASE)
_DOCTYPE = re.compile(r"^\s*<!DOCTYPE[^>]*>\s*", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
#: A number as people write it in a table: sign, digits, separators, decimals, percent.
_NUMBER_TEXT = re.compile(r"[-+−]?\d[\d,. \u202f]*%?")
#: Placeholders for "no value" that a numeric column may hold.
_NO_VALUE = frozenset({"", "-", "–", "—", "n/a", "NA"})

_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: #1a1a1a; background: #fff; line-height: 1.5; margin: 0 auto;
  max-width: 72rem; padding: 1.5rem; }
header.report { border-bottom: 2px solid #1f3864; margin-bottom: 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; color: #1f3864; }
h2 { font-size: 1.35rem; margin: 2rem 0 .75rem; color: #1f3864; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
.subtitle { font-size: 1.1rem; margin: 0 0 .25rem; }
.generated, footer { color: #4d4d4d; font-size: .9rem; }
nav ol { padding-left: 1.25rem; }
a { color: #0b4f8a; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: .75rem 0; font-size: .92rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: .35rem; }
th, td { border: 1px solid #b3b3b3; padding: .3rem .5rem; vertical-align: top;
  text-align: left; white-space: pre-line; }
thead th { background: #e8ecf3; }
tbody th { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #4d4d4d; font-size: .9rem; }
blockquote { margin: .5rem 0 .75rem; padding: .25rem .9rem; border-left: 4px solid #8497b0;
  white-space: pre-line; }
ul.notes { color: #333; }
table.matrix td { min-width: 12rem; }
table.matrix .marker { font-weight: 700; }
table.matrix tr.group-row th { background: #d9e1f2; text-align: left; }
table.matrix tr.aggregate th, table.matrix tr.aggregate td { font-style: italic;
  border-top: 2px solid #808080; }
table.matrix .column-note { display: block; font-weight: 400; font-style: italic;
  color: #404040; font-size: .85rem; }
table.matrix .cell-quotes { display: block; color: #404040; font-size: .85rem; }
ul.key { color: #333; font-size: .9rem; }
ul.key li { width: fit-content; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
footer { border-top: 1px solid #b3b3b3; margin-top: 2.5rem; padding-top: .5rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  section.report-section + section.report-section { break-before: page; }
  h2, h3 { break-after: avoid; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  tr, figure, blockquote { break-inside: avoid; }
  thead th { background: none; }
  a { color: inherit; text-decoration: none; }
  .table-wrap { overflow: visible; }
}
@page { margin: 15mm; }
""".strip()
#: The status shading of matrix cells and their key: the workbook's fills.
_STATUS_CSS = "\n".join(
    f"table.matrix td.status-{status}, ul.key li.status-{status} {{ background: #{colour}; }}"
    for status, colour in STATUS_FILLS.items()
)


@dataclass(frozen=True)
class ReportSection:
    """One section of a report: its ``heading``, ``intro`` text (blank
    lines separate paragraphs), an optional ``table``, ``figures`` (inline
    SVG markup from our charts, inserted as is), ``quotes`` as (group or
    label, quote text with its location) shown grouped by their first
    element in order of first appearance, and ``notes`` shown as a list.

    ``figure_captions`` (optional, parallel to ``figures``) captions the
    figures; ``table_caption`` replaces the default table caption (the
    heading). ``matrix``: a framework matrix shown as the workbook shows it
    (:mod:`~qualframe.formats.framework_workbook`): status markers and
    shading with their key, group header rows, group summary rows, column
    notes, and each cell's quotes listed under the matrix, linked from it.
    """

    heading: str
    intro: str = ""
    table: pd.DataFrame | None = None
    figures: tuple[str, ...] = ()
    quotes: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    figure_captions: tuple[str, ...] = ()
    table_caption: str = ""
    matrix: MatrixSheet | None = None


def render_report(
    title: str,
    sections: Sequence[ReportSection],
    *,
    subtitle: str = "",
    generated_on: datetime.date | None = None,
    lang: str = "en",
    notes: Sequence[str] = (),
) -> str:
    """The report as one self-contained HTML5 document (a string).

    ``generated_on`` (default today) is printed under the title, then
    ``notes`` (about the whole report) as a list; ``lang`` is the language
    of the text, for screen readers and hyphenation. No side effects.
    """
    date = (generated_on or datetime.date.today()).isoformat()
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="qualframe">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{_CSS}\n{_STATUS_CSS}\n</style>",
        "</head>",
        "<body>",
        '<header class="report">',
        f"<h1>{_e(title)}</h1>",
    ]
    if subtitle:
        parts.append(f'<p class="subtitle">{_e(subtitle)}</p>')
    parts += [f'<p class="generated">Generated on <time datetime="{date}">{date}</time></p>']
    if notes:
        items = "\n".join(f"<li>{_e(note)}</li>" for note in notes)
        parts.append(f'<ul class="notes report-notes">\n{items}\n</ul>')
    parts.append("</header>")
    if len(sections) > 1:
        parts.append(_contents(sections))
    parts.append("<main>")
    parts += [_section(number, section) for number, section in enumerate(sections, start=1)]
    parts += ["</main>", "<footer><p>Made with qualframe</p></footer>", "</body>", "</html>", ""]
    return "\n".join(parts)


def write_report(
    path: Path,
    title: str,
    sections: Sequence[ReportSection],
    *,
    subtitle: str = "",
    generated_on: datetime.date | None = None,
    lang: str = "en",
    notes: Sequence[str] = (),
) -> None:
    """Write :func:`render_report` to ``path`` as UTF-8, replacing it
    atomically. Raises ``OSError`` when the file cannot be written."""
    document = render_report(
        title, sections, subtitle=subtitle, generated_on=generated_on, lang=lang, notes=notes
    ).encode("utf-8")
    write_atomically(path, lambda stream: stream.write(document))


# ---------------------------------------------------------------- pieces


def _e(text: object) -> str:
    """Escape ``text`` for HTML element content and quoted attributes."""
    return html.escape(str(text), quote=True)


def _section_id(number: int) -> str:
    return f"section-{number}"


def _contents(sections: Sequence[ReportSection]) -> str:
    items = "\n".join(
        f'<li><a href="#{_section_id(number)}">{_e(section.heading)}</a></li>'
        for number, section in enumerate(sections, start=1)
    )
    return f'<nav aria-label="Contents">\n<h2>Contents</h2>\n<ol>\n{items}\n</ol>\n</nav>'


def _section(number: int, section: ReportSection) -> str:
    heading_id = _section_id(number)
    parts = [
        f'<section class="report-section" id="{heading_id}" aria-labelledby="{heading_id}-h">',
        f'<h2 id="{heading_id}-h">{_e(section.heading)}</h2>',
    ]
    parts += [
        f"<p>{_e(paragraph.strip())}</p>"
        for paragraph in _PARAGRAPH_BREAK.split(section.intro)
        if paragraph.strip()
    ]
    if section.table is not None:
        parts.append(_table(section.table, section.table_caption or section.heading))
    if section.matrix is not None:
        parts.append(_matrix(section.matrix, f"{heading_id}-q"))
    for index, svg in enumerate(section.figures):
        caption = section.figure_captions[index] if index < len(section.figure_captions) else ""
        parts.append(_figure(svg, caption))
    if section.quotes:
        parts.append(_quotes(section.quotes))
    if section.notes:
        items = "\n".join(f"<li>{_e(note)}</li>" for note in section.notes)
        parts.append(f'<h3>Notes</h3>\n<ul class="notes">\n{items}\n</ul>')
    parts.append("</section>")
    return "\n".join(parts)


def _figure(svg: str, caption: str) -> str:
    """Our chart's SVG without the XML prologue that HTML does not allow."""
    markup = _DOCTYPE.sub("", _XML_PROLOGUE.sub("", svg), count=1).strip()
    figcaption = f"\n<figcaption>{_e(caption)}</figcaption>" if caption else ""
    return f"<figure>\n{markup}{figcaption}\n</figure>"


def _quotes(quotes: Sequence[tuple[str, str]]) -> str:
    """Quotes grouped under their group's heading, groups in first-seen order."""
    grouped: dict[str, list[str]] = {}
    for group, quote in quotes:
        grouped.setdefault(group, []).append(quote)
    parts = ['<div class="quotes">']
    for group, texts in grouped.items():
        if group:
            parts.append(f"<h3>{_e(group)}</h3>")
        parts += [f"<blockquote><p>{_e(text)}</p></blockquote>" for text in texts]
    parts.append("</div>")
    return "\n".join(parts)


# ---------------------------------------------------------------- matrices


def _matrix(sheet: MatrixSheet, anchor: str) -> str:
    """A framework matrix as the workbook lays it out: header (with column
    notes), group header rows, rows, group summary rows, then the key of the
    status markers and each cell's quotes (``anchor`` prefixes their ids)."""
    writer = _MatrixHtml(sheet, anchor)
    table = writer.table()
    return "\n".join([table, writer.key(), writer.quotes()])


class _MatrixHtml:
    """Renders one :class:`MatrixSheet`; collects the statuses and quotes met."""

    def __init__(self, sheet: MatrixSheet, anchor: str) -> None:
        self.sheet = sheet
        self.anchor = anchor
        self.has_details = any(row.details for group in sheet.groups for row in group.rows)
        self.statuses: set[str] = set()
        self.quoted: list[tuple[str, str, WorkbookCell]] = []  # (id, heading, cell)

    def table(self) -> str:
        sheet = self.sheet
        heads = [sheet.row_header, *(["Details"] if self.has_details else [])]
        head = "".join(f'<th scope="col">{_e(text)}</th>' for text in heads)
        notes = sheet.column_notes + ("",) * (len(sheet.columns) - len(sheet.column_notes))
        for name, note in zip(sheet.columns, notes, strict=True):
            extra = f'<span class="column-note">{_e(note)}</span>' if note else ""
            head += f'<th scope="col">{_e(name)}{extra}</th>'
        bodies = [self._group(group) for group in sheet.groups]
        caption = f"{sheet.title}: {sheet.row_header.lower()} rows by {sheet.column_header.lower()}"
        return (
            f'<div class="table-wrap">\n<table class="matrix">\n<caption>{_e(caption)}</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n{''.join(bodies)}</table>\n</div>"
        )

    def _group(self, group: RowGroup) -> str:
        width = len(self.sheet.columns) + 1 + (1 if self.has_details else 0)
        rows = []
        if group.label is not None:
            rows.append(
                f'<tr class="group-row"><th scope="rowgroup" colspan="{width}">'
                f"{_e(group.label)}</th></tr>"
            )
        for row in group.rows:
            details = f"<td>{_e(row.details)}</td>" if self.has_details else ""
            cells = self._cells(group.label or "", row.label, row.cells)
            rows.append(f'<tr><th scope="row">{_e(row.label)}</th>{details}{cells}</tr>')
        if group.aggregate is not None:
            details = f"<td>{_e(group.label or '')}</td>" if self.has_details else ""
            cells = self._cells(group.label or "", group.aggregate_label, group.aggregate)
            rows.append(
                f'<tr class="aggregate"><th scope="row">{_e(group.aggregate_label)}</th>'
                f"{details}{cells}</tr>"
            )
        return "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n"

    def _cells(self, group: str, label: str, cells: Sequence[WorkbookCell]) -> str:
        parts = []
        padded = [*cells, *(WorkbookCell() for _ in range(len(self.sheet.columns) - len(cells)))]
        for column, cell in zip(self.sheet.columns, padded, strict=True):
            shaded = shaded_status(cell.status)
            if shaded:
                self.statuses.add(shaded)
            # The marker as the workbook writes it (see marked_text), set apart in bold.
            content = _e(cell.text)
            if shaded:
                content = f'<span class="marker">{_e(status_marker(cell.status))}</span> {content}'
            if cell.quotes:
                quote_id = f"{self.anchor}-{len(self.quoted) + 1}"
                heading = " × ".join(part for part in (group, label, column) if part)
                self.quoted.append((quote_id, heading, cell))
                count = len(cell.quotes)
                content += (
                    f' <a class="cell-quotes" href="#{quote_id}">({count} quote'
                    f'{"s" if count != 1 else ""}<span class="visually-hidden"> of '
                    f"{_e(heading)}</span>)</a>"
                )
            style = f' class="status-{_fill_class(shaded)}"' if shaded else ""
            parts.append(f"<td{style}>{content.strip()}</td>")
        return "".join(parts)

    def key(self) -> str:
        marked = sorted(self.statuses)
        lines = key_lines(marked)
        items = [
            f'<li class="status-{_fill_class(status)}">{_e(line)}</li>'
            for status, line in zip(marked, lines, strict=False)
        ]
        items += [f"<li>{_e(line)}</li>" for line in lines[len(marked) :]]
        return '<h3>Key</h3>\n<ul class="key">\n' + "\n".join(items) + "\n</ul>"

    def quotes(self) -> str:
        if not self.quoted:
            return ""
        parts = ['<h3>Quotes</h3>\n<div class="quotes">']
        for quote_id, heading, cell in self.quoted:
            parts.append(f'<h4 id="{quote_id}">{_e(heading)}</h4>')
            locations = cell.quote_locations + ("",) * (
                len(cell.quotes) - len(cell.quote_locations)
            )
            for text, location in zip(cell.quotes, locations, strict=True):
                where = f" ({location})" if location else ""
                parts.append(f"<blockquote><p>“{_e(text)}”{_e(where)}</p></blockquote>")
        parts.append("</div>")
        return "\n".join(parts)


def _fill_class(status: str | None) -> str:
    """The shading class of a marked status (an unknown one shares "other")."""
    return status if status in STATUS_FILLS else "other"


# ---------------------------------------------------------------- tables


def _table(frame: pd.DataFrame, caption: str) -> str:
    """An accessible table: column headers, row headers (the index when it
    is meaningful, else a text first column), numbers right-aligned."""
    import pandas as pd

    if not isinstance(frame.index, pd.RangeIndex) or any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    headers = [_column_name(column) for column in frame.columns]
    numeric = [_is_numeric(frame.iloc[:, index]) for index in range(frame.shape[1])]
    row_header = bool(headers) and not numeric[0]
    head = "".join(
        f'<th scope="col"{_num(numeric[i])}>{_e(header)}</th>' for i, header in enumerate(headers)
    )
    body = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for i, value in enumerate(values):
            tag = "th" if row_header and i == 0 else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}{_num(numeric[i])}>{_e(_cell_text(value))}</{tag}>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    rows = "\n".join(body)
    return (
        f'<div class="table-wrap">\n<table>\n<caption>{_e(caption)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n</div>"
    )


def _is_numeric(column: pd.Series) -> bool:
    """Whether a column holds numbers: a numeric dtype, or text that is all
    numbers as people format them ("42%", "1,204", "–" for none)."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(column.dtype):
        return False
    if pd.api.types.is_numeric_dtype(column.dtype):
        return True
    texts = [value for value in column if isinstance(value, str)]
    if len(texts) != column.notna().sum():
        return False
    numbers = [text for text in texts if text.strip() not in _NO_VALUE]
    return bool(numbers) and all(_NUMBER_TEXT.fullmatch(text.strip()) for text in numbers)


def _num(numeric: bool) -> str:
    return ' class="num"' if numeric else ""


def _column_name(column: Any) -> str:
    if isinstance(column, tuple):
        return " / ".join(str(part) for part in column if str(part))
    return str(column)


def _cell_text(value: Any) -> str:
    """A value as a reader expects it: missing values empty, whole floats
    without ".0", other floats to two decimals (small ones to two
    significant digits, so p-values stay readable). No thousands
    separators: they differ between languages and would garble years."""
    import numpy as np
    import pandas as pd

    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, float | np.floating | Decimal):
        number = float(value)
        if not math.isfinite(number):
            return str(number)
        if number.is_integer():
            return str(int(number))
        return f"{number:.2f}" if abs(number) >= 0.01 else f"{number:.2g}"
    if isinstance(value, pd.Timestamp | datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


__all__ = ["ReportSection", "render_report", "write_report"]
