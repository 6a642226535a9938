"""Queries over ``attribute_definitions`` and ``attribute_values``: definitions,
values, attribute filters and typology values.

Participants inherit their case's values in every query here: filters reach
case values through the participant's case, and frames merge case values
under participant values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, exists, func, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from qualframe.errors import NotFoundError
from qualframe.storage.models import AttributeDefinition, AttributeValue, Participant
from qualframe.storage.queries.batches import chunks
from qualframe.vocabulary import AttributeLevel

# ---------------------------------------------------------------- definitions


#: Attribute filter: attribute name -> one value or any of several values.
AttributeWhere = Mapping[str, str | Sequence[str]]


def attribute_definitions(
    session: Session, project_id: int, level: AttributeLevel | None = None
) -> Sequence[AttributeDefinition]:
    """The project's attribute definitions (of one ``level`` if given), in display order."""
    query = select(AttributeDefinition).where(AttributeDefinition.project_id == project_id)
    if level is not None:
        query = query.where(AttributeDefinition.level == level)
    return session.scalars(
        query.order_by(AttributeDefinition.position, AttributeDefinition.id)
    ).all()


def definitions_by_name(session: Session, project_id: int) -> dict[str, AttributeDefinition]:
    """The project's attribute definitions keyed by name, in display order."""
    return {d.name: d for d in attribute_definitions(session, project_id)}


def typology_definitions(session: Session, project_id: int) -> list[AttributeDefinition]:
    """The project's typology dimensions, in display order."""
    query = (
        select(AttributeDefinition)
        .where(AttributeDefinition.project_id == project_id, AttributeDefinition.typology)
        .order_by(AttributeDefinition.position, AttributeDefinition.id)
    )
    return list(session.scalars(query))


def next_attribute_position(session: Session, project_id: int) -> int:
    """One more than the highest attribute position of the project (1 when none)."""
    highest = session.scalar(
        select(func.max(AttributeDefinition.position)).where(
            AttributeDefinition.project_id == project_id
        )
    )
    return (highest or 0) + 1


# ---------------------------------------------------------------- filters


def _lookup(definitions: Mapping[str, AttributeDefinition], name: str) -> AttributeDefinition:
    if name in definitions:
        return definitions[name]
    folded = {key.casefold(): d for key, d in definitions.items()}
    if name.casefold() in folded:
        return folded[name.casefold()]
    known = ", ".join(definitions) or "none defined"
    raise NotFoundError(f"No attribute called {name!r} (attributes: {known}).")


def _canonical_values(definition: AttributeDefinition, wanted: str | Sequence[str]) -> list[str]:
    values = [wanted] if isinstance(wanted, str) else list(wanted)
    if not definition.levels:
        return [str(v) for v in values]
    spelling = {level.casefold(): level for level in definition.levels}
    return [spelling.get(str(v).casefold(), str(v)) for v in values]


def attribute_filter(
    session: Session,
    project_id: int,
    where: AttributeWhere,
    participant_id: Any,
    document_id: Any | None = None,
) -> ColumnElement[bool]:
    """A condition true where every ``name = value(s)`` of ``where`` holds.

    ``participant_id`` and ``document_id`` are the columns of the outer query
    that identify the participant (case attributes are reached through the
    participant's case: inheritance) and the document. Values match the
    attribute's canonical spelling case-insensitively. Raises
    :class:`NotFoundError` for an unknown attribute name.
    """
    definitions = definitions_by_name(session, project_id)
    conditions: list[ColumnElement[bool]] = []
    for name, wanted in where.items():
        definition = _lookup(definitions, name)
        values = _canonical_values(definition, wanted)
        matching = and_(
            AttributeValue.definition_id == definition.id, AttributeValue.value.in_(values)
        )
        if definition.level is AttributeLevel.PARTICIPANT:
            owner = AttributeValue.participant_id == participant_id
            conditions.append(exists().where(matching, owner))
        elif definition.level is AttributeLevel.CASE:
            # An alias, joined inside the EXISTS: a scalar subquery on
            # ``participants`` would not correlate with the outer query
            # (it sits two levels down) and would read an arbitrary row.
            member = aliased(Participant)
            conditions.append(
                exists().where(
                    matching,
                    AttributeValue.case_id == member.case_id,
                    member.id == participant_id,
                )
            )
        else:
            if document_id is None:
                raise NotFoundError(
                    f"The attribute {definition.name!r} describes documents and cannot "
                    "filter this list."
                )
            conditions.append(exists().where(matching, AttributeValue.document_id == document_id))
    return and_(true(), *conditions)


def split_where(
    session: Session, project_id: int, where: AttributeWhere
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``where`` split into (participant and case conditions, document conditions).

    Names are matched like :func:`attribute_filter` does
    (exactly, else ignoring case); unknown names go with the participant
    conditions, so that filtering on them raises its clear error.
    """
    definitions = definitions_by_name(session, project_id)
    folded = {name.casefold(): d for name, d in definitions.items()}
    people: dict[str, Any] = {}
    documents: dict[str, Any] = {}
    for name, wanted in where.items():
        definition = definitions.get(name) or folded.get(name.casefold())
        is_document = definition is not None and definition.level is AttributeLevel.DOCUMENT
        (documents if is_document else people)[name] = wanted
    return people, documents


# ---------------------------------------------------------------- values


def value_count(session: Session, definition_id: int) -> int:
    """How many values the attribute has."""
    return (
        session.scalar(select(func.count()).where(AttributeValue.definition_id == definition_id))
        or 0
    )


def values_of_definition(session: Session, definition_id: int) -> Sequence[AttributeValue]:
    """Every value of one attribute."""
    return session.scalars(
        select(AttributeValue).where(AttributeValue.definition_id == definition_id)
    ).all()


def project_values(
    session: Session, project_id: int, level: AttributeLevel | None = None
) -> Sequence[AttributeValue]:
    """Every attribute value of the project (of attributes of one ``level`` if given)."""
    query = (
        select(AttributeValue)
        .join(AttributeDefinition, AttributeDefinition.id == AttributeValue.definition_id)
        .where(AttributeDefinition.project_id == project_id)
    )
    if level is not None:
        query = query.where(AttributeDefinition.level == level)
    return session.scalars(query).all()


def _owner_column(level: AttributeLevel) -> InstrumentedAttribute[int | None]:
    """The ``attribute_values`` column holding the owner of a ``level`` value."""
    return {
        AttributeLevel.CASE: AttributeValue.case_id,
        AttributeLevel.PARTICIPANT: AttributeValue.participant_id,
        AttributeLevel.DOCUMENT: AttributeValue.document_id,
    }[level]


def owner_values(
    session: Session, level: AttributeLevel, owner_id: int
) -> Sequence[AttributeValue]:
    """The values a single case, participant or document holds."""
    column = _owner_column(level)
    return session.scalars(select(AttributeValue).where(column == owner_id)).all()


def owner_attributes(
    session: Session, project_id: int, level: AttributeLevel, owner_ids: Iterable[int]
) -> dict[int, dict[str, str]]:
    """Canonical attribute values of the given cases, participants or documents.

    Returns ``{owner_id: {attribute name: value}}`` (owners without values
    are absent). Participants get only their own values here; see
    :func:`participant_attributes` for inheritance.
    """
    ids = sorted(set(owner_ids))
    if not ids:
        return {}
    owner_column = _owner_column(level)
    result: dict[int, dict[str, str]] = {}
    for chunk in chunks(ids):
        rows = session.execute(
            select(owner_column, AttributeDefinition.name, AttributeValue.value)
            .join(AttributeDefinition, AttributeDefinition.id == AttributeValue.definition_id)
            .where(AttributeDefinition.project_id == project_id, owner_column.in_(chunk))
        )
        for owner, name, value in rows:
            if owner is not None:  # the column is nullable in general, never here
                result.setdefault(owner, {})[name] = value
    return result


def participant_attributes(
    session: Session, project_id: int, participant_ids: Iterable[int]
) -> dict[int, dict[str, str]]:
    """Each participant's attributes: its own plus those inherited from its case."""
    ids = sorted(set(participant_ids))
    if not ids:
        return {}
    case_of: dict[int, int] = {}
    for chunk in chunks(ids):
        for pid, cid in session.execute(
            select(Participant.id, Participant.case_id).where(Participant.id.in_(chunk))
        ):
            case_of[pid] = cid
    case_values = owner_attributes(session, project_id, AttributeLevel.CASE, case_of.values())
    own = owner_attributes(session, project_id, AttributeLevel.PARTICIPANT, ids)
    return {pid: {**case_values.get(case_of.get(pid, -1), {}), **own.get(pid, {})} for pid in ids}


def participant_values(session: Session, definition: AttributeDefinition) -> dict[int, str]:
    """``{participant id: value}`` of a participant or case attribute.

    A case attribute gives each participant its case's value (inheritance).
    Participants without a value are absent.
    """
    if definition.level is AttributeLevel.PARTICIPANT:
        query = select(AttributeValue.participant_id, AttributeValue.value).where(
            AttributeValue.definition_id == definition.id,
            AttributeValue.participant_id.is_not(None),
        )
    else:
        query = (
            select(Participant.id, AttributeValue.value)
            .join(AttributeValue, AttributeValue.case_id == Participant.case_id)
            .where(AttributeValue.definition_id == definition.id)
        )
    return {owner: value for owner, value in session.execute(query) if owner is not None}


class StoredValue(NamedTuple):
    """An attribute value as stored: its canonical text and, for numbers, dates
    and ordinal levels, the number it sorts by."""

    value: str
    number: float | None


def document_values(session: Session, definition_id: int) -> dict[int, StoredValue]:
    """``{document id: StoredValue}`` of a document attribute."""
    query = select(AttributeValue.document_id, AttributeValue.value, AttributeValue.number).where(
        AttributeValue.definition_id == definition_id, AttributeValue.document_id.is_not(None)
    )
    return {doc: StoredValue(value, number) for doc, value, number in session.execute(query) if doc}


# ---------------------------------------------------------------- typologies


def assigned_values(session: Session, definition: AttributeDefinition) -> dict[int, str]:
    """``{case or participant id: category}`` of one typology dimension (its own level)."""
    column = (
        AttributeValue.case_id
        if definition.level is AttributeLevel.CASE
        else AttributeValue.participant_id
    )
    query = select(column, AttributeValue.value).where(
        AttributeValue.definition_id == definition.id, column.is_not(None)
    )
    return {owner: value for owner, value in session.execute(query) if owner is not None}


def value_of(
    session: Session, definition: AttributeDefinition, owner_id: int
) -> AttributeValue | None:
    """The value of ``definition`` held by one case or participant (its own level), if any."""
    column = (
        AttributeValue.case_id
        if definition.level is AttributeLevel.CASE
        else AttributeValue.participant_id
    )
    return session.scalar(
        select(AttributeValue).where(
            AttributeValue.definition_id == definition.id, column == owner_id
        )
    )
