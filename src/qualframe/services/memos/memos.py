"""Memos: typed notes (analytic, methodological, reflexive, theoretical).

A memo belongs to the project and may be linked to one object: a document,
a code, a coding, a case or a participant. When that object is deleted the
memo is kept and falls back to the project. The author is the acting user;
``updated_at`` moves on every edit. Every change is audited (entity type
``"memo"``, actions ``memo.create``, ``memo.edit``, ``memo.delete``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import pandas as pd

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.codebook.tree import CodeRef, clean_text, path_text, resolve_code
from qualframe.services.core import audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import Case, Code, Coding, Document, Memo, Participant
from qualframe.storage.models.base import utc_now
from qualframe.vocabulary import MemoKind, MemoTarget

#: Longest memo title (the column's width).
MAX_TITLE_LENGTH = 500

#: What a memo is linked to: the project (``MemoTarget.PROJECT`` or None),
#: or ``(target type, object)`` where the object is an id, a name (document
#: name, code name or path, case name, participant identifier) or, for a
#: code, the Code itself.
TargetSpec = MemoTarget | str | tuple[MemoTarget | str, int | str | Code | None] | None


@dataclass(frozen=True)
class MemoInfo:
    """A memo as listed. ``target_label`` reads like "code: Disclosure";
    ``document_id`` is the document the linked object lies in (the document
    itself, or a coding's document), for links to the document view."""

    id: int
    kind: MemoKind
    title: str
    body: str
    author: str
    target_type: MemoTarget
    target_id: int | None
    target_label: str
    created_at: datetime
    updated_at: datetime
    document_id: int | None = None


class MemoOrder(StrEnum):
    """How memos are listed: by creation (oldest first), by last change
    (newest first), or by title (A to Z, ignoring case)."""

    OLDEST = "oldest"
    NEWEST = "newest"
    TITLE = "title"


# ---------------------------------------------------------------- values


def parse_kind(value: MemoKind | str) -> MemoKind:
    """``value`` as a :class:`MemoKind`; raises :class:`ValidationError` if unknown."""
    try:
        return MemoKind(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(k.value for k in MemoKind)
        raise ValidationError(
            f"The memo kind {value!r} is not known; use one of {allowed}."
        ) from None


def parse_target_type(value: MemoTarget | str) -> MemoTarget:
    """``value`` as a :class:`MemoTarget`; raises :class:`ValidationError` if unknown."""
    try:
        return MemoTarget(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(t.value for t in MemoTarget)
        raise ValidationError(
            f"A memo cannot be linked to a {value!r}; link it to one of: {allowed}."
        ) from None


def _clean_title(title: str) -> str:
    cleaned = " ".join(clean_text(title).split())
    if not cleaned:
        raise ValidationError("A memo needs a title.")
    if len(cleaned) > MAX_TITLE_LENGTH:
        raise ValidationError(
            f"The memo title is {len(cleaned)} characters long; at most {MAX_TITLE_LENGTH} fit."
        )
    return cleaned


def _clean_body(body: str) -> str:
    """Markdown kept as written apart from NFC and LF line ends; blank lines
    around it and trailing spaces at its end are dropped (leading spaces of
    its first line are kept: they can be Markdown)."""
    text = unicodedata.normalize("NFC", str(body).replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip()


# ---------------------------------------------------------------- targets


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


def _link(memo: Memo, kind: MemoTarget, target_id: int | None) -> None:
    for name, column in queries.memos.LINK_COLUMNS.items():
        setattr(memo, column.key, target_id if name == kind.value else None)


def _labels(
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
        code = uow.session.get(Code, code_id)
        names[MemoTarget.CODE][code_id] = path_text(uow.session, code) if code else f"#{code_id}"
    codings = queries.codings.coding_labels(uow.session, ids.get(MemoTarget.CODING, set()))
    for coding_id, (code_id, document_id, document, start, end) in codings.items():
        documents[coding_id] = document_id
        code = uow.session.get(Code, code_id)
        code_name = path_text(uow.session, code) if code else "?"
        names[MemoTarget.CODING][coding_id] = (
            f"#{coding_id} {code_name} in {document} [{start}:{end}]"
        )
    labels: dict[tuple[MemoTarget, int | None], str] = {}
    for kind, target_id in targets:
        if target_id is None:
            labels[(kind, target_id)] = "project"
        else:
            name = names[kind].get(target_id, f"#{target_id}")
            labels[(kind, target_id)] = f"{kind.value}: {name}"
    return labels


def _utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC time (SQLite returns stored times without zone)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def memo_info(uow: UnitOfWork, memo: Memo) -> MemoInfo:
    """The listing record of a memo."""
    return _infos(uow, [memo])[0]


def _infos(uow: UnitOfWork, memos: list[Memo]) -> list[MemoInfo]:
    targets = [memo_target(memo) for memo in memos]
    coding_documents: dict[int, int] = {}
    labels = _labels(uow, targets, coding_documents)
    return [
        MemoInfo(
            id=memo.id,
            kind=MemoKind(memo.kind),
            title=memo.title,
            body=memo.body,
            author=memo.author,
            target_type=kind,
            target_id=target_id,
            target_label=labels[(kind, target_id)],
            created_at=_utc(memo.created_at),
            updated_at=_utc(memo.updated_at),
            document_id=_document_of(kind, target_id, coding_documents),
        )
        for memo, (kind, target_id) in zip(memos, targets, strict=True)
    ]


def _document_of(
    kind: MemoTarget, target_id: int | None, coding_documents: dict[int, int]
) -> int | None:
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


def describe_target(uow: UnitOfWork, spec: TargetSpec) -> MemoLink:
    """The object a :data:`TargetSpec` names, labelled as memos show it.

    Raises like :func:`resolve_target` (e.g. :class:`NotFoundError` for a
    coding that no longer exists).
    """
    kind, target_id = resolve_target(uow, spec)
    documents: dict[int, int] = {}
    label = _labels(uow, [(kind, target_id)], documents)[(kind, target_id)]
    return MemoLink(kind, target_id, label, _document_of(kind, target_id, documents))


# ---------------------------------------------------------------- changes


def get_memo(uow: UnitOfWork, memo_id: int) -> Memo:
    """The memo ``memo_id`` of this project; raises :class:`NotFoundError` otherwise."""
    memo = uow.session.get(Memo, memo_id)
    if memo is None or memo.project_id != uow.project_id:
        raise NotFoundError(f"There is no memo with id {memo_id} in this project.")
    return memo


def _state(uow: UnitOfWork, memo: Memo) -> dict[str, Any]:
    info = memo_info(uow, memo)
    return {
        "title": memo.title,
        "kind": MemoKind(memo.kind).value,
        "body": memo.body,
        "target": info.target_label,
    }


def create_memo(
    uow: UnitOfWork,
    title: str,
    *,
    kind: MemoKind | str,
    body: str = "",
    target: TargetSpec = None,
) -> Memo:
    """Write a memo by the acting user, on the project or on ``target``.

    Audited as ``memo.create``. Raises :class:`ValidationError` for an
    empty title or unknown kind and :class:`NotFoundError` for an unknown
    target object.
    """
    clean_title, memo_kind = _clean_title(title), parse_kind(kind)
    target_type, target_id = resolve_target(uow, target)
    now = utc_now()
    memo = Memo(
        project_id=uow.project_id,
        kind=memo_kind,
        title=clean_title,
        body=_clean_body(body),
        author=uow.actor,
        created_at=now,
        updated_at=now,
    )
    _link(memo, target_type, target_id)
    uow.session.add(memo)
    uow.session.flush()
    after = _state(uow, memo)
    audit.record(
        uow,
        "memo.create",
        "memo",
        memo.id,
        f"Wrote {memo_kind.value} memo {clean_title!r} on {after['target']}",
        {"before": {}, "after": after},
    )
    return memo


_KEEP: Any = object()


def edit_memo(
    uow: UnitOfWork,
    memo_id: int,
    *,
    title: str | None = None,
    body: str | None = None,
    kind: MemoKind | str | None = None,
    target: TargetSpec = _KEEP,
) -> Memo:
    """Change a memo's title, body, kind or link (None/omitted: unchanged;
    ``target=None`` or ``MemoTarget.PROJECT`` links it to the project).

    ``updated_at`` moves when something changes; audited as ``memo.edit``
    with the changed values before and after. Raises like :func:`create_memo`.
    """
    memo = get_memo(uow, memo_id)
    before = _state(uow, memo)
    if title is not None:
        memo.title = _clean_title(title)
    if body is not None:
        memo.body = _clean_body(body)
    if kind is not None:
        memo.kind = parse_kind(kind)
    if target is not _KEEP:
        _link(memo, *resolve_target(uow, target))
    uow.session.flush()
    after = _state(uow, memo)
    changed = [key for key in after if after[key] != before[key]]
    if not changed:
        return memo
    memo.updated_at = utc_now()
    audit.record(
        uow,
        "memo.edit",
        "memo",
        memo.id,
        f"Changed {', '.join(changed)} of memo {memo.title!r}",
        {"before": {k: before[k] for k in changed}, "after": {k: after[k] for k in changed}},
    )
    return memo


def delete_memo(uow: UnitOfWork, memo_id: int) -> MemoInfo:
    """Delete a memo; returns what it was. Audited as ``memo.delete`` (with its text)."""
    memo = get_memo(uow, memo_id)
    info = memo_info(uow, memo)
    audit.record(
        uow,
        "memo.delete",
        "memo",
        memo.id,
        f"Deleted memo {memo.title!r} ({info.target_label})",
        {"before": _state(uow, memo), "after": {}, "author": memo.author},
    )
    uow.session.delete(memo)
    uow.session.flush()
    return info


# ---------------------------------------------------------------- reading


def list_memos(
    uow: UnitOfWork,
    *,
    kind: MemoKind | str | None = None,
    target_type: MemoTarget | str | None = None,
    target: TargetSpec = None,
    author: str | None = None,
    contains: str | None = None,
    order: MemoOrder | str = MemoOrder.OLDEST,
) -> list[MemoInfo]:
    """The project's memos, filtered by kind, link type (``"project"``: memos
    on no object), linked object (as for :func:`create_memo`), author and
    text (``contains``, in title or body, ignoring case), in ``order``
    (default: oldest first). Raises like :func:`resolve_target` for an
    unknown target object, and :class:`ValidationError` for an unknown order."""
    sort = _parse_order(order)
    link_type = parse_target_type(target_type) if target_type is not None else None
    link_id = None
    if target is not None:
        link_type, link_id = resolve_target(uow, target)
    memos = queries.memos.project_memos(
        uow.session,
        uow.project_id,
        kind=parse_kind(kind).value if kind is not None else None,
        target_type=link_type.value if link_type is not None else None,
        target_id=link_id,
        author=author,
    )
    if contains:
        # Filtered here: SQLite's LIKE ignores the case of ASCII letters only.
        needle = " ".join(contains.split()).casefold()
        memos = [m for m in memos if needle in " ".join(f"{m.title}\n{m.body}".split()).casefold()]
    listed = list(memos)
    if sort is MemoOrder.NEWEST:
        listed.sort(key=lambda m: (_utc(m.updated_at), m.id), reverse=True)
    elif sort is MemoOrder.TITLE:
        listed.sort(key=lambda m: (m.title.casefold(), m.id))
    return _infos(uow, listed)


def _parse_order(value: MemoOrder | str) -> MemoOrder:
    try:
        return MemoOrder(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(o.value for o in MemoOrder)
        raise ValidationError(
            f"Memos are listed in one of these orders: {allowed}; not {value!r}."
        ) from None


#: Columns of :func:`memos_frame`.
MEMO_COLUMNS = (
    "id",
    "kind",
    "title",
    "target",
    "target_type",
    "target_id",
    "author",
    "created_at",
    "updated_at",
    "body",
)


def memos_frame(uow: UnitOfWork, **filters: Any) -> pd.DataFrame:
    """:func:`list_memos` as a DataFrame (:data:`MEMO_COLUMNS`; ``target`` is the
    readable label, e.g. "participant: P07")."""
    rows = [
        (
            m.id,
            m.kind.value,
            m.title,
            m.target_label,
            m.target_type.value,
            m.target_id,
            m.author,
            m.created_at,
            m.updated_at,
            m.body,
        )
        for m in list_memos(uow, **filters)
    ]
    return pd.DataFrame(rows, columns=list(MEMO_COLUMNS)).astype({"target_id": "Int64"})


__all__ = [
    "MemoInfo",
    "MemoLink",
    "MemoOrder",
    "TargetSpec",
    "create_memo",
    "delete_memo",
    "describe_target",
    "edit_memo",
    "get_memo",
    "list_memos",
    "memo_info",
    "memos_frame",
]
