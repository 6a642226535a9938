"""Typologies: dimensions whose categories the analysts derive, one per case or participant.

A typology dimension (e.g. "model of peer work": embedded / standalone /
hybrid) is a categorical attribute of cases or of participants flagged as a
typology (:attr:`AttributeDefinition.typology`). Being an attribute, it
groups framework matrices and comparisons like any other, and participants
inherit a case dimension. Each case (or participant) is assigned to exactly
one category of a dimension: the database holds one value per (attribute,
owner), and :func:`assign` refuses to change an existing assignment unless
told to replace it. Every change is recorded in the audit log.

An assignment is a value of the case or participant: it counts as a change of
that object (its ``version`` goes up by one), and :func:`assign` and
:func:`unassign` take the object's version the caller read (``if_version``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qualframe.errors import ConflictError, ValidationError
from qualframe.services.core import audit
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.services.study.attributes import (
    find_attribute,
    natural_key,
    new_definition,
    parse_enum,
)
from qualframe.services.study.owner_values import (
    count_change,
    find_owner,
    owner_named,
    store_value,
)
from qualframe.storage import queries
from qualframe.storage.models import AttributeDefinition, Case, Participant
from qualframe.vocabulary import AttributeLevel, AttributeType


@dataclass(frozen=True)
class TypologyRecord:
    """A typology dimension: its categories (in order), what it classifies
    (``level``: case or participant), and how many objects are assigned or not.
    ``guid`` is its identity across exports and ``version`` counts its changes
    (it is an attribute definition)."""

    id: int
    guid: str
    version: int
    name: str
    level: AttributeLevel
    categories: tuple[str, ...]
    description: str
    assigned: int
    unassigned: int


@dataclass(frozen=True, kw_only=True)
class Placement:
    """Where one case or participant (``object``, by name or identifier) stands on a
    dimension: its ``category``, None while it is not assigned. ``version`` is the
    object's version (state it as ``if_version`` to assign it)."""

    dimension: str
    level: AttributeLevel
    object: str
    category: str | None
    version: int


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
    """The dimension ``definition`` as a record, with its counts (reads them)."""
    assigned = queries.attributes.assigned_values(uow.session, definition)
    total = len(_objects(uow, definition.level))
    return TypologyRecord(
        id=definition.id,
        guid=definition.guid,
        version=definition.version,
        name=definition.name,
        level=definition.level,
        categories=tuple(definition.levels or ()),
        description=definition.description,
        assigned=len(assigned),
        unassigned=total - len(assigned),
    )


def _objects(uow: UnitOfWork, level: AttributeLevel) -> dict[int, Case | Participant]:
    """``{id: case or participant}`` of the project's cases or participants (by ``level``)."""
    if level is AttributeLevel.CASE:
        return {c.id: c for c in queries.people.cases(uow.session, uow.project_id)}
    return {p.id: p for p in queries.people.participants(uow.session, uow.project_id)}


def _name(item: Case | Participant) -> str:
    """A case's name or a participant's identifier."""
    return item.name if isinstance(item, Case) else item.identifier


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
    if_version: int | None = None,
) -> Assignment:
    """Assign the case or participant ``target`` to ``category`` of ``dimension``
    (written with an audit entry when it changes; the target's version then goes
    up by one and is returned).

    ``category`` None removes the assignment. An object already assigned to
    another category raises :class:`ConflictError` unless ``replace`` (the
    audit entry then keeps the previous category); assigning the same
    category again changes nothing. ``if_version``: the target's version you
    read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved. Raises
    :class:`~qualframe.errors.NotFoundError` for an unknown dimension or
    object and :class:`ValidationError` for a category the dimension lacks.
    """
    definition = find_dimension(uow, dimension)
    owner = find_owner(uow, definition.level, target)
    check_version(owner.record, if_version, owner_named(definition.level, owner.label))
    read = owner.record.version
    existing = queries.attributes.value_of(uow.session, definition, owner.id)
    previous = existing.value if existing is not None else None
    if previous is not None and category is not None and not replace:
        wanted = str(category).strip().casefold()
        if previous.casefold() != wanted:
            raise ConflictError(
                f"The {definition.level.value} {owner.label!r} is already assigned to "
                f"{previous!r} on {definition.name!r}; each gets one category. Replace it "
                "explicitly (replace=True, or --replace)."
            )
    old, new = store_value(uow.session, definition, owner.id, existing, category)
    if old != new:
        count_change(uow, owner.record, read)
        _record_assignment(uow, definition, owner.id, owner.label, old, new)
    return Assignment(
        dimension=definition.name,
        level=definition.level,
        object=owner.label,
        category=new,
        previous=old,
        version=owner.record.version,
    )


def _record_assignment(
    uow: UnitOfWork,
    definition: AttributeDefinition,
    owner_id: int,
    label: str,
    old: str | None,
    new: str | None,
) -> None:
    """The audit entry of an assignment of ``label`` from ``old`` to ``new``."""
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


def unassign(
    uow: UnitOfWork, dimension: Ref, target: Ref, *, if_version: int | None = None
) -> Assignment:
    """Remove the category of the case or participant ``target`` on ``dimension``
    (with an audit entry; ``previous`` says which it was, and nothing changes
    if it had none). ``if_version``: the target's version you read; a
    different stored version raises :class:`~qualframe.errors.StaleVersionError`
    and nothing is saved. Raises :class:`~qualframe.errors.NotFoundError` for
    an unknown dimension or object."""
    return assign(uow, dimension, target, None, replace=True, if_version=if_version)


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
        for owner_id, item in sorted(objects.items(), key=lambda pair: natural_key(_name(pair[1]))):
            found.append(
                Placement(
                    dimension=definition.name,
                    level=definition.level,
                    object=_name(item),
                    category=assigned.get(owner_id),
                    version=item.version,
                )
            )
    return found


def unassigned(uow: UnitOfWork, dimension: Ref) -> list[str]:
    """The cases or participants not yet assigned on ``dimension``, in natural order."""
    return [p.object for p in placements(uow, dimension) if p.category is None]
