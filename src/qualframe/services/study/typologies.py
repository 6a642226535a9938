"""Typologies: dimensions whose categories the analysts derive, one per case or participant.

A typology dimension (e.g. "model of peer work": embedded / standalone /
hybrid) is a categorical attribute of cases or of participants flagged as a
typology (:attr:`AttributeDefinition.typology`). Being an attribute, it
groups framework matrices and comparisons like any other, and participants
inherit a case dimension. Each case (or participant) is assigned to exactly
one category of a dimension: the database holds one value per (attribute,
owner), and :func:`assign` refuses to change an existing assignment unless
told to replace it. Every change is recorded in the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qualframe.errors import ConflictError, ValidationError
from qualframe.services.core import audit
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.study.attributes import (
    find_attribute,
    find_owner,
    natural_key,
    new_definition,
    parse_enum,
    store_value,
)
from qualframe.storage import queries
from qualframe.storage.models import AttributeDefinition
from qualframe.vocabulary import AttributeLevel, AttributeType


@dataclass(frozen=True)
class TypologyRecord:
    """A typology dimension: its categories (in order), what it classifies
    (``level``: case or participant), and how many objects are assigned or not."""

    id: int
    name: str
    level: AttributeLevel
    categories: tuple[str, ...]
    description: str
    assigned: int
    unassigned: int


@dataclass(frozen=True, kw_only=True)
class Placement:
    """Where one case or participant (``object``, by name or identifier) stands on a
    dimension: its ``category``, None while it is not assigned."""

    dimension: str
    level: AttributeLevel
    object: str
    category: str | None


@dataclass(frozen=True, kw_only=True)
class Assignment(Placement):
    """A placement as an assignment left it (``previous``: the category it replaced,
    None if there was none)."""

    previous: str | None


def find_dimension(uow: UnitOfWork, ref: Ref) -> AttributeDefinition:
    """The typology dimension ``ref`` names; raises
    :class:`~qualframe.errors.NotFoundError`, or :class:`ValidationError` when
    the attribute is not a typology."""
    definition = find_attribute(uow, ref)
    if not definition.typology:
        raise ValidationError(
            f"The attribute {definition.name!r} is not a typology dimension; set its values "
            "with the study commands, or define a typology."
        )
    return definition


def define_typology(
    uow: UnitOfWork,
    name: str,
    *,
    level: AttributeLevel | str = AttributeLevel.CASE,
    categories: Sequence[str],
    description: str = "",
) -> TypologyRecord:
    """Create a typology dimension with its ``categories`` (in display order),
    classifying cases or participants (``level``).

    The dimension is a categorical attribute flagged as a typology (written
    with an audit entry), so it groups matrices and comparisons like any
    attribute. Raises :class:`ValidationError` for a document level, no
    categories or a category listed twice, and :class:`ConflictError` when
    the name is taken by any attribute.
    """
    owner = parse_enum(AttributeLevel, level, "attribute level")
    if owner is AttributeLevel.DOCUMENT:
        raise ValidationError("A typology classifies cases or participants, not documents.")
    if not [c for c in categories if str(c).strip()]:
        raise ValidationError(f"The typology {name!r} needs its categories.")
    definition = new_definition(
        uow,
        name,
        owner,
        AttributeType.CATEGORICAL,
        categories,
        description,
        note=" as a typology dimension",
    )
    definition.typology = True
    uow.session.flush()
    return _record(uow, definition)


def _record(uow: UnitOfWork, definition: AttributeDefinition) -> TypologyRecord:
    assigned = queries.attributes.assigned_values(uow.session, definition)
    total = len(_objects(uow, definition.level))
    return TypologyRecord(
        id=definition.id,
        name=definition.name,
        level=definition.level,
        categories=tuple(definition.levels or ()),
        description=definition.description,
        assigned=len(assigned),
        unassigned=total - len(assigned),
    )


def _objects(uow: UnitOfWork, level: AttributeLevel) -> dict[int, str]:
    """``{id: name}`` of the project's cases or participants (identifiers)."""
    if level is AttributeLevel.CASE:
        return {c.id: c.name for c in queries.people.cases(uow.session, uow.project_id)}
    return {p.id: p.identifier for p in queries.people.participants(uow.session, uow.project_id)}


def list_typologies(uow: UnitOfWork) -> list[TypologyRecord]:
    """Every typology dimension of the project, in display order, with its categories
    and how many cases or participants are assigned and not yet."""
    return [
        _record(uow, d)
        for d in queries.attributes.typology_definitions(uow.session, uow.project_id)
    ]


def assign(
    uow: UnitOfWork,
    dimension: Ref,
    target: Ref,
    category: str | None,
    *,
    replace: bool = False,
) -> Assignment:
    """Assign the case or participant ``target`` to ``category`` of ``dimension``
    (written with an audit entry when it changes).

    ``category`` None removes the assignment. An object already assigned to
    another category raises :class:`ConflictError` unless ``replace`` (the
    audit entry then keeps the previous category); assigning the same
    category again changes nothing. Raises
    :class:`~qualframe.errors.NotFoundError` for an unknown dimension or
    object and :class:`ValidationError` for a category the dimension lacks.
    """
    definition = find_dimension(uow, dimension)
    owner_id, label = find_owner(uow, definition.level, target)
    existing = queries.attributes.value_of(uow.session, definition, owner_id)
    previous = existing.value if existing is not None else None
    if previous is not None and category is not None and not replace:
        wanted = str(category).strip().casefold()
        if previous.casefold() != wanted:
            raise ConflictError(
                f"The {definition.level.value} {label!r} is already assigned to {previous!r} "
                f"on {definition.name!r}; each gets one category. Replace it explicitly "
                "(replace=True, or --replace)."
            )
    old, new = store_value(uow.session, definition, owner_id, existing, category)
    if old != new:
        uow.session.flush()
        verb = "Removed" if new is None else ("Reassigned" if old is not None else "Assigned")
        shown = (
            f"from {old!r}"
            if new is None
            else f"to {new!r}" + (f" (was {old!r})" if old is not None else "")
        )
        audit.record(
            uow,
            "typology.assign",
            definition.level.value,
            owner_id,
            f"{verb} {definition.level.value} {label!r} {shown} on typology {definition.name!r}",
            {"dimension": definition.name, "category": new, "previous": old},
        )
    return Assignment(
        dimension=definition.name, level=definition.level, object=label, category=new, previous=old
    )


def unassign(uow: UnitOfWork, dimension: Ref, target: Ref) -> Assignment:
    """Remove the category of the case or participant ``target`` on ``dimension``
    (with an audit entry; ``previous`` says which it was, and nothing changes
    if it had none). Raises :class:`~qualframe.errors.NotFoundError` for an
    unknown dimension or object."""
    return assign(uow, dimension, target, None, replace=True)


def placements(uow: UnitOfWork, dimension: Ref | None = None) -> list[Placement]:
    """Every case or participant on each dimension (or on ``dimension``), assigned or
    not (``category`` None): dimensions in display order, objects in natural
    name order. Raises :class:`~qualframe.errors.NotFoundError` for an
    unknown dimension."""
    if dimension is None:
        dimensions: Sequence[AttributeDefinition] = queries.attributes.typology_definitions(
            uow.session, uow.project_id
        )
    else:
        dimensions = [find_dimension(uow, dimension)]
    found = []
    for definition in dimensions:
        assigned = queries.attributes.assigned_values(uow.session, definition)
        objects = _objects(uow, definition.level)
        for owner_id, name in sorted(objects.items(), key=lambda item: natural_key(item[1])):
            found.append(
                Placement(
                    dimension=definition.name,
                    level=definition.level,
                    object=name,
                    category=assigned.get(owner_id),
                )
            )
    return found


def unassigned(uow: UnitOfWork, dimension: Ref) -> list[str]:
    """The cases or participants not yet assigned on ``dimension``, in natural order."""
    return [p.object for p in placements(uow, dimension) if p.category is None]
