"""Reading and writing CSV and XLSX tables (qualframe.formats.tables)."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from qualframe.errors import InputFileError, ValidationError
from qualframe.formats.tables import CellValue, Table, read_table, read_table_bytes, write_table


def _xlsx_bytes(rows: list[list[object]], title: str = "Sheet1", extra: str | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if extra:
        workbook.create_sheet(extra)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _values(table: Table) -> list[dict[str, CellValue]]:
    return [row.values for row in table.rows]


# ---------------------------------------------------------------- CSV


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_detected(delimiter: str) -> None:
    text = delimiter.join(["id", "name", "note"]) + "\n"
    text += delimiter.join(["1", "Ann", "likes tea"]) + "\n"
    text += delimiter.join(["2", "Bob", ""]) + "\n"
    table = read_table_bytes(text.encode(), "people.csv")
    assert table.columns == ("id", "name", "note")
    assert _values(table) == [
        {"id": "1", "name": "Ann", "note": "likes tea"},
        {"id": "2", "name": "Bob", "note": None},
    ]


def test_semicolon_csv_with_decimal_commas_is_split_on_semicolons() -> None:
    text = "name;score;comment\nAnn;1,5;good\nBob;2,5;fine\n"
    table = read_table_bytes(text.encode(), "scores.csv")
    assert table.columns == ("name", "score", "comment")
    assert table.rows[0].values["score"] == "1,5"


def test_quoted_cells_keep_delimiters_and_line_breaks() -> None:
    text = 'id,quote\n1,"Well, I said\r\n""no"""\n2,plain\n'
    table = read_table_bytes(text.encode(), "quotes.csv")
    assert table.rows[0].values["quote"] == 'Well, I said\n"no"'
    assert [row.line for row in table.rows] == [2, 3]


def test_cells_are_stripped_and_empty_cells_are_none() -> None:
    table = read_table_bytes(b" a , b \n  x  ,   \n", "t.csv")
    assert table.columns == ("a", "b")
    assert _values(table) == [{"a": "x", "b": None}]


def test_short_rows_are_padded_with_none() -> None:
    table = read_table_bytes(b"a,b,c\n1\n", "t.csv")
    assert _values(table) == [{"a": "1", "b": None, "c": None}]


def test_empty_rows_are_skipped_but_row_numbers_stay_as_in_excel() -> None:
    table = read_table_bytes(b"\na,b\n\n1,2\n,,\n3,4\n", "t.csv")
    assert [row.line for row in table.rows] == [4, 6]
    assert _values(table)[1] == {"a": "3", "b": "4"}


def test_trailing_blank_header_cells_are_ignored() -> None:
    table = read_table_bytes(b"a,b,,\n1,2,,\n", "t.csv")
    assert table.columns == ("a", "b")


def test_utf8_bom_csv_from_excel_is_read_without_the_bom() -> None:
    data = "\ufeffname,town\nZoë,Málaga\n".encode()
    table = read_table_bytes(data, "excel.csv")
    assert table.columns == ("name", "town")
    assert _values(table) == [{"name": "Zoë", "town": "Málaga"}]


def test_cp1252_csv_is_decoded() -> None:
    quote = "\u201cit\u2019s fine\u201d"
    data = f"name,quote\nRené,{quote}\n".encode("cp1252")
    table = read_table_bytes(data, "legacy.csv")
    assert _values(table) == [{"name": "René", "quote": quote}]


def test_named_encoding_is_used() -> None:
    data = "name\nŁukasz\n".encode("cp1250")
    table = read_table_bytes(data, "pl.csv", encoding="cp1250")
    assert _values(table) == [{"name": "Łukasz"}]


def test_real_cp1252_dataset_reads_all_rows(shared_dir: Path) -> None:
    path = shared_dir / "datasets" / "games-as-art-coded" / "bopp_test.csv"
    table = read_table(path)
    assert len(table.rows) == 174
    assert table.columns[:2] == ("experience", "why_art")
    assert table.source == str(path)


def test_tsv_suffix_reads_tab_separated() -> None:
    table = read_table_bytes(b"a\tb\n1\t2\n", "t.tsv")
    assert _values(table) == [{"a": "1", "b": "2"}]


def test_empty_csv_is_rejected_naming_the_file() -> None:
    with pytest.raises(InputFileError) as error:
        read_table_bytes(b"", "empty.csv")
    assert "empty.csv" in str(error.value)
    assert "empty" in error.value.problem


def test_csv_of_only_separators_has_no_header_row() -> None:
    with pytest.raises(InputFileError) as error:
        read_table_bytes(b",,\n,,\n", "blank.csv")
    assert str(error.value).startswith("blank.csv: ")
    assert "no header row" in error.value.problem


def test_duplicate_column_names_are_rejected_naming_the_column() -> None:
    with pytest.raises(InputFileError) as error:
        read_table_bytes(b"Age,Name,Age\n1,a,2\n", "dup.csv")
    assert "dup.csv" in str(error.value)
    assert "'Age' appears twice" in error.value.problem
    assert error.value.line == 1


def test_blank_column_name_between_named_columns_is_rejected() -> None:
    with pytest.raises(InputFileError) as error:
        read_table_bytes(b"a,,c\n1,2,3\n", "gap.csv")
    assert "gap.csv, line 1" in str(error.value)
    assert "column 2" in error.value.problem
    assert "no name" in error.value.problem


def test_row_with_more_cells_than_the_header_is_rejected_with_its_line() -> None:
    with pytest.raises(InputFileError) as error:
        read_table_bytes(b"a,b\n1,2\n3,4,5\n", "wide.csv")
    assert str(error.value).startswith("wide.csv, line 3: ")
    assert "column 3" in error.value.problem
    assert "2 columns" in error.value.problem


def test_unterminated_quote_is_reported_with_a_line() -> None:
    with pytest.raises(InputFileError) as error:
        read_table_bytes(b'a,b\n1,"never closed\n2,3\n', "quote.csv")
    assert "quote.csv, line" in str(error.value)
    assert "quotes" in error.value.problem


def test_unsupported_suffix_is_rejected() -> None:
    with pytest.raises(InputFileError) as error:
        read_table_bytes(b"a,b", "table.ods")
    assert "table.ods" in str(error.value)
    assert ".xlsx" in error.value.problem


def test_old_xls_format_is_rejected_with_advice() -> None:
    with pytest.raises(InputFileError) as error:
        read_table_bytes(b"\xd0\xcf\x11\xe0", "old.xls")
    assert "old.xls" in str(error.value)
    assert "save it as .xlsx" in error.value.problem


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as error:
        read_table(tmp_path / "nowhere.csv")
    assert "nowhere.csv" in str(error.value)
    assert "does not exist" in error.value.problem


# ---------------------------------------------------------------- XLSX


def test_xlsx_keeps_typed_values() -> None:
    data = _xlsx_bytes(
        [
            ["name", "age", "score", "consented", "interviewed", "started"],
            [
                "  Ann  ",
                34,
                2.5,
                True,
                datetime.date(2024, 3, 1),
                datetime.datetime(2024, 3, 1, 9, 30),
            ],
            ["Bob", None, 0.0, False, None, None],
        ]
    )
    table = read_table_bytes(data, "study.xlsx")
    first, second = _values(table)
    assert first == {
        "name": "Ann",
        "age": 34,
        "score": 2.5,
        "consented": True,
        "interviewed": datetime.date(2024, 3, 1),
        "started": datetime.datetime(2024, 3, 1, 9, 30),
    }
    assert type(first["interviewed"]) is datetime.date
    assert second["consented"] is False
    assert second["age"] is None
    assert [row.line for row in table.rows] == [2, 3]


def test_xlsx_row_numbers_match_excel_when_rows_are_empty() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    sheet["B3"] = "code"
    sheet["B6"] = "Trust"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table_bytes(buffer.getvalue(), "sparse.xlsx")
    assert table.columns == ("code",)
    assert [row.line for row in table.rows] == [6]
    assert _values(table) == [{"code": "Trust"}]


def test_value_left_of_a_header_starting_in_column_b_is_rejected() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    sheet["B1"] = "code"
    sheet["A2"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(InputFileError) as error:
        read_table_bytes(buffer.getvalue(), "offset.xlsx")
    assert "offset.xlsx, line 2" in str(error.value)
    assert "column 1, which has no name" in error.value.problem


def test_xlsx_named_sheet_is_read() -> None:
    workbook = openpyxl.Workbook()
    workbook.worksheets[0].append(["first"])
    second = workbook.create_sheet("Codes")
    second.append(["code"])
    second.append(["Trust"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table_bytes(buffer.getvalue(), "book.xlsx", sheet="codes")
    assert _values(table) == [{"code": "Trust"}]


def test_missing_sheet_is_rejected_listing_the_sheets() -> None:
    data = _xlsx_bytes([["a"], [1]], title="Participants", extra="Cases")
    with pytest.raises(InputFileError) as error:
        read_table_bytes(data, "book.xlsx", sheet="Codes")
    assert "book.xlsx" in str(error.value)
    assert "no sheet named 'Codes'" in error.value.problem
    assert "'Participants', 'Cases'" in error.value.problem


def test_corrupt_xlsx_is_rejected_as_not_a_workbook() -> None:
    with pytest.raises(InputFileError) as error:
        read_table_bytes(b"this is not a zip file at all", "broken.xlsx")
    assert "broken.xlsx" in str(error.value)
    assert "not a valid Excel workbook" in error.value.problem


def test_zip_without_workbook_parts_is_rejected_as_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(InputFileError) as error:
        read_table_bytes(buffer.getvalue(), "fake.xlsx")
    assert "fake.xlsx" in str(error.value)
    assert "not a valid Excel workbook" in error.value.problem


def test_truncated_xlsx_is_rejected_as_not_a_workbook() -> None:
    data = _xlsx_bytes([["a"], [1]])
    with pytest.raises(InputFileError) as error:
        read_table_bytes(data[: len(data) // 2], "cut.xlsx")
    assert "cut.xlsx" in str(error.value)
    assert "not a valid Excel workbook" in error.value.problem


def test_empty_xlsx_file_is_rejected() -> None:
    with pytest.raises(InputFileError) as error:
        read_table_bytes(b"", "none.xlsx")
    assert "none.xlsx" in str(error.value)
    assert "empty" in error.value.problem


def test_workbook_with_only_empty_rows_has_no_header_row() -> None:
    data = _xlsx_bytes([])
    with pytest.raises(InputFileError) as error:
        read_table_bytes(data, "blank.xlsx")
    assert "blank.xlsx" in str(error.value)
    assert "no header row" in error.value.problem


def test_xlsx_over_the_unpacked_size_limit_is_refused_before_opening(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _xlsx_bytes([["a"], ["x" * 5000]])
    monkeypatch.setenv("QUALFRAME_LIMIT_UNPACKED_BYTES", "1000")
    with pytest.raises(InputFileError) as error:
        read_table_bytes(data, "big.xlsx")
    assert "big.xlsx" in str(error.value)
    assert "says it unpacks to" in error.value.problem
    assert "QUALFRAME_LIMIT_UNPACKED_BYTES" in error.value.problem


def test_highly_compressed_xlsx_member_is_refused_as_a_zip_bomb(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 2_000_000)
    with pytest.raises(InputFileError) as error:
        read_table_bytes(buffer.getvalue(), "bomb.xlsx")
    assert "bomb.xlsx" in str(error.value)
    assert "zip bomb" in error.value.problem
    assert "xl/worksheets/sheet1.xml" in error.value.problem


# ---------------------------------------------------------------- writing


def test_csv_is_written_as_utf8_with_bom_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_table(
        ["name", "n", "when", "ok", "note"],
        [["Zoë, the first", 3, datetime.date(2024, 1, 2), True, None], ["Bob\nSmith", 1.5]],
        path,
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbfname,n,when,ok,note")
    assert _values(read_table(path)) == [
        {"name": "Zoë, the first", "n": "3", "when": "2024-01-02", "ok": "TRUE", "note": None},
        {"name": "Bob\nSmith", "n": "1.5", "when": None, "ok": None, "note": None},
    ]


def test_xlsx_is_written_with_types_bold_frozen_header_and_widths(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    long_text = "word " * 40
    write_table(
        ["name", "when", "formula-like", "text"],
        [["Ann", datetime.date(2024, 1, 2), "=1+1", long_text], ["Bob", None, 7, "x"]],
        path,
    )
    assert _values(read_table(path)) == [
        {
            "name": "Ann",
            "when": datetime.date(2024, 1, 2),
            "formula-like": "=1+1",
            "text": long_text.strip(),
        },
        {"name": "Bob", "when": None, "formula-like": 7, "text": "x"},
    ]
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet["D2"].alignment.wrap_text
    assert sheet.column_dimensions["A"].width == 8
    assert sheet.column_dimensions["D"].width == 60


def test_writing_replaces_an_existing_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("old")
    write_table(["a"], [["new"]], path)
    assert _values(read_table(path)) == [{"a": "new"}]
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_writing_an_unsupported_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as error:
        write_table(["a"], [], tmp_path / "out.ods")
    assert "out.ods" in str(error.value)


def test_writing_a_row_longer_than_the_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as error:
        write_table(["a"], [["1", "2"]], tmp_path / "out.xlsx")
    assert "row 2" in str(error.value)
    assert not list(tmp_path.iterdir())


def test_xlsx_cell_longer_than_excel_allows_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as error:
        write_table(["quote"], [["x" * 40_000]], tmp_path / "out.xlsx")
    assert "32,767" in str(error.value)
    assert not list(tmp_path.iterdir())
