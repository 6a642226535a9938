"""Memos where the work is: memos on framework-matrix cells.

A memo on a cell is a memo (see :mod:`qualframe.services.memos`) with a
link to the stored cell ``("cell", id)``, and maybe links to other objects
too (a code, a document, ...). A cell nobody has charted is not stored yet:
writing a memo on it stores it first, empty (version 1, its history says
``create``), as any first change of a cell does. The memo itself does not
change the cell: its summary, status, quotes and version stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qualframe.services.cells.charting import first_write, new_cell, save
from qualframe.services.codebook.tree import CodeRef
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.matrix.cells import CellRecord, cell_record, stored_cell, target
from qualframe.services.matrix.matrices import build
from qualframe.services.matrix.rows import RowRef
from qualframe.services.matrix.spec import MatrixSpec, Specified
from qualframe.services.memos.links import cell_memos
from qualframe.services.memos.memos import MemoInfo, create_memo
from qualframe.services.memos.targets import TargetSpec
from qualframe.vocabulary import MemoKind, MemoTarget, RowKind


@dataclass(frozen=True, slots=True, kw_only=True)
class CellMemo:
    """A memo written on a cell: the ``memo`` (its first link is the cell) and
    the ``cell`` as stored (stored by the memo when it was not)."""

    memo: MemoInfo
    cell: CellRecord


@first_write
def add_cell_memo(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    title: str,
    *,
    kind: MemoKind | str = MemoKind.ANALYTIC,
    body: str = "",
    links: Sequence[TargetSpec] = (),
) -> CellMemo:
    """Write a memo (Markdown ``body``) on the cell (row, code), and on each of
    ``links`` too (e.g. ``[("code", "Hope"), ("document", "P01.txt")]``);
    returns the memo and the stored cell.

    A cell not stored yet is stored first, empty (version 1; audited as
    ``cell.create``); a stored cell is left as it is (its version stays).
    The memo is audited as ``memo.create``. Raises
    :class:`~qualframe.errors.NotFoundError` for an unknown row, code or
    linked object and :class:`~qualframe.errors.ValidationError` for an
    empty title, an unknown kind or a link given twice; nothing is written
    then (not the cell either).
    """
    found = target(uow, row, code)
    stored = stored_cell(uow, found)
    cell = stored or new_cell(uow, found.code.id, found.row.kind, found.row.id, found.row.group_key)
    if stored is None:
        where: dict[str, object] = {"row": found.row.key, "code": found.path}
        save(uow, cell, "create", f"Stored {found.label} to write a memo on it", where)
    memo = create_memo(
        uow, title, kind=kind, body=body, target=(MemoTarget.CELL, cell.id), links=links
    )
    return CellMemo(memo=memo, cell=cell_record(uow, found, cell, new=stored is None))


@dataclass(frozen=True, slots=True)
class CellMemoCount:
    """How many memos a cell of a matrix has: the cell as a matrix names it
    (``row_kind``, ``row_key``, ``code_id``), its stored ``cell_id``, and
    ``memos``."""

    row_kind: RowKind
    row_key: str
    code_id: int
    cell_id: int
    memos: int


def matrix_memo_counts(uow: UnitOfWork, spec: MatrixSpec | Specified) -> list[CellMemoCount]:
    """The cells of the matrix ``spec`` that have memos (group rows' cells
    too), with how many each has; in the matrix's order. Reads only; raises
    what building the matrix raises."""
    matrix = build(uow, spec)
    views = [view for cells in matrix.cells for view in cells]
    views += [view for group in matrix.groups for view in group.aggregate]
    stored = [view for view in views if view.cell_id is not None]
    memos = cell_memos(uow, [view.cell_id for view in stored if view.cell_id is not None])
    return [
        CellMemoCount(view.row_kind, view.row_key, view.code_id, view.cell_id, len(found))
        for view in stored
        if view.cell_id is not None and (found := memos.get(view.cell_id))
    ]
