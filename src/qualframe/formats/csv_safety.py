"""Spreadsheet formulas in the CSV files qualframe writes, neutralised (OWASP "CSV Injection").

A spreadsheet opening a CSV file runs a cell starting with ``=``, ``+``,
``-`` or ``@`` as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``),
and tab or carriage return can start one too. Interview text, code names
and summaries come from people and files outside qualframe, so every text
cell of every CSV qualframe writes goes through :func:`neutralise`: such a
cell gets a leading single quote, which spreadsheets read as "this is text"
(OWASP's recommendation; ``csv.writer`` and pandas quote and double the
``"`` characters). Numbers stay numbers: an ``int`` or ``float`` is never
touched, and neither is text that is a plain decimal number (``-3``,
``+1.5e3``), which a spreadsheet reads as that number, not as a formula.

Reading gives the value back: :func:`restore` undoes :func:`neutralise`
(``restore(neutralise(text)) == text`` for every text), and qualframe's CSV
reader applies it, so a codebook exported as CSV and imported again keeps a
definition starting with ``- ``. XLSX files need none of this: their text
cells are written as text, never as formulas.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["csv_text", "neutralise", "restore", "safe_value"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: What a neutralised cell starts with.
QUOTE = "'"
#: Text that is a plain decimal number: a spreadsheet reads it as the number.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

Value = TypeVar("Value")


def _needs_quote(text: str) -> bool:
    """Whether ``text`` after any leading quotes starts like a formula.

    Leading quotes count so that :func:`restore` can tell a quote
    :func:`neutralise` added from one the text had (``'=x`` gets another)."""
    bare = text.lstrip(QUOTE)
    return bare.startswith(TRIGGERS) and not _NUMBER.fullmatch(bare)


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet will show it, never run it: with a leading
    ``'`` when it starts with ``=``, ``+``, ``-``, ``@``, tab or carriage
    return (after any quotes it has), unless it is a plain number."""
    return QUOTE + text if _needs_quote(text) else text


def restore(text: str) -> str:
    """The text :func:`neutralise` was given: its added quote removed."""
    return text[1:] if text.startswith(QUOTE) and _needs_quote(text[1:]) else text


def safe_value(value: Value) -> Value:
    """A CSV cell's value made safe: text through :func:`neutralise`; numbers,
    dates, booleans and missing values unchanged."""
    if isinstance(value, str):
        return neutralise(value)  # type: ignore[return-value]  # str in, str out
    return value


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text (comma separated, header row, no index), every
    text cell and column name neutralised; numbers written as numbers.

    Pure: ``frame`` is not changed. Encoding and where the text goes (a
    file, a download) are the caller's."""
    from pandas.api import types

    safe = frame.copy(deep=False)
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        kind = column.dtype
        if types.is_numeric_dtype(kind) or types.is_datetime64_any_dtype(kind):
            continue  # numbers (booleans too) and dates hold no text
        safe.isetitem(position, column.astype(object).map(safe_value).to_numpy(dtype=object))
    safe.columns = safe.columns.map(_safe_label)
    return safe.to_csv(index=False)


def _safe_label(label: object) -> object:
    if isinstance(label, tuple):  # a column of a MultiIndex
        return tuple(safe_value(part) for part in label)
    return safe_value(label)
