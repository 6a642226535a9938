"""Splitting participants into the groups of an attribute, for comparisons.

A comparison groups participants by a categorical, ordinal or boolean
attribute (a typology dimension is a categorical attribute) of participants
or of cases — participants inherit their case's value. The groups come in
the attribute's level order (``true`` before ``false`` for a boolean), then
:data:`NO_VALUE` for participants without a value. Text, number and date
attributes have too many values to compare groups by; document attributes
describe texts, not people: both are refused with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualframe.errors import ValidationError
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.study.attributes import find_attribute, natural_key
from qualframe.storage import queries
from qualframe.storage.models import AttributeDefinition
from qualframe.storage.queries.people import PersonRow
from qualframe.vocabulary import AttributeLevel, AttributeType

#: The group of participants without a value for the attribute.
NO_VALUE = "(no value)"
#: Attribute types whose values make groups.
GROUPING_TYPES = (AttributeType.CATEGORICAL, AttributeType.ORDINAL, AttributeType.BOOLEAN)


@dataclass(frozen=True)
class ParticipantGroups:
    """Every participant of a project with its group.

    ``attribute``: the attribute's name; ``level``: case or participant;
    ``groups``: the group labels in order (every level of the attribute,
    then :data:`NO_VALUE` when someone has no value); ``people``: the
    participants in natural identifier order; ``group_of``: participant id
    -> group label.
    """

    attribute: str
    level: AttributeLevel
    groups: tuple[str, ...]
    people: tuple[PersonRow, ...]
    group_of: dict[int, str]


def grouping_attribute(uow: UnitOfWork, ref: str | int) -> AttributeDefinition:
    """The attribute ``ref`` names, if participants can be grouped by it.

    Raises :class:`~qualframe.errors.NotFoundError` for an unknown attribute
    and :class:`ValidationError` for a document attribute or one of type
    text, number or date.
    """
    definition = find_attribute(uow, ref)
    if definition.level is AttributeLevel.DOCUMENT:
        raise ValidationError(
            f"The attribute {definition.name!r} describes documents; compare groups by a "
            "case or participant attribute."
        )
    if definition.type not in GROUPING_TYPES:
        raise ValidationError(
            f"The attribute {definition.name!r} is a {definition.type.value} attribute and "
            "cannot group participants; use a categorical, ordinal or boolean attribute "
            "(or define a typology)."
        )
    return definition


def level_order(definition: AttributeDefinition) -> list[str]:
    """The attribute's values in display order (``true``, ``false`` for a boolean)."""
    if definition.type is AttributeType.BOOLEAN:
        return ["true", "false"]
    return list(definition.levels or ())


def participant_groups(uow: UnitOfWork, attribute: str | int) -> ParticipantGroups:
    """Every participant of the project with its group of ``attribute``.

    Raises as :func:`grouping_attribute`.
    """
    definition = grouping_attribute(uow, attribute)
    values = queries.attributes.participant_values(uow.session, definition)
    people = sorted(
        queries.people.participants_with_cases(uow.session, uow.project_id),
        key=lambda p: natural_key(p.identifier),
    )
    group_of = {p.participant_id: values.get(p.participant_id, NO_VALUE) for p in people}
    groups = level_order(definition)
    # A value outside the levels cannot be stored, but keep it visible if one is.
    extra = sorted({g for g in group_of.values() if g not in groups and g != NO_VALUE})
    groups += extra
    if NO_VALUE in group_of.values():
        groups.append(NO_VALUE)
    return ParticipantGroups(
        attribute=definition.name,
        level=definition.level,
        groups=tuple(groups),
        people=tuple(people),
        group_of=group_of,
    )
