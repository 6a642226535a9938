"""What the codebook pages show: the tree with its filter, the colour
choices, and the values of the code form.

The filter here and ``static/js/codebook_filter.js`` agree: a code matches
when every word of the query is in its name or its texts (definition,
inclusion, exclusion, example), ignoring case; its ancestors are shown
with it, for context.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel

from qualframe.errors import ValidationError
from qualframe.services.codebook.editing import CodeFields
from qualframe.services.codebook.tree import PALETTE, TEXT_FIELDS, CodeInfo
from qualframe.vocabulary import CodeOrigin
from qualframe.web.server.links import code_link

#: Names of the palette colours, so a colour is never shown by its swatch alone.
COLOUR_NAMES: dict[str, str] = dict(
    zip(
        PALETTE,
        (
            "orange",
            "sky blue",
            "bluish green",
            "yellow",
            "blue",
            "vermilion",
            "reddish purple",
            "indigo",
            "cyan",
            "teal",
            "green",
            "olive",
            "sand",
            "rose",
            "wine",
            "purple",
        ),
        strict=True,
    )
)
#: What each origin means, for the forms.
ORIGIN_HINTS = {
    CodeOrigin.DEDUCTIVE: "Deductive: part of the framework set up before coding.",
    CodeOrigin.INDUCTIVE: "Inductive: emerged from the data during coding.",
}
#: The code form's value for "no colour chosen: take the palette's least-used one".
AUTOMATIC = ""
#: The code form's value for "the colour in the colour picker".
CUSTOM = "custom"


def code_page(project_id: int, code_id: int | None = None) -> str:
    """The codebook page, with ``code_id``'s detail shown when given."""
    base = f"/projects/{project_id}/codebook"
    return code_link(project_id, code_id) if code_id is not None else base


@dataclass
class TreeNode:
    """A code in the displayed tree with its sub-codes. ``matched``: it
    matches the filter; ``shown``: it matches or has a sub-code that does
    (hidden nodes stay in the page so the live filter can show them)."""

    code: CodeInfo
    children: list[TreeNode] = field(default_factory=list)
    matched: bool = True
    shown: bool = True


@dataclass(frozen=True)
class TreeView:
    """The tree as shown: top-level nodes, how many codes match the filter
    and how many are listed."""

    roots: list[TreeNode]
    matches: int
    total: int


def fold(text: str) -> str:
    """``text`` for matching: NFC, lower case (Unicode case folding), single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def searchable(code: CodeInfo) -> str:
    """The text the filter looks in: the name and the code's texts."""
    return fold(" ".join([code.name, *(getattr(code, key) for key in TEXT_FIELDS)]))


def matching_ids(codes: Iterable[CodeInfo], query: str) -> set[int]:
    """Ids of the codes whose name or texts contain every word of ``query``."""
    words = fold(query).split()
    return {code.id for code in codes if all(word in searchable(code) for word in words)}


def build_tree(
    codes: Sequence[CodeInfo], query: str = "", *, hide_retired: bool = False
) -> TreeView:
    """The nested tree of ``codes`` (in tree order): the codes matching
    ``query`` and their ancestors are shown, the others hidden; with
    ``hide_retired`` retired codes (and what lies under them) are hidden
    too. Every code gets a node, so the live filter can show it again."""
    listed: dict[int, CodeInfo] = {}
    for code in codes:  # a code under a left-out code is left out too
        left_out = (hide_retired and code.retired) or (
            code.parent_id is not None and code.parent_id not in listed
        )
        if not left_out:
            listed[code.id] = code
    matched = matching_ids(listed.values(), query) if query.strip() else set(listed)
    shown: set[int] = set()
    for code_id in matched:
        current: int | None = code_id
        while current is not None and current not in shown and current in listed:
            shown.add(current)
            current = listed[current].parent_id
    nodes: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for code in codes:
        node = TreeNode(code, matched=code.id in matched, shown=code.id in shown)
        nodes[code.id] = node
        parent = nodes.get(code.parent_id) if code.parent_id is not None else None
        (parent.children if parent is not None else roots).append(node)
    return TreeView(roots, len(matched), len(listed))


def descendants(codes: Sequence[CodeInfo], code: CodeInfo) -> list[CodeInfo]:
    """The codes below ``code``, in tree order (``codes`` is the whole tree)."""
    below = []
    depth_path = code.path
    for other in codes:
        if len(other.path) > len(depth_path) and other.path[: len(depth_path)] == depth_path:
            below.append(other)
    return below


def siblings(codes: Sequence[CodeInfo], code: CodeInfo) -> list[CodeInfo]:
    """The codes sharing ``code``'s parent (itself included), in order."""
    return [other for other in codes if other.parent_id == code.parent_id]


# ---------------------------------------------------------------- the code form


@dataclass(frozen=True)
class ColourChoice:
    """A palette colour offered in the form: its value and its name."""

    value: str
    name: str


def colour_choices() -> list[ColourChoice]:
    """The palette, each colour with its name."""
    return [ColourChoice(colour, name) for colour, name in COLOUR_NAMES.items()]


def colour_name(colour: str | None) -> str:
    """A colour for people: "blue (#0072B2)", or the hex value alone."""
    if not colour:
        return "none"
    name = COLOUR_NAMES.get(colour.upper())
    return f"{name} ({colour.upper()})" if name else colour.upper()


def optional_id(value: str, what: str) -> int | None:
    """The id typed in a form field (blank: None); anything but digits raises
    a :class:`ValidationError` naming ``what``."""
    text = value.strip()
    if not text:
        return None
    if not text.isdecimal():
        raise ValidationError(f"The {what} is given by its id (a number), not {text!r}.")
    return int(text)


def optional_version(value: str) -> int | None:
    """The version a form carried in its hidden ``if_version`` field (blank:
    None, no check); anything but digits raises a :class:`ValidationError`."""
    text = value.strip()
    if not text:
        return None
    if not text.isdecimal():
        raise ValidationError(f"The version the form was based on is a number, not {text!r}.")
    return int(text)


class CodeMoveForm(BaseModel):
    """The move form as typed: the new parent's id (blank: the top level), the
    place among its sub-codes, counted from 1 (blank: last), and the version
    of the code the form showed."""

    parent_id: str = ""
    position: str = ""
    if_version: str = ""

    def version(self) -> int | None:
        """The version the form was based on (None: not given)."""
        return optional_version(self.if_version)

    def parent(self) -> int | None:
        """The new parent's id (None: the top level)."""
        return optional_id(self.parent_id, "new parent")

    def index(self) -> int | None:
        """The new place counted from 0 (None: last); below 1 is refused."""
        place = optional_id(self.position, "position")
        if place is not None and place < 1:
            raise ValidationError("A position counts from 1 (the first place).")
        return place - 1 if place else None


@dataclass(frozen=True)
class CodeForm:
    """The code form's values as typed (kept to show again after a refusal);
    ``if_version`` is the version of the code the edit form showed."""

    name: str = ""
    parent_id: int | None = None
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    origin: str = CodeOrigin.DEDUCTIVE.value
    colour_choice: str = AUTOMATIC
    custom_colour: str = "#0072B2"
    if_version: int | None = None

    @classmethod
    def of(cls, code: CodeInfo) -> CodeForm:
        """The form filled with an existing code's values."""
        colour = (code.colour or "").upper()
        in_palette = colour in COLOUR_NAMES
        return cls(
            name=code.name,
            parent_id=code.parent_id,
            definition=code.definition,
            inclusion=code.inclusion,
            exclusion=code.exclusion,
            example=code.example,
            origin=code.origin.value,
            colour_choice=colour if in_palette else (CUSTOM if colour else AUTOMATIC),
            custom_colour=colour if colour and not in_palette else "#0072B2",
            if_version=code.version,
        )

    def fields(self) -> CodeFields:
        """The code's fields as the codebook's use cases take them.

        Raises :class:`ValidationError` for a colour choice not offered.
        """
        return {
            "definition": self.definition,
            "inclusion": self.inclusion,
            "exclusion": self.exclusion,
            "example": self.example,
            "origin": self.origin,
            "colour": self.colour(),
        }

    def colour(self) -> str | None:
        """The chosen colour (#RRGGBB), or None for "automatic".

        Raises :class:`ValidationError` for a choice that is neither a
        palette colour, "automatic" nor "custom".
        """
        if self.colour_choice == AUTOMATIC:
            return None
        if self.colour_choice == CUSTOM:
            return self.custom_colour
        if self.colour_choice.upper() in COLOUR_NAMES:
            return self.colour_choice.upper()
        raise ValidationError(f"The colour choice {self.colour_choice!r} is not one offered.")
