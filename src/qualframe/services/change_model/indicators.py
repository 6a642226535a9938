"""Indicators of a change model's outcome nodes.

An indicator says what would show an outcome: a name unique on its node
(letter case aside), maybe a measure of the registry, a timing, a data
source and notes. Only nodes whose kind is an outcome kind carry them.
Naming a measure only the shipped catalogue has copies it into the
project's registry first. Every change is in the audit log
(``indicator.add/edit/remove``); indicators are found by id (the project's).
"""

from __future__ import annotations

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.services.change_model.finding import find_model, find_node
from qualframe.services.change_model.measures import resolve_measure
from qualframe.services.change_model.records import IndicatorInfo
from qualframe.services.change_model.views import (
    LABEL_CHARS,
    clean_name,
    clean_prose,
    find_kind,
    indicator_infos,
)
from qualframe.services.core import audit
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.storage import queries
from qualframe.storage.models import ChangeModel, Indicator, ModelNode


def _info(uow: UnitOfWork, indicator: Indicator) -> IndicatorInfo:
    return indicator_infos(uow, [indicator])[0]


def _find(uow: UnitOfWork, indicator: int) -> Indicator:
    """The project's indicator ``indicator`` (an id); raises :class:`NotFoundError`."""
    if isinstance(indicator, bool) or not isinstance(indicator, int):
        raise ValidationError(
            f"An indicator is named by its id (a whole number), not {indicator!r}."
        )
    found = queries.change_models.indicator_by_id(uow.session, uow.project_id, indicator)
    if found is None:
        raise NotFoundError(f"There is no indicator with id {indicator} in this project.")
    return found


def _node_of(uow: UnitOfWork, indicator: Indicator) -> tuple[ChangeModel, ModelNode]:
    model = find_model(uow, indicator.model_id)
    return model, find_node(uow, model, indicator.node_id)


def _outcome(uow: UnitOfWork, model: ChangeModel, ref: Ref) -> ModelNode:
    """The node ``ref`` of ``model``; raises :class:`ValidationError` when its
    kind is not an outcome kind."""
    node = find_node(uow, model, ref)
    kind = find_kind(uow, model, node.kind_id)
    if not kind.outcome:
        raise ValidationError(
            f"Indicators belong to outcomes; {node.label!r} is a {kind.name}. Give it an "
            "outcome kind first, or add the indicator to an outcome."
        )
    return node


def _free_name(uow: UnitOfWork, node: ModelNode, name: str, keep: Indicator | None = None) -> None:
    other = queries.change_models.indicator_named(uow.session, node.id, name)
    if other is not None and other is not keep:
        raise ConflictError(f"The node {node.label!r} has an indicator called {other.name!r}.")


def _texts(values: dict[str, str | None], name: str) -> dict[str, str]:
    return {
        field: clean_prose(value, f"{field.replace('_', ' ')} of the indicator {name!r}")
        for field, value in values.items()
        if value is not None
    }


def add_indicator(
    uow: UnitOfWork,
    node: Ref,
    name: str,
    *,
    measure: Ref | None = None,
    timing: str = "",
    data_source: str = "",
    notes: str = "",
    model: Ref | None = None,
) -> IndicatorInfo:
    """Add an indicator ``name`` to an outcome node (id or label), maybe
    measured by ``measure`` (id or name of the registry: a shipped measure
    named is copied into the project first), with its timing, data source
    and notes. Written with an audit entry.

    Raises :class:`ValidationError` when the node's kind is not an outcome
    kind or for a bad value, :class:`ConflictError` for a name the node's
    indicators have and :class:`NotFoundError` for an unknown model, node
    or measure; nothing is written then."""
    found = find_model(uow, model)
    row = _outcome(uow, found, node)
    name = clean_name(name, "indicator name", LABEL_CHARS)
    texts = _texts({"timing": timing, "data_source": data_source, "notes": notes}, name)
    _free_name(uow, row, name)
    chosen = (
        None
        if measure is None
        else resolve_measure(uow, measure, reason=f"for the indicator {name!r}")
    )
    indicator = Indicator(
        model_id=found.id,
        project_id=found.project_id,
        node_id=row.id,
        name=name,
        measure_id=None if chosen is None else chosen.id,
        position=queries.change_models.next_indicator_position(uow.session, row.id),
        **texts,
    )
    uow.session.add(indicator)
    uow.session.flush()
    audit.record(
        uow,
        "indicator.add",
        "indicator",
        indicator.id,
        f"Added the indicator {name!r} to {row.label!r} of the change model {found.name!r}"
        + (f", measured by {chosen.name!r}" if chosen is not None else ""),
        {
            "model": found.name,
            "node": row.label,
            "name": name,
            "measure": None if chosen is None else chosen.name,
            **texts,
        },
    )
    return _info(uow, indicator)


def edit_indicator(
    uow: UnitOfWork,
    indicator: int,
    *,
    name: str | None = None,
    measure: Ref | None = None,
    no_measure: bool = False,
    timing: str | None = None,
    data_source: str | None = None,
    notes: str | None = None,
    if_version: int | None = None,
) -> IndicatorInfo:
    """Change an indicator (by id): its name, measure (``no_measure=True``
    removes it; a shipped measure named is copied in), timing, data source
    or notes. Written with an audit entry; its version goes up by one.
    Giving the values it has changes nothing.

    ``if_version``: the indicator's version you read; a different stored one
    raises :class:`~qualframe.errors.StaleVersionError`. Raises
    :class:`ValidationError` for both ``measure`` and ``no_measure`` or a bad
    value, :class:`ConflictError` for a name another indicator of the node
    has; nothing is written then."""
    row = _find(uow, indicator)
    model, node = _node_of(uow, row)
    check_version(row, if_version, f"the indicator {row.name!r} of {node.label!r}")
    if measure is not None and no_measure:
        raise ValidationError("Give an indicator a measure or remove its measure, not both.")
    wanted: dict[str, object] = {}
    if name is not None:
        wanted["name"] = clean_name(name, "indicator name", LABEL_CHARS)
        _free_name(uow, node, str(wanted["name"]), keep=row)
    wanted.update(_texts({"timing": timing, "data_source": data_source, "notes": notes}, row.name))
    if no_measure:
        wanted["measure_id"] = None
    elif measure is not None:
        wanted["measure_id"] = resolve_measure(
            uow, measure, reason=f"for the indicator {row.name!r}"
        ).id
    changes = {f: [getattr(row, f), v] for f, v in wanted.items() if getattr(row, f) != v}
    if not changes:
        return _info(uow, row)
    old_name = row.name
    for field, (_old, value) in changes.items():
        setattr(row, field, value)
    uow.session.flush()
    shown = _shown(uow, changes)
    audit.record(
        uow,
        "indicator.edit",
        "indicator",
        row.id,
        f"Changed the {', '.join(shown)} of the indicator {old_name!r} of {node.label!r} "
        f"(change model {model.name!r})",
        {"model": model.name, "node": node.label, "indicator": old_name, "changes": shown},
    )
    return _info(uow, row)


def _shown(uow: UnitOfWork, changes: dict[str, list[object]]) -> dict[str, list[object]]:
    """``changes`` as the audit log shows them: measures by name, not id."""
    shown = {("measure" if f == "measure_id" else f): v for f, v in changes.items()}
    if "measure" in shown:
        ids = [i for i in shown["measure"] if isinstance(i, int)]
        names = queries.change_models.measure_names(uow.session, ids)
        shown["measure"] = [names.get(i) if isinstance(i, int) else None for i in shown["measure"]]
    return shown


def remove_indicator(
    uow: UnitOfWork, indicator: int, *, if_version: int | None = None
) -> IndicatorInfo:
    """Remove an indicator (by id; with an audit entry). Returns it as it was;
    its measure stays in the registry.

    ``if_version``: the indicator's version you read; a different stored one
    raises :class:`~qualframe.errors.StaleVersionError` and nothing is
    removed."""
    row = _find(uow, indicator)
    model, node = _node_of(uow, row)
    check_version(row, if_version, f"the indicator {row.name!r} of {node.label!r}")
    info = _info(uow, row)
    uow.session.delete(row)
    uow.session.flush()
    audit.record(
        uow,
        "indicator.remove",
        "indicator",
        info.id,
        f"Removed the indicator {info.name!r} from {node.label!r} of the change model "
        f"{model.name!r}",
        {"model": model.name, "node": node.label, "name": info.name, "measure": info.measure},
    )
    return info
