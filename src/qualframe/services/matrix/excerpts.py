"""The coded excerpts a framework-matrix cell can quote.

A cell (row, code) draws on the codings of its code — and of the code's
sub-codes when the matrix counts them — spoken by the row's participants.
Those are the excerpts an analyst picks quotes from (and that a draft
from data lists). :func:`cell_excerpts` returns them in document order
with where each comes from and whether the cell quotes it already.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeRef, CodeTree
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.matrix.cells import target
from qualframe.services.matrix.matrices import QuoteView, paragraph_number, paragraph_starts
from qualframe.services.matrix.rows import RowRef
from qualframe.storage import queries


@dataclass(frozen=True)
class CellExcerpt:
    """A coding a cell can quote: the passage (as a :class:`QuoteView`: text,
    document, speaker, participant, span in code points, paragraph), the path
    of the code it was coded with, and whether the cell quotes it already."""

    quote: QuoteView
    code_id: int
    code_path: str
    linked: bool


def cell_excerpts(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    *,
    include_subcodes: bool = False,
) -> list[CellExcerpt]:
    """The coded excerpts of the cell (row, code), in document order (reads only).

    The codings of ``code`` (with ``include_subcodes``, of its descendants
    too) attributed to the row's participants, ordered by document (position,
    then name), then by position in the document. Raises
    :class:`~qualframe.errors.NotFoundError` for an unknown row or code.
    """
    found = target(uow, row, code)
    if not found.row.participant_ids:
        return []
    tree = CodeTree.load(uow)
    codes = [found.code.id]
    if include_subcodes:
        codes += [c.id for c in tree.depth_first(found.code)]
    rows = queries.codings.coding_excerpts(
        uow.session, uow.project_id, codes, found.row.participant_ids
    )
    order = queries.documents.document_order(uow.session, uow.project_id)
    rows.sort(key=lambda r: (order.get(r.document_id, 0), r.start, r.id))
    starts = paragraph_starts(uow.session, {r.document_id for r in rows})
    identifiers = {
        pid: ident
        for pid, ident, _ in queries.people.participant_cases(uow.session, uow.project_id)
    }
    stored = queries.cells.find_cell(
        uow.session,
        uow.project_id,
        found.code.id,
        found.row.kind,
        found.row.id,
        found.row.group_key,
    )
    quoted = (
        {q.coding_id for q in queries.cells.quotes_of_cell(uow.session, stored.id)}
        if stored
        else set()
    )
    return [
        CellExcerpt(
            quote=QuoteView(
                coding_id=r.id,
                text=r.quote,
                document_id=r.document_id,
                document=r.name,
                speaker=r.speaker,
                participant=identifiers.get(r.participant_id),
                start=r.start,
                end=r.end,
                paragraph=paragraph_number(starts[r.document_id], r.start),
            ),
            code_id=r.code_id,
            code_path=PATH_SEPARATOR.join(tree.path(tree.by_id[r.code_id])),
            linked=r.id in quoted,
        )
        for r in rows
    ]
