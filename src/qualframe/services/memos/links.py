"""Memos where the work is: linking a memo to more objects, annotations, and
the memos of a document or of matrix cells.

A memo links to any number of objects (see
:mod:`qualframe.services.memos.targets`). :func:`link_memo` and
:func:`unlink_memo` add or remove one link (each a change of the memo: a
version more, audited as ``memo.edit``). An **annotation** is a memo with one
link to a passage of a document and no coding (NVivo's annotations,
MAXQDA's in-text memos): :func:`annotate` writes one.
:func:`document_memos` gathers every memo about a document (the document, a
passage of it or a coding in it); :func:`cell_memos` the memos on framework
matrix cells.
"""

from __future__ import annotations

from collections.abc import Collection

from qualframe.errors import ValidationError
from qualframe.services.core import access
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.services.memos.memos import (
    OTHER_MEMOS,
    MemoInfo,
    create_memo,
    find_memo,
    memo_info,
    memo_infos,
    record_edit,
    save_links,
    stored_links,
    wanted_links,
)
from qualframe.services.memos.targets import TargetSpec, describe_target, resolve_link
from qualframe.storage import queries
from qualframe.storage.models import Memo
from qualframe.vocabulary import MemoKind, MemoTarget

#: Longest title an annotation takes from its passage's first words.
ANNOTATION_TITLE_CHARS = 80


def _stated(uow: UnitOfWork, memo_id: int, if_version: int | None) -> Memo:
    memo = find_memo(uow, memo_id)
    access.require_own(uow, memo.author, OTHER_MEMOS)
    check_version(memo, if_version, f"the memo {memo.title!r}")
    return memo


def link_memo(
    uow: UnitOfWork, memo_id: int, target: TargetSpec, *, if_version: int | None = None
) -> MemoInfo:
    """Link a memo to one more object (``target``, e.g. ``("code", "Trust")``,
    ``("cell", 12)`` or ``("document", "P01.txt", (120, 180))``), after its
    other links.

    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError`. The memo counts one more
    version; audited as ``memo.edit``. Raises :class:`ValidationError` for
    the project, a bad passage or an object the memo is linked to already,
    and :class:`~qualframe.errors.NotFoundError` for an unknown memo or
    object; nothing is saved then.
    """
    memo = _stated(uow, memo_id, if_version)
    link = resolve_link(uow, target)
    if link.kind is MemoTarget.PROJECT:
        raise ValidationError(
            "Link a memo to an object; a memo with no links is about the project."
        )
    links = stored_links(uow, [memo.id])[memo.id]
    label = describe_target(uow, target).label
    if link in links:
        raise ValidationError(f"The memo {memo.title!r} is linked to {label} already.")
    before = memo_info(uow, memo)
    save_links(uow, memo, [*links, link])
    return record_edit(uow, memo, before, f"Linked memo {memo.title!r} to {label}")


def unlink_memo(
    uow: UnitOfWork, memo_id: int, target: TargetSpec, *, if_version: int | None = None
) -> MemoInfo:
    """Remove one link of a memo (``target`` as for :func:`link_memo`; a passage
    must be given to remove a passage link). With no link left the memo is
    about the project. ``if_version`` as for :func:`link_memo`; the memo
    counts one more version; audited as ``memo.edit``. Raises
    :class:`ValidationError` when the memo is not linked to it and
    :class:`~qualframe.errors.NotFoundError` for an unknown memo or object;
    nothing is saved then.
    """
    memo = _stated(uow, memo_id, if_version)
    link = resolve_link(uow, target)
    links = stored_links(uow, [memo.id])[memo.id]
    label = describe_target(uow, target).label
    if link not in links:
        raise ValidationError(f"The memo {memo.title!r} is not linked to {label}.")
    before = memo_info(uow, memo)
    save_links(uow, memo, [other for other in links if other != link])
    return record_edit(uow, memo, before, f"Unlinked memo {memo.title!r} from {label}")


def annotate(
    uow: UnitOfWork,
    document: Ref,
    start: int,
    end: int,
    *,
    body: str,
    title: str | None = None,
    kind: MemoKind | str = MemoKind.ANALYTIC,
) -> MemoInfo:
    """Annotate the passage ``[start, end)`` (code points) of a document (name
    or id): a memo by the acting user linked to that passage only, with no
    coding. ``title`` defaults to the passage's first words (ellipsised after
    :data:`ANNOTATION_TITLE_CHARS` characters). Audited as ``memo.create``.

    Raises :class:`ValidationError` for a passage outside the text or empty,
    an unknown kind or a bad title, and
    :class:`~qualframe.errors.NotFoundError` for an unknown document;
    nothing is written then.
    """
    found = find_document(uow, document)
    target: TargetSpec = (MemoTarget.DOCUMENT, found.id, (start, end))
    passage = wanted_links(uow, target, ())[0].passage
    assert passage is not None
    if title is None:
        words = " ".join(found.text[passage[0] : passage[1]].split())
        limit = ANNOTATION_TITLE_CHARS
        title = words if len(words) <= limit else words[: limit - 1].rstrip() + "\u2026"
        title = title or f"Annotation on {found.name}"
    return create_memo(uow, title, kind=kind, body=body, target=target)


def document_memos(uow: UnitOfWork, document: Ref) -> list[MemoInfo]:
    """Every memo linked to a document (name or id): to the document itself, a
    passage of it or a coding in it; each once, oldest first. Reads only;
    raises :class:`~qualframe.errors.NotFoundError` for an unknown document."""
    found = find_document(uow, document)
    memos = queries.memos.memos_about_documents(uow.session, uow.project_id, [found.id])
    return memo_infos(uow, memos)


def cell_memos(uow: UnitOfWork, cell_ids: Collection[int]) -> dict[int, list[MemoInfo]]:
    """``{cell id: the memos linked to that stored matrix cell, oldest first}``
    for each of ``cell_ids`` (an empty list for a cell without memos or not
    of this project). Reads only."""
    wanted = sorted({int(cell_id) for cell_id in cell_ids})
    pairs = [
        (cell_id, memo)
        for cell_id, memo in queries.memos.memos_on_cells(uow.session, wanted)
        if memo.project_id == uow.project_id
    ]
    unique = list({memo.id: memo for _, memo in pairs}.values())
    records = {info.id: info for info in memo_infos(uow, unique)}
    found: dict[int, list[MemoInfo]] = {cell_id: [] for cell_id in wanted}
    for cell_id, memo in pairs:
        found[cell_id].append(records[memo.id])
    return found


__all__ = ["annotate", "cell_memos", "document_memos", "link_memo", "unlink_memo"]
