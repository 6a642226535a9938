"""Merging one code into another: codings, memos and sub-codes follow.

Duplicates are dropped: a coding of the merged code on the same document,
span and coder as one of the target's would repeat it. The audit log keeps
the merged code's fields and what moved (action ``code.merge``).
"""

from __future__ import annotations

from dataclasses import dataclass

from qualframe.errors import ValidationError
from qualframe.services.codebook.editing import place, plural, record_change, refuse_cycle, snapshot
from qualframe.services.codebook.tree import CodeRef, path_text, resolve_code, sibling_named
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.matrix.cells import merge_cells
from qualframe.storage import queries
from qualframe.storage.models import Code


@dataclass(frozen=True)
class MergeSummary:
    """What merging ``source`` into ``target`` did (paths as they were before).

    ``codes_merged`` counts sub-codes of the source merged into same-named
    sub-codes of the target; ``duplicates_dropped`` counts source codings
    that repeated a target coding (same document, span and coder).
    """

    source: str
    target: str
    codings_moved: int
    duplicates_dropped: int
    children_moved: int
    codes_merged: int
    memos_relinked: int
    cells_moved: int = 0
    cells_combined: int = 0


def merge_codes(uow: UnitOfWork, source_ref: CodeRef, target_ref: CodeRef) -> MergeSummary:
    """Merge code ``source`` into ``target`` and delete ``source``.

    The source's codings become the target's (dropping exact duplicates,
    whose memos and cell quotes move to the coding kept), its memos are
    re-linked to the target, its framework-matrix cells move to the target
    (combined with the target's cell of the same row, see
    :func:`~qualframe.services.matrix.cells.merge_cells`) and its sub-codes
    move under the target; a sub-code named like one of the target's is
    merged into it in turn. Each merged code is
    audited as ``code.merge`` (with the target and counts) and each moved
    sub-code as ``code.move``.

    Raises :class:`ValidationError` when the target is the source, one of
    its descendants, or retired.
    """
    source = resolve_code(uow, source_ref)
    target = resolve_code(uow, target_ref)
    refuse_cycle(uow, source, target, "merge {} into")
    if target.retired:
        retired = path_text(uow.session, target)
        raise ValidationError(f"Cannot merge into {retired!r}: it is retired; restore it first.")
    source_path, target_path = path_text(uow.session, source), path_text(uow.session, target)
    counts: dict[str, int] = dict.fromkeys(
        (
            "codings_moved",
            "duplicates_dropped",
            "children_moved",
            "codes_merged",
            "memos",
            "cells_moved",
            "cells_combined",
        ),
        0,
    )
    _merge_into(uow, source, target, counts)
    return MergeSummary(
        source=source_path,
        target=target_path,
        codings_moved=counts["codings_moved"],
        duplicates_dropped=counts["duplicates_dropped"],
        children_moved=counts["children_moved"],
        codes_merged=counts["codes_merged"],
        memos_relinked=counts["memos"],
        cells_moved=counts["cells_moved"],
        cells_combined=counts["cells_combined"],
    )


def _merge_into(uow: UnitOfWork, source: Code, target: Code, counts: dict[str, int]) -> None:
    """Merge ``source`` into ``target`` (recursively for same-named sub-codes),
    adding what was done to ``counts``."""
    source_path, target_path = path_text(uow.session, source), path_text(uow.session, target)
    moved_children = 0
    for child in list(queries.codes.children_of(uow.session, uow.project_id, source.id)):
        twin = sibling_named(uow, target.id, child.name)
        if twin is not None:
            _merge_into(uow, child, twin, counts)
            counts["codes_merged"] += 1
        else:
            _move_with_merge(uow, child, target, source_path)
            moved_children += 1
    pairs = queries.codings.duplicate_codings(uow.session, source.id, target.id)
    memos = sum(queries.memos.relink_coding_memos(uow.session, dup, kept) for dup, kept in pairs)
    for dup, kept in pairs:  # quotes of a dropped duplicate follow it to the coding kept
        queries.cells.relink_coding_quotes(uow.session, dup, kept)
    dropped = queries.codings.delete_codings(uow.session, [dup for dup, _ in pairs])
    moved = queries.codings.reassign_codings(uow.session, source.id, target.id)
    memos += queries.memos.relink_code_memos(uow.session, source.id, target.id)
    cells_moved, cells_combined = merge_cells(uow, source, target, source_path, target_path)
    record_change(
        uow,
        "merge",
        source,
        f"Merged code {source_path!r} into {target_path!r} ({plural(moved, 'coding')} "
        f"moved, {dropped} duplicate{'' if dropped == 1 else 's'} dropped)",
        path=source_path,
        before=snapshot(source),
        target_id=target.id,
        target_path=target_path,
        codings_moved=moved,
        duplicates_dropped=dropped,
        children_moved=moved_children,
        memos_relinked=memos,
        cells_moved=cells_moved,
        cells_combined=cells_combined,
    )
    uow.session.delete(source)
    uow.session.flush()
    counts["codings_moved"] += moved
    counts["duplicates_dropped"] += dropped
    counts["children_moved"] += moved_children
    counts["memos"] += memos
    counts["cells_moved"] += cells_moved
    counts["cells_combined"] += cells_combined


def _move_with_merge(uow: UnitOfWork, child: Code, target: Code, source_path: str) -> None:
    """Move a sub-code of a merged code under the merge target (audited as a move)."""
    old_path = path_text(uow.session, child)
    old_position = child.position
    place(uow, child, target.id, None)
    uow.session.flush()
    new_path, target_path = path_text(uow.session, child), path_text(uow.session, target)
    record_change(
        uow,
        "move",
        child,
        f"Moved code {old_path!r} under {target_path!r} (merging {source_path!r})",
        path=new_path,
        before={"parent": source_path, "position": old_position, "path": old_path},
        after={
            "parent": target_path,
            "position": child.position,
            "path": new_path,
        },
    )
