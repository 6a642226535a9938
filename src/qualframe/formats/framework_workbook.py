"""Writing framework matrices and tables as one Excel workbook (XLSX).

The layout is the one Framework Method teams exchange (NatCen style): one
sheet per matrix, a title row, a header row (the row header, an optional
"Details" column, then one column per code), the rows grouped under shaded
group header rows, an optional italic summary row per group, and a linked
"<title> quotes" sheet holding the quotes behind each cell.

Everything here is plain data in, a file out: the callers (services) build
:class:`MatrixSheet` and :class:`TableSheet` objects; this module never
touches a database.

Choices that keep the file usable in Excel and LibreOffice:

- every text is written as text: a summary starting with ``=`` never becomes
  a formula; control characters Excel refuses are removed
  (:func:`~qualframe.formats.tables.xlsx_text`); a text longer than Excel's
  32,767 characters is cut and ends with :data:`TRUNCATION_MARKER`;
- a cell's status other than done is shown as a text marker (``[draft]``,
  ``[no data]``, ``[not asked]``) *and* a light fill, explained by a key
  under the matrix, so colour is never the only signal;
- a cell with quotes ends with "(3 quotes)" and links to its first quote on
  the quotes sheet; each quote links back to its cell;
- panes are frozen below the header and right of the label columns, text is
  wrapped and top-aligned, pages print landscape with the header and labels
  repeated;
- sheet names are made valid (no ``[]:*?/\\``, at most 31 characters) and
  unique, ignoring case as Excel does.

Cells with status "empty" (or none) and no text stay blank; the key says
so (:func:`key_lines`, which the HTML report shares with
:func:`marked_text` and :func:`status_marker`). Styles are
registered once per workbook as named styles
(:class:`~qualframe.formats.xlsx_writing.WorkbookStyles`): a 500-row x
60-column matrix with 30 % of its cells filled and 18,000 quotes is written
in about 2 seconds; the time grows with the number of quotes (about 0.1 ms
per quote).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualframe.errors import ValidationError
from qualframe.formats.tables import write_atomically
from qualframe.formats.xlsx_writing import (
    MAX_SHEET_NAME_CHARS,
    TRUNCATION_MARKER,
    SheetNames,
    WorkbookStyles,
    cell_text,
    fit_row_height,
    print_setup,
    put_text,
    set_widths,
    sheet_reference,
    wrapped_lines,
    write_frame,
)

if TYPE_CHECKING:
    import pandas as pd

#: Text markers of cell statuses; "done", "empty" and no status have none.
STATUS_MARKERS: dict[str, str] = {
    "draft": "[draft]",
    "no_data": "[no data]",
    "not_asked": "[not asked]",
}
#: What each marker means, for the key under a matrix.
STATUS_MEANINGS: dict[str, str] = {
    "draft": "summary still being written",
    "no_data": "asked, but nothing relevant was said",
    "not_asked": "the question covering this column was not asked",
}
#: What a cell without a marker means, the last line of every key: "done" and
#: "empty" (not charted yet) carry no marker, so a blank cell is one to chart.
UNMARKED_MEANING = (
    "no marker: a summary is done; a blank cell has not been charted yet "
    "(or its row has nothing coded to chart)"
)
#: The label of a group's summary row (under its rows).
GROUP_SUMMARY_LABEL = "Group summary"
_UNMARKED_STATUSES = frozenset({"done", "empty"})
_LABEL_WIDTH, _DETAILS_WIDTH, _CELL_WIDTH = 24, 30, 48
_QUOTE_WIDTH, _LOCATION_WIDTH = 80, 30
_ABOUT_SHEET = "About"


@dataclass(frozen=True)
class WorkbookCell:
    """One matrix cell: its summary ``text``, the ``quotes`` behind it and
    its ``status`` (a :class:`~qualframe.vocabulary.CellStatus` value or
    ``None``).

    ``quote_locations`` (optional, parallel to ``quotes``) gives where each
    quote comes from, e.g. "Interview P03, paragraph 12"; it fills the
    Location column of the quotes sheet.
    """

    text: str = ""
    quotes: tuple[str, ...] = ()
    status: str | None = None
    quote_locations: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatrixRow:
    """One matrix row: its ``label`` (participant, case or group), optional
    ``details`` (case, attributes) and one cell per matrix column (fewer
    cells leave the last columns blank)."""

    label: str
    details: str = ""
    cells: tuple[WorkbookCell, ...] = ()


@dataclass(frozen=True)
class RowGroup:
    """Rows shown under one group header (``label``; ``None``: no header
    row), followed by an italic ``aggregate`` row when given, labelled
    ``aggregate_label``."""

    label: str | None
    rows: tuple[MatrixRow, ...]
    aggregate: tuple[WorkbookCell, ...] | None = None
    aggregate_label: str = GROUP_SUMMARY_LABEL


@dataclass(frozen=True)
class MatrixSheet:
    """A framework matrix: ``title``, the header of the label column
    (``row_header``, e.g. "Participant"), the column names (codes), the
    groups of rows, an optional note per column (shown on a second header
    line) and whether quotes go to a linked quotes sheet.

    ``column_header`` names the column kind on the quotes sheet (e.g. "Code").
    """

    title: str
    row_header: str
    columns: tuple[str, ...]
    groups: tuple[RowGroup, ...]
    column_notes: tuple[str, ...] = ()
    quotes_sheet: bool = True
    column_header: str = "Column"


@dataclass(frozen=True)
class TableSheet:
    """A DataFrame on its own sheet (header in row 1, frozen and bold), with
    ``notes`` under the table. A named or non-default index is written as
    leading columns."""

    title: str
    frame: pd.DataFrame
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------- entry point


def write_workbook(
    path: Path,
    sheets: Sequence[MatrixSheet | TableSheet],
    *,
    title: str = "",
    notes: Sequence[str] = (),
    generated_on: datetime.date | None = None,
) -> None:
    """Write ``sheets`` as an Excel workbook at ``path`` (replaced atomically).

    When ``title`` or ``notes`` are given (or there are no sheets) an
    "About" sheet comes first with them, the date (``generated_on``,
    default today) and links to every sheet.

    Raises :class:`ValidationError` when ``path`` does not end in ``.xlsx``
    or a row has more cells (or a matrix more column notes) than the matrix
    has columns; ``OSError`` when the file cannot be written.
    """
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(f"{path}: a workbook is written as .xlsx, not {path.suffix!r}")
    for sheet in sheets:
        if isinstance(sheet, MatrixSheet):
            _check_matrix(sheet)
    # Imported lazily: only exports need openpyxl.
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title or None
    workbook.properties.creator = "qualframe"
    styles = WorkbookStyles(workbook)
    names = SheetNames()
    with_about = bool(title or notes or not sheets)
    if with_about:
        names.claim(_ABOUT_SHEET)
    planned = [_plan_sheet(sheet, names) for sheet in sheets]
    for plan in planned:
        if isinstance(plan.sheet, MatrixSheet):
            _MatrixWriter(workbook, plan, styles).write()
        else:
            write_frame(
                workbook.create_sheet(plan.name), plan.sheet.frame, styles, plan.sheet.notes
            )
    if with_about:
        about = workbook.create_sheet(_ABOUT_SHEET, 0)
        _write_about(about, title, notes, planned, styles, generated_on or datetime.date.today())
    workbook.active = 0
    write_atomically(path, workbook.save)


def _check_matrix(sheet: MatrixSheet) -> None:
    width = len(sheet.columns)
    if len(sheet.column_notes) > width:
        raise ValidationError(
            f"matrix {sheet.title!r} has {len(sheet.column_notes)} column notes "
            f"but only {width} columns"
        )
    for group in sheet.groups:
        rows = [(row.label, row.cells) for row in group.rows]
        if group.aggregate is not None:
            rows.append((group.aggregate_label, group.aggregate))
        for label, cells in rows:
            if len(cells) > width:
                raise ValidationError(
                    f"matrix {sheet.title!r}: row {label!r} has {len(cells)} cells "
                    f"but there are only {width} columns"
                )
            for cell in cells:
                if len(cell.quote_locations) > len(cell.quotes):
                    raise ValidationError(
                        f"matrix {sheet.title!r}: row {label!r} has a cell with more "
                        "quote locations than quotes"
                    )


# ---------------------------------------------------------------- markers


def status_marker(status: str | None) -> str:
    """The text marker shown before a cell's summary ("" when done, empty or unset)."""
    if status is None or status in _UNMARKED_STATUSES:
        return ""
    return STATUS_MARKERS.get(status, f"[{status.replace('_', ' ')}]")


def shaded_status(status: str | None) -> str | None:
    """The status a cell is shaded for: one that carries a marker (None otherwise)."""
    return status if status_marker(status) else None


def marked_text(cell: WorkbookCell) -> str:
    """The cell's summary after its status marker ("[draft] Uses own story"),
    as both the workbook and the HTML report show it ("" for a blank cell)."""
    marker = status_marker(cell.status)
    return f"{marker} {cell.text}".strip() if marker else cell.text


def key_lines(statuses: Iterable[str], *, shaded: bool = True) -> list[str]:
    """The key under a matrix: one line per marked status used (marker, meaning
    and, with ``shaded``, that such cells are shaded), in status order, then
    what an unmarked cell means. Shared by the workbook and the HTML report."""
    lines = [
        f"{status_marker(status)} {STATUS_MEANINGS.get(status, status.replace('_', ' '))}"
        + (" (shaded)" if shaded else "")
        for status in sorted(set(statuses))
        if status_marker(status)
    ]
    return [*lines, UNMARKED_MEANING]


# ---------------------------------------------------------------- matrices


@dataclass(frozen=True)
class _Plan:
    """A sheet with the names it will be written under."""

    sheet: MatrixSheet | TableSheet
    name: str
    quotes_name: str | None = None


def _plan_sheet(sheet: MatrixSheet | TableSheet, names: SheetNames) -> _Plan:
    """Claim the sheet's name (and its quotes sheet's) before writing, so
    links between them can be written in one pass."""
    name = names.claim(sheet.title)
    if isinstance(sheet, MatrixSheet) and sheet.quotes_sheet and _has_quotes(sheet):
        return _Plan(sheet, name, names.claim(sheet.title, " quotes"))
    return _Plan(sheet, name)


def _has_quotes(sheet: MatrixSheet) -> bool:
    return any(
        cell.quotes
        for group in sheet.groups
        for cells in [*(row.cells for row in group.rows), group.aggregate or ()]
        for cell in cells
    )


@dataclass(frozen=True)
class _QuoteRow:
    group: str
    row: str
    column: str
    quote: str
    location: str
    matrix_cell: str  # coordinate of the matrix cell, for the link back


class _MatrixWriter:
    """Writes one :class:`MatrixSheet` (and its quotes sheet)."""

    def __init__(self, workbook: Any, plan: _Plan, styles: WorkbookStyles) -> None:
        assert isinstance(plan.sheet, MatrixSheet)
        self.matrix: MatrixSheet = plan.sheet
        self.plan = plan
        self.styles = styles
        self.workbook = workbook
        self.sheet = workbook.create_sheet(plan.name)
        self.has_details = any(row.details for group in self.matrix.groups for row in group.rows)
        self.first_cell_column = 3 if self.has_details else 2
        self.last_column = self.first_cell_column + len(self.matrix.columns) - 1
        self.quote_rows: list[_QuoteRow] = []
        self.statuses_used: set[str] = set()

    def write(self) -> None:
        row = self._write_header()
        for group in self.matrix.groups:
            row = self._write_group(group, row)
        self._write_key(row + 1)
        header_end = 3 if any(self.matrix.column_notes) else 2
        self.sheet.freeze_panes = self.sheet.cell(
            row=header_end + 1, column=self.first_cell_column
        ).coordinate
        widths = [_LABEL_WIDTH] + ([_DETAILS_WIDTH] if self.has_details else [])
        set_widths(self.sheet, widths + [_CELL_WIDTH] * len(self.matrix.columns))
        print_setup(self.sheet, f"2:{header_end}", "A:B" if self.has_details else "A:A")
        if self.plan.quotes_name and self.quote_rows:
            self._write_quotes_sheet()

    def _write_header(self) -> int:
        """Title, header and column-note rows; returns the next free row."""
        sheet, styles = self.sheet, self.styles
        put_text(sheet, 1, 1, self.matrix.title, styles.title)
        headings = [self.matrix.row_header] + (["Details"] if self.has_details else [])
        for column, text in enumerate([*headings, *self.matrix.columns], start=1):
            put_text(sheet, 2, column, text, styles.header)
        if not any(self.matrix.column_notes):
            return 3
        for column, note in enumerate(self.matrix.column_notes, start=self.first_cell_column):
            if note:
                put_text(sheet, 3, column, note, styles.column_note)
        notes = [wrapped_lines(note, _CELL_WIDTH) for note in self.matrix.column_notes if note]
        fit_row_height(sheet, 3, max(notes, default=1))
        return 4

    def _write_group(self, group: RowGroup, row: int) -> int:
        """A group's header row, rows and summary row; returns the next free row."""
        sheet, styles = self.sheet, self.styles
        if group.label is not None:
            put_text(sheet, row, 1, group.label, styles.group)
            if self.last_column > 1:  # a one-cell merge makes Excel "repair" the file
                sheet.merge_cells(
                    start_row=row, start_column=1, end_row=row, end_column=self.last_column
                )
            row += 1
        for matrix_row in group.rows:
            put_text(sheet, row, 1, matrix_row.label, styles.label)
            lines = wrapped_lines(matrix_row.label, _LABEL_WIDTH)
            if self.has_details and matrix_row.details:
                put_text(sheet, row, 2, matrix_row.details, styles.text)
                lines = max(lines, wrapped_lines(matrix_row.details, _DETAILS_WIDTH))
            cells = self._write_cells(row, group.label or "", matrix_row.label, matrix_row.cells)
            fit_row_height(sheet, row, max(lines, cells))
            row += 1
        if group.aggregate is not None:
            put_text(sheet, row, 1, group.aggregate_label, styles.summary)
            if self.has_details and group.label:
                put_text(sheet, row, 2, group.label, styles.summary)
            lines = self._write_cells(
                row, group.label or "", group.aggregate_label, group.aggregate, summary=True
            )
            fit_row_height(sheet, row, lines)
            row += 1
        return row

    def _write_cells(
        self,
        row: int,
        group: str,
        label: str,
        cells: Sequence[WorkbookCell],
        *,
        summary: bool = False,
    ) -> int:
        """Write a row's cells; returns the most wrapped lines one of them takes.

        Summary cells carry no hyperlink: LibreOffice shows a linked cell as a
        field that never wraps, hiding most of a summary. The cell names its
        rows on the quotes sheet instead, and each quote links back to it.
        """
        lines = 1
        for column, cell in enumerate(cells, start=self.first_cell_column):
            quotes = ""
            if cell.quotes and self.plan.quotes_name:
                coordinate = self.sheet.cell(row=row, column=column).coordinate
                quotes = self._add_quotes(group, label, column, cell, coordinate)
            text = self._cell_display(cell, quotes)
            if not text:
                continue
            lines = max(lines, wrapped_lines(text, _CELL_WIDTH))
            shaded = shaded_status(cell.status)
            if shaded:
                self.statuses_used.add(shaded)
            style = self.styles.summary_for(shaded) if summary else self.styles.text_for(shaded)
            put_text(self.sheet, row, column, text, style)
        return lines

    def _cell_display(self, cell: WorkbookCell, quotes: str = "") -> str:
        """Marker, summary and (when they go to a quotes sheet) where its quotes are."""
        text = marked_text(cell)
        if quotes:
            text += ("\n" if text else "") + quotes
        return text

    def _add_quotes(
        self, group: str, label: str, column: int, cell: WorkbookCell, coordinate: str
    ) -> str:
        """Queue the cell's quotes; returns the note saying where they are."""
        assert self.plan.quotes_name is not None
        first_row = len(self.quote_rows) + 3  # after the title and header rows
        column_name = self.matrix.columns[column - self.first_cell_column]
        locations = cell.quote_locations + ("",) * (len(cell.quotes) - len(cell.quote_locations))
        for quote, location in zip(cell.quotes, locations, strict=True):
            self.quote_rows.append(
                _QuoteRow(group, label, column_name, quote, location, coordinate)
            )
        count, last_row = len(cell.quotes), first_row + len(cell.quotes) - 1
        rows = f"row {first_row}" if count == 1 else f"rows {first_row}–{last_row}"
        return f"({count} quote{'s' if count != 1 else ''}: {rows} of {self.plan.quotes_name!r})"

    def _write_key(self, row: int) -> None:
        """The meaning of the status markers and shading used, under the matrix."""
        if not self.statuses_used and not self.quote_rows:
            return  # every cell is done or blank: nothing to explain
        lines = key_lines(self.statuses_used)
        if self.quote_rows:
            lines.append(
                f"(n quotes: rows …): the cell's quotes on sheet {self.plan.quotes_name!r}, "
                "each linking back to the cell"
            )
        put_text(self.sheet, row, 1, "Key", self.styles.label)
        for offset, line in enumerate(lines, start=1):
            put_text(self.sheet, row + offset, 1, line, self.styles.note)

    def _write_quotes_sheet(self) -> None:
        """One row per quote; its row label links back to the matrix cell."""
        from openpyxl.worksheet.hyperlink import Hyperlink

        assert self.plan.quotes_name is not None
        styles = self.styles
        sheet = self.workbook.create_sheet(self.plan.quotes_name)
        put_text(sheet, 1, 1, f"{self.matrix.title}: quotes", styles.title)
        headers = [self.matrix.row_header, self.matrix.column_header, "Quote", "Location"]
        grouped = any(group.label is not None for group in self.matrix.groups)
        if grouped:
            headers.insert(0, "Group")
        for column, text in enumerate(headers, start=1):
            put_text(sheet, 2, column, text, styles.header)
        first = 2 if grouped else 1
        for row, quote in enumerate(self.quote_rows, start=3):
            if grouped:
                put_text(sheet, row, 1, quote.group, styles.text)
            back = put_text(sheet, row, first, quote.row, styles.link)
            back.hyperlink = Hyperlink(
                ref=back.coordinate, location=sheet_reference(self.plan.name, quote.matrix_cell)
            )
            put_text(sheet, row, first + 1, quote.column, styles.text)
            put_text(sheet, row, first + 2, quote.quote, styles.text)
            if quote.location:
                put_text(sheet, row, first + 3, quote.location, styles.text)
        set_widths(sheet, [_LABEL_WIDTH] * (first + 1) + [_QUOTE_WIDTH, _LOCATION_WIDTH])
        sheet.freeze_panes = "A3"
        last = sheet.cell(row=len(self.quote_rows) + 2, column=len(headers)).coordinate
        sheet.auto_filter.ref = f"A2:{last}"
        print_setup(sheet, "2:2")


# ---------------------------------------------------------------- about sheet


def _write_about(
    sheet: Any,
    title: str,
    notes: Sequence[str],
    planned: Sequence[_Plan],
    styles: WorkbookStyles,
    generated_on: datetime.date,
) -> None:
    """Title, notes, date and a linked list of the workbook's sheets."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    put_text(sheet, 1, 1, title or "qualframe export", styles.title)
    put_text(sheet, 2, 1, f"Generated on {generated_on.isoformat()} with qualframe", styles.note)
    row = 4
    for note in notes:
        put_text(sheet, row, 1, note, styles.text)
        row += 1
    if not planned:
        put_text(sheet, row, 1, "There is nothing to show: the export is empty.")
    else:
        row += 1 if notes else 0
        put_text(sheet, row, 1, "Contents", styles.label)
        for name in [n for plan in planned for n in (plan.name, plan.quotes_name) if n]:
            row += 1
            cell = put_text(sheet, row, 1, name, styles.link)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=sheet_reference(name, "A1"))
    set_widths(sheet, [100])


__all__ = [
    "GROUP_SUMMARY_LABEL",
    "MAX_SHEET_NAME_CHARS",
    "STATUS_MARKERS",
    "STATUS_MEANINGS",
    "TRUNCATION_MARKER",
    "UNMARKED_MEANING",
    "MatrixRow",
    "MatrixSheet",
    "RowGroup",
    "TableSheet",
    "WorkbookCell",
    "cell_text",
    "key_lines",
    "marked_text",
    "shaded_status",
    "sheet_reference",
    "status_marker",
    "write_workbook",
]
