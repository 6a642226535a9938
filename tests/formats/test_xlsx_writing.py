"""Building blocks of the workbooks qualframe writes (qualframe.formats.xlsx_writing)."""

from __future__ import annotations

import datetime
import math

import numpy as np
import pandas as pd
import pytest

from qualframe.formats.tables import MAX_XLSX_CELL_CHARS
from qualframe.formats.xlsx_writing import (
    TRUNCATION_MARKER,
    SheetNames,
    cell_text,
    column_name,
    excel_value,
    sheet_reference,
)


def test_sheet_names_drop_forbidden_characters_and_stay_short() -> None:
    names = SheetNames()
    assert names.claim("Role: [clarity] / who? *all*") == "Role clarity who all"
    assert names.claim("x" * 40) == "x" * 31
    assert names.claim("'quoted'") == "quoted"
    assert names.claim("") == "Sheet"


def test_sheet_names_are_unique_ignoring_case() -> None:
    names = SheetNames()
    assert [names.claim(n) for n in ("Matrix", "matrix", "MATRIX")] == [
        "Matrix",
        "matrix (2)",
        "MATRIX (3)",
    ]
    assert names.claim("History") == "History (2)"


def test_a_suffix_is_kept_when_the_name_is_shortened() -> None:
    names = SheetNames()
    assert (
        names.claim("A rather long title for a matrix", " quotes")
        == "A rather long title for quotes"
    )
    assert names.claim("A rather long title for a matrix", " quotes") == (
        "A rather long title quotes (2)"
    )


def test_cell_text_removes_control_characters_and_truncates_visibly() -> None:
    assert cell_text("a\x00b\tc\nd") == "ab\tc\nd"
    long = cell_text("x" * (MAX_XLSX_CELL_CHARS + 1))
    assert len(long) == MAX_XLSX_CELL_CHARS
    assert long.endswith(TRUNCATION_MARKER)
    assert cell_text("x" * MAX_XLSX_CELL_CHARS) == "x" * MAX_XLSX_CELL_CHARS


def test_sheet_reference_doubles_apostrophes() -> None:
    assert sheet_reference("Workers' views", "B7") == "'Workers'' views'!B7"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (float("nan"), None),
        (pd.NA, None),
        (pd.NaT, None),
        (np.int64(3), 3),
        (np.float32(0.5), 0.5),
        (np.bool_(True), True),
        (float("inf"), "inf"),
        (pd.Timestamp("2024-05-01 10:00", tz="Europe/London"), datetime.datetime(2024, 5, 1, 10)),
        (datetime.date(2024, 5, 1), datetime.date(2024, 5, 1)),
        (["a", "b"], "['a', 'b']"),
    ],
)
def test_excel_value_converts_dataframe_values(value: object, expected: object) -> None:
    converted = excel_value(value)
    assert converted == expected
    assert type(converted) is type(expected)


def test_excel_value_keeps_python_numbers() -> None:
    assert excel_value(2) == 2
    assert math.isclose(excel_value(0.25), 0.25)


def test_column_name_joins_multiindex_levels() -> None:
    assert column_name(("count", "NHS")) == "count / NHS"
    assert column_name(("count", "")) == "count"
    assert column_name(7) == "7"
