"""Queries that attribute text to speakers: turns, mappings, document participants."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qualframe.storage.models import (
    Coding,
    DocumentParticipant,
    SpeakerMapping,
    SpeakerTurn,
)


def turns_of(session: Session, document_id: int) -> Sequence[SpeakerTurn]:
    """The document's speaker turns in text order."""
    return session.scalars(
        select(SpeakerTurn)
        .where(SpeakerTurn.document_id == document_id)
        .order_by(SpeakerTurn.start)
    ).all()


def mappings_for(session: Session, project_id: int, document_id: int) -> dict[str, SpeakerMapping]:
    """Speaker mappings in force in a document: its own over the project-wide ones."""
    rows = session.scalars(
        select(SpeakerMapping).where(
            SpeakerMapping.project_id == project_id,
            (SpeakerMapping.document_id == document_id) | SpeakerMapping.document_id.is_(None),
        )
    ).all()
    result: dict[str, SpeakerMapping] = {}
    for mapping in sorted(rows, key=lambda m: m.document_id is not None):
        result[mapping.label] = mapping
    return result


def document_participant_ids(session: Session, document_id: int) -> list[int]:
    """Ids of the participants a document is linked to."""
    return list(
        session.scalars(
            select(DocumentParticipant.participant_id).where(
                DocumentParticipant.document_id == document_id
            )
        )
    )


def codings_of(session: Session, document_id: int) -> Sequence[Coding]:
    """Every coding of a document, in text order."""
    return session.scalars(
        select(Coding).where(Coding.document_id == document_id).order_by(Coding.start)
    ).all()


def set_turn_participants(session: Session, assignments: dict[int, int | None]) -> None:
    """Set ``participant_id`` of each turn id in ``assignments``."""
    for turn_id, participant_id in assignments.items():
        session.execute(
            update(SpeakerTurn)
            .where(SpeakerTurn.id == turn_id)
            .values(participant_id=participant_id)
        )
