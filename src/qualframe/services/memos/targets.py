"""What a memo is about: the project, or one document, code, coding, case or
participant, named by id or by name, and labelled as memos show it.

A link is given with one keyword (:class:`MemoLinks`: ``code="Theme >
Sub-code"``, ``participant="P07"``...) or as a :data:`TargetSpec` such as
``target=("coding", 5)``; with neither a memo is on the project.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, TypedDict, TypeVar, cast

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.codebook.tree import CodeRef, path_text, resolve_code
from qualframe.services.core.choices import parse_choice
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import Case, Code, Coding, Document, Memo, Participant
from qualframe.vocabulary import MemoTarget

#: What a memo is linked to: the project (``MemoTarget.PROJECT`` or None),
#: or ``(target type, object)`` where the object is an id, a name (document
#: name, code name or path, case name, participant identifier) or, for a
#: code, the Code itself.
TargetSpec = MemoTarget | str | tuple[MemoTarget | str, int | str | Code | None] | None


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
    ``coding``: id; ``case``: id or name; ``participant``: id or identifier.
    """

    document: Ref | None
    code: Ref | None
    coding: int | None
    case: Ref | None
    participant: Ref | None


#: The keywords of :class:`MemoLinks`, in the order messages list them.
LINK_KEYWORDS = ("document", "code", "coding", "case", "participant")


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
        raise ValidationError(f"A memo is linked to one object at most, not to {named}.")
    if given:
        kind, ref = given[0]
        return (MemoTarget(kind), ref)
    return target


def resolve_target(uow: UnitOfWork, spec: TargetSpec) -> tuple[MemoTarget, int | None]:
    """The link column and object id a :data:`TargetSpec` names.

    Raises :class:`ValidationError` for an unknown target type or a project
    link given an object, and :class:`NotFoundError` for an unknown object.
    """
    if spec is None:
        return MemoTarget.PROJECT, None
    if isinstance(spec, tuple):
        kind, ref = parse_target_type(spec[0]), spec[1]
    else:
        kind, ref = parse_target_type(spec), None
    if kind is MemoTarget.PROJECT:
        if ref is not None:
            raise ValidationError("A memo on the project is not linked to any object.")
        return kind, None
    if ref is None:
        raise ValidationError(f"Say which {kind.value} the memo is about.")
    return kind, _target_id(uow, kind, ref)


def _target_id(uow: UnitOfWork, kind: MemoTarget, ref: int | str | Code) -> int:
    if kind is MemoTarget.CODE:
        code_ref: CodeRef = ref
        return resolve_code(uow, code_ref).id
    if isinstance(ref, Code):
        raise ValidationError(f"A code was given where a {kind.value} was expected.")
    by_id = isinstance(ref, int) and not isinstance(ref, bool)
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


def memo_target(memo: Memo) -> tuple[MemoTarget, int | None]:
    """What a memo is linked to now."""
    for name, column in queries.memos.LINK_COLUMNS.items():
        value = getattr(memo, column.key)
        if value is not None:
            return MemoTarget(name), value
    return MemoTarget.PROJECT, None


def link(memo: Memo, kind: MemoTarget, target_id: int | None) -> None:
    """Link ``memo`` to the object ``target_id`` of type ``kind`` (and nothing else)."""
    for name, column in queries.memos.LINK_COLUMNS.items():
        setattr(memo, column.key, target_id if name == kind.value else None)


def labels(
    uow: UnitOfWork,
    targets: list[tuple[MemoTarget, int | None]],
    documents: dict[int, int],
) -> dict[tuple[MemoTarget, int | None], str]:
    """Readable labels ("code: Theme > Sub-code", "participant: P07") for targets;
    fills ``documents`` with the document id of each coding target."""
    ids: dict[MemoTarget, set[int]] = {}
    for kind, target_id in targets:
        if target_id is not None:
            ids.setdefault(kind, set()).add(target_id)
    names: dict[MemoTarget, dict[int, str]] = {
        MemoTarget.DOCUMENT: queries.documents.document_names_by_id(
            uow.session, ids.get(MemoTarget.DOCUMENT, set())
        ),
        MemoTarget.CASE: queries.people.case_names_by_id(
            uow.session, ids.get(MemoTarget.CASE, set())
        ),
        MemoTarget.PARTICIPANT: queries.people.participant_identifiers_by_id(
            uow.session, ids.get(MemoTarget.PARTICIPANT, set())
        ),
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
    return {
        (kind, target_id): "project"
        if target_id is None
        else f"{kind.value}: {names[kind].get(target_id, f'#{target_id}')}"
        for kind, target_id in targets
    }


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
    """What a memo would be linked to: the type, the object's id (None for
    the project), its label ("coding: #5 Trust in P01.txt [10:30]") and the
    document it lies in (for links to the document view)."""

    target_type: MemoTarget
    target_id: int | None
    label: str
    document_id: int | None


def describe_target(uow: UnitOfWork, target: TargetSpec) -> MemoLink:
    """The object ``target`` (e.g. ``("coding", 5)``; None: the project) names,
    labelled as memos show it. Reads only.

    Raises like :func:`resolve_target` (e.g. :class:`NotFoundError` for a
    coding that no longer exists).
    """
    kind, target_id = resolve_target(uow, target)
    documents: dict[int, int] = {}
    label = labels(uow, [(kind, target_id)], documents)[(kind, target_id)]
    return MemoLink(kind, target_id, label, document_of(kind, target_id, documents))
