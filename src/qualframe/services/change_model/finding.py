"""Finding a change model, and a node or link of it, from what a user typed.

Every use case of the area names its model with ``model=``: an id, a name,
or None for the project's only model. Nodes are named by id or label; links
by id or by their ends ``(source, target)``. An int is an id, a string a
name or label, never guessed (:mod:`qualframe.services.core.refs`).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import ChangeModel, ModelLink, ModelNode

#: A link: its id, or its ends (source, target) by label or id.
LinkRef = int | tuple[Ref, Ref]


def _is_id(ref: object) -> bool:
    return isinstance(ref, int) and not isinstance(ref, bool)


def _hint(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    return (" Did you mean " + " or ".join(repr(c) for c in close) + "?") if close else ""


def find_model(uow: UnitOfWork, ref: Ref | None) -> ChangeModel:
    """The project's change model ``ref`` (id or name; None: the only one).

    Raises :class:`NotFoundError` for an unknown model or when the project
    has none, and :class:`ValidationError` for None when it has several
    (naming them). Reads only."""
    if ref is None:
        found = queries.change_models.models_of(uow.session, uow.project_id)
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFoundError(
                "This project has no change model yet; create one (or apply the peer "
                "worker study template)."
            )
        names = ", ".join(repr(m.name) for m in found)
        raise ValidationError(f"This project has several change models ({names}); name one.")
    if _is_id(ref):
        assert isinstance(ref, int)
        model = queries.change_models.model_by_id(uow.session, uow.project_id, ref)
        if model is None:
            raise NotFoundError(f"There is no change model with id {ref} in this project.")
        return model
    name = str(ref).strip()
    named = queries.change_models.models_named(uow.session, uow.project_id, name)
    if len(named) == 1:
        return named[0]
    known = [m.name for m in queries.change_models.models_of(uow.session, uow.project_id)]
    raise NotFoundError(f"There is no change model called {name!r}.{_hint(name, known)}")


def find_node(uow: UnitOfWork, model: ChangeModel, ref: Ref) -> ModelNode:
    """The node ``ref`` (id or label) of ``model``; raises :class:`NotFoundError`
    (suggesting close labels). Reads only."""
    if _is_id(ref):
        assert isinstance(ref, int)
        node = queries.change_models.node_by_id(uow.session, model.id, ref)
        if node is None:
            raise NotFoundError(f"The change model {model.name!r} has no node with id {ref}.")
        return node
    label = str(ref).strip()
    labelled = queries.change_models.nodes_labelled(uow.session, model.id, label)
    if len(labelled) == 1:
        return labelled[0]
    known = [n.label for n in queries.change_models.nodes_of(uow.session, model.id)]
    raise NotFoundError(
        f"The change model {model.name!r} has no node called {label!r}.{_hint(label, known)}"
    )


def find_link(uow: UnitOfWork, model: ChangeModel, ref: LinkRef) -> ModelLink:
    """The link ``ref`` of ``model``: its id, or its ends ``(source, target)``;
    raises :class:`NotFoundError`. Reads only."""
    if _is_id(ref):
        assert isinstance(ref, int)
        link = queries.change_models.link_by_id(uow.session, model.id, ref)
        if link is None:
            raise NotFoundError(f"The change model {model.name!r} has no link with id {ref}.")
        return link
    if not isinstance(ref, tuple) or len(ref) != 2:
        raise ValidationError("Name a link by its id or by its ends (source, target).")
    source = find_node(uow, model, ref[0])
    target = find_node(uow, model, ref[1])
    link = queries.change_models.link_between(uow.session, model.id, source.id, target.id)
    if link is None:
        raise NotFoundError(
            f"The change model {model.name!r} has no link {source.label!r} → {target.label!r}."
        )
    return link
