"""Merging one code into another: codings, memos and sub-codes follow.

Duplicates are dropped: a coding of the merged code on the same document,
span and coder as one of the target's would repeat it. The audit log keeps
the merged code's fields and what moved (action ``code.merge``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from qualframe.errors import ValidationError
from qualframe.services.cells.merging import merge_cells
from qualframe.services.codebook.editing import (
    Spot,
    place,
    record_change,
    record_move,
    refuse_cycle,
    snapshot,
)
from qualframe.services.codebook.tree import CodeRef, path_text, resolve_code, sibling_named
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted
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
    codings_moved: int = 0
    duplicates_dropped: int = 0
    children_moved: int = 0
    codes_merged: int = 0
    memos_relinked: int = 0
    cells_moved: int = 0
    cells_combined: int = 0

    def added(self, **counts: int) -> MergeSummary:
        """This summary with ``counts`` added to its counts of the same names."""
        return replace(self, **{name: getattr(self, name) + n for name, n in counts.items()})


def merge_codes(uow: UnitOfWork, source: CodeRef, target: CodeRef) -> MergeSummary:
    """Merge code ``source`` into ``target`` and delete ``source``; returns what
    moved (paths as they were before).

    The source's codings become the target's (dropping exact duplicates:
    same document, span and coder; their memos and cell quotes move to the
    coding kept), its memos are re-linked to the target, its
    framework-matrix cells move to the target (combined with the target's
    cell of the same row, see
    :func:`~qualframe.services.cells.merging.merge_cells`) and its sub-codes
    move under the target; a sub-code named like one of the target's is
    merged into it in turn. Each merged code is audited as ``code.merge``
    (with the target and counts) and each moved sub-code as ``code.move``.
    ``project.codebook.preview_merge`` runs it as a dry run: the same
    summary, nothing changed.

    Raises :class:`ValidationError` when the target is the source, one of
    its descendants, or retired.
    """
    merged = resolve_code(uow, source)
    kept = resolve_code(uow, target)
    refuse_cycle(uow, merged, kept, "merge {} into")
    if kept.retired:
        retired = path_text(uow.session, kept)
        raise ValidationError(f"Cannot merge into {retired!r}: it is retired; restore it first.")
    empty = MergeSummary(path_text(uow.session, merged), path_text(uow.session, kept))
    return _merge_into(uow, merged, kept, empty)


def _merge_into(uow: UnitOfWork, source: Code, target: Code, summary: MergeSummary) -> MergeSummary:
    """Merge ``source`` into ``target`` (recursively for same-named sub-codes);
    returns ``summary`` with what was done added."""
    source_path, target_path = path_text(uow.session, source), path_text(uow.session, target)
    moved_children = 0
    for child in list(queries.codes.children_of(uow.session, uow.project_id, source.id)):
        twin = sibling_named(uow, target.id, child.name)
        if twin is not None:
            summary = _merge_into(uow, child, twin, summary).added(codes_merged=1)
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
    counts: dict[str, Any] = {
        "codings_moved": moved,
        "duplicates_dropped": dropped,
        "children_moved": moved_children,
        "memos_relinked": memos,
        "cells_moved": cells_moved,
        "cells_combined": cells_combined,
    }
    record_change(
        uow,
        "merge",
        source,
        f"Merged code {source_path!r} into {target_path!r} ({counted(moved, 'coding')} "
        f"moved, {dropped} duplicate{'' if dropped == 1 else 's'} dropped)",
        path=source_path,
        before=snapshot(source),
        target_id=target.id,
        target_path=target_path,
        **counts,
    )
    uow.session.delete(source)
    uow.session.flush()
    return summary.added(**counts)


def _move_with_merge(uow: UnitOfWork, child: Code, target: Code, source_path: str) -> None:
    """Move a sub-code of a merged code under the merge target (audited as a move)."""
    before = Spot.of(uow.session, child)
    place(uow, child, target.id, None)
    uow.session.flush()
    target_path = path_text(uow.session, target)
    summary = f"Moved code {before.path!r} under {target_path!r} (merging {source_path!r})"
    record_move(uow, child, summary, before)
