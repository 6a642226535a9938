"""Change models of a project and their node kinds.

A model is created with the default kinds (:data:`DEFAULT_KINDS`: name,
colour, diagram column, whether its nodes are outcomes); a model may add
its own and change them. A model's name is unique in the project and a
kind's name in its model, letter case aside. Every change is in the audit
log (``change_model.create/edit/delete``, ``model_kind.add/edit``); a
model's ``version`` counts changes to the model and to its graph (kinds,
nodes and links added, changed or deleted), so ``if_version`` on a model
or kind edit is the model's version.
"""

from __future__ import annotations

from typing import NamedTuple

from qualframe.errors import ConflictError, ValidationError
from qualframe.services.change_model.finding import find_model
from qualframe.services.change_model.records import ChangeModelInfo, KindInfo, ModelView
from qualframe.services.change_model.views import (
    clean_name,
    clean_prose,
    find_kind,
    flag,
    kind_info,
    model_info,
    model_infos,
    touch_model,
    view_of,
)
from qualframe.services.codebook.tree import normalise_colour
from qualframe.services.core import audit
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.storage import queries
from qualframe.storage.models import ChangeModel, ModelKind
from qualframe.storage.models.base import utc_now
from qualframe.vocabulary import NodeKindName

#: The rightmost diagram column a kind may take (the schema's bound).
MAX_COLUMN = 20


class DefaultKind(NamedTuple):
    """A kind every new model starts with."""

    name: str
    colour: str
    column: int
    outcome: bool


#: The kinds a new model starts with. The colours are dark: white label text
#: on them passes WCAG AA contrast.
DEFAULT_KINDS: tuple[DefaultKind, ...] = (
    DefaultKind(NodeKindName.COMPONENT.value, "#1F5F8B", 0, False),
    DefaultKind(NodeKindName.CONTEXT.value, "#7A5230", 1, False),
    DefaultKind(NodeKindName.MECHANISM.value, "#B3460B", 1, False),
    DefaultKind(NodeKindName.PROCESS_OUTCOME.value, "#2E6B2E", 2, True),
    DefaultKind(NodeKindName.DOWNSTREAM_OUTCOME.value, "#1E4D1E", 3, True),
    DefaultKind(NodeKindName.ASSUMPTION.value, "#5F5F5F", 4, False),
)


def _described(model: ChangeModel) -> str:
    return f"the change model {model.name!r}"


def _free_name(uow: UnitOfWork, name: str, keep: ChangeModel | None = None) -> None:
    """Raise :class:`ConflictError` when another model of the project has ``name``."""
    for other in queries.change_models.models_named(uow.session, uow.project_id, name):
        if other is not keep:
            raise ConflictError(f"This project has a change model called {other.name!r} already.")


def create_model(uow: UnitOfWork, name: str, *, description: str = "") -> ChangeModelInfo:
    """Create a change model called ``name`` with the default node kinds
    (:data:`DEFAULT_KINDS`), written with an audit entry.

    Raises :class:`ValidationError` for an empty or over-long name or
    description and :class:`ConflictError` when the project has a model of
    that name (letter case aside); nothing is written then."""
    name = clean_name(name, "change model name")
    text = clean_prose(description, "description of the change model")
    _free_name(uow, name)
    now = utc_now()
    model = ChangeModel(
        project_id=uow.project_id, name=name, description=text, created_at=now, updated_at=now
    )
    uow.session.add(model)
    uow.session.flush()
    for position, kind in enumerate(DEFAULT_KINDS):
        uow.session.add(
            ModelKind(
                model_id=model.id,
                name=kind.name,
                colour=kind.colour,
                column=kind.column,
                outcome=kind.outcome,
                position=position,
            )
        )
    audit.record(
        uow,
        "change_model.create",
        "change_model",
        model.id,
        f"Created the change model {name!r}",
        {"name": name, "kinds": [kind.name for kind in DEFAULT_KINDS]},
    )
    return model_info(uow, model)


def list_models(uow: UnitOfWork) -> list[ChangeModelInfo]:
    """The project's change models, by name, with their node and link counts.
    Reads only."""
    return model_infos(uow, queries.change_models.models_of(uow.session, uow.project_id))


def get_model(uow: UnitOfWork, model: Ref | None = None) -> ModelView:
    """The whole model ``model`` (id or name; None: the project's only model):
    its kinds in column order, nodes, links and indicators. Reads only.
    Raises :class:`~qualframe.errors.NotFoundError` for an unknown model
    (or none) and :class:`ValidationError` for None when there are several."""
    return view_of(uow, model)


def edit_model(
    uow: UnitOfWork,
    model: Ref | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    if_version: int | None = None,
) -> ChangeModelInfo:
    """Rename or describe a model (with an audit entry; its version goes up by
    one). Giving the values it has changes nothing.

    ``if_version``: the model's version you read; a different stored one
    raises :class:`~qualframe.errors.StaleVersionError`. Raises
    :class:`ValidationError` for an empty or over-long value and
    :class:`ConflictError` for a name another model has; nothing is
    written then."""
    found = find_model(uow, model)
    check_version(found, if_version, _described(found))
    changes: dict[str, list[str]] = {}
    if name is not None:
        new_name = clean_name(name, "change model name")
        _free_name(uow, new_name, keep=found)
        if new_name != found.name:
            changes["name"] = [found.name, new_name]
    if description is not None:
        text = clean_prose(description, "description of the change model")
        if text != found.description:
            changes["description"] = [found.description, text]
    if not changes:
        return model_info(uow, found)
    old_name = found.name
    for field, (_old, new) in changes.items():
        setattr(found, field, new)
    found.updated_at = utc_now()
    audit.record(
        uow,
        "change_model.edit",
        "change_model",
        found.id,
        f"Changed the {' and '.join(changes)} of the change model {old_name!r}",
        {"model": old_name, "changes": changes},
    )
    return model_info(uow, found)


def delete_model(
    uow: UnitOfWork, model: Ref | None = None, *, if_version: int | None = None
) -> ChangeModelInfo:
    """Delete a model with everything in it: kinds, nodes, links, bindings,
    evidence, indicators and saved versions (with an audit entry counting
    them). Returns the model as it was. The cited codings, cells and memos
    and the registry's measures stay.

    ``if_version``: the model's version you read; a different stored one
    raises :class:`~qualframe.errors.StaleVersionError` and nothing is
    deleted."""
    found = find_model(uow, model)
    check_version(found, if_version, _described(found))
    info = model_info(uow, found)
    evidence = len(queries.change_models.evidence_of_model(uow.session, found.id))
    queries.change_models.delete_model_contents(uow.session, found.id)
    uow.session.delete(found)
    uow.session.flush()
    audit.record(
        uow,
        "change_model.delete",
        "change_model",
        info.id,
        f"Deleted the change model {info.name!r} ({info.nodes} nodes, {info.links} links, "
        f"{evidence} pieces of evidence)",
        {"name": info.name, "nodes": info.nodes, "links": info.links, "evidence": evidence},
    )
    return info


def _column(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COLUMN:
        raise ValidationError(
            f"A kind's diagram column is a whole number from 0 (leftmost) to {MAX_COLUMN}, "
            f"not {value!r}."
        )
    return value


def _free_kind_name(
    uow: UnitOfWork, model: ChangeModel, name: str, keep: ModelKind | None = None
) -> None:
    for other in queries.change_models.kinds_named(uow.session, model.id, name):
        if other is not keep:
            raise ConflictError(
                f"The change model {model.name!r} has a node kind called {other.name!r} already."
            )


def add_kind(
    uow: UnitOfWork,
    name: str,
    *,
    colour: str,
    column: int,
    outcome: bool = False,
    model: Ref | None = None,
) -> KindInfo:
    """Add a node kind to a model: its ``colour`` (``#RRGGBB``), diagram
    ``column`` (0 leftmost, at most 20) and whether its nodes are outcomes
    (they carry indicators). Written with an audit entry; the model's
    version goes up by one.

    Raises :class:`ValidationError` for a bad name, colour or column and
    :class:`ConflictError` for a name the model's kinds have; nothing is
    written then."""
    found = find_model(uow, model)
    name = clean_name(name, "node kind name")
    shade = normalise_colour(colour)
    place = _column(column)
    is_outcome = flag(outcome, "whether a kind is an outcome")
    _free_kind_name(uow, found, name)
    kind = ModelKind(
        model_id=found.id,
        name=name,
        colour=shade,
        column=place,
        outcome=is_outcome,
        position=queries.change_models.next_kind_position(uow.session, found.id),
    )
    uow.session.add(kind)
    touch_model(found)
    uow.session.flush()
    audit.record(
        uow,
        "model_kind.add",
        "model_kind",
        kind.id,
        f"Added the node kind {name!r} to the change model {found.name!r}",
        {
            "model": found.name,
            "name": name,
            "colour": shade,
            "column": place,
            "outcome": is_outcome,
        },
    )
    return kind_info(kind)


def edit_kind(
    uow: UnitOfWork,
    kind: Ref,
    *,
    name: str | None = None,
    colour: str | None = None,
    column: int | None = None,
    outcome: bool | None = None,
    model: Ref | None = None,
    if_version: int | None = None,
) -> KindInfo:
    """Change a node kind (id or name) of a model: its name, colour, column or
    whether its nodes are outcomes. Written with an audit entry; the model's
    version goes up by one (``if_version`` is the model's version you read:
    a different stored one raises :class:`~qualframe.errors.StaleVersionError`).

    A kind whose nodes carry indicators stays an outcome kind: making it not
    one raises :class:`ValidationError` (remove the indicators first); a bad
    value raises :class:`ValidationError` and a name another kind has
    :class:`ConflictError`. Nothing is written then; giving the values it
    has changes nothing. The kinds "mechanism" and "context" keep their
    names: the CMO chains read them (renaming one raises
    :class:`ValidationError`)."""
    found = find_model(uow, model)
    check_version(found, if_version, _described(found))
    row = find_kind(uow, found, kind)
    wanted: dict[str, object] = {}
    if name is not None:
        wanted["name"] = clean_name(name, "node kind name")
        _keep_chain_kinds(row, str(wanted["name"]))
        _free_kind_name(uow, found, str(wanted["name"]), keep=row)
    if colour is not None:
        wanted["colour"] = normalise_colour(colour)
    if column is not None:
        wanted["column"] = _column(column)
    if outcome is not None:
        wanted["outcome"] = flag(outcome, "whether a kind is an outcome")
        if row.outcome and not wanted["outcome"]:
            _refuse_if_measured(uow, found, row)
    changes = {
        field: [getattr(row, field), value]
        for field, value in wanted.items()
        if getattr(row, field) != value
    }
    if not changes:
        return kind_info(row)
    old_name = row.name
    for field, (_old, value) in changes.items():
        setattr(row, field, value)
    touch_model(found)
    audit.record(
        uow,
        "model_kind.edit",
        "model_kind",
        row.id,
        f"Changed the {', '.join(changes)} of the node kind {old_name!r} of the change model "
        f"{found.name!r}",
        {"model": found.name, "kind": old_name, "changes": changes},
    )
    return kind_info(row)


#: The kinds the CMO chains read by name (:mod:`qualframe.services.change_model.chains`).
CHAIN_KINDS = (NodeKindName.MECHANISM.value, NodeKindName.CONTEXT.value)


def _keep_chain_kinds(kind: ModelKind, name: str) -> None:
    """Raise :class:`ValidationError` when ``kind`` is one the CMO chains read and
    ``name`` is not its name (letter case aside): renaming it would empty the
    chains and the case × chain table without a word."""
    if kind.name.casefold() in CHAIN_KINDS and name.casefold() != kind.name.casefold():
        raise ValidationError(
            f"The node kind {kind.name!r} keeps its name: the context–mechanism–outcome "
            "chains are read from the kinds 'mechanism' and 'context'. Change its colour "
            "or column, or add a kind of your own."
        )


def _refuse_if_measured(uow: UnitOfWork, model: ChangeModel, kind: ModelKind) -> None:
    """Raise :class:`ValidationError` when nodes of ``kind`` carry indicators."""
    indicators = queries.change_models.indicators_of(uow.session, model.id)
    nodes = {
        n.id: n.label
        for n in queries.change_models.nodes_of(uow.session, model.id)
        if n.kind_id == kind.id
    }
    measured = sorted({nodes[i.node_id] for i in indicators if i.node_id in nodes})
    if measured:
        shown = ", ".join(repr(label) for label in measured)
        raise ValidationError(
            f"The node kind {kind.name!r} stays an outcome kind: its nodes {shown} carry "
            "indicators, which belong to outcomes. Remove the indicators first."
        )
