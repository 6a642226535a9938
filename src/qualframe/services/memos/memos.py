"""Memos: typed notes (analytic, methodological, reflexive, theoretical).

A memo belongs to the project and may be linked to any number of objects:
documents or passages of them, codes, codings, cases, participants and
stored matrix cells (see :mod:`qualframe.services.memos.targets`; with no
link a memo is about the project). When a linked object is deleted its link
goes and the memo is kept. Linking, unlinking, annotations and the memos of
a document or of cells are in :mod:`qualframe.services.memos.links`. The
author is the acting user;
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
from qualframe.services.core import access, audit, references, text_rules
from qualframe.services.core.field_limits import check_field
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.services.memos.targets import (
    KEEP,
    MemoLink,
    MemoLinks,
    Resolved,
    TargetSpec,
    chosen_target,
    describe_target,
    memo_links,
    parse_choice,
    parse_target_type,
    resolve_link,
)
from qualframe.storage import queries
from qualframe.storage.models import Memo
from qualframe.storage.models.base import as_utc, utc_now
from qualframe.storage.queries.memos import LinkRow
from qualframe.vocabulary import MemoKind, MemoTarget

if TYPE_CHECKING:
    import pandas as pd

#: What a coder may not do to memos that are not theirs (an analyst's call).
OTHER_MEMOS = "changing other people's memos"
#: Longest memo title (the column's width).
MAX_TITLE_LENGTH = text_rules.FILE_NAME_CHARS


@dataclass(frozen=True)
class MemoInfo:
    """A memo as listed. ``links`` are all its links in order (empty: a memo
    on the project). ``target_type``, ``target_id`` and ``document_id``
    describe the first link (or the project); ``target_label`` reads like
    "code: Disclosure", the labels of several links joined by "; ";
    ``document_id`` is the document the first linked object lies in (the
    document itself, or a coding's document), for links to the document
    view; ``start`` and ``end`` are the passage of its first passage link
    (code points; None without one); times are UTC."""

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
    links: tuple[MemoLink, ...] = ()
    start: int | None = None
    end: int | None = None


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
    return memo_infos(uow, [memo])[0]


def memo_infos(uow: UnitOfWork, memos: Sequence[Memo]) -> list[MemoInfo]:
    """The records of ``memos``, their links read and labelled in one go."""
    stored = stored_links(uow, [memo.id for memo in memos])
    labelled = iter(memo_links(uow, [link for memo in memos for link in stored[memo.id]]))
    return [_info(memo, tuple(next(labelled) for _ in stored[memo.id])) for memo in memos]


def _info(memo: Memo, links: tuple[MemoLink, ...]) -> MemoInfo:
    first = links[0] if links else None
    passage = next((link for link in links if link.start is not None), None)
    return MemoInfo(
        id=memo.id,
        kind=MemoKind(memo.kind),
        title=memo.title,
        body=memo.body,
        author=memo.author,
        target_type=first.target_type if first else MemoTarget.PROJECT,
        target_id=first.target_id if first else None,
        target_label="; ".join(link.label for link in links) or "project",
        created_at=as_utc(memo.created_at),
        updated_at=as_utc(memo.updated_at),
        version=memo.version,
        guid=memo.guid,
        document_id=first.document_id if first else None,
        links=links,
        start=passage.start if passage else None,
        end=passage.end if passage else None,
    )


def stored_links(uow: UnitOfWork, memo_ids: Sequence[int]) -> dict[int, list[Resolved]]:
    """``{memo id: its links in order}`` for every memo of ``memo_ids``. Reads only."""
    rows = queries.memos.links_of_memos(uow.session, memo_ids)
    return {
        memo_id: [
            Resolved(
                MemoTarget(row.kind),
                row.target_id,
                (row.start, row.end) if row.start is not None and row.end is not None else None,
            )
            for row in rows.get(memo_id, [])
        ]
        for memo_id in memo_ids
    }


def wanted_links(
    uow: UnitOfWork, first: TargetSpec, more: Sequence[TargetSpec] | None
) -> list[Resolved]:
    """The links ``first`` (None or the project: none) and ``more`` name, in
    order, resolved and checked. Reads only. Raises :class:`ValidationError`
    for a link given twice or the project among ``more``, and like
    :func:`~qualframe.services.memos.targets.resolve_link`."""
    if isinstance(more, str):
        raise ValidationError("Give a memo's links as a list, e.g. [('code', 'Trust')].")
    found: list[Resolved] = []
    head = resolve_link(uow, first)
    if head.kind is not MemoTarget.PROJECT:
        found.append(head)
    for spec in more or ():
        link = resolve_link(uow, spec)
        if link.kind is MemoTarget.PROJECT:
            raise ValidationError(
                "A memo's links name objects; a memo with no links is about the project."
            )
        if link in found:
            label = memo_links(uow, [link])[0].label
            raise ValidationError(f"The memo is linked to {label} once; it was given twice.")
        found.append(link)
    return found


def save_links(uow: UnitOfWork, memo: Memo, links: Sequence[Resolved]) -> None:
    """Store ``links`` as the links of the (flushed) ``memo``, replacing its own.
    Counts no version: the caller changes ``updated_at``, which does."""
    rows = [
        LinkRow(memo.id, link.kind.value, link.target_id, *(link.passage or (None, None)))
        for link in links
        if link.target_id is not None
    ]
    queries.memos.set_links(uow.session, memo.id, rows)


def _state(info: MemoInfo) -> dict[str, Any]:
    """What the audit log keeps of a memo."""
    return {
        "title": info.title,
        "kind": info.kind.value,
        "body": info.body,
        "target": info.target_label,
    }


def find_memo(uow: UnitOfWork, memo_id: int) -> Memo:
    """The project's memo ``memo_id`` (to change it); raises :class:`NotFoundError`."""
    memo = uow.session.get(Memo, memo_id)
    if memo is None or memo.project_id != uow.project_id:
        raise NotFoundError(f"There is no memo with id {memo_id} in this project.")
    return memo


# ---------------------------------------------------------------- use cases


def get_memo(uow: UnitOfWork, memo_id: int) -> MemoInfo:
    """One memo by id. Reads only; raises :class:`NotFoundError` when the
    project has no memo with this id."""
    return memo_info(uow, find_memo(uow, memo_id))


def create_memo(
    uow: UnitOfWork,
    title: str,
    *,
    kind: MemoKind | str,
    body: str = "",
    target: TargetSpec = None,
    links: Sequence[TargetSpec] = (),
    **link: Unpack[MemoLinks],
) -> MemoInfo:
    """Write a memo (Markdown ``body``) by the acting user, on the project or
    on the objects named by ``target`` (e.g. ``("coding", 5)``; ``("document",
    "P01.txt", (120, 180))`` for a passage) or one keyword of
    :class:`~qualframe.services.memos.targets.MemoLinks` (``document=``,
    ``code=``, ``coding=``, ``case=``, ``participant=``, ``cell=``), then
    by each of ``links``, in that order.

    Returns the memo's record; audited as ``memo.create``. Raises
    :class:`ValidationError` for an empty title, an unknown kind, more than
    one keyword (or a keyword and ``target``), an object given twice or a
    bad passage, and :class:`NotFoundError` for an unknown object; nothing
    is written then.
    """
    wanted = wanted_links(uow, chosen_target(target, link), links)
    clean_title, memo_kind = _clean_title(title), parse_kind(kind)
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
    uow.session.add(memo)
    uow.session.flush()
    save_links(uow, memo, wanted)
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
    relinks: list[Resolved] | None,
) -> dict[str, Any]:
    """The memo's attributes an edit changes (``{"title": ...}``; the links as
    ``"links"``: a list of :class:`Resolved`), checked and cleaned; reads only."""
    wanted: dict[str, Any] = {}
    if title is not None:
        wanted["title"] = _clean_title(title)
    if body is not None:
        wanted["body"] = _clean_body(body)
    if kind is not None:
        wanted["kind"] = parse_kind(kind)
    if relinks is not None:
        wanted["links"] = relinks
    current = {
        "title": memo.title,
        "body": memo.body,
        "kind": MemoKind(memo.kind),
        "links": stored_links(uow, [memo.id])[memo.id],
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
    links: Sequence[TargetSpec] = KEEP,
    if_version: int | None = None,
    **link: Unpack[MemoLinks],
) -> MemoInfo:
    """Change a memo's title, body, kind or links (None or omitted: unchanged).

    A link keyword (``code=``, ``participant=``...) or ``target`` makes it
    the memo's one link; ``target="project"`` (or None) moves it to the
    project. ``links`` (a list of targets) replaces the whole set of links
    (after ``target`` when both are given; ``[]``: none, the project).
    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved.
    A change moves ``updated_at`` and the version by one and is audited as
    ``memo.edit`` with the changed values before and after; an edit that
    changes nothing writes nothing. Returns the memo's record (with its
    version); raises like :func:`create_memo`, and :class:`NotFoundError`
    for an unknown memo.
    """
    relink = chosen_target(target, link)
    memo = find_memo(uow, memo_id)
    access.require_own(uow, memo.author, OTHER_MEMOS)
    check_version(memo, if_version, _what(memo))
    relinks = None
    if relink is not KEEP or links is not KEEP:
        more = None if links is KEEP else links
        relinks = wanted_links(uow, None if relink is KEEP else relink, more)
    changes = _changes(uow, memo, title, body, kind, relinks)
    before_info = memo_info(uow, memo)
    if not changes:
        return before_info
    for key, value in changes.items():
        if key == "links":
            save_links(uow, memo, value)
        else:
            setattr(memo, key, value)
    return record_edit(uow, memo, before_info)


def record_edit(uow: UnitOfWork, memo: Memo, before_info: MemoInfo, summary: str = "") -> MemoInfo:
    """Finish a change of ``memo`` (its attributes set, its links saved): move
    ``updated_at`` and the version by one and audit it as ``memo.edit``
    (``summary``, or one naming what changed) with the changed values
    before and after. Returns the memo's record."""
    # The backstop of every edit (links too): a coder changes their own memos only.
    access.require_own(uow, memo.author, OTHER_MEMOS)
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
        summary or f"Changed {', '.join(changed) or 'links'} of memo {memo.title!r}",
        {"before": {k: before[k] for k in changed}, "after": {k: after[k] for k in changed}},
    )
    return info


def delete_memo(uow: UnitOfWork, memo_id: int, *, if_version: int | None = None) -> MemoInfo:
    """Delete a memo; returns what it was. ``if_version``: the version you
    read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is deleted.
    Audited as ``memo.delete`` (with its text). Raises
    :class:`NotFoundError` for an unknown memo, and :class:`ConflictError`
    when a change model cites it as evidence (naming the model and node or
    link)."""
    memo = find_memo(uow, memo_id)
    access.require_own(uow, memo.author, OTHER_MEMOS)
    check_version(memo, if_version, _what(memo))
    references.refuse_cited(uow, f"Deleting the memo {memo.title!r}", memos=[memo.id])
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
    (``target`` or a link keyword, as for :func:`create_memo`: a memo with
    any link to it matches; a document matches its passages too; a
    passage given is not compared), ``author``
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
        found = resolve_link(uow, wanted)
        link_type, link_id = found.kind, found.target_id
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
    return memo_infos(uow, listed)


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
    "find_memo",
    "frame_of",
    "get_memo",
    "list_memos",
    "memo_info",
    "memo_infos",
    "record_edit",
    "save_links",
    "stored_links",
    "wanted_links",
]
