"""Drafting framework-matrix cells from the coded data (NVivo's "auto summarize").

A draft fills an empty cell with its coded excerpts — the codings of the
row's participants with the column's code (and its sub-codes when the
matrix includes them) — as a bulleted list with where each comes from,
links them as quotes, and marks the cell ``draft`` for the analyst to
rewrite. It **never overwrites an analyst's work**: a cell with a summary,
or marked done, no data or not asked, is left alone and counted as skipped.
Each drafted cell is one new version (a new cell is stored at version 1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from qualframe.errors import ValidationError
from qualframe.services.cells.charting import new_cell
from qualframe.services.codebook.tree import CodeRef, CodeTree
from qualframe.services.coding.passage import Passage
from qualframe.services.core import audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.services.matrix.cells import CellRecord, cell_record, stored_cell, target
from qualframe.services.matrix.excerpts import excerpts_in_order
from qualframe.services.matrix.matrices import CellView, Matrix, build
from qualframe.services.matrix.quotes import participant_identifiers, passage_fields
from qualframe.services.matrix.rows import People, RowRef, parse_group_key
from qualframe.services.matrix.spec import MatrixSpec, Specified
from qualframe.storage import queries
from qualframe.storage.models import MatrixCell
from qualframe.storage.models.base import utc_now
from qualframe.vocabulary import CellStatus


@dataclass(frozen=True)
class DraftReport:
    """What :func:`draft_from_data` did.

    ``drafted``: empty cells filled with their excerpts; ``skipped``: cells
    left alone because an analyst charted them (a summary, or status
    done, no data or not asked; or a cell first stored by someone else
    while this draft was made); ``without_data``: empty cells with no
    codings to draft from; ``quotes_linked``: quotes added. ``cell``: for
    :func:`draft_cell`, the cell as stored afterwards with its version (None
    when it is not stored: nothing to draft); None for a matrix.
    """

    drafted: int
    skipped: int
    without_data: int
    quotes_linked: int
    cell: CellRecord | None = None


def draftable(view: CellView) -> bool:
    """True when drafting may fill the cell: no summary, and not charted as
    done, no data or not asked."""
    if view.summary.strip():
        return False
    return view.stored_status in (None, CellStatus.EMPTY, CellStatus.DRAFT)


@dataclass(frozen=True, slots=True, kw_only=True)
class Excerpt(Passage):
    """A coded excerpt offered to a draft: the passage, its coding's id and
    text, and the title of its document (what a draft cites)."""

    coding_id: int
    text: str
    document_title: str


def draft_text(excerpts: Sequence[Excerpt]) -> str:
    """The excerpts as a bulleted list, each with where it comes from (the
    document's title and who speaks)."""
    lines = []
    for excerpt in excerpts:
        text = " ".join(excerpt.text.split())
        who = excerpt.speaker or excerpt.participant
        title = excerpt.document_title
        where = f"{title}, {who}" if who else title
        lines.append(f"- “{text}” ({where})")
    return "\n".join(lines)


def draft_from_data(
    uow: UnitOfWork,
    spec: MatrixSpec | Specified,
    only: Sequence[tuple[RowRef, CodeRef]] | None = None,
) -> DraftReport:
    """Fill the empty cells of the matrix ``spec`` (a :class:`MatrixSpec` or a
    built matrix), or only the ``only`` (row, code) cells, with their coded
    excerpts, as drafts; returns what was done (:class:`DraftReport`).

    Each drafted cell gets the excerpts of its row and column (sub-codes
    too with ``spec.include_subcodes``) as a bulleted list with document and
    speaker, status ``draft``, and the excerpts linked as quotes (after any
    already linked); its version goes up by one (a new cell is stored at
    version 1). Cells with an analyst's summary or status are never
    touched (see :func:`draftable`). Raises :class:`ValidationError` when an
    ``only`` cell is not in the matrix, and what
    :func:`~qualframe.services.matrix.matrices.build` raises; nothing is
    written then. One ``cell.draft`` audit entry for the call; a ``draft``
    revision per drafted cell.
    """
    matrix = build(uow, spec)
    chosen = _chosen_cells(uow, matrix, only)
    todo = [(i, j) for i, j in chosen if draftable(matrix.cells[i][j])]
    skipped = len(chosen) - len(todo)
    with_data = [(i, j) for i, j in todo if matrix.cells[i][j].codings]
    excerpts = _excerpts(uow, matrix, with_data)
    ready = [(i, j) for i, j in with_data if excerpts.get((i, j))]
    cells = _write_drafts(uow, matrix, {key: excerpts[key] for key in ready})
    linked = _link_drafted(uow, matrix, cells, excerpts)
    drafted = len(cells)
    skipped += len(ready) - drafted  # stored by someone else meanwhile: charted first
    if drafted:
        audit.record(
            uow,
            "cell.draft",
            "cell",
            None,
            f"Drafted {drafted} cell{'s' if drafted != 1 else ''} from the coded data "
            f"({skipped} charted cell{'s' if skipped != 1 else ''} left alone)",
            {
                "drafted": drafted,
                "skipped": skipped,
                "quotes_linked": linked,
                "rows": matrix.spec.rows,
                "columns": [c.path for c in matrix.columns],
            },
        )
        uow.session.flush()
    return DraftReport(drafted, skipped, len(todo) - len(ready), linked)


def draft_cell(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    *,
    include_subcodes: bool = False,
    if_version: int | None = None,
) -> DraftReport:
    """Draft one cell (row, code) from its coded excerpts, as :func:`draft_from_data`
    does for a matrix: only if nobody has charted it (see :func:`draftable`);
    the report's ``cell`` is the cell as stored afterwards, with its version.

    ``include_subcodes`` drafts from the code's sub-codes' codings too. The
    cell is drafted within the smallest matrix holding it: rows of its kind
    (grouped by its group's attributes for a group row), its code as the
    only column. ``if_version``: the version you read (0 for a cell not stored
    yet); a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved. Raises
    :class:`~qualframe.errors.NotFoundError` for an unknown row or code.
    """
    found = target(uow, row, code)
    check_version(stored_cell(uow, found), if_version, f"the cell {found.label}")
    group_by = tuple(parse_group_key(found.row.group_key)) if found.row.group_key else ()
    spec = MatrixSpec.of(
        rows=found.row.kind.value,
        columns=found.code.id,
        include_subcodes=include_subcodes,
        group_by=group_by,
    )
    report = draft_from_data(uow, spec, [((found.row.kind.value, found.row.key), code)])
    stored = stored_cell(uow, found)
    return replace(report, cell=cell_record(uow, found, stored) if stored else None)


def _chosen_cells(
    uow: UnitOfWork,
    matrix: Matrix,
    only: Sequence[tuple[RowRef, CodeRef]] | None,
) -> list[tuple[int, int]]:
    if only is None:
        return [(i, j) for i in range(len(matrix.rows)) for j in range(len(matrix.columns))]
    chosen = []
    people, tree = People.load(uow), CodeTree.load(uow)
    for row_ref, code_ref in only:
        found = target(uow, row_ref, code_ref, people=people, tree=tree)
        rows = [
            i
            for i, r in enumerate(matrix.rows)
            if (r.kind, r.id, r.key) == (found.row.kind, found.row.id, found.row.key)
        ]
        columns = [j for j, c in enumerate(matrix.columns) if c.code_id == found.code.id]
        if not rows or not columns:
            raise ValidationError(f"The cell {found.label} is not in this matrix.")
        chosen.append((rows[0], columns[0]))
    return list(dict.fromkeys(chosen))


def _excerpts(
    uow: UnitOfWork, matrix: Matrix, cells: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], list[Excerpt]]:
    """The excerpts of each (row, column) to draft, in document order."""
    if not cells:
        return {}
    tree = CodeTree.load(uow)
    columns_of: dict[int, list[int]] = {}
    for j, column in enumerate(matrix.columns):
        codes = [column.code_id]
        if matrix.spec.include_subcodes:
            codes += [c.id for c in tree.depth_first(tree.by_id[column.code_id])]
        for code_id in codes:
            columns_of.setdefault(code_id, []).append(j)
    rows_of: dict[int, list[int]] = {}
    for i in {i for i, _ in cells}:
        for pid in matrix.rows[i].participant_ids:
            rows_of.setdefault(pid, []).append(i)
    wanted = set(cells)
    identifiers = participant_identifiers(uow)
    found: dict[tuple[int, int], list[Excerpt]] = {}
    for row in excerpts_in_order(uow, columns_of, rows_of):
        excerpt = Excerpt(**passage_fields(row, identifiers.get(row.participant_id)))
        for i in rows_of.get(row.participant_id, ()):
            for j in columns_of.get(row.code_id, ()):
                if (i, j) in wanted:
                    found.setdefault((i, j), []).append(excerpt)
    return found


def _write_drafts(
    uow: UnitOfWork, matrix: Matrix, drafts: Mapping[tuple[int, int], Sequence[Excerpt]]
) -> dict[tuple[int, int], MatrixCell]:
    """Write each (row, column)'s draft of its ``drafts`` excerpts into its cell:
    a stored one goes up one version (one flush), a new one is inserted at
    version 1 (in bulk), unless another transaction stored that cell since
    the matrix was read: that cell is left alone (someone charted it first),
    as is a stored cell changed since the matrix was read (its version moved
    on: a summary saved meanwhile is never drafted over). Returns the cells
    written."""
    ids = [matrix.cells[i][j].cell_id for i, j in drafts]
    stored = queries.cells.cells_by_id(uow.session, [i for i in ids if i is not None])
    now = utc_now()
    cells: dict[tuple[int, int], MatrixCell] = {}
    new: dict[tuple[int, int], MatrixCell] = {}
    for (i, j), found in drafts.items():
        view, row = matrix.cells[i][j], matrix.rows[i]
        cell = stored.get(view.cell_id or -1)
        if view.cell_id is not None and (cell is None or cell.version != view.version):
            continue  # deleted or changed since the matrix was read: not ours to draft
        if cell is None:
            code_id = matrix.columns[j].code_id
            cell = new[i, j] = new_cell(uow, code_id, row.kind, row.id, row.key, add=False)
        cell.summary, cell.status = draft_text(found), CellStatus.DRAFT
        cell.author, cell.updated_at = uow.actor.name, now
        cells[i, j] = cell
    uow.session.flush()
    inserted = queries.cells.insert_new_cells(uow.session, list(new.values()))
    for key, was_inserted in zip(new, inserted, strict=True):
        if not was_inserted:
            del cells[key]
    return cells


def _link_drafted(
    uow: UnitOfWork,
    matrix: Matrix,
    cells: Mapping[tuple[int, int], MatrixCell],
    excerpts: Mapping[tuple[int, int], Sequence[Excerpt]],
) -> int:
    """Link each drafted cell's new excerpts as quotes (after those it has) and
    add its ``draft`` revision, in bulk; returns how many quotes were linked."""
    quotes: list[dict[str, object]] = []
    revisions: list[dict[str, object]] = []
    for (i, j), cell in cells.items():
        view = matrix.cells[i][j]
        have = {q.coding_id for q in view.quotes}
        new = [e.coding_id for e in excerpts[i, j] if e.coding_id not in have]
        start = len(view.quotes)
        quotes += [
            {"cell_id": cell.id, "coding_id": c, "position": start + n} for n, c in enumerate(new)
        ]
        revisions.append(
            {
                "cell_id": cell.id,
                "at": cell.updated_at,
                "author": cell.author,
                "action": "draft",
                "summary": cell.summary,
                "status": cell.status,
            }
        )
    queries.cells.insert_quotes(uow.session, quotes)
    queries.cells.insert_revisions(uow.session, revisions)
    return len(quotes)
