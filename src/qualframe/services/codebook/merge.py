"""Merging one code into another: codings, memos, quotes, cells, question
coverage and sub-codes follow.

The references to the merged code are replaced in one place, the references
module (:func:`~qualframe.services.core.references.replace_code`).
Duplicates are folded: a coding of the merged code on the same document,
span and coder as one of the target's would repeat it, so it goes and its
quotes, memos and change-model evidence move to the target's coding (a
piece repeating one there is dropped, its note kept; opposite stances
refuse the merge). The audit log keeps the merged code's fields and what
moved, evidence and node bindings included (action ``code.merge``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
from qualframe.services.codebook.tree import (
    CodeRef,
    check_code_version,
    path_text,
    resolve_code,
    sibling_named,
)
from qualframe.services.core import references
from qualframe.services.core.references import CellsFolded, PointedAt
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import touch
from qualframe.services.core.wording import counted
from qualframe.storage import queries
from qualframe.storage.models import Code


@dataclass(frozen=True)
class MergeSummary:
    """What merging ``source`` into ``target`` did (paths as they were before).

    ``codes_merged`` counts sub-codes of the source merged into same-named
    sub-codes of the target; ``duplicates_dropped`` counts source codings
    that repeated a target coding (same document, span and coder), whose
    quotes and memos moved to the coding kept. ``references`` counts what
    pointed at the source code before the merge, all moved to the target,
    and ``effect`` says it in a sentence ("Merging 'A' into 'B' moves 4
    codings, 1 memo, 2 cells and 3 quotes."). ``target_id`` and
    ``target_version`` are the target's id and its new version.
    ``evidence_moved`` counts the pieces of change-model evidence moved from
    folded codings and cells to those kept, ``evidence_folded`` those dropped
    as repeats of a piece already there (same node or link and stance; their
    notes appended to it), ``bindings_moved`` the nodes bound to a merged
    code, now bound to the target. ``round_codes_moved`` counts the agreement
    rounds that compared the source and now compare the target,
    ``resolutions_moved`` the resolutions of the source's disagreements now
    the target's, ``resolutions_folded`` those dropped as repeats of one of
    the target's (same round and passage: the target's is kept).
    """

    source: str
    target: str
    target_id: int = 0
    target_version: int = 0
    codings_moved: int = 0
    duplicates_dropped: int = 0
    children_moved: int = 0
    codes_merged: int = 0
    memos_relinked: int = 0
    quotes_relinked: int = 0
    questions_moved: int = 0
    cells_moved: int = 0
    cells_combined: int = 0
    references: PointedAt = field(default_factory=PointedAt)
    effect: str = ""
    evidence_moved: int = 0
    evidence_folded: int = 0
    bindings_moved: int = 0
    round_codes_moved: int = 0
    resolutions_moved: int = 0
    resolutions_folded: int = 0

    def added(self, **counts: int) -> MergeSummary:
        """This summary with ``counts`` added to its counts of the same names."""
        return replace(self, **{name: getattr(self, name) + n for name, n in counts.items()})


def merge_codes(
    uow: UnitOfWork, source: CodeRef, target: CodeRef, *, if_version: int | None = None
) -> MergeSummary:
    """Merge code ``source`` into ``target`` and delete ``source``; returns what
    moved (paths as they were before) and the target's new version.

    Everything that pointed at the source moves to the target, through the
    references module (:func:`~qualframe.services.core.references.replace_code`):
    its codings become the target's (an exact duplicate, same document, span
    and coder, is folded into the target's coding, its memos and cell quotes
    moving to the coding kept), its memos and question coverage move, its
    framework-matrix cells move to the target (combined with the target's
    cell of the same row, see
    :func:`~qualframe.services.cells.merging.merge_cells`) and its sub-codes
    move under the target; a sub-code named like one of the target's is
    merged into it in turn. Each merged code is audited as ``code.merge``
    (with the target and counts) and each moved sub-code as ``code.move``;
    the target counts one more version. ``project.codebook.preview_merge``
    runs it as a dry run: the same summary, nothing changed.

    ``if_version``: the version of the target you read (the source is
    deleted); a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved.
    Raises :class:`ValidationError` when the target is the source, one of
    its descendants, or retired, and :class:`ConflictError` when a folded
    coding or cell and the one kept back the same change-model node or link
    in opposite ways (remove one of the two pieces of evidence first).
    Change-model evidence moves with folded codings and cells (a repeat of a
    piece there is dropped, its note appended), nodes bound to the source
    are bound to the target (each one version more); the audit entry and
    the summary count both. Agreement rounds comparing the source compare
    the target, and the resolutions of its disagreements move with it (one
    repeating a resolution of the target's passage is folded into it).
    """
    merged = resolve_code(uow, source)
    kept = resolve_code(uow, target)
    check_code_version(uow, kept, if_version)
    refuse_cycle(uow, merged, kept, "merge {} into")
    if kept.retired:
        retired = path_text(uow.session, kept)
        raise ValidationError(f"Cannot merge into {retired!r}: it is retired; restore it first.")
    source_path, target_path = path_text(uow.session, merged), path_text(uow.session, kept)
    pointing = references.what_points_at(uow, codes=[merged.id])
    effect = f"Merging {source_path!r} into {target_path!r} {pointing.sentence('moves')}."
    empty = MergeSummary(source_path, target_path, references=pointing, effect=effect)
    summary = _merge_into(uow, merged, kept, empty)
    return replace(summary, target_id=kept.id, target_version=kept.version)


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

    def fold_cells(uow: UnitOfWork, source: Code, target: Code) -> CellsFolded:
        return merge_cells(uow, source, target, source_path, target_path)

    action = f"Merging {source_path!r} into {target_path!r}"
    done = references.replace_code(uow, source, target, fold_cells, action=action)
    counts: dict[str, Any] = {
        "codings_moved": done.codings_moved,
        "duplicates_dropped": done.duplicates_folded,
        "children_moved": moved_children,
        "memos_relinked": done.memos_relinked,
        "quotes_relinked": done.quotes_relinked,
        "questions_moved": done.questions_moved,
        "cells_moved": done.cells_moved,
        "cells_combined": done.cells_combined,
        "evidence_moved": done.evidence_relinked,
        "evidence_folded": done.evidence_folded,
        "bindings_moved": done.bindings_moved,
        "round_codes_moved": done.round_codes_moved,
        "resolutions_moved": done.resolutions_moved,
        "resolutions_folded": done.resolutions_folded,
    }
    moved, dropped = done.codings_moved, done.duplicates_folded
    record_change(
        uow,
        "merge",
        source,
        f"Merged code {source_path!r} into {target_path!r} ({counted(moved, 'coding')} "
        f"moved, {dropped} duplicate{'' if dropped == 1 else 's'} dropped{_evidence(done)})",
        path=source_path,
        before=snapshot(source),
        target_id=target.id,
        target_path=target_path,
        **counts,
        # Each node whose binding moved counts one version more.
        nodes_rebound=[
            {"id": i, "model": model, "node": label} for i, model, label in done.nodes_rebound
        ],
    )
    touch(target)  # it gained what pointed at the source
    uow.session.delete(source)
    uow.session.flush()
    return summary.added(**counts)


def _evidence(done: references.Replaced) -> str:
    """What a merge did to change models, for its audit summary ("" if nothing)."""
    parts = [
        f"{counted(n, noun)} {verb}"
        for n, noun, verb in (
            (done.evidence_relinked, "piece", "of evidence moved"),
            (done.evidence_folded, "repeated piece", "of evidence folded"),
            (done.bindings_moved, "node", "rebound"),
            (done.resolutions_moved, "disagreement resolution", "moved"),
        )
        if n
    ]
    return "".join(f", {part}" for part in parts)


def _move_with_merge(uow: UnitOfWork, child: Code, target: Code, source_path: str) -> None:
    """Move a sub-code of a merged code under the merge target (audited as a move)."""
    before = Spot.of(uow.session, child)
    place(uow, child, target.id, None)
    uow.session.flush()
    target_path = path_text(uow.session, target)
    summary = f"Moved code {before.path!r} under {target_path!r} (merging {source_path!r})"
    record_move(uow, child, summary, before)
