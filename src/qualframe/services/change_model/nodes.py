"""Nodes of a change model and the codes they are bound to.

A node has a label unique in its model (letter case aside), a kind of the
model, a description and a ``candidate`` mark (proposed, for the team to
confirm). Bound to codes, it "is" those themes: their codings (and their
sub-codes') count as its supporting evidence. Every change is in the audit
log (``model_node.add/edit/delete/bind/unbind``); adding or deleting a node
also counts as a change of the model (its version goes up), and binding or
unbinding a code as a change of the node.
"""

from __future__ import annotations

from collections.abc import Sequence

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.services.change_model.finding import find_model, find_node
from qualframe.services.change_model.records import NodeInfo, RemovedNode
from qualframe.services.change_model.views import (
    LABEL_CHARS,
    clean_name,
    clean_prose,
    find_kind,
    flag,
    node_info,
    touch_model,
)
from qualframe.services.codebook.tree import path_text, resolve_code
from qualframe.services.core import audit
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version, touch
from qualframe.storage import queries
from qualframe.storage.models import ChangeModel, Code, ModelKind, ModelNode, NodeCode
from qualframe.storage.models.base import utc_now


def _free_label(
    uow: UnitOfWork, model: ChangeModel, label: str, keep: ModelNode | None = None
) -> None:
    """Raise :class:`ConflictError` when another node of ``model`` has ``label``."""
    for other in queries.change_models.nodes_labelled(uow.session, model.id, label):
        if other is not keep:
            raise ConflictError(
                f"The change model {model.name!r} has a node called {other.label!r} already."
            )


def _codes(uow: UnitOfWork, refs: Sequence[Ref]) -> list[Code]:
    """The codes ``refs`` name, each once; raises :class:`ValidationError` for
    a code named twice (and like :func:`resolve_code`)."""
    if refs is None:
        return []
    if isinstance(refs, (str, int)):
        refs = [refs]
    found: list[Code] = []
    for ref in refs:
        code = resolve_code(uow, ref)
        if any(code.id == other.id for other in found):
            raise ValidationError(f"The code {path_text(uow.session, code)!r} is named twice.")
        found.append(code)
    return found


def _bind(uow: UnitOfWork, model: ChangeModel, node: ModelNode, code: Code) -> None:
    uow.session.add(
        NodeCode(node_id=node.id, code_id=code.id, model_id=model.id, project_id=model.project_id)
    )


def add_node(
    uow: UnitOfWork,
    label: str,
    kind: Ref,
    *,
    description: str = "",
    candidate: bool = False,
    codes: Sequence[Ref] = (),
    model: Ref | None = None,
) -> NodeInfo:
    """Add a node of ``kind`` (name or id) to a model, maybe bound to ``codes``
    (ids or paths; their codings then support it). ``candidate`` marks it as
    proposed, for the team to confirm. Written with an audit entry; the
    model's version goes up by one.

    Raises :class:`ValidationError` for an empty or over-long label or
    description or a code named twice, :class:`ConflictError` for a label
    the model has (letter case aside) and
    :class:`~qualframe.errors.NotFoundError` for an unknown model, kind or
    code; nothing is written then."""
    found = find_model(uow, model)
    label = clean_name(label, "node label", LABEL_CHARS)
    row_kind = find_kind(uow, found, kind)
    text = clean_prose(description, f"description of the node {label!r}")
    proposed = flag(candidate, "whether a node is a candidate")
    bound = _codes(uow, codes)
    _free_label(uow, found, label)
    node = ModelNode(
        model_id=found.id,
        kind_id=row_kind.id,
        label=label,
        description=text,
        candidate=proposed,
        position=queries.change_models.next_node_position(uow.session, found.id),
        created_at=utc_now(),
    )
    uow.session.add(node)
    uow.session.flush()
    for code in bound:
        _bind(uow, found, node, code)
    touch_model(found)
    paths = [path_text(uow.session, code) for code in bound]
    audit.record(
        uow,
        "model_node.add",
        "model_node",
        node.id,
        f"Added the {row_kind.name} {label!r} to the change model {found.name!r}"
        + (" (a candidate)" if proposed else ""),
        {
            "model": found.name,
            "label": label,
            "kind": row_kind.name,
            "candidate": proposed,
            "codes": paths,
        },
    )
    return node_info(uow, found, node)


def edit_node(
    uow: UnitOfWork,
    node: Ref,
    *,
    label: str | None = None,
    kind: Ref | None = None,
    description: str | None = None,
    candidate: bool | None = None,
    model: Ref | None = None,
    if_version: int | None = None,
) -> NodeInfo:
    """Change a node's label, kind, description or candidate mark (with an
    audit entry; the node's version goes up by one). Giving the values it
    has changes nothing.

    ``if_version``: the node's version you read; a different stored one
    raises :class:`~qualframe.errors.StaleVersionError`. A node with
    indicators keeps an outcome kind (:class:`ValidationError` otherwise:
    remove them first); a label another node has raises
    :class:`ConflictError`. Nothing is written then."""
    found = find_model(uow, model)
    row = find_node(uow, found, node)
    check_version(row, if_version, f"the node {row.label!r}")
    wanted: dict[str, object] = {}
    if label is not None:
        wanted["label"] = clean_name(label, "node label", LABEL_CHARS)
        _free_label(uow, found, str(wanted["label"]), keep=row)
    new_kind: ModelKind | None = None
    if kind is not None:
        new_kind = find_kind(uow, found, kind)
        _keep_outcome(uow, row, new_kind)
        wanted["kind_id"] = new_kind.id
    if description is not None:
        wanted["description"] = clean_prose(description, f"description of the node {row.label!r}")
    if candidate is not None:
        wanted["candidate"] = flag(candidate, "whether a node is a candidate")
    changes = {f: [getattr(row, f), v] for f, v in wanted.items() if getattr(row, f) != v}
    if not changes:
        return node_info(uow, found, row)
    old_label = row.label
    shown = dict(changes)
    if "kind_id" in changes:
        old_kind = queries.change_models.kind_by_id(uow.session, found.id, row.kind_id)
        assert old_kind is not None and new_kind is not None
        shown["kind"] = [old_kind.name, new_kind.name]
        del shown["kind_id"]
    for field, (_old, value) in changes.items():
        setattr(row, field, value)
    audit.record(
        uow,
        "model_node.edit",
        "model_node",
        row.id,
        f"Changed the {', '.join(shown)} of the node {old_label!r} of the change model "
        f"{found.name!r}",
        {"model": found.name, "node": old_label, "changes": shown},
    )
    return node_info(uow, found, row)


def _keep_outcome(uow: UnitOfWork, node: ModelNode, kind: ModelKind) -> None:
    """Refuse to give ``node`` a kind that is not an outcome while it has indicators."""
    if kind.outcome:
        return
    measured = [
        i
        for i in queries.change_models.indicators_of(uow.session, node.model_id)
        if i.node_id == node.id
    ]
    if measured:
        raise ValidationError(
            f"The node {node.label!r} has {len(measured)} indicator(s), which belong to "
            f"outcomes; it cannot become a {kind.name}. Remove its indicators first."
        )


def delete_node(
    uow: UnitOfWork, node: Ref, *, model: Ref | None = None, if_version: int | None = None
) -> RemovedNode:
    """Delete a node with its links, the evidence on it and on those links, its
    indicators and code bindings. Links that named it as their condition are
    kept, without a condition. Written with an audit entry counting what
    went; the model's version goes up by one. The cited codings, cells,
    memos and codes stay.

    ``if_version``: the node's version you read; a different stored one
    raises :class:`~qualframe.errors.StaleVersionError` and nothing is
    deleted."""
    found = find_model(uow, model)
    row = find_node(uow, found, node)
    check_version(row, if_version, f"the node {row.label!r}")
    info = node_info(uow, found, row)
    counts = queries.change_models.node_cascade(uow.session, row.id)
    for link in queries.change_models.links_conditional_on(uow.session, row.id):
        link.condition_id = None
    uow.session.flush()
    queries.change_models.delete_node(uow.session, row.id)
    touch_model(found)
    audit.record(
        uow,
        "model_node.delete",
        "model_node",
        info.id,
        f"Deleted the node {info.label!r} of the change model {found.name!r} with "
        f"{counts.links} link(s), {counts.evidence} piece(s) of evidence, "
        f"{counts.indicators} indicator(s) and {counts.bindings} code binding(s)"
        + (
            f"; {counts.conditions} link(s) lost it as their condition" if counts.conditions else ""
        ),
        {"model": found.name, "label": info.label, "kind": info.kind, **counts._asdict()},
    )
    return RemovedNode(
        node=info,
        links=counts.links,
        evidence=counts.evidence,
        indicators=counts.indicators,
        bindings=counts.bindings,
        conditions_cleared=counts.conditions,
    )


def bind_code(uow: UnitOfWork, node: Ref, code: Ref, *, model: Ref | None = None) -> NodeInfo:
    """Bind ``node`` to ``code`` (id or path): the code's codings, and its
    sub-codes', support the node. Written with an audit entry; the node's
    version goes up by one.

    Raises :class:`ConflictError` when the node is bound to the code
    already, and :class:`~qualframe.errors.NotFoundError` for an unknown
    model, node or code; nothing is written then."""
    found = find_model(uow, model)
    row = find_node(uow, found, node)
    target = resolve_code(uow, code)
    path = path_text(uow.session, target)
    if queries.change_models.binding(uow.session, row.id, target.id) is not None:
        raise ConflictError(f"The node {row.label!r} is bound to the code {path!r} already.")
    _bind(uow, found, row, target)
    touch(row)
    audit.record(
        uow,
        "model_node.bind",
        "model_node",
        row.id,
        f"Bound the node {row.label!r} of the change model {found.name!r} to the code {path!r}",
        {"model": found.name, "node": row.label, "code": path, "code_id": target.id},
    )
    return node_info(uow, found, row)


def unbind_code(uow: UnitOfWork, node: Ref, code: Ref, *, model: Ref | None = None) -> NodeInfo:
    """Remove the binding of ``node`` to ``code``: its codings no longer count
    for the node. Written with an audit entry; the node's version goes up by
    one. Raises :class:`~qualframe.errors.NotFoundError` when the node is
    not bound to the code (or for an unknown model, node or code)."""
    found = find_model(uow, model)
    row = find_node(uow, found, node)
    target = resolve_code(uow, code)
    path = path_text(uow.session, target)
    bound = queries.change_models.binding(uow.session, row.id, target.id)
    if bound is None:
        raise NotFoundError(f"The node {row.label!r} is not bound to the code {path!r}.")
    uow.session.delete(bound)
    touch(row)
    audit.record(
        uow,
        "model_node.unbind",
        "model_node",
        row.id,
        f"Unbound the node {row.label!r} of the change model {found.name!r} from the code {path!r}",
        {"model": found.name, "node": row.label, "code": path, "code_id": target.id},
    )
    return node_info(uow, found, row)
