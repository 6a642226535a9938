"""The evaluation plan of a change model as an XLSX workbook or a CSV file.

Takes the plan as a DataFrame with the columns of the services' plan rows
(``outcome, outcome_kind, candidate, indicator, measure, timing,
data_source, strength, supports, contradicts, participants, cases``) and
writes it under readable headers ("Outcome", "Strength of evidence"...;
the participants and cases are those behind supporting evidence, and the
headers say so: "Supporting participants"), candidates as "yes"/"no",
missing values empty.

The workbook is written with the project's workbook helpers
(:mod:`qualframe.formats.xlsx_writing`: text always text, a bold frozen
header, notes below the table); the CSV through
:func:`qualframe.formats.csv_safety.csv_text` (formula injection
neutralised), UTF-8 with a byte-order mark so spreadsheets read the accents.
Pure: bytes out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualframe.formats.csv_safety import csv_text
from qualframe.formats.xlsx_writing import (
    SheetNames,
    WorkbookStyles,
    cell_text,
    put_text,
    write_frame,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PLAN_HEADERS", "STRENGTH_NOTE", "plan_csv", "plan_table", "plan_xlsx"]

#: The plan's columns and the headers the files give them, in order.
PLAN_HEADERS = {
    "outcome": "Outcome",
    "outcome_kind": "Outcome kind",
    "candidate": "Candidate",
    "indicator": "Indicator",
    "measure": "Measure",
    "timing": "Timing",
    "data_source": "Data source",
    "strength": "Strength of evidence",
    "supports": "Supporting pieces",
    "contradicts": "Contradicting pieces",
    "participants": "Supporting participants",
    "cases": "Supporting cases",
}
#: How the strength of the qualitative evidence is read from the counts.
STRENGTH_NOTE = (
    "Strength of evidence, from the model's qualitative evidence for the outcome. "
    "Supporting pieces counts the pieces supporting the outcome plus the codings of the "
    "codes it is bound to. Supporting participants and Supporting cases: only the "
    "participants and cases behind supporting evidence are counted (someone who only "
    "contradicts is not). Read in this order: none = no evidence at all; contradicted = "
    "more contradicting pieces than supporting pieces; strong = at least 3 supporting "
    "cases and at least 6 supporting participants; moderate = at least 2 supporting cases "
    "or at least 3 supporting participants; weak = any other."
)


def plan_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The plan with readable headers, in :data:`PLAN_HEADERS` order (columns
    it lacks left out), candidates as "yes"/"no". ``frame`` is not changed."""
    columns = [column for column in PLAN_HEADERS if column in frame.columns]
    table = frame.loc[:, columns].copy()
    if "candidate" in table.columns:
        table["candidate"] = ["yes" if bool(value) else "no" for value in table["candidate"]]
    for column in ("indicator", "measure"):
        if column in table.columns:
            table[column] = table[column].astype(object).where(table[column].notna(), "")
    return table.rename(columns=PLAN_HEADERS)


def plan_csv(frame: pd.DataFrame) -> bytes:
    """The plan as CSV bytes (UTF-8 with a byte-order mark, formulas neutralised)."""
    return csv_text(plan_table(frame)).encode("utf-8-sig")


def plan_xlsx(frame: pd.DataFrame, *, title: str, notes: Sequence[str] = ()) -> bytes:
    """The plan as an XLSX workbook: one sheet named after ``title`` holding
    the table, then :data:`STRENGTH_NOTE` and ``notes`` under it."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SheetNames().claim("Evaluation plan")
    styles = WorkbookStyles(workbook)
    table = plan_table(frame)
    write_frame(sheet, table, styles, notes=(STRENGTH_NOTE, *notes))
    if table.empty:
        put_text(sheet, 2, 1, f"{title}: no outcome nodes yet.", styles.note)
    workbook.properties.title = cell_text(title)[:255]
    workbook.properties.creator = "qualframe"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
