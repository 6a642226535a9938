"""SQL of what a change model cites: the evidence and bindings pointing at
codings, cells, memos and codes, for the references seam
(:mod:`qualframe.services.core.references`) to refuse deleting them.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from qualframe.storage.bulk import plain_rows
from qualframe.storage.models import (
    ChangeModel,
    ModelEvidence,
    ModelLink,
    ModelNode,
    NodeCode,
)
from qualframe.storage.queries.batches import chunks


class CitationRow(NamedTuple):
    """A piece of evidence citing a coding, cell or memo: the model and the node
    (label) or link (its ends' labels) it backs."""

    model: str
    node: str | None
    source: str | None
    target: str | None
    coding_id: int | None
    cell_id: int | None
    memo_id: int | None


def citations(
    session: Session,
    *,
    coding_ids: Collection[int] = (),
    cell_ids: Collection[int] = (),
    memo_ids: Collection[int] = (),
) -> list[CitationRow]:
    """The evidence citing any of the codings, cells or memos given (see
    :class:`CitationRow`), by model and subject; a statement per batch of ids."""
    source, target = aliased(ModelNode), aliased(ModelNode)
    base = (
        select(
            ChangeModel.name,
            ModelNode.label,
            source.label,
            target.label,
            ModelEvidence.coding_id,
            ModelEvidence.cell_id,
            ModelEvidence.memo_id,
        )
        .join(ChangeModel, ChangeModel.id == ModelEvidence.model_id)
        .outerjoin(ModelNode, ModelNode.id == ModelEvidence.node_id)
        .outerjoin(ModelLink, ModelLink.id == ModelEvidence.link_id)
        .outerjoin(source, source.id == ModelLink.source_id)
        .outerjoin(target, target.id == ModelLink.target_id)
        .order_by(ChangeModel.name, ModelEvidence.id)
    )
    found: list[CitationRow] = []
    for column, ids in (
        (ModelEvidence.coding_id, coding_ids),
        (ModelEvidence.cell_id, cell_ids),
        (ModelEvidence.memo_id, memo_ids),
    ):
        for chunk in chunks(ids):
            rows = plain_rows(session, base.where(column.in_(chunk)))
            found.extend(CitationRow._make(row) for row in rows)
    return found


def bindings_of_codes(session: Session, code_ids: Collection[int]) -> list[tuple[str, str, int]]:
    """``(model name, node label, code id)`` of every node bound to one of ``code_ids``."""
    found: list[tuple[str, str, int]] = []
    for chunk in chunks(code_ids):
        query = (
            select(ChangeModel.name, ModelNode.label, NodeCode.code_id)
            .join(ModelNode, ModelNode.id == NodeCode.node_id)
            .join(ChangeModel, ChangeModel.id == NodeCode.model_id)
            .where(NodeCode.code_id.in_(chunk))
            .order_by(ChangeModel.name, ModelNode.label)
        )
        found.extend((str(m), str(n), int(c)) for m, n, c in plain_rows(session, query))
    return found


def count_citing(
    codings: Any, cells: Any, memo_ids: Collection[int], code_ids: Collection[int]
) -> tuple[Any, Any]:
    """Two scalar subqueries for a count of what points at objects (see
    :func:`qualframe.storage.queries.references.count_pointing_at`): the
    pieces of evidence citing the codings or cells selected by the id queries
    ``codings`` and ``cells`` or the memos ``memo_ids``, and the node
    bindings of the codes ``code_ids``."""
    pieces = (
        select(func.count())
        .select_from(ModelEvidence)
        .where(
            or_(
                ModelEvidence.coding_id.in_(codings),
                ModelEvidence.cell_id.in_(cells),
                ModelEvidence.memo_id.in_(list(memo_ids)),
            )
        )
        .scalar_subquery()
    )
    bindings = (
        select(func.count())
        .select_from(NodeCode)
        .where(NodeCode.code_id.in_(list(code_ids)))
        .scalar_subquery()
    )
    return pieces, bindings
