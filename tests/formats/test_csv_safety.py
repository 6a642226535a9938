"""Text a spreadsheet would run as a formula is neutralised in every CSV qualframe
writes (OWASP "CSV Injection"); numbers stay numbers; reading gives the text back."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from qualframe.formats.csv_safety import csv_text, neutralise, restore, safe_value
from qualframe.formats.tables import read_table, write_table

FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "- a definition written as a list",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_starting_like_a_formula_gets_a_leading_quote(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["-3", "+1.5", "-.5", "2e10", "-1.5E-3", "plain", "", "a=b", "'"])
def test_plain_numbers_and_ordinary_text_are_left_alone(text: str) -> None:
    assert neutralise(text) == text
    assert restore(text) == text


def test_a_quote_the_text_had_before_a_formula_is_kept_apart_from_the_added_one() -> None:
    assert neutralise("'=x") == "''=x"
    assert restore("''=x") == "'=x"
    assert restore("'=x") == "=x"
    assert restore("'hello") == "'hello"
    assert restore("'-3") == "'-3"


@given(st.text())
def test_restoring_a_neutralised_text_gives_the_text_back(text: str) -> None:
    assert restore(neutralise(text)) == text


@given(st.text())
def test_a_neutralised_text_never_starts_like_a_formula(text: str) -> None:
    safe = neutralise(text)
    if safe.startswith(("=", "+", "-", "@", "\t", "\r")):
        assert re.fullmatch(r"[+-][0-9.]+(?:[eE][+-]?[0-9]+)?", safe), safe  # a plain number


def test_only_text_cells_change_numbers_dates_and_missing_values_do_not() -> None:
    assert safe_value(-3) == -3
    assert safe_value(-2.5) == -2.5
    assert safe_value(None) is None
    assert safe_value(True) is True
    assert safe_value("=1") == "'=1"


def test_a_frame_keeps_its_number_columns_and_neutralises_its_text_and_column_names() -> None:
    frame = pd.DataFrame(
        {
            "=code": ["=1+1", "-note", "fine", None],
            "count": [-3, 4, 0, -1],
            "share": [-0.5, 1.0, float("nan"), 2.0],
            "mixed": ["@x", -7, "-7", 3.5],
        }
    )
    before = frame.copy()
    rows = list(csv.reader(io.StringIO(csv_text(frame))))
    assert rows[0] == ["'=code", "count", "share", "mixed"]
    assert rows[1] == ["'=1+1", "-3", "-0.5", "'@x"]
    assert rows[2] == ["'-note", "4", "1.0", "-7"]
    assert rows[3] == ["fine", "0", "", "-7"]
    assert rows[4] == ["", "-1", "2.0", "3.5"]
    pd.testing.assert_frame_equal(frame, before)  # the caller's frame is untouched


def test_a_written_csv_table_is_neutralised_and_reads_back_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    write_table(
        ["code", "definition", "n"],
        [["=cmd|' /C calc'!A0", "- first point\n- second", -3], ["@home", "'=x", 2]],
        path,
    )
    raw = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    assert raw[1] == ["'=cmd|' /C calc'!A0", "'- first point\n- second", "-3"]
    assert raw[2] == ["'@home", "''=x", "2"]
    table = read_table(path)
    assert [row.values for row in table.rows] == [
        {"code": "=cmd|' /C calc'!A0", "definition": "- first point\n- second", "n": "-3"},
        {"code": "@home", "definition": "'=x", "n": "2"},
    ]


def test_a_written_xlsx_table_holds_formula_text_as_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "codes.xlsx"
    write_table(["=code"], [["=1+1"], ["@SUM(A1)"], [-3]], path)
    sheet = load_workbook(path).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.value for cell in cells] == ["=code", "=1+1", "@SUM(A1)", -3]
    assert [cell.data_type for cell in cells] == ["s", "s", "s", "n"]
