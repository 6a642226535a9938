"""Directed links between the nodes of a change model.

A link ``source`` → ``target`` joins two different nodes of one model, once
per ordered pair, with a ``rationale`` and an optional ``condition``: a
node of the model (a context) in which the link holds, never one of its
ends. Every change is in the audit log (``model_link.add/edit/delete``);
adding or deleting a link also counts as a change of the model.
"""

from __future__ import annotations

from qualframe.errors import ConflictError, ValidationError
from qualframe.services.change_model.finding import LinkRef, find_link, find_model, find_node
from qualframe.services.change_model.records import LinkInfo
from qualframe.services.change_model.views import clean_prose, flag, link_info, touch_model
from qualframe.services.core import audit
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.storage import queries
from qualframe.storage.models import ChangeModel, ModelLink, ModelNode
from qualframe.storage.models.base import utc_now


def _condition(
    uow: UnitOfWork, model: ChangeModel, ref: Ref, source: ModelNode, target: ModelNode
) -> ModelNode:
    """The node ``ref`` as the condition of a link ``source`` → ``target``;
    raises :class:`ValidationError` when it is one of the link's ends."""
    node = find_node(uow, model, ref)
    if node.id in (source.id, target.id):
        raise ValidationError(
            f"A link's condition is a context in which it holds, not one of its ends: "
            f"{node.label!r} is the link's {'source' if node.id == source.id else 'target'}."
        )
    return node


def _label(source: ModelNode, target: ModelNode) -> str:
    return f"{source.label} → {target.label}"


def _new_ends(
    uow: UnitOfWork, model: ChangeModel, source: Ref, target: Ref
) -> tuple[ModelNode, ModelNode]:
    """The nodes a new link ``source`` → ``target`` joins; raises
    :class:`ValidationError` for one node at both ends and
    :class:`ConflictError` when the model has that link already."""
    start = find_node(uow, model, source)
    end = find_node(uow, model, target)
    if start.id == end.id:
        raise ValidationError(f"A link joins two different nodes; {start.label!r} is both ends.")
    if queries.change_models.link_between(uow.session, model.id, start.id, end.id) is not None:
        raise ConflictError(
            f"The change model {model.name!r} has the link {_label(start, end)!r} already."
        )
    return start, end


def add_link(
    uow: UnitOfWork,
    source: Ref,
    target: Ref,
    *,
    rationale: str = "",
    condition: Ref | None = None,
    candidate: bool = False,
    model: Ref | None = None,
) -> LinkInfo:
    """Add a link ``source`` → ``target`` (nodes by id or label) to a model,
    with its ``rationale`` and maybe a ``condition`` (a node in whose context
    it holds). ``candidate`` marks it as proposed, for the team to confirm.
    Written with an audit entry; the model's version goes up by one.

    Raises :class:`ValidationError` for a link from a node to itself or a
    condition that is one of its ends, :class:`ConflictError` when the link
    exists already, and :class:`~qualframe.errors.NotFoundError` for an
    unknown model or node; nothing is written then."""
    found = find_model(uow, model)
    start, end = _new_ends(uow, found, source, target)
    context = None if condition is None else _condition(uow, found, condition, start, end)
    text = clean_prose(rationale, f"rationale of the link {_label(start, end)!r}")
    proposed = flag(candidate, "whether a link is a candidate")
    link = ModelLink(
        model_id=found.id,
        source_id=start.id,
        target_id=end.id,
        condition_id=None if context is None else context.id,
        rationale=text,
        candidate=proposed,
        created_at=utc_now(),
    )
    uow.session.add(link)
    touch_model(found)
    uow.session.flush()
    audit.record(
        uow,
        "model_link.add",
        "model_link",
        link.id,
        f"Added the link {_label(start, end)!r} to the change model {found.name!r}"
        + (f" (when {context.label!r})" if context is not None else "")
        + (" (a candidate)" if proposed else ""),
        {
            "model": found.name,
            "source": start.label,
            "target": end.label,
            "condition": None if context is None else context.label,
            "candidate": proposed,
        },
    )
    return link_info(uow, found, link)


def edit_link(
    uow: UnitOfWork,
    link: LinkRef,
    *,
    rationale: str | None = None,
    condition: Ref | None = None,
    unconditional: bool = False,
    candidate: bool | None = None,
    model: Ref | None = None,
    if_version: int | None = None,
) -> LinkInfo:
    """Change a link's rationale, condition (``unconditional=True`` removes
    it) or candidate mark (with an audit entry; the link's version goes up
    by one). Giving the values it has changes nothing.

    ``if_version``: the link's version you read; a different stored one
    raises :class:`~qualframe.errors.StaleVersionError`. Raises
    :class:`ValidationError` for both ``condition`` and ``unconditional`` or
    a condition that is one of the link's ends; nothing is written then."""
    found = find_model(uow, model)
    row = find_link(uow, found, link)
    start = find_node(uow, found, row.source_id)
    end = find_node(uow, found, row.target_id)
    label = _label(start, end)
    check_version(row, if_version, f"the link {label!r}")
    if condition is not None and unconditional:
        raise ValidationError("Give a link a condition or make it unconditional, not both.")
    wanted: dict[str, object] = {}
    if rationale is not None:
        wanted["rationale"] = clean_prose(rationale, f"rationale of the link {label!r}")
    if condition is not None:
        wanted["condition_id"] = _condition(uow, found, condition, start, end).id
    if unconditional:
        wanted["condition_id"] = None
    if candidate is not None:
        wanted["candidate"] = flag(candidate, "whether a link is a candidate")
    changes = {f: [getattr(row, f), v] for f, v in wanted.items() if getattr(row, f) != v}
    if not changes:
        return link_info(uow, found, row)
    for field, (_old, value) in changes.items():
        setattr(row, field, value)
    shown = {("condition" if f == "condition_id" else f): v for f, v in changes.items()}
    if "condition" in shown:
        shown["condition"] = [_node_label(uow, found, i) for i in shown["condition"]]
    audit.record(
        uow,
        "model_link.edit",
        "model_link",
        row.id,
        f"Changed the {', '.join(shown)} of the link {label!r} of the change model {found.name!r}",
        {"model": found.name, "link": label, "changes": shown},
    )
    return link_info(uow, found, row)


def _node_label(uow: UnitOfWork, model: ChangeModel, node_id: object) -> str | None:
    if node_id is None:
        return None
    assert isinstance(node_id, int)
    return find_node(uow, model, node_id).label


def delete_link(
    uow: UnitOfWork, link: LinkRef, *, model: Ref | None = None, if_version: int | None = None
) -> LinkInfo:
    """Delete a link with its evidence (with an audit entry counting the
    evidence; the model's version goes up by one). Returns the link as it
    was; the cited codings, cells and memos stay.

    ``if_version``: the link's version you read; a different stored one
    raises :class:`~qualframe.errors.StaleVersionError` and nothing is
    deleted."""
    found = find_model(uow, model)
    row = find_link(uow, found, link)
    info = link_info(uow, found, row)
    check_version(row, if_version, f"the link {info.label!r}")
    evidence = queries.change_models.link_evidence_count(uow.session, row.id)
    queries.change_models.delete_link(uow.session, row.id)
    touch_model(found)
    audit.record(
        uow,
        "model_link.delete",
        "model_link",
        info.id,
        f"Deleted the link {info.label!r} of the change model {found.name!r} with "
        f"{evidence} piece(s) of evidence",
        {"model": found.name, "source": info.source, "target": info.target, "evidence": evidence},
    )
    return info
