"""Reading attribute values, with participants inheriting their case's values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, select, true
from sqlalchemy.orm import Session, aliased

from qualframe.errors import NotFoundError
from qualframe.storage.models import AttributeDefinition, AttributeValue, Participant
from qualframe.vocabulary import AttributeLevel

#: Attribute filter: attribute name -> one value or any of several values.
AttributeWhere = Mapping[str, str | Sequence[str]]


def definitions_by_name(session: Session, project_id: int) -> dict[str, AttributeDefinition]:
    """The project's attribute definitions keyed by name, in display order."""
    rows = session.scalars(
        select(AttributeDefinition)
        .where(AttributeDefinition.project_id == project_id)
        .order_by(AttributeDefinition.position, AttributeDefinition.id)
    )
    return {d.name: d for d in rows}


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
    owner_column = {
        AttributeLevel.CASE: AttributeValue.case_id,
        AttributeLevel.PARTICIPANT: AttributeValue.participant_id,
        AttributeLevel.DOCUMENT: AttributeValue.document_id,
    }[level]
    result: dict[int, dict[str, str]] = {}
    # Chunked: SQLite limits the number of bound parameters.
    for chunk_start in range(0, len(ids), 5000):
        chunk = ids[chunk_start : chunk_start + 5000]
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
    for chunk_start in range(0, len(ids), 5000):
        chunk = ids[chunk_start : chunk_start + 5000]
        for pid, cid in session.execute(
            select(Participant.id, Participant.case_id).where(Participant.id.in_(chunk))
        ):
            case_of[pid] = cid
    case_values = owner_attributes(session, project_id, AttributeLevel.CASE, case_of.values())
    own = owner_attributes(session, project_id, AttributeLevel.PARTICIPANT, ids)
    return {pid: {**case_values.get(case_of.get(pid, -1), {}), **own.get(pid, {})} for pid in ids}
