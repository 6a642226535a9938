"""SQL of the change models: models, kinds, nodes, links, bindings, indicators, measures, versions.

The services (:mod:`qualframe.services.change_model`) own the rules; these
functions only read and write rows. The evidence's own queries are in
:mod:`qualframe.storage.queries.evidence`; here are only the counts and
deletes the graph's changes need.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import NamedTuple, TypeVar

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session

from qualframe.storage.models import (
    ChangeModel,
    Coding,
    Indicator,
    MatrixCell,
    Measure,
    Memo,
    ModelEvidence,
    ModelKind,
    ModelLink,
    ModelNode,
    ModelVersion,
    NodeCode,
)

T = TypeVar("T")

# ---------------------------------------------------------------- models


def _named(rows: Sequence[T], name: str, text: Callable[[T], str]) -> list[T]:
    """The rows whose ``text`` is ``name``, letter case aside (exact first).

    Compared in Python with ``casefold``: SQLite's ``lower()`` folds ASCII only,
    so "Émotions" would not find "émotions" there (and would on PostgreSQL).
    The rows are a model's or project's few kinds, nodes, measures or versions.
    """
    exact = [row for row in rows if text(row) == name]
    if exact:
        return exact
    folded = name.casefold()
    return [row for row in rows if text(row).casefold() == folded]


def models_of(session: Session, project_id: int) -> list[ChangeModel]:
    """The project's change models, by name."""
    query = select(ChangeModel).where(ChangeModel.project_id == project_id)
    return list(session.scalars(query.order_by(ChangeModel.name, ChangeModel.id)))


def model_by_id(session: Session, project_id: int, model_id: int) -> ChangeModel | None:
    """The project's model ``model_id``, or None."""
    query = select(ChangeModel).where(
        ChangeModel.project_id == project_id, ChangeModel.id == model_id
    )
    return session.scalars(query).one_or_none()


def models_named(session: Session, project_id: int, name: str) -> list[ChangeModel]:
    """The project's models called ``name``, letter case aside (exact first)."""
    return _named(models_of(session, project_id), name, lambda model: model.name)


class GraphSize(NamedTuple):
    """How many nodes and links a model has."""

    nodes: int
    links: int


def graph_sizes(session: Session, model_ids: Collection[int]) -> dict[int, GraphSize]:
    """``{model id: its node and link counts}`` for every model of ``model_ids``."""
    if not model_ids:
        return {}
    counts: list[dict[int, int]] = []
    for table in (ModelNode, ModelLink):
        query = (
            select(table.model_id, func.count())
            .where(table.model_id.in_(model_ids))
            .group_by(table.model_id)
        )
        counts.append({model_id: count for model_id, count in session.execute(query)})
    node_counts, link_counts = counts
    return {m: GraphSize(node_counts.get(m, 0), link_counts.get(m, 0)) for m in model_ids}


def delete_model_contents(session: Session, model_id: int) -> None:
    """Delete everything in the model (evidence, indicators, bindings, links,
    nodes, kinds, versions) in an order no foreign key refuses; the model's
    own row is left to the caller."""
    for statement in (
        delete(ModelEvidence).where(ModelEvidence.model_id == model_id),
        delete(Indicator).where(Indicator.model_id == model_id),
        delete(NodeCode).where(NodeCode.model_id == model_id),
        update(ModelLink).where(ModelLink.model_id == model_id).values(condition_id=None),
        delete(ModelLink).where(ModelLink.model_id == model_id),
        delete(ModelNode).where(ModelNode.model_id == model_id),
        delete(ModelKind).where(ModelKind.model_id == model_id),
        delete(ModelVersion).where(ModelVersion.model_id == model_id),
    ):
        session.execute(statement)


# ---------------------------------------------------------------- kinds


def kinds_of(session: Session, model_id: int) -> list[ModelKind]:
    """The model's node kinds, in column then position order."""
    query = select(ModelKind).where(ModelKind.model_id == model_id)
    return list(session.scalars(query.order_by(ModelKind.column, ModelKind.position, ModelKind.id)))


def kind_by_id(session: Session, model_id: int, kind_id: int) -> ModelKind | None:
    """The model's kind ``kind_id``, or None."""
    query = select(ModelKind).where(ModelKind.model_id == model_id, ModelKind.id == kind_id)
    return session.scalars(query).one_or_none()


def kinds_named(session: Session, model_id: int, name: str) -> list[ModelKind]:
    """The model's kinds called ``name``, letter case aside (exact first)."""
    return _named(kinds_of(session, model_id), name, lambda kind: kind.name)


def next_kind_position(session: Session, model_id: int) -> int:
    """One more than the highest kind position of the model (0 for none)."""
    query = select(func.max(ModelKind.position)).where(ModelKind.model_id == model_id)
    highest = session.scalar(query)
    return 0 if highest is None else highest + 1


# ---------------------------------------------------------------- nodes


def nodes_of(session: Session, model_id: int) -> list[ModelNode]:
    """The model's nodes, in position order."""
    query = select(ModelNode).where(ModelNode.model_id == model_id)
    return list(session.scalars(query.order_by(ModelNode.position, ModelNode.id)))


def node_by_id(session: Session, model_id: int, node_id: int) -> ModelNode | None:
    """The model's node ``node_id``, or None."""
    query = select(ModelNode).where(ModelNode.model_id == model_id, ModelNode.id == node_id)
    return session.scalars(query).one_or_none()


def nodes_labelled(session: Session, model_id: int, label: str) -> list[ModelNode]:
    """The model's nodes labelled ``label``, letter case aside (exact first)."""
    return _named(nodes_of(session, model_id), label, lambda node: node.label)


def next_node_position(session: Session, model_id: int) -> int:
    """One more than the highest node position of the model (0 for none)."""
    query = select(func.max(ModelNode.position)).where(ModelNode.model_id == model_id)
    highest = session.scalar(query)
    return 0 if highest is None else highest + 1


def nodes_of_kind(session: Session, kind_id: int) -> int:
    """How many nodes are of the kind ``kind_id``."""
    return session.scalar(select(func.count()).where(ModelNode.kind_id == kind_id)) or 0


class NodeCascade(NamedTuple):
    """What deleting a node takes with it (counts): its links, the evidence on
    it and on those links, its indicators and code bindings, and the links
    naming it as their condition (kept)."""

    links: int
    evidence: int
    indicators: int
    bindings: int
    conditions: int


def _links_touching(node_id: int) -> Select[int]:
    return select(ModelLink.id).where(
        or_(ModelLink.source_id == node_id, ModelLink.target_id == node_id)
    )


def node_cascade(session: Session, node_id: int) -> NodeCascade:
    """The counts :func:`delete_node` would remove or change. Reads only."""
    link_ids = list(session.scalars(_links_touching(node_id)))
    evidence = select(func.count()).where(
        or_(ModelEvidence.node_id == node_id, ModelEvidence.link_id.in_(link_ids))
    )
    return NodeCascade(
        links=len(link_ids),
        evidence=session.scalar(evidence) or 0,
        indicators=session.scalar(select(func.count()).where(Indicator.node_id == node_id)) or 0,
        bindings=session.scalar(select(func.count()).where(NodeCode.node_id == node_id)) or 0,
        conditions=session.scalar(select(func.count()).where(ModelLink.condition_id == node_id))
        or 0,
    )


def delete_node(session: Session, node_id: int) -> None:
    """Delete the node with its links, their evidence and its own, its
    indicators and bindings. Links naming it as their condition must have
    lost it first (the services clear it, counting the change)."""
    link_ids = list(session.scalars(_links_touching(node_id)))
    for statement in (
        delete(ModelEvidence).where(
            or_(ModelEvidence.node_id == node_id, ModelEvidence.link_id.in_(link_ids))
        ),
        delete(Indicator).where(Indicator.node_id == node_id),
        delete(NodeCode).where(NodeCode.node_id == node_id),
        delete(ModelLink).where(ModelLink.id.in_(link_ids)),
        delete(ModelNode).where(ModelNode.id == node_id),
    ):
        session.execute(statement)


# ---------------------------------------------------------------- code bindings


def bindings_of(session: Session, model_id: int) -> list[tuple[int, int]]:
    """``(node id, code id)`` of every binding of the model's nodes."""
    query = select(NodeCode.node_id, NodeCode.code_id).where(NodeCode.model_id == model_id)
    return [(node_id, code_id) for node_id, code_id in session.execute(query)]


def node_code_ids(session: Session, node_id: int) -> list[int]:
    """The ids of the codes the node is bound to."""
    query = select(NodeCode.code_id).where(NodeCode.node_id == node_id)
    return list(session.scalars(query.order_by(NodeCode.code_id)))


def binding(session: Session, node_id: int, code_id: int) -> NodeCode | None:
    """The binding of the node to the code, or None."""
    return session.get(NodeCode, (node_id, code_id))


# ---------------------------------------------------------------- links


def links_conditional_on(session: Session, node_id: int) -> list[ModelLink]:
    """The links whose condition is the node ``node_id``."""
    query = select(ModelLink).where(ModelLink.condition_id == node_id)
    return list(session.scalars(query.order_by(ModelLink.id)))


def links_of(session: Session, model_id: int) -> list[ModelLink]:
    """The model's links, oldest first."""
    query = select(ModelLink).where(ModelLink.model_id == model_id)
    return list(session.scalars(query.order_by(ModelLink.id)))


def link_by_id(session: Session, model_id: int, link_id: int) -> ModelLink | None:
    """The model's link ``link_id``, or None."""
    query = select(ModelLink).where(ModelLink.model_id == model_id, ModelLink.id == link_id)
    return session.scalars(query).one_or_none()


def link_between(
    session: Session, model_id: int, source_id: int, target_id: int
) -> ModelLink | None:
    """The model's link ``source_id`` → ``target_id``, or None."""
    query = select(ModelLink).where(
        ModelLink.model_id == model_id,
        ModelLink.source_id == source_id,
        ModelLink.target_id == target_id,
    )
    return session.scalars(query).one_or_none()


def link_evidence_count(session: Session, link_id: int) -> int:
    """How many pieces of evidence back the link."""
    query = select(func.count()).where(ModelEvidence.link_id == link_id)
    return session.scalar(query) or 0


def delete_link(session: Session, link_id: int) -> None:
    """Delete the link with its evidence."""
    for statement in (
        delete(ModelEvidence).where(ModelEvidence.link_id == link_id),
        delete(ModelLink).where(ModelLink.id == link_id),
    ):
        session.execute(statement)


# ---------------------------------------------------------------- evidence (read for snapshots)


def evidence_of_model(session: Session, model_id: int) -> list[ModelEvidence]:
    """Every piece of evidence of the model, oldest first."""
    query = select(ModelEvidence).where(ModelEvidence.model_id == model_id)
    return list(session.scalars(query.order_by(ModelEvidence.id)))


class CitedGuids(NamedTuple):
    """The GUIDs of the codings, cells and memos some evidence cites, by id."""

    codings: dict[int, str]
    cells: dict[int, str]
    memos: dict[int, str]


def cited_guids(
    session: Session,
    coding_ids: Collection[int],
    cell_ids: Collection[int],
    memo_ids: Collection[int],
) -> CitedGuids:
    """The GUIDs of the codings, cells and memos of those ids."""

    def guids(
        table: type[Coding] | type[MatrixCell] | type[Memo], ids: Collection[int]
    ) -> dict[int, str]:
        if not ids:
            return {}
        query = select(table.id, table.guid).where(table.id.in_(ids))
        return {row_id: guid for row_id, guid in session.execute(query)}

    return CitedGuids(guids(Coding, coding_ids), guids(MatrixCell, cell_ids), guids(Memo, memo_ids))


# ---------------------------------------------------------------- indicators


def indicators_of(session: Session, model_id: int) -> list[Indicator]:
    """The model's indicators, by node then position."""
    query = select(Indicator).where(Indicator.model_id == model_id)
    return list(
        session.scalars(query.order_by(Indicator.node_id, Indicator.position, Indicator.id))
    )


def indicator_by_id(session: Session, project_id: int, indicator_id: int) -> Indicator | None:
    """The project's indicator ``indicator_id``, or None."""
    query = select(Indicator).where(
        Indicator.project_id == project_id, Indicator.id == indicator_id
    )
    return session.scalars(query).one_or_none()


def indicator_named(session: Session, node_id: int, name: str) -> Indicator | None:
    """The node's indicator called ``name`` (letter case aside), or None."""
    indicators = list(session.scalars(select(Indicator).where(Indicator.node_id == node_id)))
    found = _named(indicators, name, lambda indicator: indicator.name)
    return found[0] if found else None


def next_indicator_position(session: Session, node_id: int) -> int:
    """One more than the highest indicator position of the node (0 for none)."""
    query = select(func.max(Indicator.position)).where(Indicator.node_id == node_id)
    highest = session.scalar(query)
    return 0 if highest is None else highest + 1


def indicators_measured_by(session: Session, measure_id: int) -> list[tuple[str, str, str]]:
    """``(model name, node label, indicator name)`` of the indicators using the measure."""
    query = (
        select(ChangeModel.name, ModelNode.label, Indicator.name)
        .join(ModelNode, ModelNode.id == Indicator.node_id)
        .join(ChangeModel, ChangeModel.id == Indicator.model_id)
        .where(Indicator.measure_id == measure_id)
        .order_by(ChangeModel.name, ModelNode.label, Indicator.name)
    )
    return [(model, node, name) for model, node, name in session.execute(query)]


# ---------------------------------------------------------------- measures


def measures_of(session: Session, project_id: int) -> list[Measure]:
    """The project's measures, by name."""
    query = select(Measure).where(Measure.project_id == project_id)
    return list(session.scalars(query.order_by(Measure.name, Measure.id)))


def measure_by_id(session: Session, project_id: int, measure_id: int) -> Measure | None:
    """The project's measure ``measure_id``, or None."""
    query = select(Measure).where(Measure.project_id == project_id, Measure.id == measure_id)
    return session.scalars(query).one_or_none()


def measures_named(session: Session, project_id: int, name: str) -> list[Measure]:
    """The project's measures called ``name``, letter case aside (exact first)."""
    return _named(measures_of(session, project_id), name, lambda measure: measure.name)


def measure_names(session: Session, measure_ids: Collection[int]) -> dict[int, str]:
    """``{measure id: name}`` for ``measure_ids``."""
    if not measure_ids:
        return {}
    query = select(Measure.id, Measure.name).where(Measure.id.in_(measure_ids))
    return {measure_id: name for measure_id, name in session.execute(query)}


# ---------------------------------------------------------------- versions


def versions_of(session: Session, model_id: int) -> list[ModelVersion]:
    """The model's saved versions, oldest first."""
    query = select(ModelVersion).where(ModelVersion.model_id == model_id)
    return list(session.scalars(query.order_by(ModelVersion.created_at, ModelVersion.id)))


def versions_named(session: Session, model_id: int, name: str) -> list[ModelVersion]:
    """The model's versions called ``name``, letter case aside (exact first)."""
    return _named(versions_of(session, model_id), name, lambda version: version.name)
