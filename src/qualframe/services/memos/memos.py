"""Memos: typed notes (analytic, methodological, reflexive, theoretical).

A memo belongs to the project and may be linked to one object: a document,
a code, a coding, a case or a participant (see
:mod:`qualframe.services.memos.targets`). When that object is deleted the
memo is kept and falls back to the project. The author is the acting user;
``updated_at`` moves on every edit. Every change is audited (entity type
``"memo"``, actions ``memo.create``, ``memo.edit``, ``memo.delete``).

A memo carries a ``version`` (1 when written, one more with each change)
and a ``guid`` (its identity outside this database). Edits and deletes take
``if_version``, the version the caller read: when someone else changed the
memo since, they are refused with
:class:`~qualframe.errors.StaleVersionError` and nothing is saved.

The use cases return :class:`MemoInfo` records.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Unpack

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.codebook.tree import clean_text
from qualframe.services.core import audit, text_rules
from qualframe.services.core.field_limits import check_field
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.services.memos.targets import (
    KEEP,
    MemoLink,
    MemoLinks,
    TargetSpec,
    chosen_target,
    describe_target,
    document_of,
    labels,
    link,
    memo_target,
    parse_choice,
    parse_target_type,
    resolve_target,
)
from qualframe.storage import queries
from qualframe.storage.models import Memo
from qualframe.storage.models.base import as_utc, utc_now
from qualframe.vocabulary import MemoKind, MemoTarget

if TYPE_CHECKING:
    import pandas as pd

#: Longest memo title (the column's width).
MAX_TITLE_LENGTH = text_rules.FILE_NAME_CHARS


@dataclass(frozen=True)
class MemoInfo:
    """A memo as listed. ``target_label`` reads like "code: Disclosure";
    ``document_id`` is the document the linked object lies in (the document
    itself, or a coding's document), for links to the document view; times
    are UTC."""

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
    version: int
    guid: str
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
    return parse_choice(
        MemoKind, value, "The memo kind {value} is not known; use one of {allowed}."
    )


def _parse_order(value: MemoOrder | str) -> MemoOrder:
    return parse_choice(
        MemoOrder, value, "Memos are listed in one of these orders: {allowed}; not {value}."
    )


def _clean_title(title: str) -> str:
    cleaned = " ".join(clean_text(title).split())
    if not cleaned:
        raise ValidationError("A memo needs a title.")
    return text_rules.check_name(cleaned, "memo title", MAX_TITLE_LENGTH)


def _clean_body(body: str) -> str:
    """Markdown kept as written apart from NFC and LF line ends; blank lines
    around it and trailing spaces at its end are dropped (leading spaces of
    its first line are kept: they can be Markdown)."""
    check_field(str(body), "memo's text")
    text = unicodedata.normalize("NFC", str(body).replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip()


# ---------------------------------------------------------------- records


def memo_info(uow: UnitOfWork, memo: Memo) -> MemoInfo:
    """The listing record of a memo."""
    return _infos(uow, [memo])[0]


def _infos(uow: UnitOfWork, memos: Sequence[Memo]) -> list[MemoInfo]:
    targets = [memo_target(memo) for memo in memos]
    coding_documents: dict[int, int] = {}
    named = labels(uow, targets, coding_documents)
    return [
        MemoInfo(
            id=memo.id,
            kind=MemoKind(memo.kind),
            title=memo.title,
            body=memo.body,
            author=memo.author,
            target_type=kind,
            target_id=target_id,
            target_label=named[(kind, target_id)],
            created_at=as_utc(memo.created_at),
            updated_at=as_utc(memo.updated_at),
            version=memo.version,
            guid=memo.guid,
            document_id=document_of(kind, target_id, coding_documents),
        )
        for memo, (kind, target_id) in zip(memos, targets, strict=True)
    ]


def _state(info: MemoInfo) -> dict[str, Any]:
    """What the audit log keeps of a memo."""
    return {
        "title": info.title,
        "kind": info.kind.value,
        "body": info.body,
        "target": info.target_label,
    }


def _memo(uow: UnitOfWork, memo_id: int) -> Memo:
    memo = uow.session.get(Memo, memo_id)
    if memo is None or memo.project_id != uow.project_id:
        raise NotFoundError(f"There is no memo with id {memo_id} in this project.")
    return memo


# ---------------------------------------------------------------- use cases


def get_memo(uow: UnitOfWork, memo_id: int) -> MemoInfo:
    """One memo by id. Reads only; raises :class:`NotFoundError` when the
    project has no memo with this id."""
    return memo_info(uow, _memo(uow, memo_id))


def create_memo(
    uow: UnitOfWork,
    title: str,
    *,
    kind: MemoKind | str,
    body: str = "",
    target: TargetSpec = None,
    **links: Unpack[MemoLinks],
) -> MemoInfo:
    """Write a memo (Markdown ``body``) by the acting user, on the project or
    on the one object named by ``target`` (e.g. ``("coding", 5)``) or by one
    keyword of :class:`~qualframe.services.memos.targets.MemoLinks`
    (``document=``, ``code=``, ``coding=``, ``case=``, ``participant=``).

    Returns the memo's record; audited as ``memo.create``. Raises
    :class:`ValidationError` for an empty title, an unknown kind or more
    than one object, and :class:`NotFoundError` for an unknown object.
    """
    wanted = chosen_target(target, links)
    clean_title, memo_kind = _clean_title(title), parse_kind(kind)
    target_type, target_id = resolve_target(uow, wanted)
    now = utc_now()
    memo = Memo(
        project_id=uow.project_id,
        kind=memo_kind,
        title=clean_title,
        body=_clean_body(body),
        author=uow.actor.name,
        created_at=now,
        updated_at=now,
    )
    link(memo, target_type, target_id)
    uow.session.add(memo)
    uow.session.flush()
    info = memo_info(uow, memo)
    audit.record(
        uow,
        "memo.create",
        "memo",
        memo.id,
        f"Wrote {memo_kind.value} memo {clean_title!r} on {info.target_label}",
        {"before": {}, "after": _state(info)},
    )
    return info


def _what(memo: Memo) -> str:
    """How a stale-version refusal names a memo."""
    return f"the memo {memo.title!r}"


def _changes(
    uow: UnitOfWork,
    memo: Memo,
    title: str | None,
    body: str | None,
    kind: MemoKind | str | None,
    relink: TargetSpec,
) -> dict[str, Any]:
    """The memo's attributes an edit changes (``{"title": ...}``; the link as
    ``"target"``: ``(type, id)``), checked and cleaned; reads only."""
    wanted: dict[str, Any] = {}
    if title is not None:
        wanted["title"] = _clean_title(title)
    if body is not None:
        wanted["body"] = _clean_body(body)
    if kind is not None:
        wanted["kind"] = parse_kind(kind)
    if relink is not KEEP:
        wanted["target"] = resolve_target(uow, relink)
    current = {
        "title": memo.title,
        "body": memo.body,
        "kind": MemoKind(memo.kind),
        "target": memo_target(memo),
    }
    return {key: value for key, value in wanted.items() if value != current[key]}


def edit_memo(
    uow: UnitOfWork,
    memo_id: int,
    *,
    title: str | None = None,
    body: str | None = None,
    kind: MemoKind | str | None = None,
    target: TargetSpec = KEEP,
    if_version: int | None = None,
    **links: Unpack[MemoLinks],
) -> MemoInfo:
    """Change a memo's title, body, kind or link (None or omitted: unchanged).

    A link keyword (``code=``, ``participant=``...) or ``target`` relinks
    it; ``target="project"`` (or None) moves it to the project.
    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved.
    A change moves ``updated_at`` and the version by one and is audited as
    ``memo.edit`` with the changed values before and after; an edit that
    changes nothing writes nothing. Returns the memo's record (with its
    version); raises like :func:`create_memo`, and :class:`NotFoundError`
    for an unknown memo.
    """
    relink = chosen_target(target, links)
    memo = _memo(uow, memo_id)
    check_version(memo, if_version, _what(memo))
    changes = _changes(uow, memo, title, body, kind, relink)
    before_info = memo_info(uow, memo)
    if not changes:
        return before_info
    for key, value in changes.items():
        if key == "target":
            link(memo, *value)
        else:
            setattr(memo, key, value)
    memo.updated_at = utc_now()
    uow.session.flush()  # one UPDATE: the version goes up by one
    info = memo_info(uow, memo)
    before, after = _state(before_info), _state(info)
    changed = [key for key in after if after[key] != before[key]]
    audit.record(
        uow,
        "memo.edit",
        "memo",
        memo.id,
        f"Changed {', '.join(changed)} of memo {memo.title!r}",
        {"before": {k: before[k] for k in changed}, "after": {k: after[k] for k in changed}},
    )
    return info


def delete_memo(uow: UnitOfWork, memo_id: int, *, if_version: int | None = None) -> MemoInfo:
    """Delete a memo; returns what it was. ``if_version``: the version you
    read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is deleted.
    Audited as ``memo.delete`` (with its text). Raises
    :class:`NotFoundError` for an unknown memo."""
    memo = _memo(uow, memo_id)
    check_version(memo, if_version, _what(memo))
    info = memo_info(uow, memo)
    audit.record(
        uow,
        "memo.delete",
        "memo",
        memo.id,
        f"Deleted memo {memo.title!r} ({info.target_label})",
        {"before": _state(info), "after": {}, "author": memo.author},
    )
    uow.session.delete(memo)
    uow.session.flush()
    return info


def list_memos(
    uow: UnitOfWork,
    *,
    kind: MemoKind | str | None = None,
    target_type: MemoTarget | str | None = None,
    target: TargetSpec = None,
    author: str | None = None,
    contains: str | None = None,
    order: MemoOrder | str = MemoOrder.OLDEST,
    **links: Unpack[MemoLinks],
) -> list[MemoInfo]:
    """The project's memos, filtered by ``kind``, type of link
    (``target_type``; ``"project"``: memos on no object), linked object
    (``target`` or a link keyword, as for :func:`create_memo`), ``author``
    and text (``contains``, in title or body, ignoring case), in ``order``:
    ``"oldest"`` (created, the default), ``"newest"`` (last changed first)
    or ``"title"``. Reads only. ``project.memos.memos_frame()`` gives them as
    a DataFrame (:data:`MEMO_COLUMNS`, with the readable ``target`` label).

    Raises like :func:`create_memo` for an unknown object, and
    :class:`ValidationError` for an unknown kind, link type or order.
    """
    wanted = chosen_target(target, links)
    sort = _parse_order(order)
    link_type = parse_target_type(target_type) if target_type is not None else None
    link_id = None
    if wanted is not None:
        link_type, link_id = resolve_target(uow, wanted)
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
        listed.sort(key=lambda m: (as_utc(m.updated_at), m.id), reverse=True)
    elif sort is MemoOrder.TITLE:
        listed.sort(key=lambda m: (m.title.casefold(), m.id))
    return _infos(uow, listed)


#: Columns of :func:`frame_of` (``project.memos.memos_frame()``).
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
    "version",
    "guid",
)


def frame_of(memos: Sequence[MemoInfo]) -> pd.DataFrame:
    """Memo records as a DataFrame, one row each, with :data:`MEMO_COLUMNS`
    (``target`` is the readable label, e.g. "participant: P07"; ``kind`` and
    ``target_type`` their values; ``version`` and ``guid`` as in :class:`MemoInfo`)."""
    import pandas as pd

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
            m.version,
            m.guid,
        )
        for m in memos
    ]
    return pd.DataFrame(rows, columns=list(MEMO_COLUMNS)).astype({"target_id": "Int64"})


__all__ = [
    "MemoInfo",
    "MemoLink",
    "MemoLinks",
    "MemoOrder",
    "TargetSpec",
    "create_memo",
    "delete_memo",
    "describe_target",
    "edit_memo",
    "frame_of",
    "get_memo",
    "list_memos",
    "memo_info",
]
