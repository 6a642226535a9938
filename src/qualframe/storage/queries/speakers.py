"""Queries over ``speaker_turns`` and ``speaker_mappings``: who speaks where, and
whom each speaker label stands for.

The attribution rule itself lives in
:mod:`qualframe.services.documents.attribution`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, distinct, func, select, update
from sqlalchemy.orm import Session

from qualframe.storage.bulk import insert_rows, plain_rows
from qualframe.storage.models import Document, SpeakerMapping, SpeakerTurn

# ---------------------------------------------------------------- turns


def insert_turns(
    session: Session, rows: Sequence[tuple[int, int, str, int, int, int | None, float | None]]
) -> None:
    """Insert speaker turns ``(id, document_id, label, start, end, participant_id, seconds)``."""
    columns = ("id", "document_id", "label", "start", "end", "participant_id", "seconds")
    insert_rows(session, SpeakerTurn, columns, rows)


def turns_of(session: Session, document_id: int) -> Sequence[SpeakerTurn]:
    """The document's speaker turns in text order."""
    return session.scalars(
        select(SpeakerTurn)
        .where(SpeakerTurn.document_id == document_id)
        .order_by(SpeakerTurn.start)
    ).all()


class TurnRow(NamedTuple):
    """A speaker turn: label, span (code points), resolved participant id."""

    label: str
    start: int
    end: int
    participant_id: int | None


def turn_rows(session: Session, document_id: int) -> list[TurnRow]:
    """The document's speaker turns in text order."""
    query = (
        select(SpeakerTurn.label, SpeakerTurn.start, SpeakerTurn.end, SpeakerTurn.participant_id)
        .where(SpeakerTurn.document_id == document_id)
        .order_by(SpeakerTurn.start)
    )
    return [TurnRow(*row) for row in plain_rows(session, query)]


def turn_before(session: Session, document_id: int, position: int) -> list[SpeakerTurn]:
    """The document's last speaker turn starting at or before ``position``, as
    a list of at most one turn (seeks the ``(document_id, start)`` index)."""
    query = (
        select(SpeakerTurn)
        .where(SpeakerTurn.document_id == document_id, SpeakerTurn.start <= position)
        .order_by(SpeakerTurn.start.desc())
        .limit(1)
    )
    return list(session.scalars(query))


class TurnSpan(NamedTuple):
    """Where a speaker turn is: its document and span (code points, end exclusive)."""

    document_id: int
    start: int
    end: int


def project_turns(session: Session, project_id: int) -> list[TurnSpan]:
    """Every speaker turn of the project, by document, in text order."""
    query = (
        select(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.end)
        .join(Document, Document.id == SpeakerTurn.document_id)
        .where(Document.project_id == project_id)
        .order_by(SpeakerTurn.document_id, SpeakerTurn.start)
    )
    return [TurnSpan._make(row) for row in session.execute(query)]


def set_turn_participants(session: Session, assignments: dict[int, int | None]) -> None:
    """Set ``participant_id`` of each turn id in ``assignments``."""
    for turn_id, participant_id in assignments.items():
        session.execute(
            update(SpeakerTurn)
            .where(SpeakerTurn.id == turn_id)
            .values(participant_id=participant_id)
        )


class LabelUse(NamedTuple):
    """Where a speaker label occurs: its turns and documents."""

    label: str
    turns: int
    documents: int


def label_uses(session: Session, project_id: int) -> list[LabelUse]:
    """Every speaker label of the project's documents with its counts of turns and documents."""
    query = (
        select(
            SpeakerTurn.label,
            func.count(),
            func.count(distinct(SpeakerTurn.document_id)),
        )
        .join(Document, Document.id == SpeakerTurn.document_id)
        .where(Document.project_id == project_id)
        .group_by(SpeakerTurn.label)
    )
    return [LabelUse(*row) for row in session.execute(query)]


def label_exists(session: Session, project_id: int, label: str) -> bool:
    """Whether some document of the project has a turn labelled exactly ``label``."""
    query = (
        select(SpeakerTurn.id)
        .join(Document, Document.id == SpeakerTurn.document_id)
        .where(Document.project_id == project_id, SpeakerTurn.label == label)
        .limit(1)
    )
    return session.scalar(query) is not None


def label_documents(
    session: Session, project_id: int, label: str | None = None
) -> list[tuple[str, int]]:
    """Distinct ``(label, document_id)`` pairs of the project's turns (of one label when given)."""
    query = (
        select(SpeakerTurn.label, SpeakerTurn.document_id)
        .distinct()
        .join(Document, Document.id == SpeakerTurn.document_id)
        .where(Document.project_id == project_id)
    )
    if label is not None:
        query = query.where(SpeakerTurn.label == label)
    return [(row[0], row[1]) for row in session.execute(query)]


# ---------------------------------------------------------------- mappings


def _applicable(project_id: int, document_id: int) -> ColumnElement[bool]:
    """Mappings that can apply in a document: its own and the project-wide ones."""
    return and_(
        SpeakerMapping.project_id == project_id,
        (SpeakerMapping.document_id == document_id) | SpeakerMapping.document_id.is_(None),
    )


def mappings_for(session: Session, project_id: int, document_id: int) -> dict[str, SpeakerMapping]:
    """Speaker mappings in force in a document: its own over the project-wide ones."""
    rows = session.scalars(select(SpeakerMapping).where(_applicable(project_id, document_id))).all()
    result: dict[str, SpeakerMapping] = {}
    for mapping in sorted(rows, key=lambda m: m.document_id is not None):
        result[mapping.label] = mapping
    return result


class MappingRow(NamedTuple):
    """A speaker mapping in force: label, role value, participant id, whether
    it is the document's own (else project-wide)."""

    label: str
    role: str
    participant_id: int | None
    own: bool


def mapping_rows(session: Session, project_id: int, document_id: int) -> list[MappingRow]:
    """The speaker mappings that can apply in the document: its own and the
    project-wide ones (the caller prefers its own)."""
    query = select(
        SpeakerMapping.label,
        SpeakerMapping.role,
        SpeakerMapping.participant_id,
        SpeakerMapping.document_id,
    ).where(_applicable(project_id, document_id))
    return [
        MappingRow(label, str(getattr(role, "value", role)), participant_id, doc is not None)
        for label, role, participant_id, doc in plain_rows(session, query)
    ]


def project_mappings(session: Session, project_id: int) -> list[SpeakerMapping]:
    """Every speaker mapping of the project (project-wide ones first)."""
    query = (
        select(SpeakerMapping)
        .where(SpeakerMapping.project_id == project_id)
        .order_by(SpeakerMapping.document_id.is_not(None), SpeakerMapping.label)
    )
    return list(session.scalars(query))


def mapping_of(
    session: Session, project_id: int, label: str, document_id: int | None
) -> SpeakerMapping | None:
    """The mapping of ``label`` project-wide (``document_id`` None) or in one document."""
    document_condition = (
        SpeakerMapping.document_id.is_(None)
        if document_id is None
        else SpeakerMapping.document_id == document_id
    )
    return session.scalar(
        select(SpeakerMapping).where(
            SpeakerMapping.project_id == project_id,
            SpeakerMapping.label == label,
            document_condition,
        )
    )
