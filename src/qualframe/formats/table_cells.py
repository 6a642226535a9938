"""Cells of a table of utterances as text, names, numbers and sort keys.

The rules :mod:`qualframe.formats.utterance_tables` (grouping rows into
documents) and :mod:`qualframe.formats.table_codes` (codes from columns)
share for reading one cell of a :class:`~qualframe.formats.tables.Table`:
a number read from a spreadsheet as ``3.0`` is the text ``3``, a date is
ISO text, and ``Q2`` sorts before ``Q10``. Pure functions; nothing raises.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from qualframe.formats.tables import CellValue

_DIGITS = re.compile(r"(\d+)")


def cell_text(value: CellValue) -> str:
    """A cell as text: whole numbers without ``.0``, dates in ISO, booleans
    ``true``/``false``; other text as it is (stripped)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def one_line(value: CellValue) -> str:
    """A cell as a one-line name (white space collapsed)."""
    return " ".join(cell_text(value).split())


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key putting ``Q2`` before ``Q10`` (digits compared as numbers)."""
    # The study area has the same rule; formats cannot import it.
    parts = _DIGITS.split(text.casefold())
    return tuple((0, int(p), "") if p.isdecimal() else (1, 0, p) for p in parts)


def cell_number(value: CellValue) -> float | None:
    """A cell as a number (``1,204`` is 1204.0); None for booleans and for
    text that is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(cell_text(value).replace(",", ""))
    except ValueError:
        return None


__all__ = ["cell_number", "cell_text", "natural_key", "one_line"]
