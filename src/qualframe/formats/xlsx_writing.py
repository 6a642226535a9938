"""Building blocks for the workbooks qualframe writes (used by
:mod:`qualframe.formats.framework_workbook`).

- :class:`WorkbookStyles` registers the workbook's cell styles once, as
  named styles. Assigning a named style to a cell is a lookup, while
  assigning Font/Alignment/Fill objects makes openpyxl hash them for every
  cell, which dominated the time to write a large matrix.
- :class:`SheetNames` hands out valid, unique sheet names.
- :func:`put_text` writes text that is always text (never a formula), with
  forbidden characters removed and over-long text visibly truncated.
- :func:`write_frame` writes a DataFrame under a bold, frozen header.

Nothing here touches a database; openpyxl is imported lazily (only exports
need it).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from qualframe.formats.tables import (
    MAX_XLSX_CELL_CHARS,
    display_width,
    fit_widths,
    set_widths,
    xlsx_text,
)

if TYPE_CHECKING:
    import pandas as pd

#: Appended to a text cut to fit one Excel cell.
TRUNCATION_MARKER = "…(truncated)"
#: Longest sheet name Excel accepts.
MAX_SHEET_NAME_CHARS = 31
#: Light fills of the cell statuses that carry a marker (see STATUS_MARKERS).
STATUS_FILLS = {"draft": "FFF2CC", "no_data": "EDEDED", "not_asked": "E4DFEC", "other": "FCE4D6"}

_FORBIDDEN_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
#: Rows of a table sampled to fit its column widths.
_WIDTH_SAMPLE_ROWS = 1000
_STYLE_PREFIX = "qualframe "


def cell_text(text: str) -> str:
    """``text`` made safe for one Excel cell: forbidden control characters
    removed and, beyond 32,767 characters, cut with :data:`TRUNCATION_MARKER`."""
    text = xlsx_text(text)
    if len(text) > MAX_XLSX_CELL_CHARS:
        return text[: MAX_XLSX_CELL_CHARS - len(TRUNCATION_MARKER)] + TRUNCATION_MARKER
    return text


def sheet_reference(sheet_name: str, coordinate: str) -> str:
    """An in-workbook link target such as ``'My sheet'!A12`` (quotes doubled)."""
    return "'" + sheet_name.replace("'", "''") + "'!" + coordinate


class SheetNames:
    """Hands out valid sheet names (no ``[]:*?/\\``, at most 31 characters,
    not starting or ending with an apostrophe), unique ignoring case as
    Excel requires; "History" is reserved by Excel."""

    def __init__(self) -> None:
        self._taken: set[str] = {"history"}

    def claim(self, wanted: str, suffix: str = "") -> str:
        """A free name from ``wanted`` + ``suffix``, numbered "(2)", "(3)"… when taken."""
        base = " ".join(_FORBIDDEN_SHEET_CHARS.sub("", xlsx_text(wanted)).split())
        base = base.strip("'") or "Sheet"
        number = 1
        while True:
            tag = suffix if number == 1 else f"{suffix} ({number})"
            name = base[: MAX_SHEET_NAME_CHARS - len(tag)].rstrip().rstrip("'") + tag
            if name.casefold() not in self._taken:
                self._taken.add(name.casefold())
                return name
            number += 1


class WorkbookStyles:
    """The named cell styles of one workbook, registered on creation.

    Attributes hold style names: ``title``, ``header``, ``column_note``,
    ``group``, ``label``, ``text`` (wrapped, top-aligned), ``summary``
    (italic), ``note``, ``link``; :meth:`text_for` and :meth:`summary_for`
    give the shaded variant for a cell status.
    """

    def __init__(self, workbook: Any) -> None:
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        wrap = Alignment(wrap_text=True, vertical="top")
        top = Alignment(vertical="top")
        line = Side(style="thin", color="808080")
        italic = Font(italic=True)
        specs: dict[str, dict[str, Any]] = {
            "title": {"font": Font(bold=True, size=14)},
            "header": {
                "font": Font(bold=True),
                "alignment": wrap,
                "fill": PatternFill("solid", fgColor="F2F2F2"),
                "border": Border(bottom=line),
            },
            "column note": {"font": Font(italic=True, color="404040"), "alignment": wrap},
            "group": {
                "font": Font(bold=True),
                "alignment": top,
                "fill": PatternFill("solid", fgColor="D9E1F2"),
            },
            "label": {"font": Font(bold=True), "alignment": wrap},
            "text": {"alignment": wrap},
            "summary": {"font": italic, "alignment": wrap, "border": Border(top=line)},
            "note": {"font": Font(italic=True, color="404040")},
            "link": {"font": Font(color="0B5394", underline="single"), "alignment": wrap},
        }
        for status, colour in STATUS_FILLS.items():
            fill = PatternFill("solid", fgColor=colour)
            specs[f"text {status}"] = {"alignment": wrap, "fill": fill}
            specs[f"summary {status}"] = {**specs["summary"], "fill": fill}
        for name, spec in specs.items():
            workbook.add_named_style(NamedStyle(name=_STYLE_PREFIX + name, **spec))
        prefix = _STYLE_PREFIX
        self.title, self.header, self.group = prefix + "title", prefix + "header", prefix + "group"
        self.column_note, self.label = prefix + "column note", prefix + "label"
        self.text, self.summary, self.note = prefix + "text", prefix + "summary", prefix + "note"
        self.link = prefix + "link"
        self.top = top  # for numbers and dates, whose number format a named style would reset

    def text_for(self, status: str | None) -> str:
        """The text style shaded for ``status`` (``None``: unshaded)."""
        return self.text if status is None else f"{self.text} {_fill_key(status)}"

    def summary_for(self, status: str | None) -> str:
        """The summary-row style shaded for ``status`` (``None``: unshaded)."""
        return self.summary if status is None else f"{self.summary} {_fill_key(status)}"


def _fill_key(status: str) -> str:
    return status if status in STATUS_FILLS else "other"


def put_text(sheet: Any, row: int, column: int, text: str, style: str | None = None) -> Any:
    """Write ``text`` (made safe by :func:`cell_text`) as a text cell, never
    a formula, with the named ``style``; returns the cell."""
    cell = sheet.cell(row=row, column=column, value=cell_text(text))
    cell.data_type = "s"
    if style is not None:
        cell.style = style
    return cell


#: Points per wrapped text line at the default font size, and Excel's largest row.
_LINE_POINTS = 15.0
_MAX_ROW_POINTS = 409.0


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width`` characters wide."""
    usable = max(width - 1.0, 1.0)
    return sum(max(1, -(-len(line) // int(usable))) for line in text.split("\n"))


def fit_row_height(sheet: Any, row: int, lines: int) -> None:
    """Give ``row`` room for ``lines`` wrapped lines (Excel and LibreOffice do not
    grow rows written by a program, so long summaries would be cut off)."""
    if lines > 1:
        sheet.row_dimensions[row].height = min(_MAX_ROW_POINTS, _LINE_POINTS * lines)


def print_setup(sheet: Any, title_rows: str | None, title_columns: str | None = None) -> None:
    """Landscape A4 with grid lines, repeating ``title_rows`` ("2:3") and
    ``title_columns`` ("A:B") on every printed page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_options.gridLines = True
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns


def write_frame(
    sheet: Any, frame: pd.DataFrame, styles: WorkbookStyles, notes: Sequence[str] = ()
) -> None:
    """Write ``frame`` from A1 under a bold, frozen, filterable header, with
    ``notes`` below it. A named or non-default index becomes leading
    columns; missing values are left empty; text stays text."""
    import pandas as pd
    from openpyxl.utils import get_column_letter

    if not isinstance(frame.index, pd.RangeIndex) or any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    headers = [column_name(column) for column in frame.columns]
    widths = [float(len(header)) for header in headers]
    for column, header in enumerate(headers, start=1):
        put_text(sheet, 1, column, header, styles.header)
    row = 1
    for row, values in enumerate(frame.itertuples(index=False, name=None), start=2):
        for column, raw in enumerate(values, start=1):
            value = excel_value(raw)
            if value is None:
                continue
            if isinstance(value, str):
                put_text(sheet, row, column, value, styles.text)
            else:
                sheet.cell(row=row, column=column, value=value).alignment = styles.top
            if row <= _WIDTH_SAMPLE_ROWS:
                widths[column - 1] = max(widths[column - 1], display_width(value))
    fit_widths(sheet, widths)
    sheet.freeze_panes = "A2"
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{row}"
    for offset, note in enumerate(notes, start=2):
        put_text(sheet, row + offset, 1, note, styles.note)
    print_setup(sheet, "1:1")


def column_name(column: Any) -> str:
    """A DataFrame column label as text (MultiIndex levels joined by " / ")."""
    if isinstance(column, tuple):
        return " / ".join(str(part) for part in column if str(part))
    return str(column)


def excel_value(value: Any) -> Any:
    """A DataFrame value as openpyxl stores it: missing values ``None``,
    numpy scalars Python ones, time zones dropped (Excel has none),
    infinities and anything else their text."""
    import pandas as pd

    if value is None or isinstance(value, bool | str | int | Decimal):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else (value if math.isfinite(value) else str(value))
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return value
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item) and pd.api.types.is_scalar(value):
        return excel_value(item())
    return str(value)


__all__ = [
    "MAX_SHEET_NAME_CHARS",
    "STATUS_FILLS",
    "TRUNCATION_MARKER",
    "SheetNames",
    "WorkbookStyles",
    "cell_text",
    "column_name",
    "excel_value",
    "fit_row_height",
    "print_setup",
    "put_text",
    "set_widths",
    "sheet_reference",
    "wrapped_lines",
    "write_frame",
]
