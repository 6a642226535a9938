"""The team's records as pandas DataFrames, for the Python API's edge and the
CSV of the command line. Nothing here touches a session.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qualframe.services.team.records import (
    AgreementReport,
    CellAgreement,
    CodeAgreement,
    Disagreement,
)

if TYPE_CHECKING:
    import pandas as pd

#: The figures of :func:`agreement_frame`, after ``unit``, ``code``, ``coders``
#: and ``units``: those on units, then those on the text.
UNIT_COLUMNS = ("percent", "cohen_kappa", "fleiss_kappa", "gwet_ac1", "krippendorff_alpha")
SPAN_COLUMNS = (
    "alpha_binary", "alpha_codes", "alpha_u", "char_percent", "char_kappa", "uncoded_share",
)  # fmt: skip
#: Columns of :func:`agreement_frame`.
AGREEMENT_COLUMNS = ("unit", "code", "coders", "units", *UNIT_COLUMNS, *SPAN_COLUMNS)
#: What the overall row is called in the ``code`` column.
OVERALL = "(overall)"
#: Columns of :func:`disagreements_frame`.
DISAGREEMENT_COLUMNS = (
    "key", "document_id", "document", "code_id", "code", "start", "end", "text",
    "coded_by", "not_coded_by", "codings", "outcome", "resolved_by", "resolved_at",
)  # fmt: skip
#: Columns of :func:`cell_agreement_frame`.
CELL_COLUMNS = ("cell_id", "row", "code", "first", "second", "agree")


def _row(unit: str, code: str, units: Any, spans: Any) -> dict[str, Any]:
    """One row of :func:`agreement_frame` from unit and/or span figures."""
    row: dict[str, Any] = dict.fromkeys(AGREEMENT_COLUMNS)
    row.update(unit=unit, code=code)
    if units is not None:
        row.update(coders=units.coders, units=units.units)
        row.update({name: getattr(units, name) for name in UNIT_COLUMNS})
    if spans is not None:
        row.update(coders=spans.coders, units=spans.length)
        row.update({name: getattr(spans, name) for name in SPAN_COLUMNS})
    return row


def agreement_frame(report: AgreementReport) -> pd.DataFrame:
    """One row per code, then the row ``code="(overall)"``; columns
    :data:`AGREEMENT_COLUMNS`: the unit, the code's path, the number of coders,
    the units compared (on units: those two coders or more rated; on spans:
    the characters), the figures on units and those on the text (empty where
    the unit does not give them, or where a figure is undefined)."""
    import pandas as pd

    unit = report.scope.unit.value
    rows = [_row(unit, item.code, item.units, item.spans) for item in report.per_code]
    rows.append(_row(unit, OVERALL, report.overall_units, report.overall_spans))
    frame = pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))
    for name in (*UNIT_COLUMNS, *SPAN_COLUMNS):
        frame[name] = frame[name].astype("float64")
    for name in ("coders", "units"):
        frame[name] = frame[name].astype("Int64")
    return frame


def applied_frame(per_code: Sequence[CodeAgreement]) -> pd.DataFrame:
    """How often each coder applied each code: one row per code (``code``), one
    column per coder (units, or codings on spans)."""
    import pandas as pd

    coders = list(dict.fromkeys(coder for item in per_code for coder in item.applied))
    return pd.DataFrame(
        [[item.code, *(item.applied.get(coder, 0) for coder in coders)] for item in per_code],
        columns=["code", *coders],
    )


def disagreements_frame(disagreements: Sequence[Disagreement]) -> pd.DataFrame:
    """One row per disagreement; columns :data:`DISAGREEMENT_COLUMNS`:
    ``coded_by``/``not_coded_by`` the round coders whose reading has a coding
    there or none (comma-separated), ``codings`` how many codings the
    readings hold, and the resolution's outcome, author and time (UTC; empty
    while open)."""
    import pandas as pd

    def texts(values: list[Any]) -> pd.Series:
        return pd.Series(values, dtype=object)

    def numbers(values: list[int]) -> pd.Series:
        return pd.Series(values, dtype="int64")

    items = list(disagreements)
    resolutions = [item.resolution for item in items]
    columns = {
        "key": texts([item.key for item in items]),
        "document_id": numbers([item.document_id for item in items]),
        "document": texts([item.document for item in items]),
        "code_id": numbers([item.code_id for item in items]),
        "code": texts([item.code for item in items]),
        "start": numbers([item.start for item in items]),
        "end": numbers([item.end for item in items]),
        "text": texts([item.text for item in items]),
        "coded_by": texts([", ".join(item.coded_by) for item in items]),
        "not_coded_by": texts(
            [", ".join(r.coder for r in item.readings if not r.codings) for item in items]
        ),
        "codings": numbers([len(item.seen) for item in items]),
        "outcome": texts([r.outcome.value if r else None for r in resolutions]),
        "resolved_by": texts([r.resolved_by if r else None for r in resolutions]),
        "resolved_at": pd.Series(
            [r.resolved_at if r else None for r in resolutions], dtype="datetime64[us, UTC]"
        ),
    }
    return pd.DataFrame(columns, columns=list(DISAGREEMENT_COLUMNS))


def cell_agreement_frame(agreement: CellAgreement) -> pd.DataFrame:
    """One row per cell either analyst saved; columns :data:`CELL_COLUMNS`:
    ``first`` and ``second`` the analysts' last statuses (empty: never set),
    ``agree`` whether they are the same (empty unless both set one)."""
    import pandas as pd

    rows = agreement.rows
    agree = [
        None if pair.first is None or pair.second is None else pair.first == pair.second
        for pair in rows
    ]
    columns = {
        "cell_id": pd.Series([pair.cell_id for pair in rows], dtype="int64"),
        "row": pd.Series([pair.row for pair in rows], dtype=object),
        "code": pd.Series([pair.code for pair in rows], dtype=object),
        "first": pd.Series([pair.first for pair in rows], dtype=object),
        "second": pd.Series([pair.second for pair in rows], dtype=object),
        "agree": pd.Series(agree, dtype="boolean"),
    }
    return pd.DataFrame(columns, columns=list(CELL_COLUMNS))
