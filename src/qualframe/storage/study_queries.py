"""Queries over the study design: attributes, cases, participants, schedule, answers.

Lists are small (tens of attributes and cases, hundreds of participants),
so services load them whole and resolve names in Python, where letter case
can be folded the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.storage import attribute_queries
from qualframe.storage.models import (
    Answer,
    AttributeDefinition,
    AttributeValue,
    Case,
    Document,
    DocumentParticipant,
    Participant,
    Question,
)
from qualframe.vocabulary import AttributeLevel

# SQLite allows a limited number of bound parameters per statement.
_CHUNK = 5000


# ---------------------------------------------------------------- attributes


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


def next_attribute_position(session: Session, project_id: int) -> int:
    """One more than the highest attribute position of the project (1 when none)."""
    highest = session.scalar(
        select(func.max(AttributeDefinition.position)).where(
            AttributeDefinition.project_id == project_id
        )
    )
    return (highest or 0) + 1


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


def owner_values(
    session: Session, level: AttributeLevel, owner_id: int
) -> Sequence[AttributeValue]:
    """The values a single case, participant or document holds."""
    column = {
        AttributeLevel.CASE: AttributeValue.case_id,
        AttributeLevel.PARTICIPANT: AttributeValue.participant_id,
        AttributeLevel.DOCUMENT: AttributeValue.document_id,
    }[level]
    return session.scalars(select(AttributeValue).where(column == owner_id)).all()


# ---------------------------------------------------------------- cases, participants


def cases(session: Session, project_id: int) -> Sequence[Case]:
    """The project's cases, by name."""
    return session.scalars(
        select(Case).where(Case.project_id == project_id).order_by(Case.name)
    ).all()


def participants(session: Session, project_id: int) -> Sequence[Participant]:
    """The project's participants, by identifier."""
    return session.scalars(
        select(Participant)
        .where(Participant.project_id == project_id)
        .order_by(Participant.identifier)
    ).all()


def participant_ids_matching(
    session: Session, project_id: int, where: Mapping[str, str | Sequence[str]]
) -> set[int]:
    """Ids of the participants whose own or inherited attributes match ``where``
    (see :func:`~qualframe.storage.attribute_queries.attribute_filter`)."""
    condition = attribute_queries.attribute_filter(session, project_id, where, Participant.id)
    return set(
        session.scalars(
            select(Participant.id).where(Participant.project_id == project_id, condition)
        ).all()
    )


def participants_of_case(session: Session, case_id: int) -> Sequence[Participant]:
    """The participants belonging to one case, by identifier."""
    return session.scalars(
        select(Participant).where(Participant.case_id == case_id).order_by(Participant.identifier)
    ).all()


def participant_counts(session: Session, project_id: int) -> dict[int, int]:
    """Number of participants per case id (cases without participants are absent)."""
    rows = session.execute(
        select(Participant.case_id, func.count())
        .where(Participant.project_id == project_id)
        .group_by(Participant.case_id)
    )
    return {case_id: count for case_id, count in rows}


def document_link_count(session: Session, participant_id: int) -> int:
    """How many documents record the participant."""
    return (
        session.scalar(
            select(func.count()).where(DocumentParticipant.participant_id == participant_id)
        )
        or 0
    )


def documents(session: Session, project_id: int) -> Sequence[Document]:
    """The project's documents, by name (for document-level attribute values)."""
    return session.scalars(
        select(Document).where(Document.project_id == project_id).order_by(Document.name)
    ).all()


# ---------------------------------------------------------------- schedule, answers


def questions(session: Session, project_id: int) -> Sequence[Question]:
    """The interview schedule, in order."""
    return session.scalars(
        select(Question)
        .where(Question.project_id == project_id)
        .order_by(Question.position, Question.id)
    ).all()


def answers(session: Session, project_id: int) -> Sequence[Answer]:
    """Every recorded answer of the project's participants."""
    return session.scalars(
        select(Answer)
        .join(Question, Question.id == Answer.question_id)
        .where(Question.project_id == project_id)
    ).all()


def answer_count(session: Session, question_id: int) -> int:
    """How many answers (including 'not asked' records) a question has."""
    return session.scalar(select(func.count()).where(Answer.question_id == question_id)) or 0


def answer_values(session: Session, question_id: int) -> set[str]:
    """The distinct answer values recorded for a question."""
    values = session.scalars(
        select(Answer.value)
        .where(Answer.question_id == question_id, Answer.value.is_not(None))
        .distinct()
    ).all()
    return {value for value in values if value is not None}


def answers_of_question(session: Session, question_id: int) -> Sequence[Answer]:
    """Every answer recorded for one question."""
    return session.scalars(select(Answer).where(Answer.question_id == question_id)).all()


def answers_of_participants(session: Session, participant_ids: Iterable[int]) -> Sequence[Answer]:
    """The answers of the given participants."""
    ids = sorted(set(participant_ids))
    found: list[Answer] = []
    for start in range(0, len(ids), _CHUNK):
        found.extend(
            session.scalars(
                select(Answer).where(Answer.participant_id.in_(ids[start : start + _CHUNK]))
            ).all()
        )
    return found
