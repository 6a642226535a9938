"""Tables of utterances: one row per utterance or response, grouped into documents.

A survey export, a coded spreadsheet of interview turns or a dataset of
comments holds its text one row at a time. :func:`read_utterances` turns such
a :class:`~qualframe.formats.tables.Table` (CSV or XLSX, read by
:mod:`qualframe.formats.tables`: encoding detected, CR+LF, multi-line quoted
cells) into the documents qualframe stores, following a
:class:`ColumnMapping` that says which column plays which part:

* **document** (required): rows with the same value make one document, named
  by that value; documents keep the file order of their first row.
* **text** (required): the words. Each row is a *turn* of its document; turns
  are separated by a blank line (each is at least one paragraph).
* **speaker**: the turn is written ``Speaker: text`` and stored as a speaker
  turn with that label. Without a speaker (no column, or an empty cell) the
  cell's own ``Name:`` labels are found (a whole transcript in one cell is
  split into its turns by
  :func:`~qualframe.formats.speaker_turns.detect_speaker_turns`).
* **order**: turns are sorted by it within a document (as numbers when every
  value is a number, else in natural order, ``Q2`` before ``Q10``); rows
  sharing a document, an order value and a speaker are one turn, their texts
  joined as paragraphs. Without it turns keep the file order.
* **coder**: who coded the row (see codes).
* **attributes**: columns describing the document. A document takes one value
  per column (empty cells ignored; values compared ignoring letter case);
  two different values for one document are an error naming both rows.
* **codes**: columns of codes: a flag (yes/no) column is one code, any
  other a theme with a sub-code per value, applied to the span of the row's
  turn (the rules: :mod:`qualframe.formats.table_codes`).

Rows without text (or without a document name) make nothing; they are listed
in :attr:`UtteranceTable.skipped` with the reason. Offsets are Unicode code
points of the document text (NFC, ``\\n`` line endings), end exclusive.
Every problem raises :class:`~qualframe.errors.InputFileError` naming the
file (and the row where there is one).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from qualframe.errors import InputFileError
from qualframe.formats.documents import DocumentFormat, ParsedDocument
from qualframe.formats.segmentation import paragraph_spans
from qualframe.formats.speaker_turns import (
    SpeakerTurn,
    clean_label,
    detect_speaker_turns,
    fitted_label,
)
from qualframe.formats.table_cells import cell_number, cell_text, natural_key, one_line
from qualframe.formats.table_codes import (
    FLAG_NO,
    FLAG_YES,
    IGNORED_VALUES,
    MAX_SUBCODES,
    CodeColumn,
    RowCoder,
    TableCoding,
    code_column,
    code_values,
)
from qualframe.formats.tables import CellValue, Table, TableRow, read_table_bytes

#: What separates turns (and paragraphs of one turn) in a document's text.
TURN_BREAK = "\n\n"


@dataclass(frozen=True)
class ColumnMapping:
    """Which column of a table plays which part (see the module docstring).

    ``document`` and ``text`` are required; the others are optional column
    names; ``attributes`` and ``codes`` list columns in the order wanted.
    """

    document: str
    text: str
    speaker: str | None = None
    order: str | None = None
    coder: str | None = None
    attributes: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()

    def roles(self) -> list[tuple[str, str]]:
        """Every ``(role, column)`` pair the mapping names, in option order."""
        single = [
            ("document", self.document),
            ("text", self.text),
            ("speaker", self.speaker),
            ("order", self.order),
            ("coder", self.coder),
        ]
        named = [(role, column) for role, column in single if column]
        named += [("attribute", column) for column in self.attributes]
        named += [("code", column) for column in self.codes]
        return named


@dataclass(frozen=True)
class SkippedRow:
    """A row that made nothing: its row number and why (``"no text"``...)."""

    line: int
    reason: str


@dataclass(frozen=True)
class TableTurn:
    """One turn of a table document: rows grouped, and where they went.

    ``start``/``end`` is the turn's span in the document text (from its
    ``Speaker:`` label when it has one); ``speaker`` is the label from the
    speaker column (None: none); ``lines`` are the row numbers it came from.
    """

    start: int
    end: int
    speaker: str | None
    lines: tuple[int, ...]


@dataclass(frozen=True)
class TableDocument:
    """A document made from the rows of one document value.

    ``document`` is what is stored (its ``name`` is the document value);
    ``turns`` the turns in text order; ``attributes`` the one value of each
    attribute column (columns with no value on any row are left out).
    """

    document: ParsedDocument
    turns: tuple[TableTurn, ...]
    attributes: dict[str, CellValue] = field(default_factory=dict)


@dataclass(frozen=True)
class UtteranceTable:
    """A table read as documents: what :func:`read_utterances` returns.

    ``rows`` counts the table's data rows; ``codings`` list every code
    application (one per turn, code and coder); ``skipped`` the rows that made
    nothing.
    """

    source: str
    columns: tuple[str, ...]
    rows: int
    documents: tuple[TableDocument, ...]
    code_columns: tuple[CodeColumn, ...]
    codings: tuple[TableCoding, ...]
    skipped: tuple[SkippedRow, ...]


@dataclass(frozen=True)
class ColumnGuess:
    """Columns that look like the document, text, speaker and order columns
    (by their names), to fill a mapping form; None where nothing fits."""

    document: str | None
    text: str | None
    speaker: str | None
    order: str | None


# ---------------------------------------------------------------- reading


def read_utterance_table(
    data: bytes,
    name: str,
    mapping: ColumnMapping,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    known: Collection[str] = (),
    rejected: Collection[str] = (),
) -> UtteranceTable:
    """Read the CSV or XLSX file ``name`` (its bytes ``data``) as documents.

    ``sheet`` names a workbook's sheet (default: the first); ``encoding``
    forces a CSV file's codec; ``known`` and ``rejected`` are as for
    :func:`read_utterances`. Raises :class:`InputFileError` naming the file
    for a file that is not a table (see
    :func:`~qualframe.formats.tables.read_table_bytes`) and for the problems
    listed in :func:`read_utterances`.
    """
    table = read_table_bytes(data, name, sheet=sheet, encoding=encoding)
    return read_utterances(table, mapping, known=known, rejected=rejected)


def read_utterances(
    table: Table,
    mapping: ColumnMapping,
    *,
    known: Collection[str] = (),
    rejected: Collection[str] = (),
) -> UtteranceTable:
    """``table`` grouped into documents, turns, attribute values and codings
    as ``mapping`` says (see the module docstring for the rules).

    ``known`` and ``rejected`` are speaker labels people decided on (as for
    :func:`~qualframe.formats.speaker_turns.detect_speaker_turns`), used
    when ``Name:`` labels are found in the text; the labels of the speaker
    column count as known too.

    Raises :class:`InputFileError` naming ``table.source`` when a mapped
    column is not in the table, the table has no rows, no row has text, an
    order cell is empty, an attribute has two values in one document, or a
    code column has more than :data:`MAX_SUBCODES` values.
    """
    check_mapping(table, mapping)
    if not table.rows:
        raise InputFileError(table.source, "the table has a header row but no rows below it")
    skipped: list[SkippedRow] = []
    groups: dict[str, list[TableRow]] = {}
    for row in table.rows:
        name = one_line(row.values[mapping.document])
        if not cell_text(row.values[mapping.text]):
            skipped.append(SkippedRow(row.line, "no text"))
        elif not name:
            skipped.append(SkippedRow(row.line, f"no document name in {mapping.document!r}"))
        else:
            groups.setdefault(name, []).append(row)
    if not groups:
        raise InputFileError(
            table.source, f"the text column {mapping.text!r} is empty on every row"
        )
    order_key = _order_key(table, mapping)
    labels = _Labels(frozenset(known) | _column_labels(table, mapping), frozenset(rejected))
    code_columns = [code_column(table, column) for column in mapping.codes]
    coder = RowCoder(code_columns, mapping.coder)
    documents: list[TableDocument] = []
    codings: list[TableCoding] = []
    for index, (name, rows) in enumerate(groups.items()):
        document = _document(table.source, name, rows, mapping, order_key, labels)
        documents.append(document)
        by_line = {row.line: row for row in rows}
        for turn in document.turns:
            turn_rows = [by_line[line] for line in turn.lines]
            codings += coder.turn_codings(index, turn.start, turn.end, turn_rows)
    used = {coding.column for coding in codings}  # a column coding nothing makes no code
    return UtteranceTable(
        source=table.source,
        columns=table.columns,
        rows=len(table.rows),
        documents=tuple(documents),
        code_columns=tuple(c for c in code_columns if c.column in used),
        codings=tuple(codings),
        skipped=tuple(skipped),
    )


def check_mapping(table: Table, mapping: ColumnMapping) -> None:
    """Raise :class:`InputFileError` naming the file when a column of ``mapping``
    is missing from ``table`` (listing the columns it has) or no text or
    document column is named."""
    for role in ("document", "text"):
        if not getattr(mapping, role):
            raise InputFileError(table.source, f"choose the {role} column")
    known = set(table.columns)
    for role, column in mapping.roles():
        if column not in known:
            listing = ", ".join(repr(c) for c in table.columns)
            raise InputFileError(
                table.source,
                f"there is no column {column!r} (asked for as the {role} column); "
                f"the columns are: {listing}",
            )


# ---------------------------------------------------------------- turns and documents


def _order_key(table: Table, mapping: ColumnMapping) -> Callable[[TableRow], Any]:
    """The sort key of rows within a document: the order column's value, as a
    number when every value is one, else in natural order; file order without."""
    column = mapping.order
    if column is None:
        return lambda row: row.line
    for row in table.rows:
        if cell_text(row.values[mapping.text]) and not cell_text(row.values[column]):
            raise InputFileError(
                table.source,
                f"the order column {column!r} is empty on this row; give every row an order "
                "or leave the order column out",
                line=row.line,
            )
    values = [row.values[column] for row in table.rows if cell_text(row.values[column])]
    if all(cell_number(value) is not None for value in values):
        return lambda row: cell_number(row.values[column])
    return lambda row: natural_key(cell_text(row.values[column]))


@dataclass
class _Unit:
    """Rows becoming one turn, while a document is built."""

    speaker: str | None
    texts: list[str]
    lines: list[int]


def _units(
    rows: Sequence[TableRow], mapping: ColumnMapping, order_key: Callable[[TableRow], Any]
) -> list[_Unit]:
    """The turns of one document's rows, in order (see the module docstring)."""
    units: dict[Any, _Unit] = {}
    for row in sorted(rows, key=order_key):  # a stable sort: ties keep file order
        speaker = _speaker(row, mapping)
        key = (order_key(row), speaker) if mapping.order else row.line
        unit = units.get(key)
        if unit is None:
            unit = units[key] = _Unit(speaker, [], [])
        unit.texts.append(cell_text(row.values[mapping.text]))
        unit.lines.append(row.line)
    return list(units.values())


@dataclass(frozen=True)
class _Labels:
    """Speaker labels decided on: ``known`` ones start turns even once; ``rejected``
    ones never do."""

    known: frozenset[str]
    rejected: frozenset[str]


def _column_labels(table: Table, mapping: ColumnMapping) -> frozenset[str]:
    """The labels of the speaker column."""
    if mapping.speaker is None:
        return frozenset()
    return frozenset(filter(None, (_speaker(row, mapping) for row in table.rows)))


def _speaker(row: TableRow, mapping: ColumnMapping) -> str | None:
    if mapping.speaker is None:
        return None
    label = clean_label(cell_text(row.values[mapping.speaker])).rstrip(":").strip()
    return fitted_label(label) or None


def _document(
    source: str,
    name: str,
    rows: Sequence[TableRow],
    mapping: ColumnMapping,
    order_key: Callable[[TableRow], Any],
    labels: _Labels,
) -> TableDocument:
    """One document: its text, paragraphs, speaker turns and attribute values."""
    pieces: list[str] = []
    turns: list[TableTurn] = []
    speaker_turns: list[SpeakerTurn] = []
    position = 0
    for unit in _units(rows, mapping, order_key):
        body = TURN_BREAK.join(unit.texts)
        block = f"{unit.speaker}: {body}" if unit.speaker else body
        if unit.speaker:
            speaker_turns.append(SpeakerTurn(unit.speaker, position, position + len(block)))
        else:
            speaker_turns += [
                SpeakerTurn(t.label, t.start + position, t.end + position)
                for t in detect_speaker_turns(block, known=labels.known, rejected=labels.rejected)
            ]
        turns.append(TableTurn(position, position + len(block), unit.speaker, tuple(unit.lines)))
        pieces.append(block)
        position += len(block) + len(TURN_BREAK)
    text = TURN_BREAK.join(pieces)
    parsed = ParsedDocument(
        name=name,
        title=name,
        format=DocumentFormat.TEXT,
        text=text,
        paragraphs=tuple(paragraph_spans(text)),
        turns=tuple(speaker_turns),
        metadata={"table": source, "rows": str(len(rows))},
    )
    attributes = _attributes(source, name, rows, mapping.attributes)
    return TableDocument(parsed, tuple(turns), attributes)


def _attributes(
    source: str, name: str, rows: Sequence[TableRow], columns: Sequence[str]
) -> dict[str, CellValue]:
    """The one value of each attribute column for a document's rows."""
    found: dict[str, CellValue] = {}
    for column in columns:
        first: TableRow | None = None
        for row in rows:
            value = row.values[column]
            if not cell_text(value):
                continue
            if first is None:
                first = row
            elif one_line(value).casefold() != one_line(first.values[column]).casefold():
                raise InputFileError(
                    source,
                    f"the attribute column {column!r} has two values for the document "
                    f"{name!r}: {one_line(first.values[column])!r} (row {first.line}) and "
                    f"{one_line(value)!r}; a document has one value of each attribute",
                    line=row.line,
                )
        if first is not None:
            found[column] = first.values[column]
    return found


# ---------------------------------------------------------------- guessing a mapping

_DOCUMENT_WORDS = ("document", "transcript", "interview", "comment id", "respondent", "case", "id")
_SPEAKER_WORDS = ("speaker", "participant", "name", "who")
_ORDER_WORDS = ("order", "turn", "sequence", "seq", "position", "line")


def guess_columns(table: Table) -> ColumnGuess:
    """Columns of ``table`` that look like its text (the longest cells on
    average), document, speaker and order columns (by their names: a whole
    name or word, letter case ignored), each used once, to fill a form."""
    lengths = {
        column: sum(len(cell_text(row.values[column])) for row in table.rows)
        for column in table.columns
    }
    text = max(table.columns, key=lambda column: lengths[column], default=None)
    taken = {text}

    def pick(words: Sequence[str]) -> str | None:
        for word in words:
            for column in table.columns:
                tokens = re.findall(r"[^\W_]+", column.casefold())
                if column not in taken and (column.casefold() == word or word in tokens):
                    taken.add(column)
                    return column
        return None

    document = pick(_DOCUMENT_WORDS)
    speaker = pick(_SPEAKER_WORDS)
    order = pick(_ORDER_WORDS)
    if order is not None and any(cell_number(row.values[order]) is None for row in table.rows):
        order = None  # an order column holds numbers ("Turn 3" is not one)
    return ColumnGuess(document, text, speaker, order)


# The codes' records and rules (formats/table_codes.py) and the cell rules
# (formats/table_cells.py) are exported here too: the import-table use case
# and the web form take everything about a table of utterances from this module.
__all__ = [
    "FLAG_NO",
    "FLAG_YES",
    "IGNORED_VALUES",
    "MAX_SUBCODES",
    "CodeColumn",
    "ColumnGuess",
    "ColumnMapping",
    "SkippedRow",
    "TableCoding",
    "TableDocument",
    "TableTurn",
    "UtteranceTable",
    "cell_text",
    "check_mapping",
    "code_values",
    "guess_columns",
    "natural_key",
    "read_utterance_table",
    "read_utterances",
]
