"""Writing framework matrices and tables as a workbook (qualframe.formats.framework_workbook)."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from qualframe.errors import ValidationError
from qualframe.formats.framework_workbook import (
    TRUNCATION_MARKER,
    MatrixRow,
    MatrixSheet,
    RowGroup,
    TableSheet,
    WorkbookCell,
    write_workbook,
)
from qualframe.formats.tables import MAX_XLSX_CELL_CHARS

CODES = ("Role clarity", "Lived experience", "Supervision")


def _matrix(**changes: object) -> MatrixSheet:
    """A small participant matrix: two employer groups, one with a summary row."""
    nhs = RowGroup(
        "Employer: NHS",
        (
            MatrixRow(
                "P01",
                "Case A; peer worker",
                (
                    WorkbookCell(
                        "Unclear job description",
                        quotes=("I never knew what I was for", "Nobody told me"),
                        status="done",
                        quote_locations=("P01 interview, 120–180", "P01 interview, 400–430"),
                    ),
                    WorkbookCell("Uses own story", status="draft"),
                    WorkbookCell(status="not_asked"),
                ),
            ),
            MatrixRow(
                "P02",
                "Case A; manager",
                (WorkbookCell(), WorkbookCell(status="no_data"), WorkbookCell("Monthly")),
            ),
        ),
        aggregate=(WorkbookCell("Role unclear for both"), WorkbookCell(), WorkbookCell()),
    )
    voluntary = RowGroup(
        "Employer: voluntary sector",
        (
            MatrixRow(
                "P03", "Case B; peer worker", (WorkbookCell("Clear role", quotes=("Clear",)),)
            ),
        ),
    )
    values: dict[str, object] = {
        "title": "Peer support",
        "row_header": "Participant",
        "columns": CODES,
        "groups": (nhs, voluntary),
        "column_header": "Code",
    }
    values.update(changes)
    return MatrixSheet(**values)  # type: ignore[arg-type]


def _write(tmp_path: Path, sheets: list[MatrixSheet | TableSheet], **kwargs: object) -> Path:
    path = tmp_path / "export.xlsx"
    write_workbook(path, sheets, **kwargs)  # type: ignore[arg-type]
    return path


def _rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# ---------------------------------------------------------------- matrix layout


def test_matrix_sheet_has_title_header_and_group_rows(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(_write(tmp_path, [_matrix()]))
    sheet = workbook["Peer support"]
    rows = _rows(sheet)
    assert rows[0][0] == "Peer support"
    assert rows[1] == ["Participant", "Details", *CODES]
    assert [row[0] for row in rows[2:9]] == [
        "Employer: NHS",
        "P01",
        "P02",
        "Group summary",
        "Employer: voluntary sector",
        "P03",
        None,
    ]
    assert rows[3][1] == "Case A; peer worker"
    assert rows[5][1] == "Employer: NHS"  # the summary row names its group


def test_group_header_rows_are_bold_shaded_and_merged_across(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_write(tmp_path, [_matrix()]))["Peer support"]
    assert "A3:E3" in {str(merged) for merged in sheet.merged_cells.ranges}
    header = sheet["A3"]
    assert header.font.bold
    assert header.fill.fgColor.rgb.endswith("D9E1F2")


def test_summary_row_is_italic(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_write(tmp_path, [_matrix()]))["Peer support"]
    assert sheet["A6"].font.italic
    assert sheet["C6"].value == "Role unclear for both"
    assert sheet["C6"].font.italic


def test_cells_show_summaries_status_markers_and_quote_counts(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_write(tmp_path, [_matrix()]))["Peer support"]
    assert sheet["C4"].value == (
        "Unclear job description\n(2 quotes: rows 3–4 of 'Peer support quotes')"
    )
    assert sheet["D4"].value == "[draft] Uses own story"
    assert sheet["E4"].value == "[not asked]"
    assert sheet["C5"].value is None
    assert sheet["D5"].value == "[no data]"
    assert sheet["E5"].value == "Monthly"
    assert sheet["C8"].value == "Clear role\n(1 quote: row 5 of 'Peer support quotes')"


def test_status_fill_comes_with_its_marker_and_a_key(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_write(tmp_path, [_matrix()]))["Peer support"]
    assert sheet["D4"].fill.fgColor.rgb.endswith("FFF2CC")
    assert sheet["C4"].fill.fill_type is None  # done: no marker, no fill
    texts = [str(cell.value) for cell in sheet["A"] if cell.value]
    key = texts[texts.index("Key") + 1 :]
    assert any(line.startswith("[draft] summary still being written") for line in key)
    assert any(line.startswith("[no data]") for line in key)
    assert any(line.startswith("[not asked]") for line in key)


def test_cells_name_their_quote_rows_and_quotes_link_back(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(_write(tmp_path, [_matrix()]))
    assert workbook.sheetnames == ["Peer support", "Peer support quotes"]
    matrix, quotes = workbook["Peer support"], workbook["Peer support quotes"]
    # No hyperlink on summary cells: LibreOffice would not wrap their text.
    assert matrix["C4"].hyperlink is None
    assert matrix["C4"].value.endswith("(2 quotes: rows 3–4 of 'Peer support quotes')")
    assert "row 5 of 'Peer support quotes'" in matrix["C8"].value
    rows = _rows(quotes)
    assert rows[1] == ["Group", "Participant", "Code", "Quote", "Location"]
    assert rows[2] == [
        "Employer: NHS",
        "P01",
        "Role clarity",
        "I never knew what I was for",
        "P01 interview, 120–180",
    ]
    assert rows[4] == ["Employer: voluntary sector", "P03", "Role clarity", "Clear", None]
    assert quotes["B3"].hyperlink.location == "'Peer support'!C4"
    assert quotes.freeze_panes == "A3"


def test_without_quotes_sheet_cells_have_no_links_or_counts(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(_write(tmp_path, [_matrix(quotes_sheet=False)]))
    assert workbook.sheetnames == ["Peer support"]
    assert workbook["Peer support"]["C4"].value == "Unclear job description"
    assert workbook["Peer support"]["C4"].hyperlink is None


def test_panes_freeze_below_header_and_right_of_labels(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_write(tmp_path, [_matrix()]))["Peer support"]
    assert sheet.freeze_panes == "C3"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.print_title_cols == "$A:$B"
    assert sheet.page_setup.orientation == "landscape"


def test_without_details_the_cells_start_in_column_b(tmp_path: Path) -> None:
    group = RowGroup(None, (MatrixRow("Case A", cells=(WorkbookCell("x"),)),))
    matrix = MatrixSheet("Cases", "Case", ("Code",), (group,))
    sheet = openpyxl.load_workbook(_write(tmp_path, [matrix]))["Cases"]
    assert _rows(sheet)[1:3] == [["Case", "Code"], ["Case A", "x"]]
    assert sheet.freeze_panes == "B3"


def test_column_notes_form_a_second_header_line(tmp_path: Path) -> None:
    notes = ("How clear the role is", "", "Who supervises")
    sheet = openpyxl.load_workbook(_write(tmp_path, [_matrix(column_notes=notes)]))["Peer support"]
    assert _rows(sheet)[2] == [None, None, "How clear the role is", None, "Who supervises"]
    assert sheet["C3"].font.italic
    assert sheet.freeze_panes == "C4"
    assert sheet["A4"].value == "Employer: NHS"


def test_column_widths_suit_labels_and_summaries(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_write(tmp_path, [_matrix()]))["Peer support"]
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDE"}
    assert widths["A"] == pytest.approx(24)
    assert all(40 <= widths[letter] <= 60 for letter in "CDE")
    assert sheet["C4"].alignment.wrap_text
    assert sheet["C4"].alignment.vertical == "top"


# ---------------------------------------------------------------- safe text


def test_formula_like_text_is_written_as_text(tmp_path: Path) -> None:
    group = RowGroup(None, (MatrixRow("=HYPERLINK(1)", cells=(WorkbookCell("=SUM(A1:A9)"),)),))
    matrix = MatrixSheet("M", "Participant", ("=Code",), (group,))
    sheet = openpyxl.load_workbook(_write(tmp_path, [matrix]))["M"]
    for coordinate, text in (("A3", "=HYPERLINK(1)"), ("B3", "=SUM(A1:A9)"), ("B2", "=Code")):
        assert sheet[coordinate].value == text
        assert sheet[coordinate].data_type == "s"


def test_characters_excel_forbids_are_removed(tmp_path: Path) -> None:
    group = RowGroup("Group\x01", (MatrixRow("P\x0001", cells=(WorkbookCell("a\x0bb\nc\x1f"),)),))
    matrix = MatrixSheet("M", "Participant", ("Code\x07",), (group,))
    sheet = openpyxl.load_workbook(_write(tmp_path, [matrix]))["M"]
    assert [sheet["A3"].value, sheet["A4"].value, sheet["B4"].value, sheet["B2"].value] == [
        "Group",
        "P01",
        "ab\nc",
        "Code",
    ]


def test_text_longer_than_a_cell_is_truncated_visibly(tmp_path: Path) -> None:
    long_text = "word " * 10_000
    group = RowGroup(
        None, (MatrixRow("P01", cells=(WorkbookCell(long_text, quotes=(long_text,)),)),)
    )
    matrix = MatrixSheet("M", "Participant", ("Code",), (group,))
    workbook = openpyxl.load_workbook(_write(tmp_path, [matrix]))
    for value in (workbook["M"]["B3"].value, workbook["M quotes"]["C3"].value):
        assert len(value) == MAX_XLSX_CELL_CHARS
        assert value.endswith(TRUNCATION_MARKER)


# ---------------------------------------------------------------- sheet names


def test_sheet_names_are_valid_unique_and_short(tmp_path: Path) -> None:
    title = "Peer support: [employer]/setting? * a very long matrix title"
    sheets = [_matrix(title=title), _matrix(title=title), _matrix(title="History")]
    names = openpyxl.load_workbook(_write(tmp_path, sheets)).sheetnames
    assert names == [
        "Peer support employersetting a",
        "Peer support employerset quotes",
        "Peer support employersettin (2)",
        "Peer support employe quotes (2)",
        "History (2)",  # Excel reserves "History"
        "History quotes",
    ]
    assert all(len(name) <= 31 for name in names)


def test_links_work_with_apostrophes_in_sheet_names(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(_write(tmp_path, [_matrix(title="Workers' views")]))
    assert workbook.sheetnames == ["Workers' views", "Workers' views quotes"]
    link = workbook["Workers' views quotes"]["B3"].hyperlink.location
    assert link == "'Workers'' views'!C4"


# ---------------------------------------------------------------- tables and about sheet


def test_table_sheet_has_bold_frozen_header_and_notes(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "group": ["NHS", "Voluntary", "=cmd"],
            "n": [3, 4, 0],
            "share": [0.5, float("nan"), 0.25],
            "when": [pd.Timestamp("2024-05-01", tz="UTC"), pd.NaT, pd.Timestamp("2024-06-01")],
        }
    )
    table = TableSheet("Counts", frame, notes=("Counts are participants.",))
    sheet = openpyxl.load_workbook(_write(tmp_path, [table]))["Counts"]
    rows = _rows(sheet)
    assert rows[0] == ["group", "n", "share", "when"]
    assert rows[1] == ["NHS", 3, 0.5, datetime.datetime(2024, 5, 1)]
    assert rows[2][:3] == ["Voluntary", 4, None]
    assert sheet["A4"].data_type == "s"
    assert rows[5][0] == "Counts are participants."
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"


def test_table_index_is_written_as_columns(tmp_path: Path) -> None:
    frame = pd.DataFrame({"n": [1, 2]}, index=pd.Index(["a", "b"], name="code"))
    sheet = openpyxl.load_workbook(_write(tmp_path, [TableSheet("T", frame)]))["T"]
    assert _rows(sheet) == [["code", "n"], ["a", 1], ["b", 2]]


def test_about_sheet_comes_first_and_links_to_every_sheet(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [_matrix(), TableSheet("Counts", pd.DataFrame({"n": [1]}))],
        title="Peer worker study",
        notes=("Exported for the team meeting.",),
        generated_on=datetime.date(2025, 3, 1),
    )
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["About", "Peer support", "Peer support quotes", "Counts"]
    about = workbook["About"]
    texts = [row[0] for row in _rows(about) if row[0]]
    assert texts[:4] == [
        "Peer worker study",
        "Generated on 2025-03-01 with qualframe",
        "Exported for the team meeting.",
        "Contents",
    ]
    links = [cell.hyperlink.location for cell in about["A"] if cell.hyperlink]
    assert links == ["'Peer support'!A1", "'Peer support quotes'!A1", "'Counts'!A1"]


def test_an_empty_export_still_opens(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(_write(tmp_path, []))
    assert workbook.sheetnames == ["About"]


def test_workbook_reads_back_with_pandas(tmp_path: Path) -> None:
    path = _write(tmp_path, [_matrix(), TableSheet("Counts", pd.DataFrame({"n": [1, 2]}))])
    matrix = pd.read_excel(path, sheet_name="Peer support", header=1)
    assert list(matrix.columns) == ["Participant", "Details", *CODES]
    assert list(pd.read_excel(path, sheet_name="Counts")["n"]) == [1, 2]


# ---------------------------------------------------------------- errors


def test_a_row_wider_than_the_matrix_is_refused_and_nothing_written(tmp_path: Path) -> None:
    cells = tuple(WorkbookCell("x") for _ in range(len(CODES) + 1))
    matrix = _matrix(groups=(RowGroup(None, (MatrixRow("P09", cells=cells),)),))
    with pytest.raises(ValidationError, match="row 'P09' has 4 cells but there are only 3"):
        write_workbook(tmp_path / "export.xlsx", [matrix])
    assert list(tmp_path.iterdir()) == []


def test_only_xlsx_files_are_written(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"written as \.xlsx, not '\.xls'"):
        write_workbook(tmp_path / "export.xls", [_matrix()])
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_status_gets_a_generic_marker_and_shading(tmp_path: Path) -> None:
    group = RowGroup(None, (MatrixRow("P01", cells=(WorkbookCell("x", status="needs_review"),)),))
    sheet = openpyxl.load_workbook(_write(tmp_path, [MatrixSheet("M", "P", ("C",), (group,))]))["M"]
    assert sheet["B3"].value == "[needs review] x"
    assert sheet["B3"].fill.fill_type == "solid"
    assert "[needs review] needs review (shaded)" in [cell.value for cell in sheet["A"]]


def test_a_matrix_without_columns_still_writes_its_rows(tmp_path: Path) -> None:
    group = RowGroup("Group", (MatrixRow("P01"),))
    sheet = openpyxl.load_workbook(_write(tmp_path, [MatrixSheet("M", "P", (), (group,))]))["M"]
    assert _rows(sheet)[1:] == [["P"], ["Group"], ["P01"]]
    assert not sheet.merged_cells.ranges


def test_table_numpy_values_and_multiindex_columns_are_written_plainly(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {("count", "NHS"): pd.array([1, None], dtype="Int64"), ("share", "NHS"): [0.5, 1.0]}
    )
    frame[("flag", "")] = pd.Series([True, False], dtype="bool")
    sheet = openpyxl.load_workbook(_write(tmp_path, [TableSheet("T", frame)]))["T"]
    assert _rows(sheet) == [
        ["count / NHS", "share / NHS", "flag"],
        [1, 0.5, True],
        [None, 1, False],
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"column_notes": ("a", "b", "c", "d")}, "has 4 column notes but only 3 columns"),
        (
            {
                "groups": (
                    RowGroup(
                        None, (MatrixRow("P01", cells=(WorkbookCell(quote_locations=("x",)),)),)
                    ),
                )
            },
            "row 'P01' has a cell with more quote locations than quotes",
        ),
    ],
)
def test_inconsistent_matrices_are_refused(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        write_workbook(tmp_path / "export.xlsx", [_matrix(**changes)])
    assert list(tmp_path.iterdir()) == []


def test_rows_are_tall_enough_for_their_wrapped_summaries(tmp_path) -> None:
    import openpyxl

    from qualframe.formats.framework_workbook import (
        MatrixRow,
        MatrixSheet,
        RowGroup,
        WorkbookCell,
        write_workbook,
    )

    long = "A long summary of what the participant said about trust. " * 8
    sheet = MatrixSheet(
        title="Theme",
        row_header="Participant",
        columns=("Code",),
        groups=(
            RowGroup(
                label=None,
                rows=(
                    MatrixRow("P1", cells=(WorkbookCell(long),)),
                    MatrixRow("P2", cells=(WorkbookCell("short"),)),
                ),
            ),
        ),
    )
    path = tmp_path / "matrix.xlsx"
    write_workbook(path, [sheet])
    book = openpyxl.load_workbook(path)
    rows = book["Theme"].row_dimensions
    assert rows[3].height is not None and rows[3].height > 60
    assert rows[4].height is None
