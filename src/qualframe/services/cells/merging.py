"""Folding the cells of one code into another's, when the codebook merges codes.

A cell whose row has no cell of the target code moves; otherwise the two are
combined: summaries joined, quotes united, the less final status kept, the
histories appended, change-model evidence carried to the cell kept. Each
change is saved as a ``merge`` revision.
"""

from __future__ import annotations

from qualframe.services.cells.charting import save
from qualframe.services.core.evidence_folding import EvidenceFolded, fold_evidence
from qualframe.services.core.references import CellsFolded
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import Code, MatrixCell
from qualframe.vocabulary import CellStatus, RowKind


def combined_status(
    first: CellStatus, first_summary: str, second: CellStatus, second_summary: str
) -> CellStatus:
    """The status of two cells combined by a code merge: the less final one.

    A cell has content when it is ``draft`` or ``done`` or has a summary
    (text under another status counts as ``draft``). Two cells with content
    give ``done`` only if both were ``done``, else ``draft``; a cell without
    content yields to one with content; two without give ``not_asked`` if
    both were, else ``no_data`` if either was, else ``empty``.
    """

    def content(status: CellStatus, summary: str) -> CellStatus | None:
        if status in (CellStatus.DRAFT, CellStatus.DONE):
            return status
        return CellStatus.DRAFT if summary.strip() else None

    a, b = content(first, first_summary), content(second, second_summary)
    if a and b:
        return CellStatus.DONE if a is b is CellStatus.DONE else CellStatus.DRAFT
    if a or b:
        return a or b  # type: ignore[return-value]
    if first is second is CellStatus.NOT_ASKED:
        return CellStatus.NOT_ASKED
    if CellStatus.NO_DATA in (first, second):
        return CellStatus.NO_DATA
    return CellStatus.EMPTY


def merged_summary(target: str, source: str, source_path: str) -> str:
    """The target cell's summary followed by the merged cell's, under a separator."""
    if not source.strip():
        return target
    if not target.strip():
        return source
    return f"{target}\n\n--- merged from {source_path!r} ---\n{source}"


def merge_cells(
    uow: UnitOfWork,
    source: Code,
    target: Code,
    source_path: str,
    target_path: str,
) -> CellsFolded:
    """Move the cells of code ``source`` to code ``target`` (part of a code merge,
    called by the references module's
    :func:`~qualframe.services.core.references.replace_code`).

    A cell whose row has no cell of ``target`` moves as it is; otherwise
    the two are combined: summaries joined (:func:`merged_summary`), quotes
    united (the target's first), status by :func:`combined_status`, the
    source cell's history appended to the target's, the change-model
    evidence citing it carried to the cell kept
    (:func:`~qualframe.services.core.evidence_folding.fold_evidence`: a repeat of
    a piece on the cell kept is dropped, its note kept; opposite stances
    raise :class:`~qualframe.errors.ConflictError`, and the caller's unit of
    work writes nothing). Each cell moved or combined into gets a ``merge``
    revision and audit entry (with the evidence moved and folded) and one
    more version. The cells of both codes are read once.
    """
    moved = combined = 0
    evidence = EvidenceFolded()
    twins = {_row_key(cell): cell for cell in queries.cells.cells_of_code(uow.session, target.id)}
    details: dict[str, object] = {"from_code": source_path, "to_code": target_path}
    action = f"Merging {source_path!r} into {target_path!r}"
    for cell in list(queries.cells.cells_of_code(uow.session, source.id)):
        twin = twins.get(_row_key(cell))
        if twin is None:
            cell.code_id = target.id
            summary = f"Moved a cell of {source_path!r} to {target_path!r} (code merge)"
            save(uow, cell, "merge", summary, details)
            moved += 1
            continue
        cell_id = cell.id
        carried = _combine(uow, cell, twin, source_path, action)
        summary = f"Combined a cell of {source_path!r} into {target_path!r} (code merge)"
        counts = {"evidence_moved": carried.moved, "evidence_folded": carried.folded}
        save(uow, twin, "merge", summary, {**details, "from_cell": cell_id, **counts})
        combined += 1
        evidence += carried
    return CellsFolded(moved, combined, evidence)


def _row_key(cell: MatrixCell) -> tuple[RowKind, int | None, int | None, str | None]:
    """The row a cell belongs to, whatever its code."""
    return (RowKind(cell.row_kind), cell.participant_id, cell.case_id, cell.group_key)


def _combine(
    uow: UnitOfWork, cell: MatrixCell, twin: MatrixCell, source_path: str, action: str
) -> EvidenceFolded:
    """Fold ``cell`` into ``twin`` and delete ``cell``; ``twin``'s own columns are
    changed but not flushed (saving it counts one version). Returns what
    became of the change-model evidence citing ``cell``; raises
    :class:`~qualframe.errors.ConflictError` (``action`` names the merge)
    when a piece of it and one on ``twin`` disagree, before anything here is
    written."""
    session = uow.session
    status, summary, cell_id = cell.status, cell.summary, cell.id
    # Change-model evidence citing it cites the combined cell (a repeat for
    # the same node or link is one piece; opposite stances refuse the merge).
    evidence = fold_evidence(uow, "cell_id", {cell_id: twin.id}, action)
    kept = queries.cells.quotes_of_cell(session, twin.id)
    have = {link.coding_id for link in kept}
    position = max((link.position for link in kept), default=-1) + 1
    # The folded cell's quotes come along with their passages (a sub-span of
    # the coding), after the twin's own.
    extra = [
        (link.coding_id, link.start, link.end)
        for link in queries.cells.quotes_of_cell(session, cell_id)
        if link.coding_id not in have
    ]
    queries.cells.delete_quotes_of_cell(session, cell_id)
    queries.cells.move_revisions(session, cell_id, twin.id)
    # Memos on the folded cell are about the combined cell now: an analyst's
    # link is never dropped (the cell's row would take it with it).
    queries.memos.relink_cell_memos(session, {cell_id: twin.id})
    session.delete(cell)
    session.flush()
    queries.cells.insert_quotes(
        session,
        [
            {
                "cell_id": twin.id,
                "coding_id": coding_id,
                "position": position + offset,
                "start": start,
                "end": end,
            }
            for offset, (coding_id, start, end) in enumerate(extra)
        ],
    )
    twin.status = combined_status(twin.status, twin.summary, status, summary)
    twin.summary = merged_summary(twin.summary, summary, source_path)
    return evidence
