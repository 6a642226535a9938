"""Every CSV export neutralises text a spreadsheet would run as a formula
(matrix, codebook, comparisons), keeps numbers as numbers, and the XLSX
exports hold such text as text, never as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import qualframe

CODE = '=HYPERLINK("http://evil.example","x")'
SUMMARY = "-2+3+cmd|' /C calc'!A0"
DEFINITION = "- includes hope\n- excludes despair"


@pytest.fixture
def hostile(project: qualframe.Project) -> qualframe.Project:
    """A study whose names and texts start like formulas: case ``@Site``,
    participant ``+P1`` (group ``=1+1``), a code :data:`CODE` with a
    definition starting with ``-``, a coding and a summary :data:`SUMMARY`."""
    study = project.study
    study.define_attribute("group", "participant", "categorical", ["=1+1", "plain"])
    study.add_case("@Site")
    study.add_participant("+P1", "@Site", values={"group": "=1+1"})
    study.add_participant("P2", "@Site", values={"group": "plain"})
    project.documents.import_bytes("interview.txt", b"-1 hope matters here, said P1.\n")
    project.documents.link_participants("interview.txt", ["+P1"])
    project.codebook.add(CODE, definition=DEFINITION)
    project.codebook.add("@Other")
    project.coding.apply("interview.txt", CODE, 0, 14)
    project.coding.apply("interview.txt", "@Other", 3, 14)
    project.matrix.write_summary("+P1", CODE, SUMMARY)
    return project


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))


def _cells(rows: list[list[str]]) -> set[str]:
    return {cell for row in rows for cell in row}


def _assert_no_formula(cells: set[str]) -> None:
    starts = [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    assert starts == []
    assert all(not c.startswith("-") or c.lstrip("-").replace(".", "").isdigit() for c in cells)


def test_the_matrix_csv_neutralises_summaries_names_and_column_codes(
    hostile: qualframe.Project, tmp_path: Path
) -> None:
    spec = hostile.matrix.spec(columns=[CODE], group_by="group")
    rows = _rows(hostile.matrix.export(spec, tmp_path / "matrix.csv"))
    cells = _cells(rows)
    assert "'" + CODE in rows[0]
    assert rows[1] == ["'=1+1", "'+P1", "'" + SUMMARY]
    _assert_no_formula(cells)


def test_the_matrix_csv_of_counts_keeps_numbers_as_numbers(
    hostile: qualframe.Project, tmp_path: Path
) -> None:
    spec = hostile.matrix.spec(columns=[CODE])
    rows = _rows(hostile.matrix.export(spec, tmp_path / "counts.csv", counts=True))
    column = rows[0].index("'" + CODE)
    assert [row[column] for row in rows[1:]] == ["1", "0"]


def test_the_codebook_csv_is_neutralised_and_imports_back_unchanged(
    hostile: qualframe.Project, tmp_path: Path
) -> None:
    path = tmp_path / "codebook.csv"
    hostile.codebook.export_file(path)
    cells = _cells(_rows(path))
    assert "'" + CODE in cells and "'" + DEFINITION in cells and "'@Other" in cells
    _assert_no_formula(cells)
    before = len(hostile.audit_log())
    report = hostile.codebook.import_file(path)
    assert not report.created and not report.updated  # the same codebook: nothing to do
    assert len(hostile.audit_log()) == before
    assert hostile.codebook.get(CODE).definition == DEFINITION


def test_the_comparison_csv_is_neutralised(hostile: qualframe.Project, tmp_path: Path) -> None:
    result = hostile.compare.code(CODE, by="group")
    rows = _rows(hostile.compare.export(result, tmp_path / "comparison.csv"))
    cells = _cells(rows)
    assert "'" + CODE in cells and "'=1+1" in cells
    _assert_no_formula(cells)


def test_the_xlsx_exports_hold_formula_text_as_text(
    hostile: qualframe.Project, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    spec = hostile.matrix.spec(columns=[CODE], group_by="group")
    comparison = hostile.compare.code(CODE, by="group")
    hostile.codebook.export_file(tmp_path / "codebook.xlsx")
    files = [
        hostile.matrix.export(spec, tmp_path / "matrix.xlsx"),
        hostile.compare.export(comparison, tmp_path / "comparison.xlsx"),
        tmp_path / "codebook.xlsx",
    ]
    for path in files:
        cells = [
            cell
            for sheet in load_workbook(path).worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], path.name
        assert any(str(c.value).startswith(CODE) for c in cells), path.name
