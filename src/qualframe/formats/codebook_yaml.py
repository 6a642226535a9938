"""The YAML layout of codebook files: reading and writing nested codes.

::

    codes:
      - name: Disclosure
        definition: ...
        origin: deductive
        colour: "#1F77B4"
        children:
          - name: Expectations
            retired: true

A code of a ``children`` list may also be written as its bare name. Unknown
keys are errors (a typo would otherwise lose data), and so are explicit tags
(``!!python/object``...), aliases repeating a code, files over
:data:`MAX_YAML_BYTES` and nesting deeper than :data:`MAX_YAML_DEPTH`. The
file is parsed into nodes with the safe loader and nothing is constructed,
so values keep the text as written (``1.0`` stays ``"1.0"``).

:func:`read_yaml_drafts` returns the codes as drafts (validated into records
by :mod:`qualframe.formats.codebook_files`); :func:`write_yaml_codebook`
writes records given in tree order.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from qualframe.errors import InputFileError
from qualframe.formats.codebook_records import (
    TEXT_FIELDS,
    CodeDraft,
    CodeRecord,
    cell_text,
    check_own_name,
    field_name,
)
from qualframe.formats.tables import CellValue, write_atomically
from qualframe.formats.text_decoding import decode_text

#: Largest YAML codebook accepted.
MAX_YAML_BYTES = 10 * 1024 * 1024
#: Deepest nesting of codes accepted in a YAML codebook.
MAX_YAML_DEPTH = 100
YAML_SUFFIXES = (".yaml", ".yml")
#: Keys of a code in a YAML codebook (synonyms of these are accepted too).
_YAML_KEYS = ("name", *TEXT_FIELDS, "origin", "colour", "retired", "children")
_YAML_TAG = "tag:yaml.org,2002:"
_YAML_PLAIN_TAGS = frozenset(
    _YAML_TAG + kind for kind in ("str", "int", "float", "bool", "timestamp")
)
_YAML_ACCEPTED_TAGS = _YAML_PLAIN_TAGS | {_YAML_TAG + kind for kind in ("null", "seq", "map")}


def read_yaml_drafts(data: bytes, source: str) -> list[CodeDraft]:
    """The codes of YAML codebook ``data`` (file ``source``) as drafts, parents
    before children. Raises :class:`InputFileError` naming ``source`` (and the
    line when known) for any rule of this module's layout broken."""
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
    drafts: list[CodeDraft] = []
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
    drafts: list[CodeDraft],
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
) -> tuple[CodeDraft, yaml.Node | None]:
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
    own = cell_text(_yaml_scalar(source, items["name"][1], "name")) if "name" in items else ""
    if not own:
        raise InputFileError(source, "this code has no name", line=line)
    check_own_name(source, line, own, "nest it under 'children' instead")
    children = items.get("children")
    draft = CodeDraft(line=line, path=(*parent, own), fields=fields)
    return draft, children[1] if children else None


def _root_codes(source: str, root: yaml.MappingNode) -> yaml.Node:
    """The value of the root's ``codes`` entry; other entries are ignored."""
    found = [
        (key, value)
        for key, value in root.value
        if cell_text(_yaml_scalar(source, key, "key")).lower() == "codes"
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
        spelling = cell_text(_yaml_scalar(source, key_node, "key"))
        key = field_name(spelling)
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


class _BlockDumper(yaml.SafeDumper):
    """Safe dumper writing multi-line text as literal blocks (``|``)."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar(_YAML_TAG + "str", value, style=style)


_BlockDumper.add_representer(str, _represent_text)


def write_yaml_codebook(ordered: list[CodeRecord], path: Path) -> None:
    """Write ``ordered`` (in tree order: parents before children) to ``path``
    atomically as nested YAML. Raises ``OSError`` when it cannot be written."""
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
    for key in TEXT_FIELDS:
        value = getattr(record, key)
        if value:
            mapping[key] = value
    mapping["origin"] = record.origin.value
    if record.colour:
        mapping["colour"] = record.colour
    if record.retired:
        mapping["retired"] = True
    return mapping
