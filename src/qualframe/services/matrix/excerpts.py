"""The coded excerpts a framework-matrix cell can quote.

A cell (row, code) draws on the codings of its code — and of the code's
sub-codes when the matrix counts them — spoken by the row's participants.
Those are the excerpts an analyst picks quotes from (and that a draft
from data lists). :func:`cell_excerpts` returns them in document order
with where each comes from and whether the cell quotes it already.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeRef, CodeTree
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.matrix.cells import stored_cell, target
from qualframe.services.matrix.quotes import (
    Paragraphs,
    QuoteView,
    participant_identifiers,
    quote_fields,
)
from qualframe.services.matrix.rows import RowRef
from qualframe.storage import queries
from qualframe.storage.queries.codings import ExcerptRow


@dataclass(frozen=True, slots=True, kw_only=True)
class CellExcerpt(QuoteView):
    """A coding a cell can quote: the passage (text, document, speaker,
    participant, span in code points, paragraph: see :class:`QuoteView`), the
    code it was coded with (``code_id``, ``code_path``), and whether the cell
    quotes it already (``linked``)."""

    code_id: int
    code_path: str
    linked: bool

    @property
    def quote(self) -> QuoteView:
        """The passage as a quote (the excerpt itself: it is a :class:`QuoteView`)."""
        return self


def excerpts_in_order(
    uow: UnitOfWork, code_ids: Collection[int], participant_ids: Collection[int]
) -> list[ExcerptRow]:
    """The codings of ``code_ids`` attributed to ``participant_ids`` (rows of
    :func:`queries.codings.coding_excerpts`), in document order (position,
    then name), then by position in the document and id."""
    rows = queries.codings.coding_excerpts(uow.session, uow.project_id, code_ids, participant_ids)
    order = queries.documents.document_order(uow.session, uow.project_id)
    rows.sort(key=lambda r: (order.get(r.document_id, 0), r.start, r.coding_id))
    return rows


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
    then name), then by position in the document; each marked ``linked`` when
    the cell quotes it already. Raises
    :class:`~qualframe.errors.NotFoundError` for an unknown row or code.
    """
    found = target(uow, row, code)
    if not found.row.participant_ids:
        return []
    tree = CodeTree.load(uow)
    codes = [found.code.id]
    if include_subcodes:
        codes += [c.id for c in tree.depth_first(found.code)]
    rows = excerpts_in_order(uow, codes, found.row.participant_ids)
    paragraphs = Paragraphs(uow, {r.document_id for r in rows})
    identifiers = participant_identifiers(uow)
    stored = stored_cell(uow, found)
    quoted = set(queries.cells.quoted_coding_ids(uow.session, stored.id)) if stored else set()
    return [
        CellExcerpt(
            **quote_fields(r, identifiers.get(r.participant_id), paragraphs),
            code_id=r.code_id,
            code_path=PATH_SEPARATOR.join(tree.path(tree.by_id[r.code_id])),
            linked=r.coding_id in quoted,
        )
        for r in rows
    ]
