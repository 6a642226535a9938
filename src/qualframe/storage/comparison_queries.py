"""Queries behind comparisons, co-occurrence, saturation and typologies.

Each function reads whole columns of a project in one statement (or one per
chunk of ids) and returns plain tuples, dicts or sets: the services build
data frames from them, and nothing here holds a business rule.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.storage.attribute_queries import AttributeWhere
from qualframe.storage.coding_queries import where_conditions
from qualframe.storage.models import (
    Answer,
    AttributeDefinition,
    AttributeValue,
    Case,
    Code,
    Coding,
    Document,
    DocumentParticipant,
    Participant,
    Question,
    QuestionCode,
    SpeakerTurn,
)
from qualframe.vocabulary import AttributeLevel

#: Largest number of ids bound in one ``IN (...)`` (SQLite limits parameters).
CHUNK = 5000


def _chunks(ids: Collection[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for begin in range(0, len(ordered), CHUNK):
        yield ordered[begin : begin + CHUNK]


# ---------------------------------------------------------------- what exists


class ProjectCounts(NamedTuple):
    """How many codes (retired included), documents and codings a project has."""

    codes: int
    documents: int
    codings: int


def project_counts(session: Session, project_id: int) -> ProjectCounts:
    """The project's counts of codes, documents and codings (one statement)."""

    def count(model: Any) -> Any:
        return (
            select(func.count()).select_from(model).where(model.project_id == project_id)
        ).scalar_subquery()

    row = session.execute(select(count(Code), count(Document), count(Coding))).one()
    return ProjectCounts(int(row[0]), int(row[1]), int(row[2]))


# ---------------------------------------------------------------- people and groups


class PersonRow(NamedTuple):
    """A participant with its case: ids and names."""

    participant_id: int
    identifier: str
    case_id: int
    case: str


def people(session: Session, project_id: int) -> list[PersonRow]:
    """Every participant of the project with its case, by identifier."""
    query = (
        select(Participant.id, Participant.identifier, Case.id, Case.name)
        .join(Case, Case.id == Participant.case_id)
        .where(Participant.project_id == project_id)
        .order_by(Participant.identifier)
    )
    return [PersonRow(*row) for row in session.execute(query)]


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


def interviewed_participants(session: Session, project_id: int) -> set[int]:
    """Ids of the participants linked to a document or speaking in one (a mapped turn)."""
    linked = (
        select(DocumentParticipant.participant_id)
        .join(Document, Document.id == DocumentParticipant.document_id)
        .where(Document.project_id == project_id)
        .distinct()
    )
    speaking = (
        select(SpeakerTurn.participant_id)
        .join(Document, Document.id == SpeakerTurn.document_id)
        .where(Document.project_id == project_id, SpeakerTurn.participant_id.is_not(None))
        .distinct()
    )
    found = set(session.scalars(linked))
    found.update(pid for pid in session.scalars(speaking) if pid is not None)
    return found


# ---------------------------------------------------------------- question coverage


def covering_questions(
    session: Session, project_id: int, code_ids: Collection[int]
) -> dict[int, list[tuple[int, str]]]:
    """``{code id: [(question id, identifier), ...]}``: the questions covering each code,
    in schedule order (codes no question covers are absent)."""
    found: dict[int, list[tuple[int, str]]] = {}
    for chunk in _chunks(code_ids):
        query = (
            select(QuestionCode.code_id, Question.id, Question.identifier)
            .join(Question, Question.id == QuestionCode.question_id)
            .where(Question.project_id == project_id, QuestionCode.code_id.in_(chunk))
            .order_by(Question.position, Question.id)
        )
        for code_id, question_id, identifier in session.execute(query):
            found.setdefault(code_id, []).append((question_id, identifier))
    return found


def not_asked(session: Session, question_ids: Collection[int]) -> dict[int, set[int]]:
    """``{question id: participant ids}`` of the participants recorded as not asked."""
    found: dict[int, set[int]] = {}
    for chunk in _chunks(question_ids):
        query = select(Answer.question_id, Answer.participant_id).where(
            Answer.question_id.in_(chunk), Answer.asked.is_(False)
        )
        for question_id, participant_id in session.execute(query):
            found.setdefault(question_id, set()).add(participant_id)
    return found


# ---------------------------------------------------------------- documents and turns


class DocumentOrderRow(NamedTuple):
    """What orders a document: its position (interview order) and import time."""

    id: int
    name: str
    position: int | None
    imported_at: datetime


def document_order_rows(session: Session, project_id: int) -> list[DocumentOrderRow]:
    """Every document of the project in import order (time, then id)."""
    query = (
        select(Document.id, Document.name, Document.position, Document.imported_at)
        .where(Document.project_id == project_id)
        .order_by(Document.imported_at, Document.id)
    )
    return [DocumentOrderRow(*row) for row in session.execute(query)]


def document_links(session: Session, project_id: int) -> list[tuple[int, int]]:
    """``(document id, participant id)`` of every document–participant link."""
    query = (
        select(DocumentParticipant.document_id, DocumentParticipant.participant_id)
        .join(Document, Document.id == DocumentParticipant.document_id)
        .where(Document.project_id == project_id)
    )
    return [(document_id, participant_id) for document_id, participant_id in session.execute(query)]


def document_values(session: Session, definition_id: int) -> dict[int, tuple[str, float | None]]:
    """``{document id: (value, number)}`` of a document attribute."""
    query = select(AttributeValue.document_id, AttributeValue.value, AttributeValue.number).where(
        AttributeValue.definition_id == definition_id, AttributeValue.document_id.is_not(None)
    )
    return {doc: (value, number) for doc, value, number in session.execute(query) if doc}


def project_turns(session: Session, project_id: int) -> list[tuple[int, int, int]]:
    """``(document id, start, end)`` of every speaker turn of the project, in text order."""
    query = (
        select(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.end)
        .join(Document, Document.id == SpeakerTurn.document_id)
        .where(Document.project_id == project_id)
        .order_by(SpeakerTurn.document_id, SpeakerTurn.start)
    )
    return [(document_id, start, end) for document_id, start, end in session.execute(query)]


# ---------------------------------------------------------------- codings

#: Columns of :func:`coding_spans` rows, in order.
SPAN_COLUMNS = ("coding_id", "code_id", "document_id", "start", "end", "participant_id", "case_id")


def coding_spans(
    session: Session,
    project_id: int,
    *,
    code_ids: Collection[int] | None = None,
    where: AttributeWhere | None = None,
    coder: str | None = None,
) -> list[tuple[Any, ...]]:
    """Codings as bare spans (:data:`SPAN_COLUMNS`), no text: what counting needs.

    ``where`` keeps codings whose participant (own or case attributes) or
    document has the given values; raises
    :class:`~qualframe.errors.NotFoundError` for an unknown attribute. About
    five times faster than the full listing at 200,000 codings: no quote
    text, no names.
    """
    query = (
        select(
            Coding.id,
            Coding.code_id,
            Coding.document_id,
            Coding.start,
            Coding.end,
            Coding.participant_id,
            Participant.case_id,
        )
        .outerjoin(Participant, Participant.id == Coding.participant_id)
        .where(Coding.project_id == project_id)
    )
    if code_ids is not None:
        query = query.where(Coding.code_id.in_(sorted(code_ids)))
    if coder is not None:
        query = query.where(Coding.coder == coder)
    if where:
        query = query.where(*where_conditions(session, project_id, where))
    session.flush()
    return [tuple(row) for row in session.connection().execute(query)]


# ---------------------------------------------------------------- typologies


def typology_definitions(session: Session, project_id: int) -> list[AttributeDefinition]:
    """The project's typology dimensions, in display order."""
    query = (
        select(AttributeDefinition)
        .where(AttributeDefinition.project_id == project_id, AttributeDefinition.typology)
        .order_by(AttributeDefinition.position, AttributeDefinition.id)
    )
    return list(session.scalars(query))


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
