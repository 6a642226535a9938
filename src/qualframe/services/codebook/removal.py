"""Taking codes out of use: retiring, restoring and deleting them.

- Retiring a code retires its whole subtree (a retired theme's sub-codes
  are not offered for coding either); the codings are kept. Restoring a
  code restores it and its retired ancestors, so that it can be reached
  again; ``recursive=True`` restores its subtree too.
- A code with codings or sub-codes is deleted only when forced; retiring
  or merging (:mod:`qualframe.services.codebook.merge`) keeps the work.
  Memos on deleted codes and codings are kept, on the project.
- Each code changed is audited (``code.retire``, ``code.restore``,
  ``code.delete``) with its path then.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualframe.errors import ConflictError
from qualframe.services.codebook.editing import record_change, snapshot
from qualframe.services.codebook.tree import (
    PATH_SEPARATOR,
    CodeInfo,
    CodeRef,
    CodeTree,
    check_code_version,
    code_infos,
    path_text,
    resolve_code,
)
from qualframe.services.core import references
from qualframe.services.core.references import PointedAt
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted
from qualframe.storage import queries
from qualframe.storage.models import Code

__all__ = ["DeleteSummary", "delete_code", "force_delete_code", "restore_code", "retire_code"]


@dataclass(frozen=True)
class DeleteSummary:
    """What deleting a code removed, and how many memos now sit on the project.

    ``references`` counts what pointed at the deleted codes (codings, memo
    links, empty cells, question links) and ``effect`` says it in a sentence
    ("Deleting 'A' removes 3 codings and 1 memo link; the memos stay, on the
    project.").
    """

    path: str
    codes_deleted: int
    codings_deleted: int
    memos_unlinked: int
    references: PointedAt = field(default_factory=PointedAt)
    effect: str = ""


def retire_code(uow: UnitOfWork, code: CodeRef, *, if_version: int | None = None) -> list[CodeInfo]:
    """Retire ``code`` and every code below it: they keep their codings but are
    no longer offered for coding.

    Returns the records of the codes that changed (none if already
    retired), each audited as ``code.retire`` and counting one more
    version. ``if_version``: the version of ``code`` you read; a different
    stored version raises :class:`~qualframe.errors.StaleVersionError` and
    nothing is saved. Raises :class:`NotFoundError` for an unknown code.
    """
    found = resolve_code(uow, code)
    check_code_version(uow, found, if_version)
    tree = CodeTree.load(uow)
    return _set_retired(uow, tree, found, [found, *tree.depth_first(found)], retired=True)


def restore_code(
    uow: UnitOfWork, code: CodeRef, *, recursive: bool = False, if_version: int | None = None
) -> list[CodeInfo]:
    """Offer a retired code for coding again, with its retired ancestors (so it
    can be reached) and, when ``recursive``, its retired sub-codes.

    Returns the records of the codes that changed (none if it was not
    retired), each audited as ``code.restore`` and counting one more
    version. ``if_version``: the version of ``code`` you read; a different
    stored version raises :class:`~qualframe.errors.StaleVersionError` and
    nothing is saved.
    """
    found = resolve_code(uow, code)
    check_code_version(uow, found, if_version)
    tree = CodeTree.load(uow)
    chosen: list[Code] = [*reversed(tree.ancestors(found)), found]
    if recursive:
        chosen += tree.depth_first(found)
    return _set_retired(uow, tree, found, chosen, retired=False)


def _set_retired(
    uow: UnitOfWork, tree: CodeTree, code: Code, chosen: list[Code], *, retired: bool
) -> list[CodeInfo]:
    """Set ``retired`` on the ``chosen`` codes that differ (``code`` is the one
    asked for; the others are audited as changed with it).

    One UPDATE for all of them (each counting one version) and one count of
    their codings: retiring a theme with many sub-codes reads the codings
    of that theme only, once."""
    verb, done = ("retire", "Retired") if retired else ("restore", "Restored")
    top = path_text(uow.session, code)
    changed = [c for c in chosen if bool(c.retired) != retired]
    if not changed:
        return []
    for item in changed:
        where = PATH_SEPARATOR.join(tree.path(item))
        note = "" if item is code else f" (with {top!r})"
        record_change(
            uow,
            verb,
            item,
            f"{done} code {where!r}{note}",
            path=where,
            before={"retired": not retired},
            after={"retired": retired},
        )
    queries.codes.set_retired(uow.session, [c.id for c in changed], retired)
    return code_infos(uow, changed, tree=tree)


def delete_code(
    uow: UnitOfWork, code: CodeRef, *, force: bool = False, if_version: int | None = None
) -> DeleteSummary:
    """Delete a code that has no codings and no sub-codes; with ``force``,
    delete it with its sub-codes and all their codings. Memos on them (and
    on their codings) are kept, linked to the project (each counting one
    more version); the questions covering them and their empty matrix cells
    go. Each deleted code is audited as ``code.delete``.

    Returns what was deleted, with a sentence saying what pointed at it.
    ``if_version``: the version of ``code`` you read; a different stored
    version raises :class:`~qualframe.errors.StaleVersionError` and nothing
    is saved. Raises :class:`ConflictError` without ``force`` when the code
    has codings or sub-codes, suggesting to retire or merge it instead, and
    (even with ``force``) when a matrix cell charts it or quotes one of its
    codings, naming the cells.
    """
    found = resolve_code(uow, code)
    check_code_version(uow, found, if_version)
    tree = CodeTree.load(uow)
    doomed = [found, *tree.depth_first(found)]
    ids = [c.id for c in doomed]
    where = path_text(uow.session, found)
    pointing = references.what_points_at(uow, codes=ids)
    _refuse_unforced(where, pointing.codings, len(doomed), force=force)
    action = f"Deleting the code {where!r}"
    references.refuse_charted_codes(uow, ids, action)
    coding_ids = queries.codings.coding_ids_of_codes(uow.session, ids)
    references.refuse_quoted_codings(uow, coding_ids, action)
    # The cells of the codes go with them (empty ones: charted ones were
    # refused above), and so do memo links to those cells: removed here, counted.
    cells = queries.cells.cell_ids_of(uow.session, code_ids=ids)
    memos = queries.memos.unlink_objects(
        uow.session, {"coding": coding_ids, "code": ids, "cell": cells}
    )
    deleted = queries.codings.delete_codings_of_codes(uow.session, ids)
    # Deepest first: a parent cannot be deleted while it has children.
    for item in sorted(doomed, key=lambda c: -len(tree.path(c))):
        item_path = PATH_SEPARATOR.join(tree.path(item))
        record_change(
            uow,
            "delete",
            item,
            f"Deleted code {item_path!r}" + ("" if item is found else f" (with {where!r})"),
            path=item_path,
            before=snapshot(item),
        )
        uow.session.delete(item)
        uow.session.flush()
    below = f" and its {counted(len(doomed) - 1, 'sub-code')}" if len(doomed) > 1 else ""
    kept = "; the memos stay (without those links)" if pointing.memos else ""
    effect = f"Deleting {where!r}{below} {pointing.sentence('removes')}{kept}."
    return DeleteSummary(where, len(doomed), deleted, memos, pointing, effect)


def _refuse_unforced(where: str, codings: int, codes: int, *, force: bool) -> None:
    """Without ``force``, raise :class:`ConflictError` when the code at ``where``
    (``codes`` with its sub-codes) has codings or sub-codes."""
    if force:
        return
    if codings:
        raise ConflictError(
            f"The code {where!r} has {counted(codings, 'coding')}"
            f"{' (with its sub-codes)' if codes > 1 else ''}; retire it to keep them "
            "out of new coding, merge it into another code, or delete it with force."
        )
    if codes > 1:
        raise ConflictError(
            f"The code {where!r} has {counted(codes - 1, 'sub-code')}; move, merge or "
            "delete them first, or delete it with force."
        )


def force_delete_code(uow: UnitOfWork, code: CodeRef) -> DeleteSummary:
    """What deleting ``code`` with ``force`` removes: the code, its sub-codes
    and all their codings (see :func:`delete_code`), how many memos on
    them move to the project, and a sentence saying so.

    ``project.codebook.preview_delete`` runs it as a dry run: nothing is
    deleted. Raises :class:`NotFoundError` for an unknown code and
    :class:`ConflictError` when a matrix cell charts it or quotes one of
    its codings.
    """
    return delete_code(uow, code, force=True)
