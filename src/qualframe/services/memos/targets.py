"""What a memo is about: the project, or documents (or passages of them),
codes, codings, cases, participants and stored matrix cells, named by id or
by name, and labelled as memos show them.

A link is given with one keyword (:class:`MemoLinks`: ``code="Theme >
Sub-code"``, ``participant="P07"``...) or as a :data:`TargetSpec` such as
``target=("coding", 5)`` or ``("document", "P01.txt", (120, 180))`` (a
passage); with neither a memo is on the project.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypedDict, TypeVar, cast

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.codebook.tree import CodeRef, path_text, resolve_code
from qualframe.services.core.choices import parse_choice
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import Case, Code, Coding, Document, MatrixCell, Participant
from qualframe.vocabulary import MemoTarget

#: A passage ``(start, end)`` of a document's text, in code points.
Passage = tuple[int, int]

#: What a memo is linked to: the project (``MemoTarget.PROJECT`` or None),
#: or ``(target type, object)`` where the object is an id, a name (document
#: name, code name or path, case name, participant identifier) or, for a
#: code, the Code itself; a document may be followed by a passage:
#: ``("document", "P01.txt", (120, 180))``. A cell is given by its id.
TargetSpec = (
    MemoTarget
    | str
    | tuple[MemoTarget | str, int | str | Code | None]
    | tuple[MemoTarget | str, int | str | None, Passage | None]
    | None
)


class _Keep:
    """The type of :data:`KEEP`."""

    def __repr__(self) -> str:
        return "KEEP"


#: ``target=KEEP`` (an edit's default): the memo's link stays as it is.
KEEP: Any = _Keep()

E = TypeVar("E", bound=Enum)


class MemoLinks(TypedDict, total=False):
    """The one object a memo is about, as a keyword (None: not given).

    ``document``: id or name; ``code``: id, name or path "Theme > Sub-code";
    ``coding``: id; ``case``: id or name; ``participant``: id or identifier;
    ``cell``: the id of a stored matrix cell.
    """

    document: Ref | None
    code: Ref | None
    coding: int | None
    case: Ref | None
    participant: Ref | None
    cell: int | None


#: The keywords of :class:`MemoLinks`, in the order messages list them.
LINK_KEYWORDS = ("document", "code", "coding", "case", "participant", "cell")


def parse_target_type(value: MemoTarget | str) -> MemoTarget:
    """``value`` as a :class:`MemoTarget`; raises :class:`ValidationError` if unknown."""
    return parse_choice(
        MemoTarget, value, "A memo cannot be linked to a {value}; link it to one of: {allowed}."
    )


def chosen_target(target: TargetSpec, links: MemoLinks) -> TargetSpec:
    """The one target given, as ``target=`` or as one keyword of ``links``
    (``target`` itself, None or :data:`KEEP`, when no keyword is given).

    Raises :class:`ValidationError` when more than one is given, and
    ``TypeError`` for an unknown keyword, as a call would.
    """
    for name in links:
        if name not in LINK_KEYWORDS:
            raise TypeError(f"unexpected keyword argument {name!r}")
    refs = cast("dict[str, Ref | None]", links)
    given = [(name, ref) for name in LINK_KEYWORDS if (ref := refs.get(name)) is not None]
    explicit = target is not None and target is not KEEP
    if len(given) + explicit > 1:
        named = ", ".join([name for name, _ in given] + (["target"] if explicit else []))
        raise ValidationError(
            f"A memo is linked to one object at most, not to {named}, by keyword; give "
            "several with links=[...], e.g. links=[('code', 'Trust'), ('case', 'Trust A')]."
        )
    if given:
        kind, ref = given[0]
        return (MemoTarget(kind), ref)
    return target


@dataclass(frozen=True)
class Resolved:
    """A link resolved to the object's id (None: the project), with the passage
    of a document link (None: the whole document)."""

    kind: MemoTarget
    target_id: int | None
    passage: Passage | None = None


def resolve_target(uow: UnitOfWork, spec: TargetSpec) -> tuple[MemoTarget, int | None]:
    """The link type and object id a :data:`TargetSpec` names (any passage aside).

    Raises :class:`ValidationError` for an unknown target type or a project
    link given an object, and :class:`NotFoundError` for an unknown object.
    """
    found = resolve_link(uow, spec)
    return found.kind, found.target_id


def resolve_link(uow: UnitOfWork, spec: TargetSpec) -> Resolved:
    """The object (and passage) a :data:`TargetSpec` names. Reads only.

    Raises like :func:`resolve_target`, and :class:`ValidationError` for a
    passage on anything but a document, or one that is empty or runs past
    the document's text.
    """
    if spec is None:
        return Resolved(MemoTarget.PROJECT, None)
    passage: Any = None
    if isinstance(spec, tuple):
        kind, ref = parse_target_type(spec[0]), spec[1]
        passage = spec[2] if len(spec) > 2 else None
    else:
        kind, ref = parse_target_type(spec), None
    if kind is MemoTarget.PROJECT:
        if ref is not None or passage is not None:
            raise ValidationError("A memo on the project is not linked to any object.")
        return Resolved(kind, None)
    if ref is None:
        raise ValidationError(f"Say which {kind.value} the memo is about.")
    target_id = _target_id(uow, kind, ref)
    if passage is None:
        return Resolved(kind, target_id)
    if kind is not MemoTarget.DOCUMENT:
        raise ValidationError(f"A passage is part of a document, not of a {kind.value}.")
    return Resolved(kind, target_id, check_passage(uow, target_id, passage))


def check_passage(uow: UnitOfWork, document_id: int, passage: Any) -> Passage:
    """``passage`` as ``(start, end)``, checked against the document's text: two
    whole numbers with ``0 <= start < end <=`` its length (code points).
    Raises :class:`ValidationError` otherwise."""
    document = uow.session.get(Document, document_id)
    length = document.length if document is not None else 0
    try:
        if isinstance(passage, str | bytes) or any(isinstance(v, bool) for v in passage):
            raise TypeError
        start, end = (operator.index(value) for value in passage)
    except (TypeError, ValueError):
        raise ValidationError(
            f"A passage is given as (start, end), two character offsets; not {passage!r}."
        ) from None
    if not 0 <= start < end <= length:
        raise ValidationError(
            f"The passage [{start}:{end}] is not a passage of the document's text "
            f"(0 to {length} characters, start before end)."
        )
    return start, end


def _target_id(uow: UnitOfWork, kind: MemoTarget, ref: int | str | Code) -> int:
    if kind is MemoTarget.CODE:
        code_ref: CodeRef = ref
        return resolve_code(uow, code_ref).id
    if isinstance(ref, Code):
        raise ValidationError(f"A code was given where a {kind.value} was expected.")
    by_id = isinstance(ref, int) and not isinstance(ref, bool)
    if kind is MemoTarget.CELL:
        cell_id = ref if by_id else _integer(ref, "matrix cell")
        cell = uow.session.get(MatrixCell, cell_id)
        if cell is None or cell.project_id != uow.project_id:
            raise NotFoundError(f"There is no matrix cell with id {cell_id} in this project.")
        return cell.id
    if kind is MemoTarget.CODING:
        coding_id = ref if by_id else _integer(ref, "coding")
        coding = uow.session.get(Coding, coding_id)
        if coding is None or coding.project_id != uow.project_id:
            raise NotFoundError(f"There is no coding with id {coding_id} in this project.")
        return coding.id
    model: Any = {
        MemoTarget.DOCUMENT: Document,
        MemoTarget.CASE: Case,
        MemoTarget.PARTICIPANT: Participant,
    }[kind]
    found = uow.session.get(model, ref) if by_id else _named(uow, kind, str(ref))
    if found is None or found.project_id != uow.project_id:
        noun = "participant with identifier" if kind is MemoTarget.PARTICIPANT else kind.value
        what = f"id {ref}" if by_id else repr(str(ref))
        raise NotFoundError(f"There is no {noun} {what} in this project.")
    return int(found.id)


def _named(uow: UnitOfWork, kind: MemoTarget, name: str) -> Any:
    name = " ".join(name.split())
    if kind is MemoTarget.DOCUMENT:
        return queries.documents.document_named(uow.session, uow.project_id, name)
    if kind is MemoTarget.CASE:
        return queries.people.case_named(uow.session, uow.project_id, name)
    return queries.people.participant_identified(uow.session, uow.project_id, name)


def _integer(value: int | str, what: str) -> int:
    try:
        return int(str(value).strip().lstrip("#"))
    except ValueError:
        raise ValidationError(f"A {what} is given by its id (a number), not {value!r}.") from None


def labels(
    uow: UnitOfWork,
    targets: Sequence[tuple[MemoTarget, int | None]],
    documents: dict[int, int],
    places: dict[int, tuple[str, str]] | None = None,
) -> dict[tuple[MemoTarget, int | None], str]:
    """Readable labels ("code: Theme > Sub-code", "participant: P07", "cell: P07 ×
    Trust") for targets; fills ``documents`` with the document id of each
    coding target and ``places`` (when given) with the row and code path of
    each cell target, as the matrix takes them. Reads only."""
    ids: dict[MemoTarget, set[int]] = {}
    for kind, target_id in targets:
        if target_id is not None:
            ids.setdefault(kind, set()).add(target_id)
    cells = queries.cells.cells_by_id(uow.session, ids.get(MemoTarget.CELL, set()))
    people = ids.get(MemoTarget.PARTICIPANT, set()) | {
        c.participant_id for c in cells.values() if c.participant_id is not None
    }
    groups = ids.get(MemoTarget.CASE, set()) | {
        c.case_id for c in cells.values() if c.case_id is not None
    }
    names: dict[MemoTarget, dict[int, str]] = {
        MemoTarget.DOCUMENT: queries.documents.document_names_by_id(
            uow.session, ids.get(MemoTarget.DOCUMENT, set())
        ),
        MemoTarget.CASE: queries.people.case_names_by_id(uow.session, groups),
        MemoTarget.PARTICIPANT: queries.people.participant_identifiers_by_id(uow.session, people),
        MemoTarget.CODE: {},
        MemoTarget.CODING: {},
    }
    for code_id in ids.get(MemoTarget.CODE, set()):
        names[MemoTarget.CODE][code_id] = _code_name(uow, code_id, f"#{code_id}")
    codings = queries.codings.coding_labels(uow.session, ids.get(MemoTarget.CODING, set()))
    for coding_id, (code_id, document_id, document, start, end) in codings.items():
        documents[coding_id] = document_id
        code_name = _code_name(uow, code_id, "?")
        names[MemoTarget.CODING][coding_id] = (
            f"#{coding_id} {code_name} in {document} [{start}:{end}]"
        )
    names[MemoTarget.CELL] = {}
    for cell_id, cell in cells.items():
        code_path = _code_name(uow, cell.code_id, "?")
        names[MemoTarget.CELL][cell_id] = f"{_cell_row(cell, names)} × {code_path}"
        if places is not None:
            places[cell_id] = (_row_ref(cell, names), code_path)
    return {
        (kind, target_id): "project"
        if target_id is None
        else f"{kind.value}: {names[kind].get(target_id, f'#{target_id}')}"
        for kind, target_id in targets
    }


def _cell_row(cell: MatrixCell, names: dict[MemoTarget, dict[int, str]]) -> str:
    """A cell's row as people name it: participant identifier, case name or group."""
    if cell.participant_id is not None:
        return names[MemoTarget.PARTICIPANT].get(cell.participant_id, "?")
    if cell.case_id is not None:
        return names[MemoTarget.CASE].get(cell.case_id, "?")
    return (cell.group_key or "?").replace("|", ", ")


def _row_ref(cell: MatrixCell, names: dict[MemoTarget, dict[int, str]]) -> str:
    """A cell's row as the matrix resolves it, never ambiguous: ``participant:P07``,
    ``case:Trust A`` or the group's key ``name=value|name=value``."""
    if cell.participant_id is not None:
        return "participant:" + names[MemoTarget.PARTICIPANT].get(cell.participant_id, "?")
    if cell.case_id is not None:
        return "case:" + names[MemoTarget.CASE].get(cell.case_id, "?")
    return cell.group_key or ""


def _code_name(uow: UnitOfWork, code_id: int, missing: str) -> str:
    code = uow.session.get(Code, code_id)
    return path_text(uow.session, code) if code is not None else missing


def document_of(
    kind: MemoTarget, target_id: int | None, coding_documents: dict[int, int]
) -> int | None:
    """The document a linked object lies in: the document itself, or a coding's."""
    if kind is MemoTarget.DOCUMENT:
        return target_id
    if kind is MemoTarget.CODING and target_id is not None:
        return coding_documents.get(target_id)
    return None


@dataclass(frozen=True)
class MemoLink:
    """What a memo is (or would be) linked to: the type, the object's id (None
    for the project), its label ("coding: #5 Trust in P01.txt [10:30]";
    "document: P01.txt [120:180]" for a passage; "cell: P07 × Theme > Code"),
    the document it lies in (for links to the document view) and, for a
    passage of a document, its ``start`` and ``end`` (code points; None for
    the whole document). For a cell, ``cell_row`` and ``cell_code`` say where
    it is in the matrix: the row as the matrix takes it (``participant:P07``,
    ``case:Trust A`` or a group's ``name=value|name=value``) and the code's path."""

    target_type: MemoTarget
    target_id: int | None
    label: str
    document_id: int | None
    start: int | None = None
    end: int | None = None
    cell_row: str | None = None
    cell_code: str | None = None


def memo_links(uow: UnitOfWork, links: Sequence[Resolved]) -> list[MemoLink]:
    """The :class:`MemoLink` records of resolved links, labelled in one go. Reads only."""
    documents: dict[int, int] = {}
    places: dict[int, tuple[str, str]] = {}
    named = labels(uow, [(link.kind, link.target_id) for link in links], documents, places)
    found = []
    for link in links:
        label = named[(link.kind, link.target_id)]
        start, end = link.passage if link.passage is not None else (None, None)
        if link.passage is not None:
            label += f" [{start}:{end}]"
        where = document_of(link.kind, link.target_id, documents)
        row, code = (None, None)
        if link.kind is MemoTarget.CELL and link.target_id in places:
            row, code = places[link.target_id]
        found.append(MemoLink(link.kind, link.target_id, label, where, start, end, row, code))
    return found


def describe_target(uow: UnitOfWork, target: TargetSpec) -> MemoLink:
    """The object ``target`` (e.g. ``("coding", 5)``; ``("document", 3, (120,
    180))`` for a passage; None: the project) names, labelled as memos show
    it. Reads only.

    Raises like :func:`resolve_link` (e.g. :class:`NotFoundError` for a
    coding that no longer exists).
    """
    return memo_links(uow, [resolve_link(uow, target)])[0]
