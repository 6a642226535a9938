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

YAML layout (nested)::

    codes:
      - name: Disclosure
        definition: ...
        origin: deductive
        colour: "#1F77B4"
        children:
          - name: Expectations
            retired: true

A code of a YAML ``children`` list may also be written as its bare name.
Unknown keys are errors in YAML (a typo would otherwise lose data).

Values: ``origin`` is ``deductive`` (default) or ``inductive``; ``colour`` is
``#RGB``, ``#RRGGBB`` or ``RRGGBB`` and is stored as ``#RRGGBB`` upper case;
``retired`` is yes/no, true/false or 1/0 (default no). Text is stripped and
normalised to NFC. A name may not contain the path separator (``>`` with
white space on both sides).

:func:`write_codebook` writes the codes in tree order (each code followed by
its descendants, siblings in the order given), so reading a written file
gives back exactly the records written when they were in tree order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from qualframe.errors import InputFileError, ValidationError
from qualframe.formats.tables import (
    CSV_SUFFIXES,
    XLSX_SUFFIXES,
    CellValue,
    Table,
    TableRow,
    read_file_bytes,
    read_table_bytes,
    write_atomically,
    write_table,
)
from qualframe.formats.text_decoding import decode_text, normalise_text
from qualframe.vocabulary import CodeOrigin

#: How a code path is written in one cell: "Parent > Child".
PATH_SEPARATOR = " > "
#: Largest YAML codebook accepted.
MAX_YAML_BYTES = 10 * 1024 * 1024
#: Deepest nesting of codes accepted in a YAML codebook.
MAX_YAML_DEPTH = 100
YAML_SUFFIXES = (".yaml", ".yml")
#: ">" standing alone between white space (or at an end): "Age>65" is one name.
_SEPARATOR_RE = re.compile(r"\s*(?<!\S)>(?!\S)\s*")
_COLOUR_RE = re.compile(r"#?([0-9a-fA-F]{6})|#([0-9a-fA-F]{3})")
_TRUE = frozenset({"yes", "y", "true", "1"})
_FALSE = frozenset({"no", "n", "false", "0"})
_TEXT_FIELDS = ("definition", "inclusion", "exclusion", "example")
#: Columns written to CSV and XLSX, in order.
TABLE_COLUMNS = ("code", *_TEXT_FIELDS, "origin", "colour", "retired")
#: Accepted spellings (normalised: lower case, single spaces) of each field.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("code", "code path", "path", "full path"),
    "name": ("name", "code name"),
    "parent": ("parent", "parent code", "parent path"),
    "definition": ("definition", "description", "code definition", "meaning"),
    "inclusion": ("inclusion", "inclusion criteria", "include", "when to use"),
    "exclusion": ("exclusion", "exclusion criteria", "exclude", "when not to use"),
    "example": ("example", "examples", "example quote", "typical example"),
    "origin": ("origin", "code origin"),
    "colour": ("colour", "color", "code colour", "code color"),
    "retired": ("retired", "archived"),
    "children": ("children",),
}
_FIELD_BY_SPELLING = {
    spelling: name for name, spellings in _SYNONYMS.items() for spelling in spellings
}
#: Keys of a code in a YAML codebook (synonyms of these are accepted too).
_YAML_KEYS = ("name", *_TEXT_FIELDS, "origin", "colour", "retired", "children")
_YAML_TAG = "tag:yaml.org,2002:"
_YAML_PLAIN_TAGS = frozenset(
    _YAML_TAG + kind for kind in ("str", "int", "float", "bool", "timestamp")
)
_YAML_ACCEPTED_TAGS = _YAML_PLAIN_TAGS | {_YAML_TAG + kind for kind in ("null", "seq", "map")}


@dataclass(frozen=True)
class CodeRecord:
    """One code of a codebook file, named by its ``path`` from the root.

    ``colour`` is ``"#RRGGBB"`` (upper case) or ``None``.
    """

    path: tuple[str, ...]
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    origin: CodeOrigin = CodeOrigin.DEDUCTIVE
    colour: str | None = None
    retired: bool = False

    @property
    def name(self) -> str:
        """The code's own name (last element of its path)."""
        return self.path[-1]


@dataclass
class _Draft:
    """A code being read, with where it was found (for error messages)."""

    line: int | None
    path: tuple[str, ...]
    fields: dict[str, CellValue] = field(default_factory=dict)


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
        drafts = _yaml_drafts(data, name)
    else:
        supported = ", ".join(CSV_SUFFIXES + XLSX_SUFFIXES + YAML_SUFFIXES)
        raise InputFileError(
            name, f"a codebook must be one of {supported}, not {suffix or 'a file without suffix'}"
        )
    return _complete_tree(name, [_record(name, draft) for draft in drafts], drafts)


def _record(source: str, draft: _Draft) -> CodeRecord:
    """Validate a draft's field values into a CodeRecord."""
    values = draft.fields
    texts = {key: _text(values.get(key)) for key in _TEXT_FIELDS}
    return CodeRecord(
        path=draft.path,
        origin=_origin(source, draft.line, values.get("origin")),
        colour=_colour(source, draft.line, values.get("colour")),
        retired=_retired(source, draft.line, values.get("retired")),
        **texts,
    )


def _complete_tree(
    source: str, records: list[CodeRecord], drafts: list[_Draft]
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


def _text(value: CellValue) -> str:
    """Cell or YAML value as stripped NFC text ('' for empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return normalise_text(value).strip()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _origin(source: str, line: int | None, value: CellValue) -> CodeOrigin:
    text = _text(value).lower()
    if not text:
        return CodeOrigin.DEDUCTIVE
    try:
        return CodeOrigin(text)
    except ValueError:
        allowed = " or ".join(origin.value for origin in CodeOrigin)
        raise InputFileError(
            source, f"the origin {_text(value)!r} is not allowed; use {allowed}", line=line
        ) from None


def _colour(source: str, line: int | None, value: CellValue) -> str | None:
    text = _text(value)
    if not text:
        return None
    match = _COLOUR_RE.fullmatch(text)
    if match is None:
        raise InputFileError(
            source,
            f"the colour {text!r} is not a hex colour; write it like #1F77B4 or #F80",
            line=line,
        )
    six, three = match.groups()
    digits = six or "".join(digit * 2 for digit in three)
    return "#" + digits.upper()


def _retired(source: str, line: int | None, value: CellValue) -> bool:
    text = _text(value).lower()
    if not text or text in _FALSE:
        return False
    if text in _TRUE:
        return True
    raise InputFileError(
        source,
        f"retired must be yes or no (or true/false, 1/0), not {_text(value)!r}",
        line=line,
    )


def _split_path(source: str, line: int | None, text: str) -> tuple[str, ...]:
    """Split a "Parent > Child" cell; every part must be a non-empty name."""
    parts = tuple(part.strip() for part in _SEPARATOR_RE.split(text.strip()))
    if not all(parts):
        raise InputFileError(
            source, f"the code path {text!r} has an empty name between separators", line=line
        )
    return parts


def _field_name(spelling: str) -> str | None:
    """The field a column or key name stands for, or None."""
    key = re.sub(r"[\s_\-]+", " ", spelling.strip().lower()).strip()
    return _FIELD_BY_SPELLING.get(key)


# ---------------------------------------------------------------- tabular


def _table_drafts(table: Table) -> list[_Draft]:
    columns = _map_columns(table)
    has_parent = "parent" in columns
    name_column = columns.get("name") or columns["code"]
    drafts = []
    for row in table.rows:
        own = _text(row.values[name_column])
        if not own:
            raise InputFileError(
                table.source,
                f"the {name_column!r} cell is empty; every code needs a name",
                line=row.line,
            )
        if has_parent:
            path = _named_path(table.source, row, own, _text(row.values[columns["parent"]]))
        else:
            path = _split_path(table.source, row.line, own)
        fields = {
            key: row.values[column]
            for key, column in columns.items()
            if key not in ("code", "name", "parent")
        }
        drafts.append(_Draft(line=row.line, path=path, fields=fields))
    return drafts


def _named_path(source: str, row: TableRow, own: str, parent: str) -> tuple[str, ...]:
    if _SEPARATOR_RE.search(own):
        raise InputFileError(
            source,
            f"the name {own!r} contains {PATH_SEPARATOR.strip()!r} between spaces, which "
            "separates parent and child; put the parent in the 'parent' column",
            line=row.line,
        )
    parents = _split_path(source, row.line, parent) if parent else ()
    return (*parents, own)


def _map_columns(table: Table) -> dict[str, str]:
    """Field name -> column name; checks the code/name column is present."""
    columns: dict[str, str] = {}
    for column in table.columns:
        key = _field_name(column)
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


# ---------------------------------------------------------------- YAML


def _yaml_drafts(data: bytes, source: str) -> list[_Draft]:
    if len(data) > MAX_YAML_BYTES:
        raise InputFileError(
            source,
            f"the file is {len(data) // (1024 * 1024)} MB; a YAML codebook may be at most "
            f"{MAX_YAML_BYTES // (1024 * 1024)} MB",
        )
    root = _compose_yaml(decode_text(data, source), source)
    if root is not None:
        _check_tag(source, root)
    if not isinstance(root, yaml.MappingNode):
        kind = "nothing" if root is None else _yaml_kind(root)
        raise InputFileError(
            source,
            f"the file must start with 'codes:' followed by a list of codes, but it holds {kind}",
        )
    drafts: list[_Draft] = []
    _walk_yaml_codes(source, _root_codes(source, root), (), drafts, set())
    return drafts


def _compose_yaml(text: str, source: str) -> yaml.Node | None:
    """Parse YAML into nodes with the safe loader; nothing is constructed."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputFileError(
            source, f"this is not valid YAML ({exc.problem or exc.context})", line=line
        ) from None
    except yaml.YAMLError as exc:
        raise InputFileError(source, f"this is not valid YAML ({exc})") from None
    except RecursionError:
        raise InputFileError(source, "the YAML is nested too deeply to be a codebook") from None


def _walk_yaml_codes(
    source: str,
    node: yaml.Node,
    parent: tuple[str, ...],
    drafts: list[_Draft],
    seen: set[int],
) -> None:
    """Append a draft for every code of the ``codes``/``children`` list ``node``."""
    line = node.start_mark.line + 1
    _check_tag(source, node)
    if _is_null(node):
        return
    if not isinstance(node, yaml.SequenceNode):
        raise InputFileError(
            source, f"a list of codes was expected here, not {_yaml_kind(node)}", line=line
        )
    if len(parent) >= MAX_YAML_DEPTH:
        raise InputFileError(
            source, f"codes are nested more than {MAX_YAML_DEPTH} levels deep", line=line
        )
    for item in node.value:
        if id(item) in seen:
            raise InputFileError(
                source,
                "a code is repeated through a YAML alias (*name); write each code out once",
                line=item.start_mark.line + 1,
            )
        seen.add(id(item))
        draft, children = _yaml_code(source, item, parent)
        drafts.append(draft)
        if children is not None:
            _walk_yaml_codes(source, children, draft.path, drafts, seen)


def _yaml_code(
    source: str, node: yaml.Node, parent: tuple[str, ...]
) -> tuple[_Draft, yaml.Node | None]:
    """One code (mapping or bare name) and its ``children`` node, if any."""
    line = node.start_mark.line + 1
    _check_tag(source, node)
    if isinstance(node, yaml.ScalarNode):
        items: dict[str, tuple[str, yaml.Node]] = {"name": ("name", node)}
    elif isinstance(node, yaml.MappingNode):
        items = _code_items(source, node)
    else:
        raise InputFileError(
            source, f"a code must be a mapping with a name, not {_yaml_kind(node)}", line=line
        )
    fields: dict[str, CellValue] = {}
    for key, (spelling, value) in items.items():
        if key not in ("name", "children"):
            fields[key] = _yaml_scalar(source, value, spelling)
    if "colour" in items and fields["colour"] is None:
        _reject_unquoted_colour(source, items["colour"][1])
    own = _text(_yaml_scalar(source, items["name"][1], "name")) if "name" in items else ""
    if not own:
        raise InputFileError(source, "this code has no name", line=line)
    if _SEPARATOR_RE.search(own):
        raise InputFileError(
            source,
            f"the name {own!r} contains {PATH_SEPARATOR.strip()!r} between spaces, which "
            "qualframe uses to separate parent and child; nest it under 'children' instead",
            line=line,
        )
    children = items.get("children")
    draft = _Draft(line=line, path=(*parent, own), fields=fields)
    return draft, children[1] if children else None


def _root_codes(source: str, root: yaml.MappingNode) -> yaml.Node:
    """The value of the root's ``codes`` entry; other entries are ignored."""
    found = [
        (key, value)
        for key, value in root.value
        if _text(_yaml_scalar(source, key, "key")).lower() == "codes"
    ]
    if not found:
        raise InputFileError(source, "the file has no 'codes:' entry listing the codes")
    if len(found) > 1:
        line = found[1][0].start_mark.line + 1
        raise InputFileError(source, "the key 'codes' appears twice", line=line)
    return found[0][1]


def _code_items(source: str, node: yaml.MappingNode) -> dict[str, tuple[str, yaml.Node]]:
    """Field -> (key as written, value node) of a code; unknown or repeated keys fail."""
    items: dict[str, tuple[str, yaml.Node]] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        spelling = _text(_yaml_scalar(source, key_node, "key"))
        key = _field_name(spelling)
        if key not in _YAML_KEYS:
            allowed = ", ".join(_YAML_KEYS)
            raise InputFileError(
                source, f"unknown key {spelling!r}; a code may have: {allowed}", line=line
            )
        if key in items:
            raise InputFileError(source, f"the key {spelling!r} appears twice", line=line)
        items[key] = (spelling, value_node)
    return items


def _yaml_scalar(source: str, node: yaml.Node, what: str) -> str | None:
    """The text of a plain scalar node as written (None for null)."""
    _check_tag(source, node)
    if _is_null(node):
        return None
    if not isinstance(node, yaml.ScalarNode):
        raise InputFileError(
            source,
            f"the {what} must be a single value, not {_yaml_kind(node)}",
            line=node.start_mark.line + 1,
        )
    return str(node.value)


def _reject_unquoted_colour(source: str, node: yaml.Node) -> None:
    """``colour: #1F77B4`` reads as an empty colour: ``#`` starts a comment."""
    mark = node.start_mark
    rest = mark.buffer[mark.pointer :].split("\n", 1)[0] if isinstance(mark.buffer, str) else ""
    if rest.lstrip().startswith("#"):
        raise InputFileError(
            source,
            'put the colour in quotes, like colour: "#1F77B4"; in YAML an unquoted # '
            "starts a comment, so the colour would be lost",
            line=mark.line + 1,
        )


def _check_tag(source: str, node: yaml.Node) -> None:
    """Refuse explicit tags (``!!python/object``...): only plain YAML is a codebook."""
    if node.tag not in _YAML_ACCEPTED_TAGS:
        raise InputFileError(
            source,
            f"the YAML tag {_short_tag(node.tag)!r} is not accepted; a codebook holds only "
            "lists, mappings, text, numbers and yes/no values",
            line=node.start_mark.line + 1,
        )


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _YAML_TAG + "null"


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


def _yaml_kind(node: yaml.Node) -> str:
    """How to name an (accepted-tag) node to the user."""
    if isinstance(node, yaml.ScalarNode):
        return f"the value {node.value!r}"
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"


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
        _write_yaml(ordered, path)
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
        bad = [name for name in record.path if _SEPARATOR_RE.search(name)]
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


class _BlockDumper(yaml.SafeDumper):
    """Safe dumper writing multi-line text as literal blocks (``|``)."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar(_YAML_TAG + "str", value, style=style)


_BlockDumper.add_representer(str, _represent_text)


def _write_yaml(ordered: list[CodeRecord], path: Path) -> None:
    roots: list[dict[str, object]] = []
    mappings: dict[tuple[str, ...], dict[str, object]] = {}
    kids: dict[tuple[str, ...], list[dict[str, object]]] = {(): roots}
    for record in ordered:  # tree order: a parent always comes before its children
        mapping = mappings[record.path] = _yaml_mapping(record)
        parent = record.path[:-1]
        if parent not in kids:
            kids[parent] = []
            mappings[parent]["children"] = kids[parent]
        kids[parent].append(mapping)
    text = yaml.dump(
        {"codes": roots},
        Dumper=_BlockDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    data = ("# qualframe codebook: codes nested under 'children'\n" + text).encode()
    write_atomically(path, lambda stream: stream.write(data))


def _yaml_mapping(record: CodeRecord) -> dict[str, object]:
    mapping: dict[str, object] = {"name": record.name}
    for key in _TEXT_FIELDS:
        value = getattr(record, key)
        if value:
            mapping[key] = value
    mapping["origin"] = record.origin.value
    if record.colour:
        mapping["colour"] = record.colour
    if record.retired:
        mapping["retired"] = True
    return mapping


__all__ = [
    "MAX_YAML_BYTES",
    "PATH_SEPARATOR",
    "TABLE_COLUMNS",
    "CodeRecord",
    "read_codebook",
    "read_codebook_bytes",
    "write_codebook",
]
