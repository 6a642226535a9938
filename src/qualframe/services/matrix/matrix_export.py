"""Exporting framework matrices: Excel (NatCen layout), CSV and an HTML report.

The format follows the file's suffix:

- ``.xlsx``: one sheet per theme of the spec (its sub-codes as columns) and
  one for the codes named directly; rows grouped as in the matrix, with an
  aggregate row per group; cells hold the summaries with status markers;
  quotes, with where they come from, on a linked quotes sheet per matrix
  (a quote of only a passage of its coding shows that passage, and its
  place).
- ``.csv``: :meth:`Matrix.to_frame` — the summaries, or with ``counts`` the
  numbers of codings — one row per matrix row (UTF-8 with a BOM, for Excel;
  text a spreadsheet would run as a formula is neutralised, see
  :mod:`~qualframe.formats.csv_safety`).
- ``.html``: a self-contained report: per sheet, the matrix laid out as in
  the workbook (status markers and their key, group rows and group summary
  rows) and, per cell, its quotes.

Both the workbook and the report note the codings no cell holds because
nobody in the study speaks them (see
:mod:`~qualframe.services.matrix.unattributed`).

An export reads the project and writes only the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qualframe.errors import ValidationError
from qualframe.formats import framework_workbook as workbook
from qualframe.formats.csv_safety import csv_text
from qualframe.formats.html_report import ReportSection, write_report
from qualframe.formats.tables import write_atomically
from qualframe.services.codebook.tree import CodeTree
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.matrix.matrices import CellView, Matrix, MatrixColumn, build
from qualframe.services.matrix.spec import MatrixSpec, Specified

#: Suffixes :func:`export_matrix` writes.
SUFFIXES = (".xlsx", ".csv", ".html")


def export_matrix(
    uow: UnitOfWork, spec: MatrixSpec | Specified, path: str | Path, *, counts: bool = False
) -> Path:
    """Build the matrix ``spec`` describes (a :class:`MatrixSpec` or a built
    matrix, built again) and write it to ``path``; the format follows the
    suffix: .xlsx (one sheet per theme, a quotes sheet), .csv (summaries; with
    ``counts``, numbers of codings) or .html (a report with the quotes).

    Reads the project and writes only the file (replaced if it exists).
    Raises :class:`ValidationError` for an unsupported suffix (before
    reading anything) and what :func:`~qualframe.services.matrix.matrices.build`
    raises. Returns the path written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        given = suffix or "no suffix"
        raise ValidationError(
            f"{path}: matrices are exported as {', '.join(SUFFIXES)}, not {given!r}."
        )
    matrix = build(uow, spec)
    if suffix == ".csv":
        data = csv_text(matrix.to_frame("codings" if counts else "summary").reset_index())
        write_atomically(path, lambda stream: stream.write(data.encode("utf-8-sig")))
    elif suffix == ".xlsx":
        notes = _definitions(uow, matrix)
        workbook.write_workbook(
            path,
            [_sheet(matrix, title, indices, notes) for title, indices in sheets_of(matrix)],
            title="Framework matrix",
            notes=[*_spec_notes(matrix.spec), *_left_out(matrix)],
        )
    else:
        notes = _definitions(uow, matrix)
        write_report(
            path,
            "Framework matrix",
            [_section(matrix, title, indices, notes) for title, indices in sheets_of(matrix)],
            subtitle="; ".join(_spec_notes(matrix.spec)),
            notes=_left_out(matrix),
        )
    return path


def sheets_of(matrix: Matrix) -> list[tuple[str, list[int]]]:
    """The matrix split by theme: ``(title, column indices)``, codes named directly first."""
    parts: dict[str | None, list[int]] = {}
    for index, column in enumerate(matrix.columns):
        parts.setdefault(column.theme, []).append(index)
    return [(theme or "Matrix", indices) for theme, indices in parts.items()]


def _spec_notes(spec: MatrixSpec) -> list[str]:
    notes = [f"Rows: {spec.rows}"]
    if spec.group_by:
        notes.append("Grouped by: " + ", ".join(spec.group_by))
    if spec.where:
        notes.append("Only: " + ", ".join(f"{k} = {v}" for k, v in spec.where.items()))
    if spec.include_subcodes:
        notes.append("Columns include the codings of their sub-codes")
    return notes


def _left_out(matrix: Matrix) -> list[str]:
    """The notice of the codings no cell holds (spoken by nobody), if any."""
    note = matrix.unattributed.note()
    return [note] if note else []


def _definitions(uow: UnitOfWork, matrix: Matrix) -> dict[int, str]:
    tree = CodeTree.load(uow)
    return {c.code_id: tree.by_id[c.code_id].definition for c in matrix.columns}


def _cell(view: CellView) -> workbook.WorkbookCell:
    return workbook.WorkbookCell(
        text=view.summary,
        quotes=tuple(q.text for q in view.quotes),
        status=view.status.value,
        quote_locations=tuple(q.reference for q in view.quotes),
    )


def _aggregate(view: CellView, size: int) -> workbook.WorkbookCell:
    counted = f"{view.participants} of {size} with codings ({view.codings} codings)"
    text = f"{view.summary}\n\n{counted}" if view.summary else counted
    return workbook.WorkbookCell(text=text, status=view.status.value if view.cell_id else None)


def _details(matrix: Matrix, index: int) -> str:
    """The row's case and attributes not already shown by its group."""
    row = matrix.rows[index]
    shown = set(matrix.spec.group_by)
    return ", ".join(value for name, value in row.attributes.items() if value and name not in shown)


def _sheet(
    matrix: Matrix, title: str, indices: Sequence[int], notes: dict[int, str]
) -> workbook.MatrixSheet:
    def row(i: int) -> workbook.MatrixRow:
        cells = tuple(_cell(matrix.cells[i][j]) for j in indices)
        return workbook.MatrixRow(matrix.rows[i].label, _details(matrix, i), cells)

    if matrix.groups:
        groups = tuple(
            workbook.RowGroup(
                group.label,
                tuple(row(i) for i in group.rows),
                tuple(_aggregate(group.aggregate[j], group.participants) for j in indices),
            )
            for group in matrix.groups
        )
    else:
        groups = (workbook.RowGroup(None, tuple(row(i) for i in range(len(matrix.rows)))),)
    columns: list[MatrixColumn] = [matrix.columns[j] for j in indices]
    return workbook.MatrixSheet(
        title=title,
        row_header=matrix.spec.rows.removesuffix("s").capitalize(),
        columns=tuple(c.name if c.theme else c.path for c in columns),
        groups=groups,
        column_notes=tuple(notes.get(c.code_id, "") for c in columns),
        column_header="Code",
    )


def _section(
    matrix: Matrix, title: str, indices: Sequence[int], notes: dict[int, str]
) -> ReportSection:
    """One theme's matrix for the HTML report: the same sheet the workbook
    writes (statuses, group rows, summary rows, quotes)."""
    grouping = ", ".join(matrix.spec.group_by)
    intro = f"{len(matrix.rows)} rows × {len(indices)} codes"
    return ReportSection(
        heading=title,
        intro=intro + (f", grouped by {grouping}" if grouping else ""),
        matrix=_sheet(matrix, title, indices, notes),
    )
