"""Reading and writing the tables users exchange with spreadsheets (CSV, XLSX).

Reading gives a :class:`Table`: the column names of the header row and one
:class:`TableRow` per non-empty row, keyed by column name. Row numbers are
the ones the user sees in Excel (the header is usually row 1), so every error
can point at the row to fix.

CSV files are decoded with :func:`~qualframe.formats.text_decoding.decode_text`
(UTF-8 with or without BOM, UTF-16 with BOM, or a confidently detected legacy
encoding such as Windows-1252) and their delimiter (comma, semicolon or tab)
is detected from the first records. CSV cells are text (or ``None`` when
empty). XLSX cells keep the types Excel stored: text, ``int``, ``float``,
``bool``, ``datetime.date`` (a date-only format), ``datetime.datetime``.

XLSX files come from outside and are hostile until checked: before openpyxl
opens the workbook, every member is inflated once under the archive limits
of :mod:`qualframe.limits`, counting the bytes actually inflated (zip bombs,
lying zip directories; see :mod:`qualframe.formats.archives`). openpyxl
parses the XML through defusedxml.

Writing (:func:`write_table`) produces CSV as UTF-8 *with* a byte-order mark,
because Excel only recognises UTF-8 (accents, non-Latin names) when the BOM
is present, and XLSX with a bold, frozen header row, column widths fitted to
the content and wrapped text.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from qualframe.errors import InputFileError, ValidationError
from qualframe.formats.archives import GuardedArchive
from qualframe.formats.csv_safety import neutralise, restore
from qualframe.formats.sources import read_file_bytes
from qualframe.formats.text_decoding import decode_text, normalise_text

CellValue = str | int | float | bool | datetime.date | datetime.datetime | None

#: Suffixes read as delimited text.
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
#: Suffixes read as Excel workbooks.
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: Most characters Excel accepts in one cell.
MAX_XLSX_CELL_CHARS = 32_767

_DELIMITERS = (",", ";", "\t")
_SNIFF_RECORDS = 50
#: A record whose cells hold only these is empty for every delimiter.
_BLANK_IN_SNIFF = " \t,;"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ILLEGAL_XLSX_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MIN_WIDTH, _MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class TableRow:
    """One non-empty data row.

    ``line`` is the 1-based row number as Excel shows it (for CSV: the
    record number, so a cell spanning several lines still counts as one
    row); ``values`` maps every column name of the table to the cell value,
    ``None`` for an empty cell.
    """

    line: int
    values: dict[str, CellValue]


@dataclass(frozen=True)
class Table:
    """A table read from ``source``: its header ``columns`` and data ``rows``."""

    source: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]


# ---------------------------------------------------------------- reading


def read_table(path: Path, *, sheet: str | None = None, encoding: str | None = None) -> Table:
    """Read the CSV or XLSX file at ``path`` (format chosen by its suffix).

    ``sheet`` names the worksheet of a workbook (default: the first one);
    ``encoding`` forces the text encoding of a CSV file.

    Raises :class:`InputFileError` naming the file when it cannot be read,
    and for every problem listed in :func:`read_table_bytes`.
    """
    return read_table_bytes(read_file_bytes(path), str(path), sheet=sheet, encoding=encoding)


def read_table_bytes(
    data: bytes, name: str, *, sheet: str | None = None, encoding: str | None = None
) -> Table:
    """Read the bytes of a CSV or XLSX file called ``name`` (suffix decides).

    Raises :class:`InputFileError` naming ``name`` when the suffix is not
    supported, the file is empty or not decodable, it has no header row, a
    column name is blank or repeated, a CSV row has more cells than the
    header, the workbook is corrupt or suspiciously compressed, or the named
    ``sheet`` does not exist.
    """
    suffix = Path(name).suffix.lower()
    records: Iterable[tuple[int, Sequence[CellValue]]]
    if suffix in CSV_SUFFIXES:
        records = _csv_records(data, name, suffix, encoding)
    elif suffix in XLSX_SUFFIXES:
        records = _xlsx_records(data, name, sheet)
    elif suffix == ".xls":
        raise InputFileError(
            name, "the old Excel 97-2003 format (.xls) is not supported; save it as .xlsx"
        )
    else:
        supported = ", ".join(CSV_SUFFIXES + XLSX_SUFFIXES)
        raise InputFileError(
            name, f"files ending in {suffix or '(no suffix)'!r} are not tables; use {supported}"
        )
    return _build_table(name, records)


def _build_table(name: str, records: Iterable[tuple[int, Sequence[CellValue]]]) -> Table:
    """Turn (row number, raw cells) pairs into a Table, header first.

    Empty columns left of the header (a table starting in column B) are
    dropped when no row has a value there.
    """
    rows_iter = ((line, [_clean(v) for v in cells]) for line, cells in records)
    non_empty = ((line, cells) for line, cells in rows_iter if any(v is not None for v in cells))
    header = next(non_empty, None)
    if header is None:
        raise InputFileError(name, "the file has no header row (every row is empty)")
    header_line, header_cells = header
    offset, columns = _header_columns(name, header_line, header_cells)
    end = offset + len(columns)
    rows = []
    for line, cells in non_empty:
        _reject_unnamed_values(name, line, cells, offset, end)
        values = list(cells[offset:end])
        values += [None] * (len(columns) - len(values))
        rows.append(TableRow(line=line, values=dict(zip(columns, values, strict=True))))
    return Table(source=name, columns=columns, rows=tuple(rows))


def _reject_unnamed_values(
    name: str, line: int, cells: Sequence[CellValue], offset: int, end: int
) -> None:
    """A value outside the named columns is an error (it would be lost)."""
    outside = [i for i, value in enumerate(cells) if value is not None and not offset <= i < end]
    if outside:
        raise InputFileError(
            name,
            f"this row has a value in column {outside[0] + 1}, which has no name in the "
            f"header row (the header names {end - offset} column"
            f"{'s' if end - offset != 1 else ''}); add a column name or remove the value",
            line=line,
        )


def _header_columns(
    name: str, line: int, cells: Sequence[CellValue]
) -> tuple[int, tuple[str, ...]]:
    """Leading blank cells and column names of the header row (trailing blanks dropped)."""
    names = [_header_text(value) for value in cells]
    while names and not names[-1]:
        names.pop()
    offset = next((index for index, column in enumerate(names) if column), 0)
    seen: set[str] = set()
    for index, column in enumerate(names[offset:], start=offset + 1):
        if not column:
            raise InputFileError(name, f"column {index} of the header row has no name", line=line)
        if column in seen:
            raise InputFileError(
                name, f"column {column!r} appears twice in the header row", line=line
            )
        seen.add(column)
    return offset, tuple(names[offset:])


def _header_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _clean(value: Any) -> CellValue:
    """Strip strings (empty becomes None); keep other supported types."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float | datetime.date):
        return value
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    return str(value).strip() or None


# ---------------------------------------------------------------- CSV


def _csv_records(
    data: bytes, name: str, suffix: str, encoding: str | None
) -> Iterator[tuple[int, Sequence[CellValue]]]:
    text = decode_text(data, name, encoding)
    delimiter = _sniff_delimiter(text, "\t" if suffix == ".tsv" else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 0
    try:
        for line, cells in enumerate(reader, start=1):
            yield line, [restore(cell) for cell in cells]  # undo a CSV export's quote
    except csv.Error as exc:
        raise InputFileError(
            name, f"the row cannot be read as CSV ({exc}); check its quotes", line=line + 1
        ) from None


def _sniff_delimiter(text: str, default: str) -> str:
    """The delimiter among comma, semicolon and tab that splits the first
    records most consistently into the most columns; ``default`` on a tie."""
    best, best_score = default, (-1, -1, -1)
    for delimiter in sorted(_DELIMITERS, key=lambda d: d != default):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            records = [
                record
                for record in islice(reader, _SNIFF_RECORDS)
                if any(cell.strip(_BLANK_IN_SNIFF) for cell in record)
            ]
        except csv.Error:
            continue
        if not records:
            continue
        width = len(records[0])
        consistent = sum(1 for record in records if len(record) == width)
        score = (int(width > 1), consistent, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# ---------------------------------------------------------------- XLSX


def _xlsx_records(
    data: bytes, name: str, sheet: str | None
) -> list[tuple[int, Sequence[CellValue]]]:
    """All rows of the chosen sheet as (row number, typed cells)."""
    _check_xlsx_archive(data, name)
    # Imported lazily: only XLSX files need openpyxl.
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it ignores
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                worksheet = _pick_sheet(workbook, name, sheet)
                return list(_sheet_records(worksheet))
            finally:
                workbook.close()
    except InputFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise InputFileError(
            name, f"this is not a valid Excel workbook, or it is damaged ({_reason(exc)})"
        ) from None


def _check_xlsx_archive(data: bytes, name: str) -> None:
    """Refuse non-zip data and zip bombs before openpyxl opens the workbook: every
    member is inflated once under the archive limits (counting the bytes actually
    inflated, see :mod:`qualframe.formats.archives`), so openpyxl, which stops at
    the sizes the directory declares, never inflates more than was counted."""
    if not data:
        raise InputFileError(name, "the file is empty (0 bytes)")
    if data.startswith(_OLE_SIGNATURE):
        raise InputFileError(
            name,
            "this is not a valid Excel workbook: it is in the old Excel 97-2003 (.xls) "
            "format or encrypted with a password; save it as an unprotected .xlsx",
        )
    archive = GuardedArchive.open(
        data,
        name,
        what="the workbook",
        kind=".xlsx",
        invalid="this is not a valid Excel workbook ({})",
    )
    archive.inflate_all()


def _pick_sheet(workbook: Any, name: str, sheet: str | None) -> Any:
    names: list[str] = list(workbook.sheetnames)
    if not names:
        raise InputFileError(name, "the workbook has no sheets")
    if sheet is None:
        return workbook[names[0]]
    if sheet in names:
        return workbook[sheet]
    folded = [n for n in names if n.casefold() == sheet.strip().casefold()]
    if len(folded) == 1:
        return workbook[folded[0]]
    listing = ", ".join(repr(n) for n in names)
    raise InputFileError(
        name, f"the workbook has no sheet named {sheet!r}; its sheets are: {listing}"
    )


def _sheet_records(worksheet: Any) -> Iterator[tuple[int, Sequence[CellValue]]]:
    """Non-empty rows with their Excel row numbers; date-only cells become dates."""
    from openpyxl.styles.numbers import is_datetime

    for row in worksheet.iter_rows():
        line = next((cell.row for cell in row if getattr(cell, "row", None)), None)
        if line is None:
            continue  # a padding row of a read-only sheet: empty
        values: list[CellValue] = []
        for cell in row:
            value = cell.value
            if isinstance(value, datetime.datetime) and value.time() == datetime.time():
                if is_datetime(getattr(cell, "number_format", None) or "General") == "date":
                    value = value.date()
            elif isinstance(value, str):
                value = normalise_text(value)
            values.append(value)
        yield line, values


def _reason(exc: BaseException) -> str:
    lines = str(exc).strip().strip("'\"").splitlines()
    return lines[0] if lines else "it cannot be opened"


# ---------------------------------------------------------------- writing


def write_table(columns: Sequence[str], rows: Iterable[Sequence[CellValue]], path: Path) -> None:
    """Write a table to ``path``: ``.csv`` (UTF-8 with BOM, comma separated,
    so Excel shows accents correctly) or ``.xlsx`` (bold frozen header,
    fitted column widths, wrapped text). The file is replaced atomically.

    CSV cells: ``None`` is empty, booleans ``TRUE``/``FALSE``, dates ISO 8601;
    text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``...)
    gets a leading ``'`` (:mod:`~qualframe.formats.csv_safety`; reading undoes it).
    XLSX cells keep their type; text starting with ``=`` stays text (never a
    formula) and control characters Excel forbids are removed.

    Raises :class:`ValidationError` when the suffix is neither ``.csv`` nor
    ``.xlsx``, a row has more cells than ``columns``, or an XLSX text cell
    exceeds Excel's 32,767 characters; ``OSError`` when the file cannot be
    written.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError(f"{path}: a table can be written as .csv or .xlsx, not {suffix!r}")
    width = len(columns)
    checked = (_checked_row(path, width, number, row) for number, row in enumerate(rows, 2))
    if suffix == ".csv":
        write_atomically(path, lambda stream: _write_csv(columns, checked, stream))
    else:
        write_atomically(path, lambda stream: _write_xlsx(path, columns, checked, stream))


def _checked_row(path: Path, width: int, number: int, row: Sequence[CellValue]) -> list[CellValue]:
    if len(row) > width:
        raise ValidationError(
            f"{path}: row {number} has {len(row)} cells but there are only {width} columns"
        )
    return list(row) + [None] * (width - len(row))


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Call ``write`` on a new file beside ``path``, then rename it to ``path``,
    so ``path`` is never left half-written. Raises ``OSError``.

    The temporary file is created with ``open(..., "xb")`` rather than
    ``tempfile`` so that it gets the user's normal permissions (umask).
    """
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "xb") as stream:
            write(stream)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_csv(columns: Sequence[str], rows: Iterable[list[CellValue]], stream: Any) -> None:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([neutralise(column) for column in columns])
    writer.writerows([_csv_text(value) for value in row] for row in rows)
    text.flush()
    text.detach()


def _csv_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)  # a formula never runs when the file is opened
    return str(value)


def _write_xlsx(
    path: Path, columns: Sequence[str], rows: Iterable[list[CellValue]], stream: Any
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Sheet1"
    widths = [len(column) for column in columns]
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=col, value=_xlsx_value(column))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cell.alignment = wrap
    for row_number, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=row_number, column=col, value=_xlsx_value(value))
            if isinstance(value, str):
                if len(value) > MAX_XLSX_CELL_CHARS:
                    raise ValidationError(
                        f"{path}: row {row_number}, column {columns[col - 1]!r} holds "
                        f"{len(value)} characters; Excel cells hold at most "
                        f"{MAX_XLSX_CELL_CHARS:,}. Export as .csv instead"
                    )
                cell.data_type = "s"  # never a formula, even when it starts with "="
            cell.alignment = wrap
            widths[col - 1] = max(widths[col - 1], display_width(value))
    fit_widths(sheet, widths)
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
    workbook.save(stream)


def _xlsx_value(value: CellValue) -> CellValue:
    if isinstance(value, str):
        return xlsx_text(value)
    return value


def xlsx_text(text: str) -> str:
    """``text`` without the control characters Excel refuses in a cell
    (tab, line feed and carriage return are kept)."""
    return _ILLEGAL_XLSX_CHARS.sub("", text)


def display_width(value: CellValue) -> int:
    """How many characters wide ``value`` shows in a cell: its longest line, or
    the width of a written date (10) or date and time (19)."""
    if isinstance(value, datetime.datetime):
        return 19
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in str(value).split("\n")), default=0)


def set_widths(sheet: Any, widths: Iterable[float]) -> None:
    """Set the widths (in characters) of the first columns of openpyxl ``sheet``."""
    from openpyxl.utils import get_column_letter

    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def fit_widths(sheet: Any, widest: Iterable[float]) -> None:
    """Size the first columns of openpyxl ``sheet`` to their widest values
    (characters, see :func:`display_width`) plus a margin of two, each kept
    between 8 and 60 characters."""
    set_widths(sheet, [min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH) for width in widest])


__all__ = [
    "CSV_SUFFIXES",
    "MAX_XLSX_CELL_CHARS",
    "XLSX_SUFFIXES",
    "CellValue",
    "Table",
    "TableRow",
    "display_width",
    "fit_widths",
    "read_table",
    "read_table_bytes",
    "set_widths",
    "write_atomically",
    "write_table",
    "xlsx_text",
]
