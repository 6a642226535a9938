"""The codebook tree: naming, finding and listing codes.

A code's name is unique among its siblings, ignoring case, and may not
contain ``" > "``, which joins a path ("Theme > Sub-code"). Codes are named
by id, by name (when only one code has it) or by path: :func:`resolve_code`
gives a clear error otherwise. Changes to the tree are made by
:mod:`qualframe.services.codebook.editing`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.core import text_rules
from qualframe.services.core.choices import parse_choice
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.storage import queries
from qualframe.storage.models import Code
from qualframe.vocabulary import CodeOrigin

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.orm import Session

#: How a code path is written: "Theme > Sub-code".
PATH_SEPARATOR = " > "
#: Longest code name (the column's width).
MAX_NAME_LENGTH = text_rules.NAME_CHARS
#: Colours given to codes created without one, in order: the Okabe-Ito
#: palette (without black, which hides text) then Paul Tol's muted palette.
#: Both stay distinguishable with the common colour-vision deficiencies.
PALETTE: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
)
#: Text fields of a code, as named in files, records and the audit log.
TEXT_FIELDS = ("definition", "inclusion", "exclusion", "example")

_SEPARATOR_RE = re.compile(r"\s+>\s+")
_COLOUR_RE = re.compile(r"#?(?:([0-9a-fA-F]{6})|([0-9a-fA-F]{3}))")

#: A code given by id, by name or path ("Theme > Sub-code"), or as the object.
CodeRef = Ref | Code


@dataclass(frozen=True)
class CodeInfo:
    """A code as listed: where it sits in the tree, its fields and use.

    ``path`` runs from the top-level theme to the code; ``depth`` is 0 at
    the top level; ``coding_count`` counts this code's own codings and
    ``total_coding_count`` adds those of its sub-codes. ``version`` counts
    the changes to the code (1 when created): a change may state it as
    ``if_version``; ``guid`` identifies the code across exports, for good.
    """

    id: int
    path: tuple[str, ...]
    depth: int
    name: str
    definition: str
    inclusion: str
    exclusion: str
    example: str
    origin: CodeOrigin
    colour: str | None
    retired: bool
    parent_id: int | None
    position: int
    coding_count: int
    total_coding_count: int
    child_count: int
    version: int
    guid: str

    @property
    def path_text(self) -> str:
        """The path written as "Theme > Sub-code"."""
        return PATH_SEPARATOR.join(self.path)


# ---------------------------------------------------------------- values


def clean_name(name: str) -> str:
    """A code name normalised (NFC, single spaces, stripped) and checked.

    Raises :class:`ValidationError` for an empty or over-long name, one
    containing the path separator ``" > "``, or a character no database
    stores (:func:`~qualframe.services.core.text_rules.check_name`).
    """
    cleaned = text_rules.normalised_name(name)
    if not cleaned:
        raise ValidationError("A code needs a name.")
    text_rules.check_name(cleaned, "code name", MAX_NAME_LENGTH)
    if _SEPARATOR_RE.search(cleaned):
        parts = split_path(cleaned)
        raise ValidationError(
            f"The code name {cleaned!r} contains {PATH_SEPARATOR!r}, which separates a theme "
            f"from its sub-codes; to create {parts[-1]!r} under "
            f"{PATH_SEPARATOR.join(parts[:-1])!r}, give that as the parent."
        )
    return cleaned


def clean_text(value: str | None) -> str:
    """A text field normalised: NFC, LF line ends, stripped (None gives "")."""
    return text_rules.normalised_text(value)


def normalise_colour(value: str) -> str:
    """``value`` (``#RRGGBB``, ``RRGGBB`` or ``#RGB``) as upper-case ``#RRGGBB``.

    Raises :class:`ValidationError` for anything else.
    """
    text = str(value).strip()
    match = _COLOUR_RE.fullmatch(text)
    if match is None:
        raise ValidationError(f"{text!r} is not a colour; give it as #RRGGBB, for example #0072B2.")
    digits = match.group(1) or "".join(c * 2 for c in match.group(2))
    return "#" + digits.upper()


def parse_origin(value: CodeOrigin | str) -> CodeOrigin:
    """``value`` as a :class:`CodeOrigin`; raises :class:`ValidationError` if unknown."""
    allowed = " or ".join(o.value for o in CodeOrigin)
    return parse_choice(CodeOrigin, value, f"The origin {{value}} is not known; use {allowed}.")


def split_path(text: str) -> tuple[str, ...]:
    """ "Theme > Sub-code" as ``("Theme", "Sub-code")`` (names stripped)."""
    return tuple(" ".join(part.split()) for part in _SEPARATOR_RE.split(text.strip()))


def next_colour(uow: UnitOfWork) -> str:
    """The palette colour used by the fewest codes of the project (first on ties)."""
    usage = queries.codes.colour_usage(uow.session, uow.project_id)
    return min(PALETTE, key=lambda colour: usage.get(colour, 0))


# ---------------------------------------------------------------- finding codes


def code_path(session: Session, code: Code) -> tuple[str, ...]:
    """The names from the top-level theme down to ``code``."""
    names = [code.name]
    parent_id = code.parent_id
    while parent_id is not None:
        parent = session.get(Code, parent_id)
        if parent is None:  # pragma: no cover - the foreign key forbids it
            break
        names.append(parent.name)
        parent_id = parent.parent_id
    return tuple(reversed(names))


def path_text(session: Session, code: Code) -> str:
    """The code's path written "Theme > Sub-code"."""
    return PATH_SEPARATOR.join(code_path(session, code))


def describe(session: Session, code: Code) -> str:
    """The code as messages name it: "the code 'Theme > Sub-code'"."""
    return f"the code {path_text(session, code)!r}"


def check_code_version(uow: UnitOfWork, code: Code, if_version: int | None) -> None:
    """Refuse a change to ``code`` based on a stale read: raises
    :class:`~qualframe.errors.StaleVersionError` when ``if_version`` (None:
    no check) is not the code's stored version. Reads only."""
    if if_version is not None:
        check_version(code, if_version, describe(uow.session, code))


def resolve_code(uow: UnitOfWork, ref: CodeRef) -> Code:
    """The code ``ref`` names: an id, a path "Theme > Sub-code", a name, or a Code.

    Names and path elements match exactly, else ignoring case. Raises
    :class:`NotFoundError` when no code matches (suggesting close names)
    and :class:`ValidationError` when a bare name is used by several codes
    (listing their paths).
    """
    if isinstance(ref, Code):
        if ref.project_id != uow.project_id:
            raise NotFoundError(f"The code {ref.name!r} belongs to another project.")
        return ref
    if isinstance(ref, int) and not isinstance(ref, bool):
        code = uow.session.get(Code, ref)
        if code is None or code.project_id != uow.project_id:
            raise NotFoundError(f"There is no code with id {ref} in this project.")
        return code
    text = text_rules.normalised_name(ref)
    if not text:
        raise ValidationError("Name a code (its name or its path, like 'Theme > Sub-code').")
    if text_rules.text_problem(text, "code name") is not None:  # no code has it; not queried
        raise NotFoundError(f"There is no code called {text!r}.")
    if _SEPARATOR_RE.search(text):
        return _code_at_path(uow, split_path(text))
    return _code_named(uow, text)


def _code_named(uow: UnitOfWork, name: str) -> Code:
    found = queries.codes.codes_named(uow.session, uow.project_id, name)
    if not found:
        found = queries.codes.codes_named_ignoring_case(uow.session, uow.project_id, name)
    if len(found) == 1:
        return found[0]
    if found:
        order = {code.id: n for n, code in enumerate(CodeTree.load(uow).depth_first())}
        paths = [path_text(uow.session, code) for code in sorted(found, key=lambda c: order[c.id])]
        listed = ", ".join(repr(p) for p in paths)
        raise ValidationError(
            f"Several codes are called {name!r}: {listed}; give the full path, "
            f"for example {paths[0]!r}."
        )
    raise NotFoundError(f"There is no code called {name!r}.{_suggestion(uow, name)}")


def _code_at_path(uow: UnitOfWork, path: Sequence[str]) -> Code:
    parent: Code | None = None
    for depth, name in enumerate(path):
        parent_id = parent.id if parent is not None else None
        child = sibling_named(uow, parent_id, name)
        if child is None:
            wanted = PATH_SEPARATOR.join(path)
            where = (
                f"{PATH_SEPARATOR.join(path[:depth])!r} has no sub-code called {name!r}"
                if depth
                else f"there is no top-level code called {name!r}"
            )
            hint = _suggestion(uow, wanted)
            raise NotFoundError(f"There is no code {wanted!r}: {where}.{hint}")
        parent = child
    assert parent is not None  # paths have at least one name
    return parent


def sibling_named(uow: UnitOfWork, parent_id: int | None, name: str) -> Code | None:
    """The child of ``parent_id`` (None: top level) called ``name``, exactly or
    else ignoring case."""
    children = queries.codes.children_of(uow.session, uow.project_id, parent_id)
    for child in children:
        if child.name == name:
            return child
    folded = name.casefold()
    matches = [child for child in children if child.name.casefold() == folded]
    return matches[0] if len(matches) == 1 else None


def _suggestion(uow: UnitOfWork, wanted: str) -> str:
    """ " Did you mean ...?" naming the closest code paths or names, if any."""
    tree = CodeTree.load(uow)
    candidates = {PATH_SEPARATOR.join(tree.path(code)) for code in tree.codes}
    candidates |= {code.name for code in tree.codes}
    close = difflib.get_close_matches(wanted, sorted(candidates), n=3, cutoff=0.6)
    if not close:
        return ""
    return " Did you mean " + " or ".join(repr(c) for c in close) + "?"


class CodeTree:
    """The project's codes in memory, for walking the tree without queries."""

    def __init__(self, codes: Sequence[Code]) -> None:
        self.codes = list(codes)
        self.by_id = {code.id: code for code in self.codes}
        self.children: dict[int | None, list[Code]] = {}
        for code in self.codes:  # already ordered by position, then id
            self.children.setdefault(code.parent_id, []).append(code)

    @classmethod
    def load(cls, uow: UnitOfWork) -> CodeTree:
        """Every code of the project, read once per unit of work.

        The unit of work's cache writes pending changes first (which empties
        it): a tree loaded after a change sees it, and loading the tree again
        without a change in between runs no query.
        """
        return uow.cached(("code tree", uow.project_id), lambda: cls._read(uow))

    @classmethod
    def _read(cls, uow: UnitOfWork) -> CodeTree:
        return cls(queries.codes.project_codes(uow.session, uow.project_id))

    def path(self, code: Code) -> tuple[str, ...]:
        """Names from the top level down to ``code``."""
        names = [code.name]
        parent_id = code.parent_id
        while parent_id is not None:
            parent = self.by_id[parent_id]
            names.append(parent.name)
            parent_id = parent.parent_id
        return tuple(reversed(names))

    def depth_first(self, root: Code | None = None) -> list[Code]:
        """The subtree below ``root`` (everything when None), each code before its
        descendants, siblings by position; ``root`` itself is not included."""
        ordered: list[Code] = []
        stack = list(reversed(self.children.get(root.id if root else None, [])))
        while stack:
            code = stack.pop()
            ordered.append(code)
            stack.extend(reversed(self.children.get(code.id, [])))
        return ordered

    def ancestors(self, code: Code) -> list[Code]:
        """The codes above ``code``, nearest first."""
        found = []
        parent_id = code.parent_id
        while parent_id is not None:
            parent = self.by_id[parent_id]
            found.append(parent)
            parent_id = parent.parent_id
        return found


# ---------------------------------------------------------------- reading


def code_info(uow: UnitOfWork, code: CodeRef) -> CodeInfo:
    """One code, by id, name or path "Theme > Sub-code": where it sits in the
    tree, its fields and how many codings it has (own and with sub-codes).

    Reads only. Raises :class:`NotFoundError` for an unknown code and
    :class:`ValidationError` when a bare name is shared (listing the paths).
    """
    return code_infos(uow, [resolve_code(uow, code)])[0]


def code_infos(
    uow: UnitOfWork, codes: Sequence[Code], *, tree: CodeTree | None = None
) -> list[CodeInfo]:
    """The listing records of ``codes`` (in the order given), reading the tree
    (unless given: a change that kept the tree's shape) once and counting the
    codings of only these codes and their sub-codes, in one statement."""
    if not codes:
        return []
    tree = tree or CodeTree.load(uow)
    counted = {c.id for code in codes for c in [code, *tree.depth_first(code)]}
    counts = queries.codes.coding_counts(uow.session, counted)
    return [_info(tree, code, counts) for code in codes]


def _info(tree: CodeTree, code: Code, counts: dict[int, int]) -> CodeInfo:
    below = tree.depth_first(code)
    total = sum(counts.get(c.id, 0) for c in [code, *below])
    return _record(code, tree.path(code), counts.get(code.id, 0), total, tree)


def _record(code: Code, path: tuple[str, ...], own: int, total: int, tree: CodeTree) -> CodeInfo:
    """The :class:`CodeInfo` of ``code`` at ``path`` with ``own``/``total`` codings."""
    return CodeInfo(
        id=code.id,
        path=path,
        depth=len(path) - 1,
        name=code.name,
        definition=code.definition,
        inclusion=code.inclusion,
        exclusion=code.exclusion,
        example=code.example,
        origin=CodeOrigin(code.origin),
        colour=code.colour,
        retired=bool(code.retired),
        parent_id=code.parent_id,
        position=code.position,
        coding_count=own,
        total_coding_count=total,
        child_count=len(tree.children.get(code.id, [])),
        version=code.version,
        guid=code.guid,
    )


def tree(uow: UnitOfWork, *, include_retired: bool = True) -> list[CodeInfo]:
    """Every code, each before its sub-codes, siblings in order, with its path,
    fields and coding counts (own and with sub-codes). Reads only.

    Without ``include_retired``, retired codes and everything below them are
    left out (only the codes offered for coding). ``project.codebook.tree()``
    gives the :class:`CodeInfo` records; ``codes_frame()`` the same as a
    DataFrame with :data:`FRAME_COLUMNS`.
    """
    code_tree = CodeTree.load(uow)
    counts = queries.codings.counts_by_code(uow.session, uow.project_id)
    ordered = code_tree.depth_first()
    # One pass down for paths and hidden flags, one up for the totals: the
    # tree of a large framework is listed in linear time.
    paths: dict[int, tuple[str, ...]] = {}
    hidden: dict[int, bool] = {}
    for code in ordered:
        above = code.parent_id
        paths[code.id] = (*paths[above], code.name) if above is not None else (code.name,)
        hidden[code.id] = bool(code.retired) or (above is not None and hidden[above])
    totals: dict[int, int] = {}
    for code in reversed(ordered):
        below = code_tree.children.get(code.id, [])
        totals[code.id] = counts.get(code.id, 0) + sum(totals[child.id] for child in below)
    return [
        _record(code, paths[code.id], counts.get(code.id, 0), totals[code.id], code_tree)
        for code in ordered
        if include_retired or not hidden[code.id]
    ]


#: Columns of :func:`frame_of` (``project.codebook.codes_frame()``).
FRAME_COLUMNS = (
    "id",
    "path",
    "name",
    "depth",
    "parent_id",
    "parent",
    "position",
    *TEXT_FIELDS,
    "origin",
    "colour",
    "retired",
    "coding_count",
    "total_coding_count",
    "child_count",
)


def frame_of(infos: Iterable[CodeInfo]) -> pd.DataFrame:
    """:class:`CodeInfo` records as a DataFrame, one row per code, with
    :data:`FRAME_COLUMNS`: ``path`` and ``parent`` are written "Theme >
    Sub-code" and ``origin`` as its value; the other columns are those of
    :class:`CodeInfo`."""
    import pandas as pd

    rows = [
        {
            "id": info.id,
            "path": info.path_text,
            "name": info.name,
            "depth": info.depth,
            "parent_id": info.parent_id,
            "parent": PATH_SEPARATOR.join(info.path[:-1]) or None,
            "position": info.position,
            **{key: getattr(info, key) for key in TEXT_FIELDS},
            "origin": info.origin.value,
            "colour": info.colour,
            "retired": info.retired,
            "coding_count": info.coding_count,
            "total_coding_count": info.total_coding_count,
            "child_count": info.child_count,
        }
        for info in infos
    ]
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    return frame.astype({"parent_id": "Int64"})
