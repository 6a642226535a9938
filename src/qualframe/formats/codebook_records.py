"""Codebook records and the field values shared by every codebook layout.

A :class:`CodeRecord` is one code of a codebook file, named by its path from
the root. The readers of each layout (tabular in
:mod:`qualframe.formats.codebook_files`, YAML in
:mod:`qualframe.formats.codebook_yaml`) first collect a :class:`CodeDraft`
per code (its path, raw field values and line) and turn it into a record
with :func:`record_from_draft`, which validates the values the same way
for every layout: ``origin`` is ``deductive`` (default) or ``inductive``;
``colour`` is ``#RGB``, ``#RRGGBB`` or ``RRGGBB`` and becomes ``#RRGGBB``
upper case; ``retired`` is yes/no, true/false or 1/0 (default no); text is
stripped and normalised to NFC. Errors are :class:`InputFileError` naming
the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qualframe.errors import InputFileError
from qualframe.formats.tables import CellValue
from qualframe.formats.text_decoding import normalise_text
from qualframe.vocabulary import CodeOrigin

#: How a code path is written in one cell: "Parent > Child".
PATH_SEPARATOR = " > "
#: ">" standing alone between white space (or at an end): "Age>65" is one name.
SEPARATOR_RE = re.compile(r"\s*(?<!\S)>(?!\S)\s*")
_COLOUR_RE = re.compile(r"#?([0-9a-fA-F]{6})|#([0-9a-fA-F]{3})")
_TRUE = frozenset({"yes", "y", "true", "1"})
_FALSE = frozenset({"no", "n", "false", "0"})
TEXT_FIELDS = ("definition", "inclusion", "exclusion", "example")
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
class CodeDraft:
    """A code being read: its path, raw field values and line (None when unknown,
    for error messages)."""

    line: int | None
    path: tuple[str, ...]
    fields: dict[str, CellValue] = field(default_factory=dict)


def record_from_draft(source: str, draft: CodeDraft) -> CodeRecord:
    """Validate a draft's field values into a CodeRecord.

    Raises :class:`InputFileError` naming ``source`` and the draft's line for
    a bad origin, colour or retired value.
    """
    values = draft.fields
    texts = {key: cell_text(values.get(key)) for key in TEXT_FIELDS}
    return CodeRecord(
        path=draft.path,
        origin=_origin(source, draft.line, values.get("origin")),
        colour=_colour(source, draft.line, values.get("colour")),
        retired=_retired(source, draft.line, values.get("retired")),
        **texts,
    )


def cell_text(value: CellValue) -> str:
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
    text = cell_text(value).lower()
    if not text:
        return CodeOrigin.DEDUCTIVE
    try:
        return CodeOrigin(text)
    except ValueError:
        allowed = " or ".join(origin.value for origin in CodeOrigin)
        raise InputFileError(
            source, f"the origin {cell_text(value)!r} is not allowed; use {allowed}", line=line
        ) from None


def _colour(source: str, line: int | None, value: CellValue) -> str | None:
    text = cell_text(value)
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
    text = cell_text(value).lower()
    if not text or text in _FALSE:
        return False
    if text in _TRUE:
        return True
    raise InputFileError(
        source,
        f"retired must be yes or no (or true/false, 1/0), not {cell_text(value)!r}",
        line=line,
    )


def split_path(source: str, line: int | None, text: str) -> tuple[str, ...]:
    """Split a "Parent > Child" cell; every part must be a non-empty name."""
    parts = tuple(part.strip() for part in SEPARATOR_RE.split(text.strip()))
    if not all(parts):
        raise InputFileError(
            source, f"the code path {text!r} has an empty name between separators", line=line
        )
    return parts


def check_own_name(source: str, line: int | None, name: str, instead: str) -> None:
    """Raise :class:`InputFileError` (file ``source``, ``line``) when a code's own
    ``name`` contains the path separator; ``instead`` tells how the file
    gives a parent (e.g. "nest it under 'children' instead")."""
    if SEPARATOR_RE.search(name):
        raise InputFileError(
            source,
            f"the name {name!r} contains {PATH_SEPARATOR.strip()!r} between spaces, which "
            f"qualframe uses to separate parent and child; {instead}",
            line=line,
        )


def field_name(spelling: str) -> str | None:
    """The field a column or key name stands for, or None."""
    key = re.sub(r"[\s_\-]+", " ", spelling.strip().lower()).strip()
    return _FIELD_BY_SPELLING.get(key)
