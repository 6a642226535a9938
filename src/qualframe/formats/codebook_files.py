"""Codebook import and export as CSV, XLSX and YAML.

A codebook is a list of :class:`CodeRecord`, each naming its code by its
path from the root of the tree. Reading always returns parents before their
children; a parent that appears only inside a child's path is created with
empty fields.

Tabular layout (CSV or XLSX, one row per code)::

    code                      | definition | ... | origin    | colour  | retired
    Disclosure                | Talking... | ... | deductive | #1F77B4 | no
    Disclosure > Expectations | What ...   | ... | inductive |         | no

The columns are ``code``, ``definition``, ``inclusion``, ``exclusion``,
``example``, ``origin``, ``colour`` and ``retired``.
``code`` is the full path joined with ``" > "``. Instead of ``code`` a file
may have ``name`` (the code's own name) and ``parent`` (the parent's path,
empty for a top-level code); when a ``parent`` column is present, ``code``
holds the code's own name as well. Only ``code`` (or ``name``) is required.
Column names are matched ignoring case, spaces, underscores and hyphens, and
a few synonyms are accepted ("Inclusion criteria", "Color", "Description"
...); other columns are ignored, since spreadsheets often carry notes.

YAML layout: nested codes with the same fields and ``children`` lists,
described in :mod:`qualframe.formats.codebook_yaml`.

Values: ``origin`` is ``deductive`` (default) or ``inductive``; ``colour`` is
``#RGB``, ``#RRGGBB`` or ``RRGGBB`` and is stored as ``#RRGGBB`` upper case;
``retired`` is yes/no, true/false or 1/0 (default no). Text is stripped and
normalised to NFC. A name may not contain the path separator (``>`` with
white space on both sides).

:func:`write_codebook` writes the codes in tree order (each code followed by
its descendants, siblings in the order given), so reading a written file
gives back exactly the records written when they were in tree order.

This module is the public entry point and holds the tabular layout; the YAML
layout is in :mod:`qualframe.formats.codebook_yaml` and the records and
value rules shared by both in :mod:`qualframe.formats.codebook_records`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from qualframe.errors import InputFileError, ValidationError
from qualframe.formats.codebook_records import (
    PATH_SEPARATOR,
    SEPARATOR_RE,
    TEXT_FIELDS,
    CodeDraft,
    CodeRecord,
    cell_text,
    check_own_name,
    field_name,
    record_from_draft,
    split_path,
)
from qualframe.formats.codebook_yaml import (
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
    YAML_SUFFIXES,
    read_yaml_drafts,
    write_yaml_codebook,
)
from qualframe.formats.sources import read_file_bytes
from qualframe.formats.tables import (
    CSV_SUFFIXES,
    XLSX_SUFFIXES,
    CellValue,
    Table,
    TableRow,
    read_table_bytes,
    write_table,
)

#: Columns written to CSV and XLSX, in order.
TABLE_COLUMNS = ("code", *TEXT_FIELDS, "origin", "colour", "retired")


# ---------------------------------------------------------------- reading


def read_codebook(path: Path) -> list[CodeRecord]:
    """Read a codebook file (CSV, TSV, XLSX or YAML, by suffix).

    Raises :class:`InputFileError` naming the file (and line when known)
    when it cannot be read or breaks a rule listed in
    :func:`read_codebook_bytes`.
    """
    return read_codebook_bytes(read_file_bytes(path), str(path))


def read_codebook_bytes(data: bytes, name: str) -> list[CodeRecord]:
    """Read the bytes of codebook file ``name``; parents come before children.

    Raises :class:`InputFileError` naming ``name`` (and the line or row)
    for: an unsupported suffix, an unreadable table or YAML document, a
    missing ``code`` (or ``name``) column, an empty code name, a path listed
    twice, an origin other than deductive/inductive, a colour that is not a
    hex colour, a retired value that is not yes/no, a YAML file over 10 MB,
    a YAML root that is not a mapping with a ``codes`` list, an unknown YAML
    key, a YAML tag other than plain values, or a name containing ``" > "``.
    """
    suffix = Path(name).suffix.lower()
    if suffix in CSV_SUFFIXES or suffix in XLSX_SUFFIXES:
        drafts = _table_drafts(read_table_bytes(data, name))
    elif suffix in YAML_SUFFIXES:
        drafts = read_yaml_drafts(data, name)
    else:
        supported = ", ".join(CSV_SUFFIXES + XLSX_SUFFIXES + YAML_SUFFIXES)
        raise InputFileError(
            name, f"a codebook must be one of {supported}, not {suffix or 'a file without suffix'}"
        )
    return _complete_tree(name, [record_from_draft(name, draft) for draft in drafts], drafts)


def _complete_tree(
    source: str, records: list[CodeRecord], drafts: list[CodeDraft]
) -> list[CodeRecord]:
    """Reject duplicate paths, add implicit parents, order parents first."""
    explicit: dict[tuple[str, ...], CodeRecord] = {}
    first_line: dict[tuple[str, ...], int | None] = {}
    for record, draft in zip(records, drafts, strict=True):
        if record.path in explicit:
            first = first_line[record.path]
            raise InputFileError(
                source,
                f"the code {PATH_SEPARATOR.join(record.path)!r} is listed twice"
                + (f" (first on line {first})" if first is not None else ""),
                line=draft.line,
            )
        explicit[record.path] = record
        first_line[record.path] = draft.line
    ordered: dict[tuple[str, ...], CodeRecord] = {}
    for path in explicit:
        for depth in range(1, len(path) + 1):
            prefix = path[:depth]
            if prefix not in ordered:
                ordered[prefix] = explicit.get(prefix) or CodeRecord(path=prefix)
    return list(ordered.values())


# ---------------------------------------------------------------- tabular


def _table_drafts(table: Table) -> list[CodeDraft]:
    columns = _map_columns(table)
    has_parent = "parent" in columns
    name_column = columns.get("name") or columns["code"]
    drafts = []
    for row in table.rows:
        own = cell_text(row.values[name_column])
        if not own:
            raise InputFileError(
                table.source,
                f"the {name_column!r} cell is empty; every code needs a name",
                line=row.line,
            )
        if has_parent:
            path = _named_path(table.source, row, own, cell_text(row.values[columns["parent"]]))
        else:
            path = split_path(table.source, row.line, own)
        fields = {
            key: row.values[column]
            for key, column in columns.items()
            if key not in ("code", "name", "parent")
        }
        drafts.append(CodeDraft(line=row.line, path=path, fields=fields))
    return drafts


def _named_path(source: str, row: TableRow, own: str, parent: str) -> tuple[str, ...]:
    check_own_name(source, row.line, own, "put the parent in the 'parent' column")
    parents = split_path(source, row.line, parent) if parent else ()
    return (*parents, own)


def _map_columns(table: Table) -> dict[str, str]:
    """Field name -> column name; checks the code/name column is present."""
    columns: dict[str, str] = {}
    for column in table.columns:
        key = field_name(column)
        if key is None or key == "children":
            continue
        if key in columns:
            raise InputFileError(
                table.source,
                f"the columns {columns[key]!r} and {column!r} both give the {key}; keep one",
            )
        columns[key] = column
    if "code" not in columns and "name" not in columns:
        found = ", ".join(repr(column) for column in table.columns)
        raise InputFileError(
            table.source,
            f"there is no 'code' column (the columns are: {found}); name the column holding "
            "the code path 'code', or use 'name' and 'parent' columns",
        )
    if "code" in columns and "name" in columns:
        raise InputFileError(
            table.source,
            f"there are both a {columns['code']!r} and a {columns['name']!r} column; use "
            "'code' for the full path, or 'name' with 'parent'",
        )
    return columns


# ---------------------------------------------------------------- writing


def write_codebook(records: Sequence[CodeRecord], path: Path) -> None:
    """Write ``records`` to ``path`` as CSV, XLSX or YAML (by suffix), in
    tree order; parents missing from ``records`` are written with empty
    fields so that the file reads back as a complete tree.

    Raises :class:`ValidationError` for an unsupported suffix, an empty
    path or name, a name containing ``" > "``, or a path given twice;
    ``OSError`` when the file cannot be written.
    """
    ordered = _tree_order(path, records)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        write_table(TABLE_COLUMNS, (_table_row(record) for record in ordered), path)
    elif suffix in YAML_SUFFIXES:
        write_yaml_codebook(ordered, path)
    else:
        raise ValidationError(
            f"{path}: a codebook can be written as .csv, .xlsx, .yaml or .yml, not {suffix!r}"
        )


def _tree_order(path: Path, records: Sequence[CodeRecord]) -> list[CodeRecord]:
    """Records in depth-first order, siblings as first met; missing parents added."""
    by_path: dict[tuple[str, ...], CodeRecord] = {}
    for record in records:
        if not record.path or not all(name.strip() for name in record.path):
            raise ValidationError(f"{path}: a code has an empty name ({record.path!r})")
        bad = [name for name in record.path if SEPARATOR_RE.search(name)]
        if bad:
            raise ValidationError(
                f"{path}: the code name {bad[0]!r} contains {PATH_SEPARATOR!r}, the path separator"
            )
        if record.path in by_path:
            raise ValidationError(
                f"{path}: the code {PATH_SEPARATOR.join(record.path)!r} is given twice"
            )
        by_path[record.path] = record
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for code_path in list(by_path):
        for depth in range(1, len(code_path) + 1):
            prefix, parent = code_path[:depth], code_path[: depth - 1]
            siblings = children.setdefault(parent, [])
            if prefix not in siblings:
                siblings.append(prefix)
            by_path.setdefault(prefix, CodeRecord(path=prefix))
    return [by_path[code_path] for code_path in _depth_first(children, ())]


def _depth_first(
    children: Mapping[tuple[str, ...], list[tuple[str, ...]]], root: tuple[str, ...]
) -> Iterator[tuple[str, ...]]:
    stack = list(reversed(children.get(root, [])))
    while stack:
        code_path = stack.pop()
        yield code_path
        stack.extend(reversed(children.get(code_path, [])))


def _table_row(record: CodeRecord) -> list[CellValue]:
    return [
        PATH_SEPARATOR.join(record.path),
        record.definition or None,
        record.inclusion or None,
        record.exclusion or None,
        record.example or None,
        record.origin.value,
        record.colour,
        "yes" if record.retired else "no",
    ]


__all__ = [
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "PATH_SEPARATOR",
    "TABLE_COLUMNS",
    "YAML_SUFFIXES",
    "CodeRecord",
    "read_codebook",
    "read_codebook_bytes",
    "write_codebook",
]
