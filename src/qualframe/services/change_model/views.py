"""The graph's rows as records, and the checks every graph use case shares.

The use cases of :mod:`~qualframe.services.change_model.models`,
``nodes``, ``links``, ``indicators`` and ``versions`` return the frozen
records of :mod:`~qualframe.services.change_model.records`, built here from
the stored rows (labels beside ids, code paths, measure names), and check
the names and text people give with the same rules and messages.
"""

from __future__ import annotations

from collections.abc import Sequence

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.change_model.finding import find_model
from qualframe.services.change_model.records import (
    ChangeModelInfo,
    IndicatorInfo,
    KindInfo,
    LinkInfo,
    ModelView,
    NodeInfo,
)
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree
from qualframe.services.core import text_rules
from qualframe.services.core.field_limits import check_field
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import touch
from qualframe.storage import queries
from qualframe.storage.models import ChangeModel, Indicator, ModelKind, ModelLink, ModelNode
from qualframe.storage.models.base import as_utc, utc_now

#: Longest node label or indicator name (the columns' width).
LABEL_CHARS = text_rules.FILE_NAME_CHARS


# ---------------------------------------------------------------- values


def clean_name(value: str, what: str, max_chars: int = text_rules.NAME_CHARS) -> str:
    """``value`` normalised (NFC, single spaces, stripped) and checked as the
    name ``what`` ("node label"). Raises :class:`ValidationError` when it is
    empty, too long, or holds a character no database stores."""
    cleaned = text_rules.normalised_name(value)
    if not cleaned:
        raise ValidationError(f"A {what} cannot be empty.")
    return text_rules.check_name(cleaned, what, max_chars)


def clean_prose(value: str | None, what: str) -> str:
    """Free text ``what`` ("node's description") normalised (NFC, LF line ends,
    stripped) and checked against ``field_characters``; None gives ""."""
    if value is None:
        return ""
    check_field(str(value).replace("\r\n", "\n").replace("\r", "\n"), what)
    return text_rules.normalised_text(value)


def flag(value: object, what: str) -> bool:
    """``value`` as a yes/no; raises :class:`ValidationError` for anything else."""
    if not isinstance(value, bool):
        raise ValidationError(f"{what[:1].upper()}{what[1:]} is true or false, not {value!r}.")
    return value


def touch_model(model: ChangeModel) -> None:
    """Count a change of the model's graph (a kind, node or link added,
    changed or deleted): its version goes up by one and ``updated_at`` moves."""
    touch(model)
    model.updated_at = utc_now()


def find_kind(uow: UnitOfWork, model: ChangeModel, ref: Ref) -> ModelKind:
    """The kind ``ref`` (id or name, letter case aside) of ``model``; raises
    :class:`NotFoundError` listing the model's kinds. Reads only."""
    if isinstance(ref, int) and not isinstance(ref, bool):
        kind = queries.change_models.kind_by_id(uow.session, model.id, ref)
        if kind is not None:
            return kind
        wanted = f"with id {ref}"
    else:
        name = " ".join(str(ref).split())
        named = queries.change_models.kinds_named(uow.session, model.id, name)
        if len(named) == 1:
            return named[0]
        wanted = f"called {name!r}"
    known = ", ".join(k.name for k in queries.change_models.kinds_of(uow.session, model.id))
    raise NotFoundError(
        f"The change model {model.name!r} has no node kind {wanted}; its kinds: {known}."
    )


# ---------------------------------------------------------------- records


def model_info(uow: UnitOfWork, model: ChangeModel) -> ChangeModelInfo:
    """The record of ``model`` with its node and link counts. Reads only."""
    return model_infos(uow, [model])[0]


def model_infos(uow: UnitOfWork, models: Sequence[ChangeModel]) -> list[ChangeModelInfo]:
    """The records of ``models`` (their counts read in two queries)."""
    uow.session.flush()
    sizes = queries.change_models.graph_sizes(uow.session, [m.id for m in models])
    return [
        ChangeModelInfo(
            id=m.id,
            guid=m.guid,
            version=m.version,
            name=m.name,
            description=m.description,
            nodes=sizes[m.id].nodes,
            links=sizes[m.id].links,
            created_at=as_utc(m.created_at),
            updated_at=as_utc(m.updated_at),
        )
        for m in models
    ]


def kind_info(kind: ModelKind) -> KindInfo:
    """The record of a node kind."""
    return KindInfo(
        id=kind.id,
        name=kind.name,
        colour=kind.colour,
        column=kind.column,
        outcome=bool(kind.outcome),
        position=kind.position,
    )


def node_infos(uow: UnitOfWork, model: ChangeModel, nodes: Sequence[ModelNode]) -> list[NodeInfo]:
    """The records of ``nodes`` of ``model``, with their kinds' names and the
    paths of the codes they are bound to. Reads only."""
    uow.session.flush()
    kinds = {k.id: k.name for k in queries.change_models.kinds_of(uow.session, model.id)}
    bound: dict[int, list[int]] = {}
    for node_id, code_id in queries.change_models.bindings_of(uow.session, model.id):
        bound.setdefault(node_id, []).append(code_id)
    tree = CodeTree.load(uow) if bound else None
    records = []
    for node in nodes:
        paths: list[str] = []
        if tree is not None:
            paths = sorted(
                PATH_SEPARATOR.join(tree.path(tree.by_id[code_id]))
                for code_id in bound.get(node.id, [])
            )
        records.append(
            NodeInfo(
                id=node.id,
                guid=node.guid,
                version=node.version,
                model=model.name,
                label=node.label,
                kind=kinds[node.kind_id],
                description=node.description,
                candidate=bool(node.candidate),
                codes=tuple(paths),
                position=node.position,
            )
        )
    return records


def node_info(uow: UnitOfWork, model: ChangeModel, node: ModelNode) -> NodeInfo:
    """The record of one node of ``model``. Reads only."""
    return node_infos(uow, model, [node])[0]


def link_infos(uow: UnitOfWork, model: ChangeModel, links: Sequence[ModelLink]) -> list[LinkInfo]:
    """The records of ``links`` of ``model``, with their ends' and condition's
    labels. Reads only."""
    uow.session.flush()
    labels = {n.id: n.label for n in queries.change_models.nodes_of(uow.session, model.id)}
    return [
        LinkInfo(
            id=link.id,
            guid=link.guid,
            version=link.version,
            model=model.name,
            source=labels[link.source_id],
            source_id=link.source_id,
            target=labels[link.target_id],
            target_id=link.target_id,
            rationale=link.rationale,
            condition=None if link.condition_id is None else labels[link.condition_id],
            condition_id=link.condition_id,
            candidate=bool(link.candidate),
        )
        for link in links
    ]


def link_info(uow: UnitOfWork, model: ChangeModel, link: ModelLink) -> LinkInfo:
    """The record of one link of ``model``. Reads only."""
    return link_infos(uow, model, [link])[0]


def indicator_infos(uow: UnitOfWork, indicators: Sequence[Indicator]) -> list[IndicatorInfo]:
    """The records of ``indicators``, with their nodes' labels and measures'
    names. Reads only."""
    uow.session.flush()
    measure_ids = {i.measure_id for i in indicators if i.measure_id is not None}
    measures = queries.change_models.measure_names(uow.session, measure_ids)
    labels: dict[int, str] = {}
    for model_id in {i.model_id for i in indicators}:
        labels.update(
            (n.id, n.label) for n in queries.change_models.nodes_of(uow.session, model_id)
        )
    return [
        IndicatorInfo(
            id=i.id,
            guid=i.guid,
            version=i.version,
            node=labels[i.node_id],
            node_id=i.node_id,
            name=i.name,
            measure=None if i.measure_id is None else measures[i.measure_id],
            timing=i.timing,
            data_source=i.data_source,
            notes=i.notes,
            position=i.position,
        )
        for i in indicators
    ]


def model_view(uow: UnitOfWork, model: ChangeModel) -> ModelView:
    """The whole of ``model``: kinds in column order, nodes in position order,
    links oldest first, indicators by node. Reads only."""
    session = uow.session
    return ModelView(
        model=model_info(uow, model),
        kinds=tuple(kind_info(k) for k in queries.change_models.kinds_of(session, model.id)),
        nodes=tuple(node_infos(uow, model, queries.change_models.nodes_of(session, model.id))),
        links=tuple(link_infos(uow, model, queries.change_models.links_of(session, model.id))),
        indicators=tuple(
            indicator_infos(uow, queries.change_models.indicators_of(session, model.id))
        ),
    )


def view_of(uow: UnitOfWork, model: Ref | None) -> ModelView:
    """:func:`model_view` of the model ``model`` names (None: the only one)."""
    return model_view(uow, find_model(uow, model))
