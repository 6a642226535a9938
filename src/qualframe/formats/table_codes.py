"""Codes from the columns of a table of utterances: which codes a column
makes, and which of them each row applies.

:mod:`qualframe.formats.utterance_tables` groups a table's rows into
documents and turns; the columns its mapping names as *codes* are read
here:

* A column whose values are all yes/no words (``1 0 true false yes no y n
  x``) is a *flag* column, as in a one-hot export: one code named after the
  column, applied to the rows marked yes.
* Any other column is a *theme* named after the column with one sub-code
  per distinct value (values differing only in letter case are one
  sub-code; at most :data:`MAX_SUBCODES`).
* A cell may hold several values separated by ``;`` or on separate lines
  (not by commas, which category names contain: "Staff listening,
  understanding & involving patients"). Empty cells and ``n/a``, ``na``,
  ``none``, ``-`` are no value.
* A code applies to the span of the row's turn, once per turn, code and
  coder; its coder is the row's coder cell when a coder column is given and
  the cell is filled, else the column's name.

Offsets are Unicode code points of the document text, end exclusive.
:func:`code_column` raises :class:`~qualframe.errors.InputFileError` naming
the file for a column with too many values to be categories.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from qualframe.errors import InputFileError
from qualframe.formats.table_cells import cell_text, natural_key, one_line
from qualframe.formats.tables import CellValue, Table, TableRow

#: Code values that mean "no value" (letter case ignored).
IGNORED_VALUES = frozenset({"n/a", "na", "none", "-"})
#: Values marking a row as coded in a flag (one-hot) column.
FLAG_YES = frozenset({"1", "true", "yes", "y", "x"})
#: Values marking a row as not coded in a flag column.
FLAG_NO = frozenset({"0", "false", "no", "n"})
#: Most sub-codes one code column may make (more: it is not a column of categories).
MAX_SUBCODES = 200
#: What separates several values in one code cell.
VALUE_SEPARATOR = re.compile(r"\s*(?:;|\n)\s*")

_WHOLE_NUMBER = re.compile(r"^([+-]?\d+)\.0+$")


@dataclass(frozen=True)
class CodeColumn:
    """The codes one column makes: a flag column's one code, or a theme's
    sub-codes ``values`` (in natural order)."""

    column: str
    flag: bool
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableCoding:
    """One code applied to one turn: ``column`` and, for a theme, the sub-code
    ``value`` (None for a flag column's code); ``coder`` as decided by the
    mapping; ``document`` is the index of the document in the table's list."""

    document: int
    start: int
    end: int
    column: str
    value: str | None
    coder: str


def code_values(value: CellValue) -> list[str]:
    """The values of a code cell: split at ``;`` and line breaks, white space
    collapsed, ignored values (``n/a``...) left out."""
    if value is None:
        return []
    parts = VALUE_SEPARATOR.split(cell_text(value))
    # "1.0" is how a CSV written from a one-hot data frame spells 1.
    cleaned = (_WHOLE_NUMBER.sub(r"\1", " ".join(part.split())) for part in parts)
    return [part for part in cleaned if part and part.casefold() not in IGNORED_VALUES]


@functools.lru_cache(maxsize=4096, typed=True)
def _cached_values(value: CellValue) -> tuple[str, ...]:
    # Code columns repeat a few values (1, "yes", a category) down many rows.
    return tuple(code_values(value))


def code_column(table: Table, column: str) -> CodeColumn:
    """What ``column`` of ``table`` codes: a flag column, or a theme with its
    values. Raises :class:`InputFileError` naming the file when the column
    has more than :data:`MAX_SUBCODES` different values."""
    spelling: dict[str, str] = {}
    for row in table.rows:
        for value in _cached_values(row.values[column]):
            spelling.setdefault(value.casefold(), value)
    if spelling and set(spelling) <= FLAG_YES | FLAG_NO:
        return CodeColumn(column, flag=True)
    if len(spelling) > MAX_SUBCODES:
        raise InputFileError(
            table.source,
            f"the code column {column!r} has {len(spelling):,} different values; a code "
            f"column holds categories (at most {MAX_SUBCODES}), so leave it out or use it "
            "as an attribute",
        )
    values = sorted(spelling.values(), key=natural_key)
    return CodeColumn(column, flag=False, values=tuple(values))


#: The codes one cell applies: ``[None]`` for a flag column's code, else sub-codes.
_Applier = Callable[[CellValue], list[str | None]]


def _applier(column: CodeColumn) -> _Applier:
    """How to read the cells of ``column``: a flag set to yes applies ``None``
    (the column's one code); a theme's cell applies its values' sub-codes."""
    if column.flag:
        return lambda value: (
            [None] if any(v.casefold() in FLAG_YES for v in _cached_values(value)) else []
        )
    by_fold = {v.casefold(): v for v in column.values}
    return lambda value: list(dict.fromkeys(by_fold[v.casefold()] for v in _cached_values(value)))


class RowCoder:
    """Reads the code cells of a table's rows: the codes each applies, and by whom.

    ``columns`` are the code columns (see :func:`code_column`); ``coder``
    names the coder column (None: every code's coder is its column's name).
    """

    def __init__(self, columns: Sequence[CodeColumn], coder: str | None) -> None:
        self.coder = coder
        self.appliers = [(column.column, _applier(column)) for column in columns]

    def turn_codings(
        self, document: int, start: int, end: int, rows: Iterable[TableRow]
    ) -> list[TableCoding]:
        """The code applications of the rows of one turn (table document
        ``document``, span ``start``-``end``), each once per code and coder,
        in row and column order."""
        found: dict[TableCoding, None] = {}
        for row in rows:
            for column, applied in self.appliers:
                values = applied(row.values[column])
                if not values:
                    continue
                coder = self._coder(row, column)
                for value in values:
                    found[TableCoding(document, start, end, column, value, coder)] = None
        return list(found)

    def _coder(self, row: TableRow, column: str) -> str:
        if self.coder is not None:
            coder = one_line(row.values[self.coder])
            if coder:
                return coder
        return column


__all__ = [
    "FLAG_NO",
    "FLAG_YES",
    "IGNORED_VALUES",
    "MAX_SUBCODES",
    "VALUE_SEPARATOR",
    "CodeColumn",
    "RowCoder",
    "TableCoding",
    "code_column",
    "code_values",
]
