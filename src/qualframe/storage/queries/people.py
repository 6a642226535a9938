"""Queries over ``cases`` and ``participants``.

Lists are small (tens of cases, hundreds of participants), so services load
them whole and resolve names in Python, where letter case can be folded the
same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from qualframe.storage.bulk import plain_rows
from qualframe.storage.models import Case, Participant
from qualframe.storage.queries import attributes
from qualframe.storage.queries.attributes import AttributeWhere
from qualframe.storage.queries.batches import values_by_id

# ---------------------------------------------------------------- cases


def cases(session: Session, project_id: int) -> Sequence[Case]:
    """The project's cases, by name."""
    return session.scalars(
        select(Case).where(Case.project_id == project_id).order_by(Case.name)
    ).all()


def case_named(session: Session, project_id: int, name: str) -> Case | None:
    """The case called ``name``, if any."""
    return session.scalar(select(Case).where(Case.project_id == project_id, Case.name == name))


def case_names(session: Session, project_id: int) -> dict[int, str]:
    """``{case id: name}`` for every case of the project."""
    query = select(Case.id, Case.name).where(Case.project_id == project_id)
    return {case_id: name for case_id, name in session.execute(query)}


def case_names_by_id(session: Session, case_ids: Collection[int]) -> dict[int, str]:
    """``{case id: name}`` of the given cases (e.g. to label memo targets)."""
    return values_by_id(session, Case.id, Case.name, case_ids)


# ---------------------------------------------------------------- participants


def participants(session: Session, project_id: int) -> Sequence[Participant]:
    """The project's participants, by identifier."""
    return session.scalars(
        select(Participant)
        .where(Participant.project_id == project_id)
        .order_by(Participant.identifier)
    ).all()


def participants_of_case(session: Session, case_id: int) -> Sequence[Participant]:
    """The participants belonging to one case, by identifier."""
    return session.scalars(
        select(Participant).where(Participant.case_id == case_id).order_by(Participant.identifier)
    ).all()


def participant_identified(
    session: Session, project_id: int, identifier: str
) -> Participant | None:
    """The participant with ``identifier`` (e.g. ``"P07"``), if any."""
    return session.scalar(
        select(Participant).where(
            Participant.project_id == project_id, Participant.identifier == identifier
        )
    )


def participant_identifiers(session: Session, project_id: int) -> dict[int, str]:
    """``{participant id: identifier}`` for every participant of the project."""
    query = select(Participant.id, Participant.identifier).where(
        Participant.project_id == project_id
    )
    return {pid: identifier for pid, identifier in session.execute(query)}


def participant_identifiers_by_id(
    session: Session, participant_ids: Collection[int]
) -> dict[int, str]:
    """``{participant id: identifier}`` of the given participants."""
    return values_by_id(session, Participant.id, Participant.identifier, participant_ids)


def identifiers_and_case_names(
    session: Session, participant_ids: Collection[int]
) -> dict[int, tuple[str, str]]:
    """``{participant id: (identifier, case name)}`` of the given participants."""
    if not participant_ids:
        return {}
    query = (
        select(Participant.id, Participant.identifier, Case.name)
        .join(Case, Case.id == Participant.case_id)
        .where(Participant.id.in_(sorted(participant_ids)))
    )
    return {pid: (identifier, case) for pid, identifier, case in plain_rows(session, query)}


class ParticipantCaseRow(NamedTuple):
    """A participant's id, identifier and case id."""

    id: int
    identifier: str
    case_id: int


def participant_cases(session: Session, project_id: int) -> list[ParticipantCaseRow]:
    """Every participant of the project with its case id (no names read)."""
    query = select(Participant.id, Participant.identifier, Participant.case_id).where(
        Participant.project_id == project_id
    )
    return [ParticipantCaseRow._make(row) for row in session.execute(query)]


class PersonRow(NamedTuple):
    """A participant with its case: ids and names."""

    participant_id: int
    identifier: str
    case_id: int
    case: str


def participants_with_cases(session: Session, project_id: int) -> list[PersonRow]:
    """Every participant of the project with its case, by identifier."""
    query = (
        select(Participant.id, Participant.identifier, Case.id, Case.name)
        .join(Case, Case.id == Participant.case_id)
        .where(Participant.project_id == project_id)
        .order_by(Participant.identifier)
    )
    return [PersonRow(*row) for row in session.execute(query)]


def participant_counts(session: Session, project_id: int) -> dict[int, int]:
    """Number of participants per case id (cases without participants are absent)."""
    rows = session.execute(
        select(Participant.case_id, func.count())
        .where(Participant.project_id == project_id)
        .group_by(Participant.case_id)
    )
    return {case_id: count for case_id, count in rows}


def participant_ids_meeting(
    session: Session, project_id: int, condition: ColumnElement[bool]
) -> set[int]:
    """Ids of the project's participants meeting ``condition`` (on ``Participant.id``)."""
    query = select(Participant.id).where(Participant.project_id == project_id, condition)
    return set(session.scalars(query))


def participant_ids_matching(session: Session, project_id: int, where: AttributeWhere) -> set[int]:
    """Ids of the participants whose own or inherited attributes match ``where``
    (see :func:`~qualframe.storage.queries.attributes.attribute_filter`)."""
    condition = attributes.attribute_filter(session, project_id, where, Participant.id)
    return participant_ids_meeting(session, project_id, condition)
