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

import pandas as pd

from qualframe.errors import ConflictError, ValidationError
from qualframe.services.core import audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.study.attributes import (
    define_attribute,
    find_attribute,
    find_case,
    find_participant,
    natural_key,
    parse_enum,
    store_value,
)
from qualframe.storage import queries
from qualframe.storage.models import AttributeDefinition
from qualframe.vocabulary import AttributeLevel, AttributeType

#: Columns of :func:`assignments_frame`.
ASSIGNMENT_COLUMNS = ("dimension", "level", "object", "category")


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


@dataclass(frozen=True)
class Assignment:
    """One object's category on a dimension (``previous``: what it replaced, if anything)."""

    dimension: str
    level: AttributeLevel
    object: str
    category: str | None
    previous: str | None


def find_dimension(uow: UnitOfWork, ref: str | int) -> AttributeDefinition:
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
    """Create a typology dimension: a categorical ``level`` attribute flagged as typology.

    Raises :class:`ValidationError` for a document level, no categories or
    a category listed twice, and :class:`ConflictError` when the name is
    taken by any attribute.
    """
    owner = parse_enum(AttributeLevel, level, "attribute level")
    if owner is AttributeLevel.DOCUMENT:
        raise ValidationError("A typology classifies cases or participants, not documents.")
    if not [c for c in categories if str(c).strip()]:
        raise ValidationError(f"The typology {name!r} needs its categories.")
    record = define_attribute(
        uow,
        name,
        owner,
        AttributeType.CATEGORICAL,
        categories,
        description,
        note=" as a typology dimension",
    )
    definition = find_attribute(uow, record.id)
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
    """Every typology dimension of the project, in display order."""
    return [
        _record(uow, d)
        for d in queries.attributes.typology_definitions(uow.session, uow.project_id)
    ]


def assign(
    uow: UnitOfWork,
    dimension: str | int,
    target: str | int,
    category: str | None,
    *,
    replace: bool = False,
) -> Assignment:
    """Assign the case or participant ``target`` to ``category`` of ``dimension``.

    ``category`` None removes the assignment. An object already assigned to
    another category raises :class:`ConflictError` unless ``replace`` (the
    audit entry then keeps the previous category); assigning the same
    category again changes nothing. Raises
    :class:`~qualframe.errors.NotFoundError` for an unknown dimension or
    object and :class:`ValidationError` for a category the dimension lacks.
    """
    definition = find_dimension(uow, dimension)
    if definition.level is AttributeLevel.CASE:
        case = find_case(uow, target)
        owner_id, label = case.id, case.name
    else:
        person = find_participant(uow, target)
        owner_id, label = person.id, person.identifier
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
    return Assignment(definition.name, definition.level, label, new, old)


def assignments_frame(uow: UnitOfWork, dimension: str | int | None = None) -> pd.DataFrame:
    """Every case or participant on each dimension (or one), assigned or not.

    Columns :data:`ASSIGNMENT_COLUMNS`; ``category`` is None for an object
    not yet assigned. Objects in natural name order, dimensions in display
    order.
    """
    if dimension is None:
        dimensions = queries.attributes.typology_definitions(uow.session, uow.project_id)
    else:
        dimensions = [find_dimension(uow, dimension)]
    rows = []
    for definition in dimensions:
        assigned = queries.attributes.assigned_values(uow.session, definition)
        objects = _objects(uow, definition.level)
        for owner_id, name in sorted(objects.items(), key=lambda item: natural_key(item[1])):
            rows.append((definition.name, definition.level.value, name, assigned.get(owner_id)))
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(ASSIGNMENT_COLUMNS)
    # Column by column, as object Series: an unassigned category stays None, not NaN.
    return pd.DataFrame(
        {
            name: pd.Series(list(values), dtype=object)
            for name, values in zip(ASSIGNMENT_COLUMNS, columns, strict=True)
        }
    )


def unassigned(uow: UnitOfWork, dimension: str | int) -> list[str]:
    """The cases or participants not yet assigned on ``dimension``, in natural order."""
    frame = assignments_frame(uow, dimension)
    return list(frame.loc[frame["category"].isna(), "object"])
